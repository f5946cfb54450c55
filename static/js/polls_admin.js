/**
 * Live polls for the moderator (/dashboard/e/<code>/polls). Laptop, 1366x768 and up. This module draws the
 * page; polls_admin/ holds its parts: context.js (connection, shared state), card.js (one poll), actions.js
 * (its requests), form.js (new poll / edit a draft).
 *
 * Reads the moderator snapshot (its `polls`, `agenda`, `stats`, `capabilities`) and over the socket (live.js)
 * "polls:changed" {seq, polls} (advances seq: created / edited / opened / closed / revealed / answer hidden),
 * "poll:tallied" {seq, poll_id, ballots, present, results} (absolute, does not advance seq: the `tallies`
 * option of connectLive), "agenda:changed" (for the agenda item picker) and "stats:updated" (people present).
 * Writes through the JSON API (/api/events/<code>/polls/...); a write's answer is applied at once (the socket's
 * message follows). Every error shows inline, as the server words it ({error: {code, message}}).
 * Without the "questions" capability (presenters, note-takers) the page is read-only: no form, no controls.
 * User text (questions, options, answers, labels) only ever goes in as text nodes.
 *
 * data-testid:
 *   polls-page (data-can-edit), back-to-dashboard, link-agenda, link-projector, event-title, present-count,
 *   connection-status, polls-error, polls-read-only, polls-announce (polite live region),
 *   count-open, count-draft, count-closed, empty-open, empty-draft, empty-closed,
 *   poll-list-open, poll-list-draft, poll-list-closed,
 *   poll (data-poll-id, data-status: draft | open | closed, data-kind, data-visibility, data-revealed,
 *     data-confidential, data-ballots, data-suppressed),
 *   poll-status ("Draft" / "Open" / "Closed"), poll-kind, poll-visibility ("Results live" / "Results after voting" /
 *   "Results on reveal" / "Results revealed"), poll-confidential ("Confidential · k 5"),
 *   poll-item (the agenda item, "2. Budget"), poll-question, poll-turnout (open: "7 of 12 present voted · 58%",
 *   closed: "7 voted · 12 present now"; data-ballots, data-present), poll-countdown ("Closes in 1:05" / "Closing…",
 *   data-seconds),
 *   poll-options (a draft's options / scale), poll-option,
 *   poll-results: the shared chart of static/js/polls.js (renderResults, audience "moderator"; see its header:
 *     data-state shown | suppressed, poll-results-suppressed, poll-bars, poll-bar (data-option, data-count,
 *     data-percent, data-leading), poll-bar-label, poll-bar-count, poll-bar-percent, poll-rating-average
 *     (data-average), poll-rating-bar (data-value, data-count), poll-rating-ends, poll-ranking, poll-rank
 *     (data-option, data-rank, data-average), poll-rank-label, poll-rank-average, poll-cloud, poll-word
 *     (data-word, data-count), poll-answers, poll-answer (data-answer-id, data-hidden), poll-empty);
 *     hidden for drafts. Text answers carry, from this page: answer-hidden-badge, answer-hide, answer-show;
 *   poll-actions, poll-launch-duration (select, seconds; "" = no limit), poll-launch, poll-close, poll-reveal,
 *   poll-unreveal ("Hide results": revealed results hidden from the room again),
 *   poll-edit, poll-delete, poll-delete-confirm, poll-delete-cancel, poll-error,
 *   poll-form (data-mode: create | edit, data-kind), poll-form-title, poll-form-kind (select), poll-form-question,
 *   poll-form-options, poll-option-row (data-index), poll-option-input, poll-option-up, poll-option-down,
 *   poll-option-remove, poll-option-add, poll-form-max-choices, poll-form-yesno-hint, poll-form-text-hint,
 *   poll-form-scale, poll-form-scale-min, poll-form-scale-max, poll-form-label-low, poll-form-label-high,
 *   poll-form-visibility (select: live | after_vote | on_reveal),
 *   poll-form-confidential, poll-form-k, poll-form-item (select: "" = none, or an agenda item id),
 *   poll-form-duration (select, seconds; "" = no limit), poll-form-error, poll-form-submit, poll-form-cancel
 * Debug hook: window.townhall (live.js); state.polls is the list of polls as the snapshot/messages give it.
 */
import { t, tn } from "./i18n.js";
import { reconcile, showError } from "./live.js";
import { createCard, tickCountdowns, updateCard } from "./polls_admin/card.js";
import { $, connect, can, pollById, polls, root, showEvent, state, ui } from "./polls_admin/context.js";
import { renderItemPicker, stopEditing } from "./polls_admin/form.js";

const SECTIONS = ["open", "draft", "closed"];
const time = (iso) => (iso ? Date.parse(iso) || 0 : 0);

connect(render);

function render() {
  if (!showEvent(state, (title) => t("Polls · %(title)s · Townhall", { title }))) return;

  ui.canEdit = can("questions");
  root.dataset.canEdit = String(ui.canEdit);
  $("read-only").hidden = ui.canEdit;
  $("side").hidden = !ui.canEdit;
  $("empty-draft-hint").hidden = !ui.canEdit;
  if (!ui.canEdit && ui.editingId !== null) stopEditing();

  const stats = state.stats || {};
  $("present").textContent = typeof stats.connected === "number" ? tn("%(n)s person present", "%(n)s people present", stats.connected) : "";

  const groups = { open: [], draft: [], closed: [] };
  for (const poll of polls()) (groups[poll.status] || groups.closed).push(poll);
  groups.open.sort((a, b) => time(b.opened_at) - time(a.opened_at) || b.id - a.id);
  groups.draft.sort((a, b) => a.id - b.id);
  groups.closed.sort((a, b) => time(b.closed_at) - time(a.closed_at) || b.id - a.id);
  for (const section of SECTIONS) {
    const list = root.querySelector(`[data-list="${section}"]`);
    reconcile(list, groups[section], (p) => p.id, createCard, updateCard);
    root.querySelector(`[data-empty="${section}"]`).hidden = groups[section].length > 0;
    root.querySelector(`[data-count="${section}"]`).textContent = groups[section].length ? String(groups[section].length) : "";
  }

  // The draft being edited was launched or deleted meanwhile (by someone else): stop editing it.
  if (ui.editingId !== null) {
    const poll = pollById(ui.editingId);
    if (!poll || poll.status !== "draft") {
      stopEditing();
      showError($("form-error"), poll ? t("That poll was launched meanwhile: it can no longer be edited.")
        : t("That poll was deleted meanwhile."));
    }
  }
  renderItemPicker();
  tickCountdowns();
}

setInterval(tickCountdowns, 500);
