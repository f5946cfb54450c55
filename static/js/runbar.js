/**
 * The run-of-show bar, shared by the agenda page and the dashboard: the meeting's state,
 * the item on the floor with its timer, and which run buttons show. `$` finds a
 * data-role inside the page; both pages use the same roles and data-testids.
 */
import { t } from "./i18n.js";
import { formatWhen } from "./live.js";
import { clock, elapsedNow, remainingText } from "./timers.js";

export const MEETING_LABEL = { not_started: t("Not started"), running: t("Meeting in progress"), ended: t("Meeting ended") };

/**
 * Render the bar. items: the agenda's items; byId(id) -> item; busy: a run request is in
 * flight; confirming: the "End meeting?" question is open; emptyTitle: the title with no
 * agenda; subFor(current, next): the line under the current item's title.
 * Returns {meeting, current, next, previous} for the page's own extras.
 */
export function renderRunBar($, agenda, { items, byId, busy, confirming, emptyTitle, subFor }) {
  const meeting = agenda ? agenda.meeting.state : "not_started";
  const current = agenda ? byId(agenda.current_item_id) : null;
  const next = agenda ? byId(agenda.next_item_id) : null;
  const previous = agenda ? byId(agenda.previous_item_id) : null;
  const paused = Boolean(current && current.status === "paused");
  const bar = $("run-bar");
  bar.dataset.state = meeting;
  bar.dataset.paused = String(paused);
  const place = current ? { number: current.position + 1, count: items.length } : null;
  $("meeting-state").textContent = !current ? MEETING_LABEL[meeting]
    : paused ? t("Paused · item %(number)s of %(count)s", place) : t("Now · item %(number)s of %(count)s", place);

  const title = $("current-title");
  const sub = $("run-sub");
  if (current) {
    title.textContent = current.title;
    sub.textContent = subFor(current, next);
  } else if (meeting === "not_started") {
    title.textContent = items.length ? t("Ready when you are") : emptyTitle;
    sub.textContent = next ? t("Starts with: %(title)s", { title: next.title }) : "";
  } else {
    title.textContent = t("The meeting has ended");
    const { started_at: started, ended_at: ended } = agenda.meeting;
    sub.textContent = started && ended ? `${formatWhen(started, "time")} – ${formatWhen(ended, "time")}` : "";
  }
  $("timer").hidden = !current;

  const controls = $("run-controls");
  if (controls) {
    const running = meeting === "running";
    const show = (testid, shown, enabled = true) => {
      for (const el of controls.querySelectorAll(`[data-testid="${testid}"]`)) {
        el.hidden = !shown;
        el.disabled = busy || !enabled;
      }
    };
    const steady = running && !confirming;
    show("run-start", meeting === "not_started", items.length > 0);
    show("run-back", steady, Boolean(previous));
    show("run-pause", steady && Boolean(current) && !paused);
    show("run-resume", steady && paused);
    show("run-next", steady);
    show("run-end", steady);
    show("run-end-confirm", true);
    show("run-end-cancel", true);
    show("run-reopen", meeting === "ended", Boolean(previous));
    const nextButton = controls.querySelector('[data-testid="run-next"]');
    nextButton.textContent = next ? t("Next: %(title)s →", { title: next.title }) : t("Finish and end meeting");
    nextButton.title = next ? t("End this item and start “%(title)s”", { title: next.title }) : t("End this item and the meeting");
    const back = controls.querySelector('[data-testid="run-back"]');
    back.title = previous ? t("Back to “%(title)s”", { title: previous.title }) : t("This is the first item");
  }
  return { meeting, current, next, previous };
}

/** The current item's timer, twice a second: elapsed of planned, remaining or overrun. */
export function tickRunBar($, current, clockOffset) {
  let over = false;
  if (current) {
    const elapsed = elapsedNow(current, clockOffset || 0);
    over = elapsed > current.planned_seconds;
    $("elapsed").textContent = clock(elapsed);
    $("planned").textContent = clock(current.planned_seconds);
    $("remaining").textContent = remainingText(current.planned_seconds, elapsed);
  }
  $("timer").dataset.overrun = String(over);
  $("run-bar").dataset.overrun = String(over);
}

/** What to say to screen readers after a run action. */
export function runAnnouncement(agenda, byId) {
  const current = byId(agenda.current_item_id);
  if (!current) return MEETING_LABEL[agenda.meeting.state];
  return current.status === "paused" ? t("Now: %(title)s (paused).", { title: current.title })
    : t("Now: %(title)s.", { title: current.title });
}
