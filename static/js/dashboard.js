/**
 * Moderator dashboard (/dashboard/e/<code>): the chair's cockpit. Laptop, 1366x768 and up.
 *
 * One moderator snapshot and the socket (live.js) feed four parts: the run of show (agenda:changed), the list
 * of speakers (speakers:changed), the questions (questions:changed / questions:tallied) and the counters
 * (stats:updated). records:changed is kept in state; team:changed fetches a snapshot (my role may have
 * changed). What a user may do comes from the snapshot's `capabilities`: without "agenda", "speakers" or
 * "questions" the matching controls are not shown at all (the server would refuse them anyway).
 * Timers count locally (timers.js) between messages; every message's server_now refreshes state.clockOffset.
 *
 * data-testid:
 *   dashboard-page, event-title, event-open-badge, my-role, join-code, join-url,
 *   link-agenda, link-notes, link-team, link-polls (each shown only when the role may open it), link-projector,
 *   link-poster,
 *   link-settings (owner only), counter-connected, counter-peak (most phones connected at once), counter-joined,
 *   counter-questions, counter-votes,
 *   connection-status, dashboard-error, dashboard-read-only (presenters, note-takers), dashboard-announce,
 *   run bar:
 *     run-bar (data-state: not_started | running | ended; data-paused, data-overrun), meeting-state,
 *     current-title, current-presenter, run-sub, build-agenda (empty agenda),
 *     current-timer (data-overrun), current-elapsed, current-planned,
 *     current-remaining ("12:30 left" / "Over by 1:20"), run-start, run-back, run-pause, run-resume,
 *     run-next ("Next: <title> →" / "Finish and end meeting"), run-end, run-end-confirm, run-end-cancel,
 *     run-reopen, run-error
 *   speakers:
 *     speakers-panel, speaker-queue-count, speaker-rules, speakers-error,
 *     speaker-current (data-request-id, data-running, data-overrun), speaker-current-state,
 *     speaker-current-name, speaker-current-first-time, speaker-current-topic, speaker-current-meta,
 *     speaker-timer (data-running, data-overrun), speaker-elapsed, speaker-limit,
 *     speaker-remaining ("1:15 left" / "Over by 0:20"), speaker-start ("Start timer" / "Resume timer"),
 *     speaker-stop, speaker-finish, speaker-none, speaker-next ("Call next: <name>"; disabled while any
 *     speaker request is in flight), speaker-queue-empty, speaker-queue,
 *     speaker-entry (data-request-id, data-position, data-times-spoken), speaker-position, speaker-name,
 *     speaker-first-time, speaker-spoken ("spoken 2×"), speaker-room-name, speaker-manual, speaker-topic,
 *     speaker-requested, speaker-call, speaker-remove,
 *     speaker-add, speaker-add-toggle, speaker-add-form, speaker-add-name, speaker-add-topic, speaker-add-error,
 *     speaker-add-submit, speaker-recent-section, speaker-recent, speaker-recent-entry
 *   questions:
 *     answering-highlight (data-question-id), answering-done, answering-reopen,
 *     tab-incoming, tab-live, tab-other (aria-selected), count-incoming, count-live, count-other,
 *     question-item-filter (values: all | current | <item id> | general, as on the phone), sort-votes, sort-time (aria-pressed),
 *     list-incoming, list-live, list-other,
 *     mod-question (data-question-id, data-votes, data-status, data-progress, data-item-id, data-reason), question-text,
 *     question-votes, question-item (the agenda item, "2. Budget", or "General"), question-move (select: "Move to…"),
 *     question-original (the pre-edit text, inside a <details> "edited"),
 *     action-approve, action-reject, action-answering, action-answered, action-reopen,
 *     action-hide, action-archive, action-restore, action-edit,
 *     action-reason (select "▾" joined to the Hide / Reject button: picking a reason hides / rejects with it;
 *       the button itself hides / rejects without one), question-reason (badge: the reason of a hidden / rejected
 *       question),
 *     question-merge (select "Merge into…": the live questions), merge-confirm, merge-confirm-text, merge-yes,
 *     merge-cancel, question-merged-into ("Merged into: …" on a merged question),
 *     answer-box (<details>, on answering / answered questions), answer-summary, answer-text, answer-save,
 *     next-step-box (<details>, on open live questions), next-step-summary, next-step-text, next-step-save,
 *     record-status ("Saved"), edit-text, edit-counter, edit-save, edit-cancel, question-error
 * Debug hook: window.townhall (see live.js); state.stats holds the counters, state.agenda, state.speakers,
 * state.capabilities and state.role come from the snapshot and the messages.
 */
import {
  api, authorLabel, clearError, clearFormErrors, connectOrganizer, formatWhen, h, localizeTimes, reconcile, showError, showFormError, sortQuestions, textLength,
} from "./live.js";
import { renderRunBar as drawRunBar, runAnnouncement, tickRunBar } from "./runbar.js";
import { clock, elapsedNow, remainingText } from "./timers.js";

const root = document.getElementById("dashboard");
const code = root.dataset.code;
const maxLength = Number(root.dataset.maxLength) || 300;
const $ = (role) => root.querySelector(`[data-role="${role}"]`);
const base = `/api/events/${encodeURIComponent(code)}`;

// action -> [label, button style]; which ones show depends on status/progress (see visible()).
const ACTIONS = {
  approve: ["Approve", "btn-ok"],
  reject: ["Reject", "btn-secondary"],
  answering: ["Answer now", "btn"],
  answered: ["Mark answered", "btn-secondary"],
  reopen: ["Reopen", "btn-secondary"],
  hide: ["Hide", "btn-secondary"],
  archive: ["Archive", "btn-secondary"],
  restore: ["Restore", "btn-secondary"],
};

// Why a question was hidden or rejected (the server's MODERATION_REASONS), counted in the minutes.
const REASONS = {
  off_topic: "Off topic", duplicate: "Duplicate", offensive: "Offensive", personal_data: "Personal data",
  spam: "Spam", other: "Other",
};
const OTHER_STATUSES = ["hidden", "rejected", "archived", "merged"];

function visible(action, q) {
  const published = q.status === "published";
  switch (action) {
    case "approve":
    case "reject":
      return q.status === "pending";
    case "answering":
      return published && q.progress === "open";
    case "answered":
      return published && q.progress !== "answered";
    case "reopen":
      return published && q.progress !== "open";
    case "hide":
      return published;
    case "archive":
      return published || q.status === "hidden";
    case "restore":
      return ["hidden", "rejected", "archived"].includes(q.status);
    default:
      return false;
  }
}

const STATUS_LABEL = {
  pending: "Waiting", published: "Live", hidden: "Hidden", rejected: "Rejected", archived: "Archived", merged: "Merged",
};
const ROLE_LABEL = { owner: "Owner", moderator: "Moderator", note_taker: "Note-taker", presenter: "Presenter" };

let tab = "live";
let order = "votes";
let filter = "all"; // all | current | general | "<item id>"
const editing = new Map(); // question id -> draft text
const merging = new Map(); // question id -> the id of the question it is about to be merged into (confirming)
let runBusy = false; // a run-of-show request is in flight
let confirmingEnd = false;
let speakerBusy = false; // a speaker request is in flight: every speaker button waits for it

localizeTimes(root);

/** A message's server_now is the time its timers are as of: keep the clock offset fresh. */
function syncClock(msg, st) {
  const at = msg && msg.server_now ? Date.parse(msg.server_now) : NaN;
  if (!Number.isNaN(at)) st.clockOffset = at - Date.now();
}

const live = connectOrganizer(root, {
  code,
  onChange: render,
  errorEl: $("page-error"),
  handlers: {
    "agenda:changed": (msg, st) => {
      st.agenda = msg.agenda;
      syncClock(msg, st);
    },
    "speakers:changed": (msg, st) => {
      st.speakers = msg.speakers;
      syncClock(msg, st);
    },
    "records:changed": (msg, st) => {
      st.records = st.records || { items: {} };
      st.records.items[msg.item_id] = msg.records;
    },
    // A member's role changed: mine may have, so fetch a snapshot (it carries my capabilities).
    "team:changed": () => queueMicrotask(() => live.refresh()),
  },
});
const { state } = live;

function can(capability) {
  return Array.isArray(state.capabilities) && state.capabilities.includes(capability);
}

/**
 * Buttons are disabled (or swapped, Pause for Resume) while a request runs, which drops the keyboard focus:
 * give it back to the button, or to the first usable button next to it.
 */
function restoreFocus(trigger, container) {
  if (!trigger || (document.activeElement && document.activeElement !== document.body)) return;
  const usable = (el) => el && el.isConnected && !el.disabled && !el.hidden && el.offsetParent !== null;
  const target = usable(trigger) ? trigger
    : [...container.querySelectorAll("button")].find(usable);
  if (target) target.focus({ preventScroll: true });
}

function announce(text) {
  const el = $("announce");
  el.textContent = "";
  requestAnimationFrame(() => {
    el.textContent = text;
  });
}

// --- agenda helpers -------------------------------------------------------------------

function agendaItems() {
  return (state.agenda && state.agenda.items) || [];
}

function itemById(id) {
  return agendaItems().find((i) => i.id === id) || null;
}

function itemLabel(item) {
  return `${item.position + 1}. ${item.title}`;
}

// --- rendering -------------------------------------------------------------------

function render() {
  if (!state.loaded) return;
  clearError($("page-error"));
  const event = state.event;
  $("event-title").textContent = event.title;
  document.title = `${event.title} · Dashboard · Townhall`;
  const openBadge = $("open-badge");
  openBadge.textContent = event.is_open ? "Open" : "Closed";
  openBadge.classList.toggle("badge-ok", event.is_open);
  $("premod-badge").hidden = !event.premoderation;

  renderRole();
  renderCounters();
  renderRunBar();
  renderSpeakers();
  renderQuestions();
  tick();
}

function renderRole() {
  const role = state.role;
  $("role-line").hidden = !role;
  $("role").textContent = ROLE_LABEL[role] || role || "";

  const view = can("view");
  const links = {
    agenda: [view, can("agenda") ? "edit and run" : "read-only"],
    notes: [can("notes") || view, can("notes") ? "notes, decisions" : "read-only"],
    team: [view, can("team") ? "invite, roles" : "who is who"],
    polls: [view, can("questions") ? "prepare and run" : "read-only"],
  };
  for (const [name, [show, hint]] of Object.entries(links)) {
    $(`link-${name}`).hidden = !show;
    $(`${name}-hint`).textContent = hint;
  }
  $("link-settings").hidden = !can("settings");

  const readOnly = $("read-only");
  const full = can("questions") && can("agenda") && can("speakers");
  readOnly.hidden = full || !role;
  const key = `${role}:${(state.capabilities || []).join(",")}`;
  if (!full && role && readOnly.dataset.key !== key) {
    readOnly.dataset.key = key; // built once per role: a re-render must not take the focus off its link
    const name = (ROLE_LABEL[role] || role).toLowerCase();
    const parts = [`You are ${role === "owner" ? "the" : "a"} ${name} here: this dashboard is read-only for you.`];
    if (can("notes")) {
      parts.push(" Notes, decisions and action items go on the ",
        h("a", { href: $("link-notes").getAttribute("href") }, "Notes page"), ".");
    } else if (role === "presenter") {
      parts.push(" Open the projector to show the meeting to the room.");
    }
    readOnly.replaceChildren(...parts);
  }
}

function renderCounters() {
  const stats = state.stats || {};
  for (const el of root.querySelectorAll("[data-counter]")) {
    const value = stats[el.dataset.counter];
    el.textContent = typeof value === "number" ? value : "–";
  }
}

// --- run of show ------------------------------------------------------------------------

function renderRunBar() {
  const agenda = state.agenda;
  const items = agendaItems();
  if (agenda && agenda.meeting.state !== "running") confirmingEnd = false;
  const { meeting, current } = drawRunBar($, agenda, {
    items,
    byId: itemById,
    busy: runBusy,
    confirming: confirmingEnd,
    emptyTitle: "No agenda yet",
    // With the controls, the Next button names the next item already.
    subFor: (_current, next) => (next ? (can("agenda") ? "" : `Next: ${next.title}`) : "Last item"),
  });
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
  start.title = items.length ? "" : "Add items on the Agenda page first";
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
      syncClock(answer, state);
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

for (const button of $("run-controls").querySelectorAll("[data-run]")) {
  button.addEventListener("click", () => runAction(button.dataset.run));
}
$("end").addEventListener("click", () => {
  confirmingEnd = true;
  renderRunBar();
  root.querySelector('[data-testid="run-end-confirm"]').focus();
});
$("end-cancel").addEventListener("click", () => {
  confirmingEnd = false;
  renderRunBar();
  $("end").focus();
});

// --- list of speakers ---------------------------------------------------------------------

function speakers() {
  return state.speakers || { limit_seconds: 0, current: null, next: null, queue: [], recent: [] };
}

function spokenText(times) {
  return `spoken ${times}×`;
}

function renderSpeakers() {
  const list = speakers();
  const mayRun = can("speakers");
  const queue = list.queue || [];
  const event = state.event || {};
  $("queue-count").textContent = queue.length ? `· ${queue.length} waiting` : "";
  const rules = [`Limit ${clock(list.limit_seconds || event.speaker_time_limit || 0)}`];
  if (event.first_time_speakers_first) rules.push("first-time speakers first");
  if (event.anonymous_speakers) rules.push("names hidden from the room");
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
    $("current-name").textContent = current.name;
    $("current-first").hidden = current.times_spoken > 0;
    const topic = $("current-topic");
    topic.textContent = current.topic ? `“${current.topic}”` : "";
    topic.hidden = !current.topic;
    const meta = [];
    if (current.times_spoken > 0) meta.push(`Spoke ${current.times_spoken}× before`);
    if (current.room_name && current.room_name !== current.name) meta.push(`shown as “${current.room_name}”`);
    if (current.manual) meta.push("added by hand");
    $("current-meta").textContent = meta.join(" · ");
    $("current-meta").hidden = !meta.length;
    let label = "Speaking";
    if (!timer.running) label = timer.elapsed_seconds > 0 ? "Timer stopped" : "Called to the microphone";
    $("current-state").textContent = label;
    $("speaker-limit").textContent = clock(timer.limit_seconds);
    const actions = $("current-actions");
    actions.hidden = !mayRun;
    const startButton = actions.querySelector('[data-speaker="start"]');
    startButton.hidden = timer.running;
    startButton.textContent = timer.elapsed_seconds > 0 ? "Resume timer" : "Start timer";
    actions.querySelector('[data-speaker="stop"]').hidden = !timer.running;
  } else {
    delete box.dataset.requestId;
  }

  // call the next one
  const nextButton = $("speakers").querySelector('[data-speaker="next"]');
  nextButton.hidden = !mayRun;
  nextButton.textContent = queue.length ? `Call next: ${queue[0].name}` : "Call next";
  nextButton.title = queue.length
    ? (current ? `End ${current.name}'s turn and give the floor to ${queue[0].name}` : `Give the floor to ${queue[0].name}`)
    : "Nobody is waiting";

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
        h("span", { class: "speaker-name", "data-testid": "speaker-name" }),
        h("span", { class: "badge badge-first", "data-testid": "speaker-first-time" }, "First time"),
        h("span", { class: "speaker-spoken", "data-testid": "speaker-spoken" }),
        h("span", { class: "badge", "data-testid": "speaker-manual", title: "Added by hand (no phone)" }, "by hand")),
      h("p", { class: "speaker-topic", "data-testid": "speaker-topic" }),
      h("p", { class: "speaker-meta" },
        h("time", { "data-testid": "speaker-requested" }),
        h("span", { class: "speaker-room-name", "data-testid": "speaker-room-name" }))),
    h("div", { class: "speaker-actions" },
      h("button", {
        type: "button", class: "btn btn-secondary btn-small", "data-speaker": "call", "data-testid": "speaker-call",
        onclick: () => speakerAction("call", id),
      }, "Call"),
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
  el.querySelector(".speaker-name").textContent = entry.name;
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
  requested.textContent = entry.requested_at ? `asked ${formatWhen(entry.requested_at, "time")}` : "";
  const roomName = el.querySelector(".speaker-room-name");
  const shown = entry.room_name && entry.room_name !== entry.name;
  roomName.textContent = shown ? ` · shown as “${entry.room_name}”` : "";
  roomName.hidden = !shown;
  const actions = el.querySelector(".speaker-actions");
  actions.hidden = !can("speakers");
  const remove = actions.querySelector('[data-speaker="remove"]');
  remove.setAttribute("aria-label", `Remove ${entry.name} from the list`);
  remove.title = `Remove ${entry.name} from the list`;
  actions.querySelector('[data-speaker="call"]').setAttribute("aria-label", `Call ${entry.name}`);
}

function recentEntry(entry) {
  const limit = speakers().limit_seconds;
  const over = limit && entry.spoken_seconds > limit;
  return h("li", { class: "speaker-recent-entry", "data-testid": "speaker-recent-entry", "data-request-id": entry.id },
    h("span", { class: "speaker-name" }, entry.name),
    h("span", { class: `speaker-recent-time${over ? " is-overrun" : ""}` },
      `spoke ${clock(entry.spoken_seconds || 0)}${over ? ` (${clock(entry.spoken_seconds - limit)} over)` : ""}`),
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
    if (action === "next" || action === "call") announce(now ? `${now.name} has the floor.` : "");
    else if (action === "finish") announce("Finished.");
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
    showFormError(addForm, { field: "name", message: "Who wants to speak? Enter a name." }, errorEl);
    return;
  }
  const submit = addForm.querySelector('[type="submit"]');
  submit.disabled = true;
  try {
    await api(`${base}/speakers/add`, { method: "POST", body: { name, topic } });
    addForm.reset();
    announce(`${name} is in the list of speakers.`);
    addForm.elements.name.focus();
  } catch (error) {
    showFormError(addForm, error, errorEl);
  } finally {
    submit.disabled = false;
  }
});

// --- questions ------------------------------------------------------------------------------

function inFilter(q) {
  if (filter === "all") return true;
  if (filter === "general") return q.agenda_item_id === null || q.agenda_item_id === undefined;
  if (filter === "current") {
    const current = state.agenda && state.agenda.current_item_id;
    return current === null || current === undefined ? true : q.agenda_item_id === current;
  }
  return q.agenda_item_id === Number(filter);
}

function renderFilter() {
  const items = agendaItems();
  const select = $("filter");
  if (!["all", "current", "general"].includes(filter) && !itemById(Number(filter))) filter = "all";
  $("filter-wrap").hidden = items.length === 0;
  if (!items.length) filter = "all";
  const current = state.agenda ? itemById(state.agenda.current_item_id) : null;
  const options = [
    ["all", "All items"],
    ["current", current ? `Current item: ${current.title}` : "Current item"],
    ...items.map((i) => [String(i.id), itemLabel(i)]),
    ["general", "General (no agenda item)"],
  ];
  const signature = JSON.stringify(options);
  if (select.dataset.signature !== signature) {
    select.replaceChildren(...options.map(([value, label]) => h("option", { value }, label)));
    select.dataset.signature = signature;
  }
  select.value = filter;
}

/** How the empty lists name the filter: "for “Budget”", or null when every question shows. */
function filterLabel() {
  if (filter === "general") return "among the general questions";
  if (filter === "current") {
    const current = state.agenda ? itemById(state.agenda.current_item_id) : null;
    return current ? `for “${current.title}”` : null;
  }
  const item = itemById(Number(filter));
  return item ? `for “${item.title}”` : null;
}

function renderQuestions() {
  renderFilter();
  const event = state.event;
  const all = Object.values(state.questions);
  const shown = all.filter(inFilter);
  const incoming = shown.filter((q) => q.status === "pending")
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);
  const published = all.filter((q) => q.status === "published");
  const answering = published.find((q) => q.progress === "answering");
  const publishedShown = published.filter(inFilter);
  const liveList = [
    ...(answering && inFilter(answering) ? [answering] : []),
    ...sortQuestions(publishedShown.filter((q) => q.progress === "open"), order),
    ...sortQuestions(publishedShown.filter((q) => q.progress === "answered"), order),
  ];
  const other = sortQuestions(shown.filter((q) => OTHER_STATUSES.includes(q.status)), "time");

  renderAnswering(answering);
  const lists = { incoming, live: liveList, other };
  for (const [name, items] of Object.entries(lists)) {
    const count = root.querySelector(`[data-count="${name}"]`);
    count.textContent = items.length;
    count.classList.toggle("has-items", name === "incoming" && items.length > 0);
    root.querySelector(`[data-empty="${name}"]`).hidden = items.length > 0;
    reconcile(root.querySelector(`[data-list="${name}"]`), items, (q) => q.id, createCard, updateCard);
  }
  const scope = filterLabel();
  const empty = (name, text) => {
    const el = root.querySelector(`[data-empty="${name}"]`);
    if (el.textContent !== text) el.textContent = text;
  };
  if (scope) {
    empty("incoming", `No questions waiting ${scope}.`);
    empty("live", `No live questions ${scope}.`);
    empty("other", `Nothing hidden, rejected, archived or merged ${scope}.`);
  } else {
    empty("incoming", event.premoderation
      ? "No questions waiting for approval."
      : "No questions waiting. Pre-moderation is off: new questions go live directly (turn it on in Settings).");
    empty("live", `No live questions yet. Share the join code: ${event.code}`);
    empty("other", "Nothing hidden, rejected, archived or merged.");
  }

  for (const button of root.querySelectorAll("[data-tab]")) {
    const selected = button.dataset.tab === tab;
    button.setAttribute("aria-selected", String(selected));
    button.tabIndex = selected ? 0 : -1;
  }
  for (const panel of root.querySelectorAll("[data-panel]")) panel.hidden = panel.dataset.panel !== tab;
  $("sort").hidden = tab !== "live";
  for (const button of root.querySelectorAll("[data-sort]")) {
    button.setAttribute("aria-pressed", String(button.dataset.sort === order));
  }
}

function renderAnswering(question) {
  const box = $("answering");
  box.hidden = !question;
  $("answering-actions").hidden = !can("questions");
  if (!question) {
    delete box.dataset.questionId;
    return;
  }
  box.dataset.questionId = question.id;
  $("answering-text").textContent = question.text;
  $("answering-author").textContent = `— ${authorLabel(question)} · ${question.votes} ${question.votes === 1 ? "vote" : "votes"}`;
}

function createCard(q) {
  const id = q.id;
  const move = h("select", {
    class: "input input-small mod-move", "data-testid": "question-move", "aria-label": "Move to another agenda item",
    onchange: (e) => moveQuestion(id, e.currentTarget),
  });
  const mergeSelect = h("select", {
    class: "input input-small mod-move mod-merge", "data-testid": "question-merge",
    "aria-label": "Merge this duplicate into another question",
    onchange: (e) => askMerge(id, e.currentTarget),
  });
  const reason = h("select", {
    class: "input input-small mod-reason", "data-testid": "action-reason",
    onchange: (e) => moderateWithReason(id, e.currentTarget),
  });
  const actions = h("div", { class: "mod-actions" },
    Object.entries(ACTIONS).map(([action, [label, style]]) =>
      h("button", {
        type: "button",
        class: `btn btn-small ${style}`,
        "data-action": action,
        "data-testid": `action-${action}`,
        onclick: (e) => act(id, action, e.currentTarget),
      }, label)),
    reason,
    h("button", {
      type: "button", class: "btn btn-small btn-ghost", "data-action": "edit", "data-testid": "action-edit",
      onclick: () => startEdit(id),
    }, "Edit"));

  return h("li", { class: "mod-card", "data-testid": "mod-question" },
    h("div", { class: "mod-card-main" },
      h("div", { class: "mod-votes", "data-testid": "question-votes", title: "Votes" },
        h("span", { class: "vote-arrow", "aria-hidden": "true", text: "▲" }),
        h("span", { class: "mod-votes-n" })),
      h("div", { class: "mod-card-body" },
        h("p", { class: "mod-text question-text", "data-testid": "question-text" }),
        h("details", { class: "mod-original", hidden: true },
          h("summary", {}, "Edited — show the original"),
          h("p", { class: "prewrap", "data-testid": "question-original" })),
        h("p", { class: "mod-merged-into", "data-testid": "question-merged-into", hidden: true }),
        h("div", { class: "mod-foot" },
          h("p", { class: "question-meta" },
            h("span", { class: "question-author" }),
            h("span", { class: "sep", "aria-hidden": "true", text: " · " }),
            h("time", { class: "question-time" }),
            h("span", { class: "mod-item", "data-testid": "question-item" }),
            move,
            mergeSelect,
            h("span", { class: "badges" })),
          actions),
        createMergeConfirm(id),
        h("div", { class: "mod-record" },
          createRecordBox(id, "answer_text", "answer", "Answer"),
          createRecordBox(id, "next_step", "next-step", "Next step")),
        h("p", { class: "question-error", "data-testid": "question-error", role: "alert", hidden: true }))));
}

/** "Merge into “…”? Its votes move there." with Merge / Cancel: shown after picking a target (a merge is final). */
function createMergeConfirm(id) {
  return h("div", { class: "mod-merge-confirm confirm-inline", "data-testid": "merge-confirm", hidden: true },
    h("span", { class: "mod-merge-question", "data-testid": "merge-confirm-text" }),
    h("button", {
      type: "button", class: "btn btn-small", "data-testid": "merge-yes",
      onclick: (e) => mergeQuestion(id, e.currentTarget),
    }, "Merge"),
    h("button", {
      type: "button", class: "btn btn-small btn-ghost", "data-testid": "merge-cancel",
      onclick: () => {
        merging.delete(id);
        live.changed();
      },
    }, "Cancel"));
}

/**
 * A collapsed box for the record of a question: the answer given (answering / answered questions) or the next
 * step (open ones). Saved on blur or with the Save button; the summary shows what is saved.
 */
function createRecordBox(id, field, testid, label) {
  const multiline = field === "answer_text";
  const input = h(multiline ? "textarea" : "input", {
    class: `input ${multiline ? "textarea" : "input-small"}`, "data-testid": `${testid}-text`,
    "aria-label": field === "answer_text" ? "What the panel answered" : "What happens next to this question",
    maxlength: field === "answer_text" ? 4000 : 1000,
    placeholder: field === "answer_text" ? "What the panel answered, for the minutes"
      : "e.g. Written reply within 14 days",
    ...(multiline ? { rows: 3 } : { type: "text" }),
  });
  const save = () => saveRecord(id, field, box);
  input.addEventListener("input", () => {
    box.querySelector(".mod-box-status").textContent = "";
  });
  input.addEventListener("blur", () => {
    if (input.value !== (box.dataset.saved || "")) save();
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (!multiline || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      save();
    }
  });
  const box = h("details", { class: `mod-box mod-box-${testid}`, "data-testid": `${testid}-box`, "data-field": field },
    h("summary", { "data-testid": `${testid}-summary` },
      h("span", { class: "mod-box-label", text: label }),
      h("span", { class: "mod-box-preview" })),
    h("div", { class: "mod-box-body" },
      input,
      h("div", { class: "mod-box-row" },
        h("span", { class: "hint mod-box-status", "data-testid": "record-status", role: "status" }),
        h("button", { type: "button", class: "btn btn-small btn-secondary", "data-testid": `${testid}-save`, onclick: save },
          "Save"))));
  return box;
}

/** The inline edit form exists only while a question is being edited. */
function createEditForm(id) {
  const textarea = h("textarea", { class: "input textarea", rows: 3, "data-testid": "edit-text", "aria-label": "Question text" });
  const counter = h("span", { class: "counter", "data-testid": "edit-counter" });
  const sync = () => {
    editing.set(id, textarea.value);
    const length = textLength(textarea.value);
    counter.textContent = `${length} / ${maxLength}`;
    counter.dataset.over = String(length > maxLength);
  };
  textarea.value = editing.get(id) ?? "";
  textarea.addEventListener("input", sync);
  textarea.addEventListener("keydown", (e) => {
    if (e.key === "Escape") cancelEdit(id);
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) saveEdit(id, e.currentTarget.closest(".mod-card"));
  });
  const form = h("form", {
    class: "mod-edit",
    onsubmit: (e) => {
      e.preventDefault();
      saveEdit(id, e.currentTarget.closest(".mod-card"));
    },
  },
  textarea,
  h("div", { class: "mod-edit-row" },
    counter,
    h("span", { class: "mod-edit-hint hint" }, "Ctrl+Enter saves · Esc cancels"),
    h("span", { class: "mod-edit-buttons" },
      h("button", { type: "button", class: "btn btn-small btn-secondary", "data-testid": "edit-cancel", onclick: () => cancelEdit(id) }, "Cancel"),
      h("button", { type: "submit", class: "btn btn-small", "data-testid": "edit-save" }, "Save"))));
  sync();
  return form;
}

/** The "Move to…" select: every agenda item but the question's own, and "General" (no item). */
function updateMove(select, q) {
  const items = agendaItems();
  const options = [
    ["", "Move to…"],
    ...items.filter((i) => i.id !== q.agenda_item_id).map((i) => [String(i.id), itemLabel(i)]),
    ...(q.agenda_item_id === null || q.agenda_item_id === undefined ? [] : [["general", "General (no agenda item)"]]),
  ];
  const signature = JSON.stringify(options);
  if (select.dataset.signature !== signature) {
    select.replaceChildren(...options.map(([value, label]) => h("option", { value }, label)));
    select.dataset.signature = signature;
    select.value = "";
  }
  select.hidden = !can("questions") || items.length === 0;
}

function updateCard(el, q) {
  el.dataset.questionId = q.id;
  el.dataset.reason = q.moderation_reason || "";
  el.dataset.votes = q.votes;
  el.dataset.status = q.status;
  el.dataset.progress = q.progress;
  el.dataset.itemId = q.agenda_item_id ?? "";
  el.classList.toggle("is-answering", q.status === "published" && q.progress === "answering");
  el.classList.toggle("is-answered", q.status === "published" && q.progress === "answered");
  el.classList.toggle("is-pending", q.status === "pending");
  el.querySelector(".mod-votes-n").textContent = q.votes;
  el.querySelector(".mod-votes").setAttribute("aria-label", `${q.votes} ${q.votes === 1 ? "vote" : "votes"}`);

  const isEditing = editing.has(q.id);
  const text = el.querySelector(".mod-text");
  text.textContent = q.text;
  text.hidden = isEditing;
  const form = el.querySelector(".mod-edit");
  if (isEditing && !form) text.after(createEditForm(q.id));
  if (!isEditing && form) form.remove();

  const original = el.querySelector(".mod-original");
  original.hidden = !q.edited || !q.original_text;
  original.querySelector("p").textContent = q.original_text || "";
  original.title = q.original_text ? `Original: ${q.original_text}` : "";

  const mergedInto = el.querySelector(".mod-merged-into");
  const target = q.status === "merged" ? state.questions[q.merged_into_id] : null;
  mergedInto.hidden = q.status !== "merged";
  mergedInto.textContent = target ? `Merged into: “${target.text}”` : "Merged into another question.";

  el.querySelector(".question-author").textContent = q.anonymous ? "Anonymous" : q.author || "No name";
  const time = el.querySelector(".question-time");
  time.dateTime = q.created_at || "";
  time.textContent = formatWhen(q.created_at, "time");

  const item = q.agenda_item_id === null || q.agenda_item_id === undefined ? null : itemById(q.agenda_item_id);
  const itemEl = el.querySelector(".mod-item");
  itemEl.textContent = item ? itemLabel(item) : "General";
  itemEl.title = item ? `Agenda item: ${item.title}` : "Not filed under an agenda item";
  itemEl.classList.toggle("is-none", !item);
  itemEl.hidden = agendaItems().length === 0;

  const badges = [];
  if (q.status !== "published") badges.push(h("span", { class: `badge badge-${q.status}`, text: STATUS_LABEL[q.status] || q.status }));
  if (q.moderation_reason && q.status !== "published") {
    badges.push(h("span", {
      class: "badge badge-reason", "data-testid": "question-reason", title: "Why it was hidden or rejected",
      text: REASONS[q.moderation_reason] || q.moderation_reason,
    }));
  }
  if (q.status === "published" && q.progress === "answering") badges.push(h("span", { class: "badge badge-answering", text: "Answering now" }));
  if (q.status === "published" && q.progress === "answered") badges.push(h("span", { class: "badge badge-answered", text: "Answered" }));
  if (q.edited && !q.original_text) badges.push(h("span", { class: "badge", text: "Edited" }));
  el.querySelector(".badges").replaceChildren(...badges);

  const mayModerate = can("questions");
  el.querySelector(".mod-actions").hidden = !mayModerate;
  for (const button of el.querySelectorAll(".mod-actions [data-action]")) {
    const action = button.dataset.action;
    button.hidden = !mayModerate || (action === "edit" ? isEditing || q.status === "merged" : !visible(action, q));
    button.disabled = button.dataset.busy === "1";
  }
  updateMove(el.querySelector(".mod-move:not(.mod-merge)"), q);
  updateReason(el.querySelector(".mod-reason"), q, mayModerate);
  updateMerge(el, q, mayModerate);
  updateRecord(el.querySelector('[data-field="answer_text"]'), q,
    q.status === "published" && q.progress !== "open");
  updateRecord(el.querySelector('[data-field="next_step"]'), q, q.status === "published" && q.progress === "open");
}

/** The ▾ beside Hide / Reject: the same action as the button, with a reason for the minutes. */
function updateReason(select, q, mayModerate) {
  const action = q.status === "pending" ? "reject" : q.status === "published" ? "hide" : null;
  select.hidden = !mayModerate || !action;
  if (!action) return;
  const verb = action === "hide" ? "Hide" : "Reject";
  if (select.dataset.action !== action) {
    // A split button: the button hides / rejects at once, the ▾ next to it with a reason.
    select.replaceChildren(
      h("option", { value: "", hidden: true }, "▾"),
      ...Object.entries(REASONS).map(([value, label]) => h("option", { value }, `${verb}: ${label.toLowerCase()}`)));
    select.dataset.action = action;
    select.setAttribute("aria-label", `${verb} with a reason`);
    select.title = `${verb} with a reason (counted in the minutes)`;
    const button = select.parentElement.querySelector(`[data-action="${action}"]`);
    if (button) button.after(select);
  }
  select.disabled = select.dataset.busy === "1";
  if (!select.disabled) select.value = "";
}

/**
 * Live questions this one could be a duplicate of: every other published question, in the order asked (not by
 * votes: the menu must not change under the moderator's pointer with every tally).
 */
function mergeTargets(q) {
  return Object.values(state.questions)
    .filter((t) => t.status === "published" && t.id !== q.id)
    .sort((a, b) => a.id - b.id);
}

function shorten(text, length) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

function updateMerge(el, q, mayModerate) {
  const select = el.querySelector(".mod-merge");
  const mergeable = q.status === "pending" || (q.status === "published" && q.progress === "open");
  const targets = mergeable ? mergeTargets(q) : [];
  select.hidden = !mayModerate || targets.length === 0;
  const options = [["", "Merge into…"], ...targets.map((t) => [String(t.id), shorten(t.text, 80)])];
  const signature = JSON.stringify(options);
  if (select.dataset.signature !== signature) {
    select.replaceChildren(...options.map(([value, label]) => h("option", { value }, label)));
    select.dataset.signature = signature;
  }
  select.value = "";

  const confirm = el.querySelector(".mod-merge-confirm");
  const target = merging.has(q.id) ? state.questions[merging.get(q.id)] : null;
  if (merging.has(q.id) && (!target || target.status !== "published" || !mergeable)) merging.delete(q.id);
  confirm.hidden = !mayModerate || !merging.has(q.id);
  if (!confirm.hidden) {
    confirm.querySelector(".mod-merge-question").textContent =
      `Merge into “${shorten(target.text, 90)}”? Its votes move there; this cannot be undone.`;
  }
}

/** The answer / next-step box: its input follows the server unless someone is typing in it. */
function updateRecord(box, q, shown) {
  const field = box.dataset.field;
  const saved = q[field] || "";
  const input = box.querySelector("input, textarea");
  const mayEdit = can("questions");
  box.hidden = !shown || (!mayEdit && !saved);
  if (input.value === (box.dataset.saved || "") && document.activeElement !== input) input.value = saved;
  box.dataset.saved = saved;
  const preview = box.querySelector(".mod-box-preview");
  preview.textContent = saved ? shorten(saved, 90) : "not recorded";
  preview.classList.toggle("is-empty", !saved);
  input.readOnly = !mayEdit;
  box.querySelector("button").hidden = !mayEdit;
}

// --- question actions ------------------------------------------------------------------------

async function act(id, action, button, body) {
  const card = button.closest(".mod-card");
  const errorEl = card ? card.querySelector(".question-error") : $("page-error");
  clearError(errorEl);
  button.dataset.busy = "1";
  button.disabled = true;
  try {
    const { question } = await api(`${base}/questions/${id}/${action}`, { method: "POST", body });
    live.upsert(question);
    if (body && body.reason) {
      announce(`${action === "hide" ? "Hidden" : "Rejected"}: ${REASONS[body.reason].toLowerCase()}.`);
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

function moderateWithReason(id, select) {
  const reason = select.value;
  const action = select.dataset.action;
  if (!reason || !action) return;
  act(id, action, select, { reason });
}

function askMerge(id, select) {
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

async function mergeQuestion(id, button) {
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
    announce(`Merged into “${shorten(answer.into.text, 60)}”: it has ${answer.into.votes} votes now.`);
  } catch (error) {
    showError(errorEl, error);
  } finally {
    button.disabled = false;
    live.changed();
  }
}

async function saveRecord(id, field, box) {
  const input = box.querySelector("input, textarea");
  const status = box.querySelector(".mod-box-status");
  const errorEl = box.closest(".mod-card").querySelector(".question-error");
  if (box.dataset.busy === "1") {
    box.dataset.again = "1"; // typed on while saving: save once more afterwards
    return;
  }
  const value = input.value;
  if (value === (box.dataset.saved || "")) {
    status.textContent = value ? "Saved" : "";
    return;
  }
  clearError(errorEl);
  box.dataset.busy = "1";
  status.textContent = "Saving…";
  try {
    const { question } = await api(`${base}/questions/${id}`, { method: "PATCH", body: { [field]: value } });
    if (input.value === value) input.value = question[field] || ""; // as stored (trimmed, cleaned)
    box.dataset.saved = question[field] || "";
    // Only this field: an action sent meanwhile (e.g. "Mark answered" clicked as the field lost focus) may
    // have changed the rest, and its answer or the socket's message is newer than this one.
    live.upsert({ id: question.id, [field]: question[field] });
    status.textContent = question[field] ? "Saved" : "Cleared";
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

async function moveQuestion(id, select) {
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
    announce(item ? `Moved to “${item.title}”.` : "Moved to the general questions.");
  } catch (error) {
    showError(errorEl, error);
  } finally {
    select.disabled = false;
    select.value = "";
  }
}

function startEdit(id) {
  const q = state.questions[id];
  if (!q) return;
  editing.set(id, q.text);
  live.changed();
  queueMicrotask(() => {
    const textarea = root.querySelector(`.mod-card[data-question-id="${id}"] .mod-edit textarea`);
    if (textarea) textarea.focus();
  });
}

function cancelEdit(id) {
  editing.delete(id);
  live.changed();
  queueMicrotask(() => {
    const button = root.querySelector(`.mod-card[data-question-id="${id}"] [data-action="edit"]`);
    if (button) button.focus();
  });
}

async function saveEdit(id, card) {
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

$("answering-done").addEventListener("click", (e) => {
  const id = Number($("answering").dataset.questionId);
  if (id) act(id, "answered", e.currentTarget);
});
$("answering-reopen").addEventListener("click", (e) => {
  const id = Number($("answering").dataset.questionId);
  if (id) act(id, "reopen", e.currentTarget);
});

// Tabs: click, or arrow keys between them (WAI-ARIA tabs pattern).
const tabButtons = [...root.querySelectorAll("[data-tab]")];
for (const button of tabButtons) {
  button.addEventListener("click", () => {
    tab = button.dataset.tab;
    render();
  });
  button.addEventListener("keydown", (e) => {
    const index = tabButtons.indexOf(button);
    let next = null;
    if (e.key === "ArrowRight") next = tabButtons[(index + 1) % tabButtons.length];
    if (e.key === "ArrowLeft") next = tabButtons[(index - 1 + tabButtons.length) % tabButtons.length];
    if (e.key === "Home") next = tabButtons[0];
    if (e.key === "End") next = tabButtons[tabButtons.length - 1];
    if (next) {
      e.preventDefault();
      tab = next.dataset.tab;
      render();
      next.focus();
    }
  });
}
for (const button of root.querySelectorAll("[data-sort]")) {
  button.addEventListener("click", () => {
    order = button.dataset.sort;
    render();
  });
}
$("filter").addEventListener("change", (e) => {
  filter = e.currentTarget.value;
  render();
});

// --- timers: twice a second, only text and flags change ---------------------------------------

function tick() {
  if (!state.loaded) return;
  const offset = state.clockOffset || 0;
  tickRunBar($, state.agenda ? itemById(state.agenda.current_item_id) : null, offset);

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
setInterval(tick, 500);
