/**
 * The run-of-show bar on the dashboard: the meeting's state, the item on the floor and its timer (drawn by
 * ../runbar.js, shared with the agenda page), and the run buttons for a role with "agenda".
 *
 * data-testid: run-bar (data-state: not_started | running | ended; data-paused, data-overrun), meeting-state,
 *   current-title, current-presenter, run-sub, build-agenda (empty agenda), current-timer (data-overrun),
 *   current-elapsed, current-planned, current-remaining ("12:30 left" / "Over by 1:20"), run-start, run-back,
 *   run-pause, run-resume, run-next ("Next: <title> →" / "Finish and end meeting"), run-end, run-end-confirm,
 *   run-end-cancel, run-reopen, run-error
 */
import { t } from "../i18n.js";
import { api, clearError, learnClock, showError } from "../live.js";
import { renderRunBar as drawRunBar, runAnnouncement, tickRunBar } from "../runbar.js";
import {
  $, agendaItems, announce, base, can, itemById, live, render, restoreFocus, root, state,
} from "./context.js";

let runBusy = false; // a run-of-show request is in flight
let confirmingEnd = false;
let endsMeeting = false; // no item after the current one: "Finish and end meeting" ends the meeting

export function renderRunBar() {
  const agenda = state.agenda;
  const items = agendaItems();
  if (agenda && agenda.meeting.state !== "running") confirmingEnd = false;
  const { meeting, current, next } = drawRunBar($, agenda, {
    items,
    byId: itemById,
    busy: runBusy,
    confirming: confirmingEnd,
    emptyTitle: t("No agenda yet"),
    // With the controls, the Next button names the next item already.
    subFor: (_current, next) => (next ? (can("agenda") ? "" : t("Next: %(title)s", { title: next.title })) : t("Last item")),
  });
  endsMeeting = meeting === "running" && !next;
  const presenter = $("current-presenter");
  presenter.textContent = current ? current.presenter : "";
  presenter.hidden = !(current && current.presenter);
  $("build-agenda").hidden = Boolean(current) || meeting !== "not_started" || items.length > 0 || !can("agenda");

  const controls = $("run-controls");
  controls.hidden = !can("agenda");
  if (controls.hidden) return;
  $("end-confirm").hidden = !confirmingEnd;
  controls.hidden = !controls.querySelector(":scope > button:not([hidden])") && !confirmingEnd;
  const start = controls.querySelector('[data-testid="run-start"]');
  start.title = items.length ? "" : t("Add items on the Agenda page first");
}

async function runAction(action) {
  if (runBusy) return;
  const errorEl = $("run-error");
  const trigger = document.activeElement;
  clearError(errorEl);
  runBusy = true;
  renderRunBar();
  try {
    const answer = await api(`${base}/agenda/run/${action}`, { method: "POST" });
    // Apply the answer unless the socket already brought this change or a newer one.
    if (answer && answer.agenda && answer.seq > live.lastSeq) {
      state.agenda = answer.agenda;
      learnClock(answer, state);
    }
    announce(runAnnouncement(state.agenda, itemById));
  } catch (error) {
    showError(errorEl, error);
  } finally {
    runBusy = false;
    confirmingEnd = false;
    render();
    restoreFocus(trigger, $("run-controls"));
  }
}

function askToEnd() {
  confirmingEnd = true;
  renderRunBar();
  root.querySelector('[data-testid="run-end-confirm"]').focus();
}

for (const button of $("run-controls").querySelectorAll("[data-run]")) {
  // On the last item Next ends the meeting: it asks first, as End does (its Yes sends "end": the same change).
  button.addEventListener("click", () => (button.dataset.run === "next" && endsMeeting ? askToEnd() : runAction(button.dataset.run)));
}
$("end").addEventListener("click", askToEnd);
$("end-cancel").addEventListener("click", () => {
  confirmingEnd = false;
  renderRunBar();
  $("end").focus();
});

/** Twice a second: the current item's timer. */
export function tickRunOfShow(offset) {
  tickRunBar($, state.agenda ? itemById(state.agenda.current_item_id) : null, offset);
}
