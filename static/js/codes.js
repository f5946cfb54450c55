/**
 * One-time attendee codes (/dashboard/e/<code>/codes): GET, POST /api/events/<code>/codes,
 * POST /api/events/<code>/codes/<id>/revoke.
 *
 * data-testid:
 *   codes-page, codes-error, codes-mode-notice (the event is not in codes mode), codes-read-only (not the owner),
 *   codes-form, codes-count, codes-make, codes-sheet-link, codes-csv-link,
 *   codes-counts ("12 unused · 3 used · 1 revoked"), codes-list (rows: code-row with data-status), code-revoke,
 *   codes-empty, codes-announce
 */
import { t, tn } from "./i18n.js";
import { api, clearError, showError } from "./live.js";

const root = document.getElementById("codes-page");
const base = `/api/events/${encodeURIComponent(root.dataset.code)}/codes`;
const $ = (role) => root.querySelector(`[data-role="${role}"]`);
const errorEl = $("page-error");

function row(entry) {
  const tr = document.createElement("tr");
  tr.setAttribute("data-testid", "code-row");
  tr.dataset.status = entry.status;
  const cells = [`#${entry.number}`, entry.code || "—", { unused: t("Unused"), used: t("Used"), revoked: t("Revoked") }[entry.status]];
  for (const [i, text] of cells.entries()) {
    const td = document.createElement("td");
    td.textContent = text;
    if (i === 1) td.className = "code-text";
    if (i === 2) td.className = `status-${entry.status}`;
    tr.append(td);
  }
  const actions = document.createElement("td");
  if (entry.status === "unused") {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-ghost btn-small";
    button.textContent = t("Revoke");
    button.setAttribute("data-testid", "code-revoke");
    button.setAttribute("aria-label", t("Revoke code #%(number)s", { number: String(entry.number) }));
    button.addEventListener("click", () => revoke(entry, button));
    actions.append(button);
  }
  tr.append(actions);
  return tr;
}

async function load() {
  if (!$("codes")) return;
  try {
    const { codes, counts } = await api(base);
    $("codes").replaceChildren(...codes.map(row));
    $("empty").hidden = codes.length > 0;
    $("counts").textContent = t("%(unused)s unused · %(used)s used · %(revoked)s revoked", counts);
  } catch (error) {
    showError(errorEl, error);
  }
}

async function revoke(entry, button) {
  clearError(errorEl);
  button.disabled = true;
  try {
    await api(`${base}/${entry.id}/revoke`, { method: "POST" });
    $("announce").textContent = t("Code #%(number)s revoked.", { number: String(entry.number) });
  } catch (error) {
    showError(errorEl, error);
  }
  await load();
}

const form = document.getElementById("make-form");
if (form) {
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearError(errorEl);
    const count = Number(form.elements.count.value);
    const button = form.querySelector('[type="submit"]');
    button.disabled = true;
    try {
      const result = await api(base, { method: "POST", body: { count } });
      $("announce").textContent = tn("%(n)s code made.", "%(n)s codes made.", result.codes.length);
    } catch (error) {
      showError(errorEl, error);
    } finally {
      button.disabled = false;
    }
    await load();
  });
}
load();
