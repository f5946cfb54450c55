/**
 * The list of speakers on the dashboard: who has the floor (with the timer), the queue, adding a speaker by
 * hand and who spoke recently. The buttons show for a role with "speakers"; one speaker request at a time.
 *
 * data-testid: speakers-panel, speaker-queue-count, speaker-rules, speakers-error,
 *   speaker-current (data-request-id, data-running, data-overrun), speaker-current-state,
 *   speaker-current-name, speaker-current-first-time, speaker-current-topic, speaker-current-meta,
 *   speaker-timer (data-running, data-overrun), speaker-elapsed, speaker-limit,
 *   speaker-remaining ("1:15 left" / "Over by 0:20"), speaker-start ("Start timer" / "Resume timer"),
 *   speaker-stop, speaker-finish, speaker-none, speaker-next ("Call next: <name>"; disabled while any
 *   speaker request is in flight), speaker-queue-empty, speaker-queue,
 *   speaker-entry (data-request-id, data-position, data-times-spoken), speaker-position, speaker-name,
 *   speaker-first-time, speaker-spoken ("spoken 2×"), speaker-room-name, speaker-manual, speaker-topic,
 *   speaker-requested, speaker-call, speaker-remove,
 *   speaker-add, speaker-add-toggle, speaker-add-form, speaker-add-name, speaker-add-topic, speaker-add-error,
 *   speaker-add-submit, speaker-recent-section, speaker-recent, speaker-recent-entry
 */
import { t, tn } from "../i18n.js";
import {
  api, clearError, clearFormErrors, formatWhen, h, reconcile, showError, showFormError, speakerLabel,
} from "../live.js";
import { clock, elapsedNow, remainingText } from "../timers.js";
import { $, announce, base, can, render, restoreFocus, state } from "./context.js";

let speakerBusy = false; // a speaker request is in flight: every speaker button waits for it

function speakers() {
  return state.speakers || { limit_seconds: 0, current: null, next: null, queue: [], recent: [] };
}

function spokenText(times) {
  return t("spoken %(times)s×", { times });
}

export function renderSpeakers() {
  const list = speakers();
  const mayRun = can("speakers");
  const queue = list.queue || [];
  const event = state.event || {};
  $("queue-count").textContent = queue.length ? `· ${tn("%(n)s waiting", "%(n)s waiting", queue.length)}` : "";
  const rules = [t("Limit %(time)s", { time: clock(list.limit_seconds || event.speaker_time_limit || 0) })];
  if (event.first_time_speakers_first) rules.push(t("first-time speakers first"));
  if (event.anonymous_speakers) rules.push(t("names hidden from the room"));
  if (event.auto_start_speaker_timer) rules.push(t("timer starts on the call"));
  $("speaker-rules").textContent = rules.join(" · ");

  // who has the floor
  const current = list.current;
  const box = $("current");
  box.hidden = !current;
  $("no-current").hidden = Boolean(current);
  if (current) {
    const { timer } = current;
    box.dataset.requestId = current.id;
    box.dataset.running = String(timer.running);
    $("current-name").textContent = speakerLabel(current);
    $("current-first").hidden = current.times_spoken > 0;
    const topic = $("current-topic");
    topic.textContent = current.topic ? `“${current.topic}”` : "";
    topic.hidden = !current.topic;
    const meta = [];
    if (current.times_spoken > 0) meta.push(t("Spoke %(times)s× before", { times: current.times_spoken }));
    if (current.room_name && current.room_name !== current.name) meta.push(t("shown as “%(name)s”", { name: speakerLabel(current, current.room_name) }));
    if (current.manual) meta.push(t("added by hand"));
    $("current-meta").textContent = meta.join(" · ");
    $("current-meta").hidden = !meta.length;
    let label = t("Speaking");
    if (!timer.running) label = timer.elapsed_seconds > 0 ? t("Timer stopped") : t("Called to the microphone");
    $("current-state").textContent = label;
    $("speaker-limit").textContent = clock(timer.limit_seconds);
    const actions = $("current-actions");
    actions.hidden = !mayRun;
    const startButton = actions.querySelector('[data-speaker="start"]');
    startButton.hidden = timer.running;
    startButton.textContent = timer.elapsed_seconds > 0 ? t("Resume timer") : t("Start timer");
    actions.querySelector('[data-speaker="stop"]').hidden = !timer.running;
  } else {
    delete box.dataset.requestId;
  }

  // call the next one
  const nextButton = $("speakers").querySelector('[data-speaker="next"]');
  nextButton.hidden = !mayRun;
  nextButton.textContent = queue.length ? t("Call next: %(name)s", { name: speakerLabel(queue[0]) }) : t("Call next");
  nextButton.title = !queue.length ? t("Nobody is waiting")
    : current ? t("End %(current)s's turn and give the floor to %(next)s", { current: speakerLabel(current), next: speakerLabel(queue[0]) })
      : t("Give the floor to %(name)s", { name: speakerLabel(queue[0]) });

  // the queue
  $("queue-empty").hidden = queue.length > 0;
  reconcile($("queue"), queue, (e) => e.id, createEntry, updateEntry);

  // by hand, recent
  $("add").hidden = !mayRun;
  const recent = list.recent || [];
  $("recent-wrap").hidden = recent.length === 0;
  $("recent-count").textContent = recent.length ? `(${recent.length})` : "";
  $("recent").replaceChildren(...recent.map(recentEntry));

  for (const button of $("speakers").querySelectorAll("[data-speaker]")) {
    const needsQueue = button.dataset.speaker === "next" || button.dataset.speaker === "call";
    button.disabled = speakerBusy || (needsQueue && !queue.length);
  }
}

function createEntry(entry) {
  const id = entry.id;
  return h("li", { class: "speaker-entry", "data-testid": "speaker-entry" },
    h("span", { class: "speaker-pos", "data-testid": "speaker-position" }),
    h("div", { class: "speaker-body" },
      h("p", { class: "speaker-line" },
        h("span", { class: "speaker-name", id: `speaker-name-${id}`, "data-testid": "speaker-name" }),
        h("span", { class: "badge badge-first", "data-testid": "speaker-first-time" }, t("First time")),
        h("span", { class: "speaker-spoken", "data-testid": "speaker-spoken" }),
        h("span", { class: "badge", "data-testid": "speaker-manual", title: t("Added by hand (no phone)") }, t("by hand"))),
      h("p", { class: "speaker-topic", "data-testid": "speaker-topic" }),
      h("p", { class: "speaker-meta" },
        h("time", { "data-testid": "speaker-requested" }),
        h("span", { class: "speaker-room-name", "data-testid": "speaker-room-name" }))),
    h("div", { class: "speaker-actions" },
      h("button", {
        type: "button", class: "btn btn-secondary btn-small", "data-speaker": "call", "data-testid": "speaker-call",
        // Named "Call" and whose name, in that order, so the name holds the words shown in every language.
        id: `speaker-call-${id}`, "aria-labelledby": `speaker-call-${id} speaker-name-${id}`,
        onclick: () => speakerAction("call", id),
      }, t("Call")),
      h("button", {
        type: "button", class: "btn btn-ghost btn-small btn-icon", "data-speaker": "remove", "data-testid": "speaker-remove",
        onclick: () => speakerAction("remove", id),
      }, h("span", { "aria-hidden": "true" }, "✕"))));
}

function updateEntry(el, entry) {
  el.dataset.requestId = entry.id;
  el.dataset.position = entry.position;
  el.dataset.timesSpoken = entry.times_spoken;
  el.classList.toggle("is-next", entry.position === 1);
  el.querySelector(".speaker-pos").textContent = entry.position;
  el.querySelector(".speaker-name").textContent = speakerLabel(entry);
  el.querySelector('[data-testid="speaker-first-time"]').hidden = entry.times_spoken > 0;
  const spoken = el.querySelector(".speaker-spoken");
  spoken.textContent = spokenText(entry.times_spoken);
  spoken.hidden = entry.times_spoken === 0;
  el.querySelector('[data-testid="speaker-manual"]').hidden = !entry.manual;
  const topic = el.querySelector(".speaker-topic");
  topic.textContent = entry.topic;
  topic.hidden = !entry.topic;
  const requested = el.querySelector("time");
  requested.dateTime = entry.requested_at || "";
  requested.textContent = entry.requested_at ? t("asked %(time)s", { time: formatWhen(entry.requested_at, "time") }) : "";
  const roomName = el.querySelector(".speaker-room-name");
  const shown = entry.room_name && entry.room_name !== entry.name;
  roomName.textContent = shown ? ` · ${t("shown as “%(name)s”", { name: speakerLabel(entry, entry.room_name) })}` : "";
  roomName.hidden = !shown;
  const actions = el.querySelector(".speaker-actions");
  actions.hidden = !can("speakers");
  const remove = actions.querySelector('[data-speaker="remove"]');
  remove.setAttribute("aria-label", t("Remove %(name)s from the list", { name: speakerLabel(entry) }));
  remove.title = t("Remove %(name)s from the list", { name: speakerLabel(entry) });
}

function recentEntry(entry) {
  const limit = speakers().limit_seconds;
  const over = limit && entry.spoken_seconds > limit;
  return h("li", { class: "speaker-recent-entry", "data-testid": "speaker-recent-entry", "data-request-id": entry.id },
    h("span", { class: "speaker-name" }, speakerLabel(entry)),
    h("span", { class: `speaker-recent-time${over ? " is-overrun" : ""}` },
      over ? t("spoke %(time)s (%(over)s over)", { time: clock(entry.spoken_seconds), over: clock(entry.spoken_seconds - limit) })
        : t("spoke %(time)s", { time: clock(entry.spoken_seconds || 0) })),
    entry.finished_at ? h("time", { datetime: entry.finished_at }, formatWhen(entry.finished_at, "time")) : null);
}

/** next | start | stop | finish, or call | remove with the request's id. One at a time. */
async function speakerAction(action, requestId) {
  if (speakerBusy) return;
  const errorEl = $("speakers-error");
  const trigger = document.activeElement;
  clearError(errorEl);
  speakerBusy = true;
  renderSpeakers();
  const before = state.speakers;
  try {
    const url = requestId ? `${base}/speakers/${requestId}/${action}` : `${base}/speakers/${action}`;
    const answer = await api(url, { method: "POST" });
    // The answer carries no seq: use it only when no newer list arrived meanwhile (the socket brings ours too).
    if (answer && answer.speakers && state.speakers === before) state.speakers = answer.speakers;
    const now = speakers().current;
    if (action === "next" || action === "call") announce(now ? t("%(name)s has the floor.", { name: speakerLabel(now) }) : "");
    else if (action === "finish") announce(t("Finished."));
  } catch (error) {
    showError(errorEl, error);
  } finally {
    speakerBusy = false;
    render();
    restoreFocus(trigger, $("speakers"));
  }
}

for (const action of ["start", "stop", "finish", "next"]) {
  const button = $("speakers").querySelector(`[data-speaker="${action}"]`);
  button.addEventListener("click", () => speakerAction(action));
}

const addForm = $("add-form");
addForm.addEventListener("submit", async (e) => {
  e.preventDefault();
  const errorEl = $("add-error");
  clearFormErrors(addForm, errorEl);
  const name = addForm.elements.name.value.trim();
  const topic = addForm.elements.topic.value.trim();
  if (!name) {
    showFormError(addForm, { field: "name", message: t("Who wants to speak? Enter a name.") }, errorEl);
    return;
  }
  const submit = addForm.querySelector('[type="submit"]');
  submit.disabled = true;
  try {
    await api(`${base}/speakers/add`, { method: "POST", body: { name, topic } });
    addForm.reset();
    announce(t("%(name)s is in the list of speakers.", { name }));
    addForm.elements.name.focus();
  } catch (error) {
    showFormError(addForm, error, errorEl);
  } finally {
    submit.disabled = false;
  }
});

/** Twice a second: the timer of whoever has the floor. */
export function tickSpeakers(offset) {
  const speaker = speakers().current;
  const box = $("current");
  const timerEl = $("speaker-timer");
  if (speaker) {
    const { timer } = speaker;
    const elapsed = elapsedNow(timer, offset);
    const over = elapsed > timer.limit_seconds;
    $("speaker-elapsed").textContent = clock(elapsed);
    $("speaker-remaining").textContent = remainingText(timer.limit_seconds, elapsed);
    timerEl.dataset.running = String(timer.running);
    timerEl.dataset.overrun = String(over);
    box.dataset.overrun = String(over);
  } else {
    timerEl.dataset.running = "false";
    timerEl.dataset.overrun = "false";
    box.dataset.overrun = "false";
  }
}
