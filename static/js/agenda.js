/**
 * Agenda editor and run of show (/dashboard/e/<code>/agenda). Laptop, 1366x768 and up. This module draws
 * the page; agenda/ holds its parts: context.js (connection, shared state), run_of_show.js, item.js (one item),
 * editing.js (edit, delete, move, add), templates.js (templates and copies).
 *
 * Reads the moderator snapshot and "agenda:changed" {seq, agenda} over the socket (live.js);
 * writes through the JSON API (/api/events/<code>/agenda/...). Write answers carry {seq, agenda}:
 * applied at once when newer than what the socket brought. Timers count locally between messages:
 * elapsed = elapsed_base_seconds + (server now - running_since) while an item runs, server now =
 * this clock + state.clockOffset. Users without the "agenda" capability get a read-only page.
 *
 * data-testid:
 *   agenda-page (data-can-edit), back-to-dashboard, link-notes, event-title, connection-status,
 *   planned-total (data-seconds), agenda-error, agenda-read-only, agenda-announce (polite live region),
 *   run-bar (data-state: not_started | running | ended; data-paused, data-overrun), meeting-state,
 *   current-title, run-sub, current-timer (data-overrun), current-elapsed, current-planned,
 *   current-remaining (text "12:30 left" / "Over by 1:05"), run-start, run-back, run-pause, run-resume,
 *   run-next (label "Next: <title> →" / "Finish and end meeting"), run-end, run-end-confirm, run-end-cancel,
 *   run-reopen, run-error,
 *   item-count, agenda-empty, agenda-list,
 *   agenda-item (data-item-id, data-status, data-position, data-current, data-overrun; focusable,
 *     Alt+ArrowUp / Alt+ArrowDown move it), item-drag-handle, item-position, item-title, item-presenter,
 *   item-planned, item-status, item-timer, item-times, item-description, item-question-count,
 *   item-move-up, item-move-down, item-run, item-edit, item-delete, item-delete-confirm, item-delete-cancel,
 *   item-error,
 *   edit-form, edit-title, edit-presenter, edit-minutes, edit-description, edit-save, edit-cancel,
 *   add-form, add-title, add-presenter, add-minutes, add-description, add-error, add-submit,
 *   template-save-form, template-name, template-save, template-error, template-saved,
 *   template-select, template-apply, template-delete, template-delete-confirm, template-delete-cancel,
 *   copy-event-select, copy-apply, apply-error, apply-done
 * Debug hook: window.townhall (live.js); state.agenda is the agenda as the snapshot/messages give it.
 */
import { t } from "./i18n.js";
import { clearError, reconcile } from "./live.js";
import { tickRunBar } from "./runbar.js";
import { $, byId, confirmingDelete, connect, duration, editing, items, state, ui } from "./agenda/context.js";
import { createItem, renderItemTimer, updateItem } from "./agenda/item.js";
import { renderRunBar } from "./agenda/run_of_show.js";
import { loadTemplates, renderTemplates } from "./agenda/templates.js";

connect(render);

function render() {
  if (!state.loaded || !state.agenda) return;
  clearError($("page-error"));
  if (Array.isArray(state.capabilities)) ui.canEdit = ui.canEdit && state.capabilities.includes("agenda");
  if (state.event) $("event-title").textContent = state.event.title;

  const list = items();
  const planned = list.reduce((sum, i) => sum + i.planned_minutes, 0);
  const total = $("total");
  total.dataset.seconds = String(planned * 60);
  total.textContent = list.length ? t("Planned: %(duration)s", { duration: duration(planned) }) : "";
  $("count").textContent = list.length ? `(${list.length})` : "";
  $("empty").hidden = list.length > 0;

  for (const id of [...editing.keys(), ...confirmingDelete]) {
    if (!byId(id)) {
      editing.delete(id);
      confirmingDelete.delete(id);
    }
  }
  reconcile($("list"), list, (i) => i.id, createItem, updateItem);
  renderRunBar();
  renderTemplates();
  tick();
}

/** Timers: twice a second; only text changes. */
function tick() {
  if (!state.agenda) return;
  tickRunBar($, byId(state.agenda.current_item_id), state.clockOffset);
  for (const el of $("list").children) {
    const item = byId(Number(el.dataset.itemId));
    if (item) renderItemTimer(el, item);
  }
}
setInterval(tick, 500);

loadTemplates();
