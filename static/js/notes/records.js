/**
 * Decisions and action items of the agenda item shown on the notes page, through the JSON API: the lists, an
 * inline edit form per record (its draft survives live re-renders), deleting, and the two add forms.
 */
import { t } from "../i18n.js";
import { api, clearError, clearFormErrors, h, reconcile, showError, showFormError } from "../live.js";
import { $, base, ensureRecords, live, recordsOf, ui } from "./context.js";

const drafts = { decision: new Map(), action: new Map() }; // id -> fields being edited

export function renderRecords(records, writable) {
  $("decision-count").textContent = records.decisions.length ? `(${records.decisions.length})` : "";
  $("action-count").textContent = records.actions.length ? `(${records.actions.length})` : "";
  $("no-decisions").hidden = records.decisions.length > 0;
  $("no-actions").hidden = records.actions.length > 0;
  reconcile($("decisions"), records.decisions, (d) => d.id, createDecision, (el, d) => updateDecision(el, d, writable));
  reconcile($("actions"), records.actions, (a) => a.id, createAction, (el, a) => updateAction(el, a, writable));
  $("decision-form").hidden = !writable;
  $("action-form").hidden = !writable;
}

function rowButtons(kind, id) {
  return h("span", { class: "record-actions" },
    h("button", {
      type: "button", class: "btn btn-small btn-ghost", "data-testid": `${kind}-edit`,
      onclick: () => startEdit(kind, id),
    }, t("Edit")),
    h("button", {
      type: "button", class: "btn btn-small btn-danger", "data-testid": `${kind}-delete`,
      onclick: (e) => remove(kind, id, e.currentTarget),
    }, t("Delete")));
}

function createDecision(d) {
  return h("li", { class: "record", "data-testid": "decision" },
    h("p", { class: "record-text", "data-testid": "decision-body" }),
    h("div", { class: "record-meta" },
      h("span", { class: "badge badge-vote", "data-testid": "decision-vote-result" }),
      rowButtons("decision", d.id)),
    h("p", { class: "field-error", "data-testid": "decision-item-error", role: "alert", hidden: true }));
}

/** A record's id and text, the text hidden while its edit form is open; returns that form's draft, if any. */
function showRecord(el, kind, id, text) {
  el.dataset[`${kind}Id`] = id;
  const draft = drafts[kind].get(id);
  const body = el.querySelector(".record-text");
  body.textContent = text;
  body.hidden = Boolean(draft);
  return draft;
}

function updateDecision(el, d, writable) {
  const draft = showRecord(el, "decision", d.id, d.text);
  const vote = el.querySelector(".badge-vote");
  vote.textContent = d.vote_result;
  vote.hidden = !d.vote_result || Boolean(draft);
  el.querySelector(".record-actions").hidden = !writable || Boolean(draft);
  toggleEditForm(el, "decision", d.id, draft, () => [
    field(t("Decision"), h("textarea", { class: "input textarea", name: "text", rows: 2, "data-testid": "decision-edit-text" })),
    field(t("Vote result"), h("input", { class: "input", name: "vote_result", "data-testid": "decision-edit-vote",
      placeholder: t("For 14 · Against 3 · Abstain 2") })),
  ]);
}

function createAction(a) {
  return h("li", { class: "record", "data-testid": "action" },
    h("p", { class: "record-text", "data-testid": "action-body" }),
    h("div", { class: "record-meta" },
      h("span", { class: "action-owner", "data-testid": "action-who" }),
      h("span", { class: "sep", "aria-hidden": "true", text: "·" }),
      h("span", { class: "action-due", "data-testid": "action-when" }),
      h("span", { class: "badge badge-overdue", "data-testid": "action-overdue", text: t("Overdue") }),
      rowButtons("action", a.id)),
    h("p", { class: "field-error", "data-testid": "action-item-error", role: "alert", hidden: true }));
}

function formatDate(iso) {
  if (!iso) return "";
  try {
    return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
  } catch {
    return iso;
  }
}

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function updateAction(el, a, writable) {
  const draft = showRecord(el, "action", a.id, a.what);
  const owner = el.querySelector(".action-owner");
  owner.textContent = a.owner ? t("Who: %(owner)s", { owner: a.owner }) : t("Who: not set");
  const due = el.querySelector(".action-due");
  due.textContent = a.due_date ? t("Due %(date)s", { date: formatDate(a.due_date) }) : t("No due date");
  if (a.due_date) due.setAttribute("title", a.due_date);
  el.querySelector(".badge-overdue").hidden = !a.due_date || a.due_date >= today() || Boolean(draft);
  el.querySelector(".record-meta").hidden = Boolean(draft);
  el.querySelector(".record-actions").hidden = !writable;
  toggleEditForm(el, "action", a.id, draft, () => [
    field(t("What"), h("input", { class: "input", name: "what", "data-testid": "action-edit-what" })),
    h("div", { class: "field-row" },
      field(t("Who"), h("input", { class: "input", name: "owner", "data-testid": "action-edit-owner" })),
      field(t("Due"), h("input", { class: "input", type: "date", name: "due_date", "data-testid": "action-edit-due" }))),
  ]);
}

function field(label, input) {
  const id = `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  return h("div", { class: "field" },
    h("label", { class: "label", for: id, text: label }),
    input,
    h("p", { class: "field-error", "data-error-for": input.name, role: "alert", hidden: true }));
}

/** The inline edit form exists only while a record is being edited; drafts survive live re-renders. */
function toggleEditForm(el, kind, id, draft, fields) {
  let form = el.querySelector("form");
  if (!draft) {
    if (form) form.remove();
    return;
  }
  if (form) return;
  form = h("form", { class: "record-edit", novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    saveEdit(kind, id, form);
  } },
  ...fields(),
  h("div", { class: "edit-buttons" },
    h("button", { type: "button", class: "btn btn-small btn-secondary", "data-testid": `${kind}-edit-cancel`,
      onclick: () => cancelEdit(kind, id) }, t("Cancel")),
    h("button", { type: "submit", class: "btn btn-small", "data-testid": `${kind}-edit-save` }, t("Save"))));
  for (const [name, value] of Object.entries(draft)) {
    const input = form.elements.namedItem(name);
    if (input) input.value = value ?? "";
  }
  form.addEventListener("input", (e) => {
    if (e.target.name) draft[e.target.name] = e.target.value;
  });
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape") cancelEdit(kind, id);
  });
  el.querySelector(".record-meta").before(form);
  queueMicrotask(() => form.elements[0].focus());
}

function recordOf(kind, id) {
  const list = recordsOf(ui.selectedId)[kind === "decision" ? "decisions" : "actions"];
  return list.find((r) => r.id === id);
}

function startEdit(kind, id) {
  const record = recordOf(kind, id);
  if (!record) return;
  drafts[kind].set(id, kind === "decision"
    ? { text: record.text, vote_result: record.vote_result }
    : { what: record.what, owner: record.owner, due_date: record.due_date || "" });
  live.changed();
}

function cancelEdit(kind, id) {
  drafts[kind].delete(id);
  live.changed();
}

function upsert(kind, record) {
  const records = ensureRecords(record.item_id);
  const key = kind === "decision" ? "decisions" : "actions";
  const list = records[key].filter((r) => r.id !== record.id);
  list.push(record);
  list.sort((a, b) => a.id - b.id);
  records[key] = list;
  live.changed();
}

async function saveEdit(kind, id, form) {
  const card = form.closest(".record");
  const errorEl = card.querySelector(`[data-testid="${kind}-item-error"]`);
  const button = form.querySelector('[type="submit"]');
  const body = { ...drafts[kind].get(id) };
  if (kind === "action") body.due_date = body.due_date || null;
  clearFormErrors(form, errorEl);
  button.disabled = true;
  try {
    const path = kind === "decision" ? "decisions" : "actions";
    const answer = await api(`${base}/${path}/${id}`, { method: "PATCH", body });
    drafts[kind].delete(id);
    upsert(kind, answer[kind]);
  } catch (error) {
    showFormError(form, error, errorEl);
  } finally {
    button.disabled = false;
  }
}

async function remove(kind, id, button) {
  const record = recordOf(kind, id);
  if (!record) return;
  const question = kind === "decision" ? t("Delete this decision?") : t("Delete this action item?");
  if (!window.confirm(`${question}\n\n${kind === "decision" ? record.text : record.what}`)) return;
  const card = button.closest(".record");
  const errorEl = card.querySelector(`[data-testid="${kind}-item-error"]`);
  clearError(errorEl);
  button.disabled = true;
  try {
    await api(`${base}/${kind === "decision" ? "decisions" : "actions"}/${id}`, { method: "DELETE" });
    const records = ensureRecords(record.item_id);
    const key = kind === "decision" ? "decisions" : "actions";
    records[key] = records[key].filter((r) => r.id !== id);
    live.changed();
  } catch (error) {
    showError(errorEl, error);
    button.disabled = false;
  }
}

function wireAddForm(kind, collect, validate) {
  const form = $(`${kind}-form`);
  const errorEl = form.querySelector('[data-role="form-error"]');
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFormErrors(form, errorEl);
    const body = collect(form);
    const problem = validate(body);
    if (problem) {
      showFormError(form, problem, errorEl);
      return;
    }
    const itemId = ui.selectedId;
    const button = form.querySelector('[type="submit"]');
    button.disabled = true;
    try {
      const path = kind === "decision" ? "decisions" : "actions";
      const answer = await api(`${base}/agenda/${itemId}/${path}`, { method: "POST", body });
      upsert(kind, answer[kind]);
      form.reset();
      form.elements[0].focus();
    } catch (error) {
      showFormError(form, error, errorEl);
    } finally {
      button.disabled = false;
    }
  });
}

wireAddForm("decision",
  (form) => ({ text: form.elements.text.value, vote_result: form.elements.vote_result.value }),
  (body) => (body.text.trim() ? null : { field: "text", message: t("Write down what was decided.") }));
wireAddForm("action",
  (form) => ({ what: form.elements.what.value, owner: form.elements.owner.value,
    due_date: form.elements.due_date.value || null }),
  (body) => (body.what.trim() ? null : { field: "what", message: t("Say what needs doing.") }));
// Ctrl+Enter in the decision's textarea adds it.
$("decision-form").elements.text.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) $("decision-form").requestSubmit();
});
