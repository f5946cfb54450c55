/**
 * Projector (/e/<code>/projector): the room's big screen, 1920x1080, no interaction.
 *
 * data-testid:
 *   projector-page, projector-title, connection-status (only visible when not live),
 *   projector-now (the agenda; hidden before the meeting starts; data-state, data-paused, data-overrun),
 *   projector-item-state ("Now · item 2 of 4" / "Paused · …"), projector-item-title (the current item, or
 *   "The meeting has ended"), projector-item-presenter,
 *   projector-item-timer (data-overrun="true|false"), projector-item-elapsed, projector-item-remaining
 *   ("7:30 left" / "Over by 1:05"),
 *   projector-floor (the list of speakers; hidden when nobody speaks or waits; data-overrun),
 *   projector-speaker (the name as the room may see it: "Speaker N" for anonymous speakers),
 *   projector-speaker-topic, projector-speaker-timer (data-overrun, data-running), projector-speaker-elapsed,
 *   projector-speaker-remaining, projector-next-speaker ("Next: …"),
 *   projector-answering (data-question-id; hidden when nothing is being answered),
 *   projector-top (the top open published questions by votes: 5, fewer while the agenda and speaker panels
 *   need the room, up to 4 beside a poll; data-rows), projector-question (data-question-id, data-votes), projector-votes,
 *   projector-empty, projector-qr, projector-url, projector-code, projector-join-title ("Ask your questions";
 *   "Vote and ask on your phone" while a poll is open),
 *   projector-room-check, projector-room-qr (the rotating in-room QR: projector/room_check.js),
 * Polls (the open poll that opened last; else one closed or revealed in the last 5 minutes):
 *   projector-poll (data-poll-id, data-kind, data-status: open | closed, data-visibility),
 *   projector-poll-state ("Live poll" / "Poll closed" / "Poll closed · results"),
 *   projector-poll-question, poll-countdown (data-seconds, data-urgent), poll-turnout (data-ballots, data-present),
 *   poll-confidential, projector-poll-more ("+1 more poll open on your phones"), and inside poll-results the
 *   chart test ids of polls.js (poll-bar with data-count / data-percent, poll-rating-average, poll-rating-bar,
 *   poll-rank, poll-cloud / poll-word, poll-answer, poll-results-hidden, poll-results-suppressed).
 *   Layout, top to bottom: the agenda item and the speaker side by side, the question being answered (always
 *   the biggest question text), then the poll and the top questions side by side (or the top questions alone).
 *   While a poll is on screen the other panels get compact; the join code and QR code stay.
 * Debug hook: window.townhall (see live.js).
 */
import { t, tn } from "./i18n.js";
import { amongLines, leader } from "./vote_trust.js";
import {
  agendaItems, authorLabel, connectLive, currentItem as currentOf, h, reconcile, roomHandlers, serverNow, sortQuestions,
  speakerLabel, watchSpeakerSettings,
} from "./live.js";
import {
  applyTally, featuredPoll, fitResults, pollList, renderCountdown, renderResults, turnout, upsertPolls,
} from "./polls.js";
import { clock, elapsedNow, remainingText } from "./timers.js";
import { roomCheck } from "./projector/room_check.js";
import { showBranding } from "./live/brand.js";

const TOP = 5;
const POLL_TOP = 4; // questions beside a poll
const root = document.getElementById("projector");
const code = root.dataset.code;
const $ = (role) => root.querySelector(`[data-role="${role}"]`);

const room = roomCheck(root, code); // the rotating in-room QR (team's screen, event setting room_check)
const speakerSettingsChanged = watchSpeakerSettings(); // names and order in the list of speakers

const live = connectLive({
  code,
  audience: "projector",
  snapshotUrl: `/api/events/${encodeURIComponent(code)}/snapshot`,
  statusEl: root.querySelector('[data-testid="connection-status"]'),
  onChange: render,
  handlers: {
    ...roomHandlers(),
    "polls:changed": (msg, st) => upsertPolls(st, msg),
  },
  tallies: {
    "poll:tallied": (msg, st) => {
      applyTally(st, msg);
    },
  },
});
const { state } = live;

function render() {
  if (!state.loaded) return;
  const event = state.event;
  $("event-title").textContent = event.title;
  showBranding(event);
  document.title = t("%(title)s · Projector · Townhall", { title: event.title });
  if (speakerSettingsChanged(event)) live.refresh();
  room.render(event.room_check);

  const hasNow = renderNow();
  const hasFloor = renderFloor();
  const hasPoll = renderPoll();
  $("status").hidden = !hasNow && !hasFloor;

  const published = Object.values(state.questions).filter((q) => q.status === "published");
  const answering = published.find((q) => q.progress === "answering");
  const box = $("answering");
  box.hidden = !answering;
  root.classList.toggle("has-answering", Boolean(answering));
  if (answering) {
    box.dataset.questionId = answering.id;
    $("answering-text").textContent = answering.text;
    $("answering-text").title = answering.text; // the whole text where the screen has to cut it short
    // Long questions get a smaller size instead of being cut off.
    const length = [...answering.text].length;
    box.dataset.size = length <= 110 ? "large" : length <= 200 ? "medium" : "small";
    $("answering-author").textContent = `— ${authorLabel(answering)}`;
  }

  // As many questions as fit at a readable height, up to five; beside a poll, up to POLL_TOP.
  const crowded = hasNow || hasFloor || hasPoll;
  root.classList.toggle("is-crowded", crowded);
  const list = $("top-list");
  $("top").hidden = false;
  list.hidden = false; // measured below; hidden again when empty, so the "no questions" line sits under its title
  const open = sortQuestions(published.filter((q) => q.progress === "open"), "popular");
  const rows = crowded ? fittingRows(list, hasPoll ? POLL_TOP : TOP) : TOP;
  list.dataset.rows = String(rows);
  list.style.setProperty("--rows", String(rows));

  const top = open.slice(0, rows);
  // The vote counts' column is as wide as the widest count on screen ("8888" stays on one line).
  list.style.setProperty("--digits", String(Math.max(2, ...top.map((q) => String(q.votes).length))));
  $("empty").hidden = top.length > 0;
  // Not "No questions yet" while one is being answered or all have been answered.
  $("empty").textContent = published.length > 0
    ? t("No open questions — scan the code and ask the next one.")
    : t("No questions yet — scan the code and ask the first one.");
  reconcile(list, top, (q) => q.id, create, update);
  list.hidden = top.length === 0;
  $("top").hidden = hasPoll && top.length === 0; // the poll takes the whole row then
  root.classList.remove("is-poll-tight");
  if (hasPoll) {
    const results = $("poll-results");
    fitResults(results);
    if (squeezed(results)) {
      root.classList.add("is-poll-tight"); // one line for the texts around the chart, then fit again
      fitResults(results);
    }
  }
  tick();
}

/** Rows of a bar chart or ranking that got less than a comfortable height (--row-ok). */
function squeezed(results) {
  const list = results.querySelector(".poll-bars, .poll-ranking");
  const row = list && list.firstElementChild;
  if (!row) return false;
  const wanted = parseFloat(getComputedStyle(list).getPropertyValue("--row-ok")) * (window.innerHeight / 100);
  return wanted > 0 && row.getBoundingClientRect().height < wanted - 1;
}

/** How many question rows of a readable height (--row-min, in vh) fit in the list's room: at least one, up to `most`. */
function fittingRows(list, most) {
  const vh = window.innerHeight / 100;
  const style = getComputedStyle(list);
  const row = parseFloat(style.getPropertyValue("--row-min")) * vh;
  const gap = parseFloat(style.rowGap) || 0;
  return Math.max(1, Math.min(most, Math.floor((list.clientHeight + gap) / (row + gap))));
}
window.addEventListener("resize", () => live.changed());

// --- polls ----------------------------------------------------------------------------------

let shownPollId = null;

function currentPoll() {
  return featuredPoll(pollList(state), { now: serverNow(state) });
}

/** The poll panel: the poll that is open (or was just closed / revealed), its chart, turnout and time left. */
function renderPoll() {
  const panel = $("poll");
  const poll = currentPoll();
  shownPollId = poll ? poll.id : null;
  panel.hidden = !poll;
  root.classList.toggle("has-poll", Boolean(poll));
  $("join-title").textContent = poll && poll.status === "open" ? t("Vote and ask on your phone") : t("Ask your questions");
  if (!poll) return false;
  panel.dataset.pollId = String(poll.id);
  panel.dataset.kind = poll.kind;
  panel.dataset.status = poll.status;
  panel.dataset.visibility = poll.visibility;
  const isOpen = poll.status === "open";
  const stateEl = $("poll-state");
  stateEl.replaceChildren(...(isOpen
    ? [h("span", { class: "pulse", "aria-hidden": "true" }), t("Live poll")]
    : [poll.results && !poll.results.suppressed ? t("Poll closed · results") : t("Poll closed")]));
  const question = $("poll-question");
  question.textContent = poll.question;
  const length = [...poll.question].length;
  question.dataset.size = length <= 80 ? "large" : length <= 160 ? "medium" : "small";
  $("poll-confidential").hidden = !poll.confidential;

  const tally = turnout(poll);
  const turnoutEl = $("poll-turnout");
  turnoutEl.dataset.ballots = String(tally.ballots);
  turnoutEl.dataset.present = String(tally.present);
  turnoutEl.replaceChildren(...[ // replaceChildren would print a null as "null": left out
    h("span", { class: "projector-poll-n", text: String(tally.ballots) }),
    h("span", { class: "projector-poll-of", text: tn("answer", "answers", tally.ballots) }),
    tally.present > 0 ? h("span", { class: "projector-poll-present",
      text: t("of %(present)s present", { present: tally.present }) + (tally.percent !== null ? ` · ${tally.percent}%` : "") })
      : null,
  ].filter(Boolean));

  const box = $("poll-results");
  renderResults(box, poll, { audience: "projector", recent: 5 });

  // The event's show_trusted_counts: the total beside the counts among in-room and verified phones.
  const lines = amongLines(poll);
  const top = poll.results && !poll.results.suppressed ? leader(poll, poll.results) : null;
  const only = poll.voters === "in_room" ? t("Only phones in the room can answer")
    : poll.voters === "verified" ? t("Only verified phones can answer") : "";
  const among = $("poll-among");
  among.hidden = !lines.length && !only;
  const all = top ? `${top[0]} ${top[1]} %` : t("no answers yet");
  among.textContent = [only, lines.length ? t("All phones: %(result)s", { result: all }) : "",
    ...lines.map((line) => line[0].toUpperCase() + line.slice(1))].filter(Boolean).join(" · ");

  const others = pollList(state).filter((p) => p.status === "open" && p.id !== poll.id).length;
  const more = $("poll-more");
  more.hidden = others === 0;
  more.textContent = tn("+%(n)s more poll open on your phones", "+%(n)s more polls open on your phones", others);
  renderCountdown($("poll-countdown"), poll, state.clockOffset || 0);
  return true;
}

// --- agenda ------------------------------------------------------------------------

const items = () => agendaItems(state.agenda);
const currentItem = () => currentOf(state.agenda);

/** The agenda panel: the item on the floor, or that the meeting has ended. Hidden before the start. */
function renderNow() {
  const panel = $("now");
  const meeting = state.agenda ? state.agenda.meeting.state : "not_started";
  const current = currentItem();
  const visible = Boolean(current) || (meeting === "ended" && items().length > 0);
  panel.hidden = !visible;
  root.classList.toggle("has-now", visible);
  if (!visible) return false;
  const paused = Boolean(current && current.status === "paused");
  panel.dataset.state = meeting;
  panel.dataset.paused = String(paused);
  if (current) {
    $("now-label").textContent = paused
      ? t("Paused · item %(number)s of %(count)s", { number: current.position + 1, count: items().length })
      : t("Now · item %(number)s of %(count)s", { number: current.position + 1, count: items().length });
    $("now-title").textContent = current.title;
    $("now-title").title = current.title; // the whole title where the screen cuts it short
    $("now-presenter").textContent = current.presenter;
  } else {
    $("now-label").textContent = t("Agenda");
    $("now-title").textContent = t("The meeting has ended");
    $("now-title").title = "";
    $("now-presenter").textContent = "";
  }
  $("now-presenter").hidden = !$("now-presenter").textContent;
  $("now-timer").hidden = !current;
  return true;
}

// --- list of speakers --------------------------------------------------------------------

/** The speaker panel: who has the floor (with the timer) and who is next. Hidden when nobody speaks or waits. */
function renderFloor() {
  const panel = $("floor");
  const speakers = state.speakers;
  const current = speakers && speakers.current;
  const next = speakers && speakers.next;
  panel.hidden = !current && !next;
  root.classList.toggle("has-floor", !panel.hidden);
  if (panel.hidden) return false;
  panel.classList.toggle("is-waiting-only", !current);
  $("floor-current").hidden = !current;
  $("speaker-timer").hidden = !current;
  if (current) {
    $("speaker").textContent = speakerLabel(current);
    $("speaker").title = speakerLabel(current);
    $("speaker-topic").textContent = current.topic;
    $("speaker-topic").hidden = !current.topic;
  }
  const nextEl = $("next-speaker");
  nextEl.hidden = !next;
  if (next) {
    const more = speakers.queue.length - 1;
    nextEl.replaceChildren(...[
      h("span", { class: "projector-next-label" }, current ? t("Next") : t("Next to speak")),
      h("span", { class: "projector-next-name", title: speakerLabel(next) }, speakerLabel(next)),
      next.topic ? h("span", { class: "projector-next-topic" }, next.topic) : null,
      more > 0 ? h("span", { class: "projector-next-more" }, tn("+%(n)s waiting", "+%(n)s waiting", more)) : null,
    ].filter(Boolean));
  }
  return true;
}

// --- timers: twice a second, text only ------------------------------------------------------

function showTimer(el, elapsedEl, remainingEl, limit, elapsed) {
  const over = elapsed > limit;
  elapsedEl.textContent = clock(elapsed);
  remainingEl.textContent = remainingText(limit, elapsed);
  el.dataset.overrun = String(over);
  return over;
}

function tick() {
  if (!state.loaded) return;
  const offset = state.clockOffset || 0;
  // A closed poll leaves the screen a few minutes later; a countdown runs down.
  const poll = currentPoll();
  if ((poll ? poll.id : null) !== shownPollId) live.changed();
  else if (poll) renderCountdown($("poll-countdown"), poll, offset);
  const current = currentItem();
  const now = $("now");
  if (current && !now.hidden) {
    now.dataset.overrun = String(showTimer($("now-timer"), $("now-elapsed"), $("now-remaining"),
      current.planned_seconds, elapsedNow(current, offset)));
  } else {
    now.dataset.overrun = "false";
  }
  const speaking = state.speakers && state.speakers.current;
  const floor = $("floor");
  if (speaking && speaking.timer && !floor.hidden) {
    const timer = speaking.timer;
    $("speaker-timer").dataset.running = String(timer.running);
    floor.dataset.overrun = String(showTimer($("speaker-timer"), $("speaker-elapsed"), $("speaker-remaining"),
      timer.limit_seconds, elapsedNow(timer, offset)));
  } else {
    floor.dataset.overrun = "false";
  }
}
setInterval(tick, 500);

// --- questions ---------------------------------------------------------------------------------

function create() {
  return h("li", { class: "projector-question", "data-testid": "projector-question" },
    h("span", { class: "projector-votes", "data-testid": "projector-votes" },
      h("span", { class: "projector-votes-n" }),
      h("span", { class: "projector-votes-label" })),
    h("span", { class: "projector-q" },
      h("span", { class: "projector-q-text" }),
      h("span", { class: "projector-q-author" })));
}

function update(el, q) {
  const previous = Number(el.dataset.votes);
  el.dataset.questionId = q.id;
  el.dataset.votes = q.votes;
  el.querySelector(".projector-votes-n").textContent = q.votes;
  el.querySelector(".projector-votes-label").textContent = tn("vote", "votes", q.votes);
  el.querySelector(".projector-q-text").textContent = q.text;
  el.querySelector(".projector-q-text").title = q.text;
  el.dataset.size = [...q.text].length > 110 ? "small" : "large";
  el.querySelector(".projector-q-author").textContent = authorLabel(q);
  if (!Number.isNaN(previous) && previous !== q.votes) {
    el.classList.remove("bumped");
    void el.offsetWidth; // restart the highlight animation
    el.classList.add("bumped");
  }
}
