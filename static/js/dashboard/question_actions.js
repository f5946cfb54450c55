/**
 * What a moderator does to one question on the dashboard, each a request to the API whose answer is applied to
 * the live state: moderation buttons (with or without a reason), merging a duplicate, moving it to another
 * agenda item, editing its text, and saving its answer or next step. `editing` and `merging` hold what is
 * half-done on a card between renders.
 */
import { t, tn } from "../i18n.js";
import { api, clearError, showError } from "../live.js";
import { $, announce, base, itemById, live, root, state } from "./context.js";
import { REASONS, shorten } from "./question_rules.js";

export const editing = new Map(); // question id -> draft text
export const merging = new Map(); // question id -> the id of the question it is about to be merged into (confirming)

export async function act(id, action, button, body) {
  const card = button.closest(".mod-card");
  const errorEl = card ? card.querySelector(".question-error") : $("page-error");
  clearError(errorEl);
  button.dataset.busy = "1";
  button.disabled = true;
  try {
    const { question } = await api(`${base}/questions/${id}/${action}`, { method: "POST", body });
    live.upsert(question);
    if (body && body.reason) {
      announce(`${action === "hide" ? t("Hidden") : t("Rejected")}: ${REASONS[body.reason].toLowerCase()}.`);
    }
    if (action === "answering") {
      // The question moves to the highlight at the top: follow it there.
      queueMicrotask(() => $("answering").scrollIntoView({ block: "nearest", behavior: "smooth" }));
    }
  } catch (error) {
    showError(errorEl, error);
  } finally {
    delete button.dataset.busy;
    button.disabled = false;
    live.changed();
  }
}

export function moderateWithReason(id, select) {
  const reason = select.value;
  const action = select.dataset.action;
  if (!reason || !action) return;
  act(id, action, select, { reason });
}

export function askMerge(id, select) {
  const into = Number(select.value);
  select.value = "";
  if (!into) return;
  merging.set(id, into);
  live.changed();
  queueMicrotask(() => {
    const yes = root.querySelector(`.mod-card[data-question-id="${id}"] [data-testid="merge-yes"]`);
    if (yes) yes.focus();
  });
}

export async function mergeQuestion(id, button) {
  const into = merging.get(id);
  const card = button.closest(".mod-card");
  const errorEl = card.querySelector(".question-error");
  clearError(errorEl);
  button.disabled = true;
  try {
    const answer = await api(`${base}/questions/${id}/merge`, { method: "POST", body: { into_id: into } });
    merging.delete(id);
    live.upsert(answer.question);
    live.upsert(answer.into);
    announce(tn("Merged into “%(text)s”: it has %(n)s vote now.", "Merged into “%(text)s”: it has %(n)s votes now.",
      answer.into.votes, { text: shorten(answer.into.text, 60) }));
  } catch (error) {
    showError(errorEl, error);
  } finally {
    button.disabled = false;
    live.changed();
  }
}

export async function saveRecord(id, field, box) {
  const input = box.querySelector("input, textarea");
  const status = box.querySelector(".mod-box-status");
  const errorEl = box.closest(".mod-card").querySelector(".question-error");
  if (box.dataset.busy === "1") {
    box.dataset.again = "1"; // typed on while saving: save once more afterwards
    return;
  }
  const value = input.value;
  if (value === (box.dataset.saved || "")) {
    status.textContent = value ? t("Saved") : "";
    return;
  }
  clearError(errorEl);
  box.dataset.busy = "1";
  status.textContent = t("Saving…");
  try {
    const { question } = await api(`${base}/questions/${id}`, { method: "PATCH", body: { [field]: value } });
    if (input.value === value) input.value = question[field] || ""; // as stored (trimmed, cleaned)
    box.dataset.saved = question[field] || "";
    // Only this field: an action sent meanwhile (e.g. "Mark answered" clicked as the field lost focus) may
    // have changed the rest, and its answer or the socket's message is newer than this one.
    live.upsert({ id: question.id, [field]: question[field] });
    status.textContent = question[field] ? t("Saved") : t("Cleared");
  } catch (error) {
    status.textContent = "";
    showError(errorEl, error);
  } finally {
    delete box.dataset.busy;
    if (box.dataset.again) {
      delete box.dataset.again;
      if (input.value !== (box.dataset.saved || "")) saveRecord(id, field, box);
    }
  }
}

export async function moveQuestion(id, select) {
  const value = select.value;
  if (!value) return;
  const card = select.closest(".mod-card");
  const errorEl = card.querySelector(".question-error");
  clearError(errorEl);
  select.disabled = true;
  try {
    const itemId = value === "general" ? null : Number(value);
    const { question } = await api(`${base}/questions/${id}`, { method: "PATCH", body: { agenda_item_id: itemId } });
    live.upsert(question);
    const item = itemById(itemId);
    announce(item ? t("Moved to “%(title)s”.", { title: item.title }) : t("Moved to the general questions."));
  } catch (error) {
    showError(errorEl, error);
  } finally {
    select.disabled = false;
    select.value = "";
  }
}

export function startEdit(id) {
  const q = state.questions[id];
  if (!q) return;
  editing.set(id, q.text);
  live.changed();
  queueMicrotask(() => {
    const textarea = root.querySelector(`.mod-card[data-question-id="${id}"] .mod-edit textarea`);
    if (textarea) textarea.focus();
  });
}

export function cancelEdit(id) {
  editing.delete(id);
  live.changed();
  queueMicrotask(() => {
    const button = root.querySelector(`.mod-card[data-question-id="${id}"] [data-action="edit"]`);
    if (button) button.focus();
  });
}

export async function saveEdit(id, card) {
  const errorEl = card.querySelector(".question-error");
  const save = card.querySelector('[data-testid="edit-save"]');
  clearError(errorEl);
  save.disabled = true;
  try {
    const { question } = await api(`${base}/questions/${id}`, { method: "PATCH", body: { text: editing.get(id) ?? "" } });
    editing.delete(id);
    live.upsert(question);
  } catch (error) {
    showError(errorEl, error);
  } finally {
    save.disabled = false;
  }
}
