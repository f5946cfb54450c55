/**
 * Notes, decisions and action items per agenda item (/dashboard/e/<code>/notes). Laptop, 1366x768 and up.
 * This module draws the page and its item picker; notes/ holds its parts: context.js (connection, the item
 * shown, reading the records), editor.js (the notes, autosaved), records.js (decisions and action items).
 *
 * Notes autosave while typing (800 ms after the last keystroke, on blur, Ctrl+S, before switching items)
 * with the socket command notes:save {item_id, text, base_version} (HTTP PUT .../agenda/<id>/notes when
 * the socket is down). A save based on an old version is refused ("notes_conflict"): the page then shows
 * their text next to ours and saves nothing until the user combines both, takes theirs or keeps theirs out.
 * Other note-takers' changes arrive as "records:changed" {seq, item_id, records} and replace the text when
 * nothing is being typed here. Decisions and action items use the JSON API.
 *
 * data-testid:
 *   notes-page (data-can-write), back-to-dashboard, link-team, event-title, connection-status, notes-error,
 *   notes-read-only, item-list, no-items, item-option (data-item-id, aria-current, data-now), follow-current,
 *   item-title, item-now, notes-text, notes-status (data-state: saved | saving | conflict | error | readonly;
 *   text "Saved" / "Saving…" / "Conflict" / "Not saved: …"), notes-updated, notes-counter,
 *   notes-conflict, notes-conflict-theirs, notes-combine, notes-take-theirs, notes-keep-mine,
 *   decision-count, decision-list, no-decisions,
 *   decision (data-decision-id), decision-body, decision-vote-result, decision-edit, decision-delete,
 *   decision-edit-text, decision-edit-vote, decision-edit-save, decision-edit-cancel, decision-item-error,
 *   decision-form, decision-text, decision-vote, decision-add, decision-error,
 *   action-count, action-list, no-actions,
 *   action (data-action-id), action-body, action-who, action-when, action-overdue, action-edit, action-delete,
 *   action-edit-what, action-edit-owner, action-edit-due, action-edit-save, action-edit-cancel, action-item-error,
 *   action-form, action-what, action-owner, action-due, action-add, action-error
 * Debug hook: window.townhall (live.js) and window.townhallNotes = {editor, selected()}.
 */
import { t, tn } from "./i18n.js";
import { h, reconcile } from "./live.js";
import {
  $, canWrite, connect, currentItemId, items, recordsOf, root, showEvent, state, ui,
} from "./notes/context.js";
import {
  choose, editor, isDirty, loadEditor, renderNotesStatus, syncEditor, textarea,
} from "./notes/editor.js";
import { renderRecords } from "./notes/records.js";

connect(render);
window.townhallNotes = { editor, selected: () => ui.selectedId };

function render() {
  if (!showEvent(state, (title) => t("Notes · %(title)s · Townhall", { title }))) return;
  const writable = canWrite();
  root.dataset.canWrite = String(writable);
  $("read-only").hidden = writable;

  const list = items();
  const ids = list.map((i) => i.id);
  const current = currentItemId();
  const idle = !isDirty() && !editor.inFlight && !editor.conflict;
  if (ui.follow && current != null && ids.includes(current) && current !== ui.selectedId && idle) ui.selectedId = current;
  if (ui.selectedId == null || !ids.includes(ui.selectedId)) {
    if (editor.itemId != null && !ids.includes(editor.itemId)) editor.itemId = null; // item deleted
    ui.selectedId = current != null && ids.includes(current) ? current : ids[0] ?? null;
  }
  if (ui.selectedId !== editor.itemId) loadEditor(ui.selectedId);

  $("no-items").hidden = list.length > 0;
  $("main").hidden = ui.selectedId == null;
  reconcile($("items"), list, (i) => i.id, createOption, (el, i) => updateOption(el, i, current));
  $("follow").hidden = current == null || current === ui.selectedId || !ids.includes(current);
  if (ui.selectedId == null) return;

  const item = list.find((i) => i.id === ui.selectedId);
  $("item-title").textContent = item.title;
  $("item-number").textContent = item.position + 1;
  $("item-now").hidden = ui.selectedId !== current;

  textarea.readOnly = !writable;
  syncEditor();
  renderNotesStatus();
  renderRecords(recordsOf(ui.selectedId), writable);
}

function createOption(item) {
  return h("li", {},
    h("button", {
      type: "button", class: "picker-item", "data-testid": "item-option",
      onclick: () => choose(item.id, { manual: true }),
    },
    h("span", { class: "picker-number" }),
    h("span", { class: "picker-name" }),
    h("span", { class: "picker-meta" })));
}

function updateOption(el, item, current) {
  const button = el.firstElementChild;
  button.dataset.itemId = item.id;
  button.dataset.now = String(item.id === current);
  button.setAttribute("aria-current", String(item.id === ui.selectedId));
  button.classList.toggle("is-done", item.status === "done");
  button.querySelector(".picker-number").textContent = `${item.position + 1}.`;
  button.querySelector(".picker-name").textContent = item.title;
  const records = recordsOf(item.id);
  const meta = [];
  if (item.id === current) meta.push(h("span", { class: "badge badge-answering", text: t("Now") }));
  else if (item.status === "done") meta.push(h("span", { class: "badge", text: t("Done") }));
  if (records.decisions.length) meta.push(h("span", { text: tn("%(n)s decision", "%(n)s decisions", records.decisions.length) }));
  if (records.actions.length) meta.push(h("span", { text: tn("%(n)s action", "%(n)s actions", records.actions.length) }));
  if (!meta.length && records.notes.text) meta.push(h("span", { text: t("Notes") }));
  button.querySelector(".picker-meta").replaceChildren(...meta);
}
