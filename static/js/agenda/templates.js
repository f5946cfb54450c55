/**
 * Agenda templates and copies on the agenda page: save this agenda as a template, add a template's items or
 * another event's agenda to this one, delete a template.
 */
import { t, tn } from "../i18n.js";
import { api, clearError, h, showError } from "../live.js";
import { $, applyAnswer, base, code, duration, ui } from "./context.js";

let templates = [];
let otherEvents = [];

export function renderTemplates() {
  const select = $("template-select");
  if (!select) return;
  const chosen = select.value;
  select.replaceChildren(...(templates.length
    ? templates.map((tpl) => h("option", { value: tpl.id },
      tn("%(name)s — %(n)s item, %(duration)s", "%(name)s — %(n)s items, %(duration)s", tpl.items.length,
        { name: tpl.name, duration: duration(tpl.planned_minutes) })))
    : [h("option", { value: "" }, t("No templates yet"))]));
  if (templates.some((t) => String(t.id) === chosen)) select.value = chosen;
  select.disabled = !templates.length;
  $("template-apply").disabled = !templates.length;
  $("template-delete").hidden = !templates.length || !$("template-delete-confirm").hidden;
  if (!templates.length) $("template-delete-confirm").hidden = true;

  const copy = $("copy-select");
  const picked = copy.value;
  copy.replaceChildren(...(otherEvents.length
    ? otherEvents.map((e) => h("option", { value: e.code }, `${e.title} (${e.code})`))
    : [h("option", { value: "" }, t("No other events"))]));
  if (otherEvents.some((e) => e.code === picked)) copy.value = picked;
  copy.disabled = !otherEvents.length;
  $("copy-apply").disabled = !otherEvents.length;
}

export async function loadTemplates() {
  try {
    templates = (await api("/api/agenda-templates")).templates;
    if (ui.canEdit) {
      otherEvents = (await api("/api/events")).events.filter((e) => e.code !== code);
    }
  } catch (error) {
    showError($("apply-error"), error);
  }
  renderTemplates();
}

$("template-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  const errorEl = $("template-error");
  clearError(errorEl);
  $("template-saved").textContent = "";
  const submit = form.querySelector('[type="submit"]');
  submit.disabled = true;
  try {
    const { template } = await api(`${base}/agenda/template`, { method: "POST", body: { name: form.elements.name.value } });
    form.reset();
    $("template-saved").textContent = t("Saved as “%(name)s”.", { name: template.name });
    await loadTemplates();
    if ($("template-select")) $("template-select").value = String(template.id);
  } catch (error) {
    showError(errorEl, error);
  } finally {
    submit.disabled = false;
  }
});

async function applyFrom(body, label) {
  const errorEl = $("apply-error");
  clearError(errorEl);
  $("apply-done").textContent = "";
  try {
    const answer = await api(`${base}/agenda/apply`, { method: "POST", body });
    applyAnswer(answer);
    const count = answer.item_ids.length;
    $("apply-done").textContent = tn("Added %(n)s item from “%(source)s”.", "Added %(n)s items from “%(source)s”.", count, { source: label });
  } catch (error) {
    showError(errorEl, error);
  }
}

if ($("template-apply")) {
  $("template-apply").addEventListener("click", () => {
    const template = templates.find((t) => String(t.id) === $("template-select").value);
    if (template) applyFrom({ template_id: template.id }, template.name);
  });
  $("copy-apply").addEventListener("click", () => {
    const source = otherEvents.find((e) => e.code === $("copy-select").value);
    if (source) applyFrom({ from_event: source.code }, source.title);
  });
  $("template-delete").addEventListener("click", () => {
    $("template-delete-confirm").hidden = false;
    renderTemplates();
    $("template-delete-yes").focus();
  });
  $("template-delete-no").addEventListener("click", () => {
    $("template-delete-confirm").hidden = true;
    renderTemplates();
    $("template-delete").focus();
  });
  $("template-delete-yes").addEventListener("click", async () => {
    const template = templates.find((t) => String(t.id) === $("template-select").value);
    $("template-delete-confirm").hidden = true;
    if (!template) return;
    try {
      await api(`/api/agenda-templates/${template.id}`, { method: "DELETE" });
      $("apply-done").textContent = t("Deleted the template “%(name)s”.", { name: template.name });
    } catch (error) {
      showError($("apply-error"), error);
    }
    await loadTemplates();
  });
}
