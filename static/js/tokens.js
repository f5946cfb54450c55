/**
 * Personal API tokens (/dashboard/tokens): GET/POST /api/tokens, DELETE /api/tokens/<id>.
 * A new token's secret is shown once, with a copy button.
 *
 * data-testid:
 *   org-nav, user-name, nav-tokens, logout,
 *   token-form, token-name, token-create, token-error,
 *   token-secret-box, token-secret (readonly input holding the secret), token-copy,
 *   token-list-error, token-list, token-row (data-token-id, data-revoked), token-revoke
 */
import { t } from "./i18n.js";
import { api, clearError, copyText, formatWhen, h, showError } from "./live.js";

const form = document.getElementById("token-form");
const $ = (role) => document.querySelector(`[data-role="${role}"]`);
let tokens = [];

async function load() {
  clearError($("list-error"));
  try {
    ({ tokens } = await api("/api/tokens"));
    render();
  } catch (error) {
    showError($("list-error"), error);
  }
}

function render() {
  $("empty").hidden = tokens.length > 0;
  $("table").hidden = tokens.length === 0;
  $("rows").replaceChildren(...[...tokens].reverse().map(row));
}

function row(token) {
  const revoke = token.revoked ? null : h("button", {
    type: "button", class: "btn btn-small btn-danger", "data-testid": "token-revoke",
    "aria-label": t("Revoke token %(name)s", { name: token.name }),
    onclick: () => revokeToken(token, revoke),
  }, t("Revoke"));
  return h("tr", { "data-testid": "token-row", dataset: { tokenId: token.id, revoked: String(token.revoked) }, class: token.revoked ? "is-revoked" : "" },
    h("td", { text: token.name }),
    h("td", {}, h("code", { text: `${token.prefix}…` })),
    h("td", {}, h("time", { datetime: token.created_at, text: formatWhen(token.created_at) })),
    h("td", {}, h("span", { class: token.revoked ? "badge" : "badge badge-ok", text: token.revoked ? t("Revoked") : t("Active") })),
    h("td", { class: "cell-actions" }, revoke));
}

async function revokeToken(token, button) {
  if (!window.confirm(t("Revoke the token \"%(name)s\"? Scripts using it stop working.", { name: token.name }))) return;
  button.disabled = true;
  try {
    await api(`/api/tokens/${token.id}`, { method: "DELETE" });
    await load();
  } catch (error) {
    showError($("list-error"), error);
    button.disabled = false;
  }
}

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  const errorEl = $("form-error");
  const input = form.elements.name;
  clearError(errorEl);
  input.removeAttribute("aria-invalid");
  const name = input.value.trim();
  if (!name) {
    showError(errorEl, t("Give the token a name, so you know later what uses it."));
    input.setAttribute("aria-invalid", "true");
    input.focus();
    return;
  }
  const button = form.querySelector('[type="submit"]');
  button.disabled = true;
  try {
    const { token } = await api("/api/tokens", { method: "POST", body: { name } });
    input.value = "";
    $("secret").hidden = false;
    const value = $("secret-value");
    value.value = token.token;
    $("copy-status").textContent = "";
    value.focus();
    value.select();
    await load();
  } catch (error) {
    showError(errorEl, error);
  } finally {
    button.disabled = false;
  }
});

$("copy").addEventListener("click", async () => {
  const ok = await copyText($("secret-value"));
  $("copy-status").textContent = ok ? t("Copied to the clipboard.") : t("Select the token and copy it (Ctrl+C / ⌘C).");
});

load();
