/**
 * Attendee page (/e/<code>): join, ask, upvote, follow live (agenda, list of speakers, polls via pollvote.js),
 * one section at a time from the tab bar (attendee/tabs.js). Phone first. Test ids and the debug hook:
 * docs/testids-phone.md.
 * One module over 400 lines on purpose: every module the phone imports costs ~0.6 KB gzipped on its first
 * load (60 KB budget, tests/test_http_compression.py; served without comments). What a section needs only
 * once shown loads then: the list of speakers' drawing and forms (attendee/speak.js, with the Speak tab), the
 * poll cards, charts and inputs (pollvote/cards.js, with the first poll), similar questions (attendee/similar.js,
 * with the first keystroke), the news toast (attendee/news.js, with the first news); their strings come with them.
 * The page's parts are sections below (sections' badges and news, agenda, list of speakers, questions); the
 * shared glue is in live.js.
 */
import { moreStrings, t, tn } from "./i18n.js";
import {
  agendaItems, api, applyVoteAnswer, authorLabel, clearError, connectLive, currentItem, formatWhen, h, itemById,
  localizeTimes, markMine, reconcile, recordAsked, roomHandlers, showError, sortQuestions, textLength,
  watchSpeakerSettings,
} from "./live.js";
import { draftStore, newKey, sendOnce } from "./attendee/outbox.js";
import { createAnnouncer, createRoomWatch } from "./live/announce.js";
import { createTabs } from "./attendee/tabs.js";
import { createPhonePolls } from "./pollvote.js";
import { pollList } from "./polls/state.js";
import { clock, elapsedNow, remainingText } from "./timers.js";
import { showBranding } from "./live/brand.js";

const root = document.getElementById("attendee");
const code = root.dataset.code;
const maxLength = Number(root.dataset.maxLength) || 300;
const $ = (role) => root.querySelector(`[data-role="${role}"]`);

localizeTimes(root);
const announcer = createAnnouncer($("announcer"));
const roomWatch = createRoomWatch(announcer);

let order = "popular";
try {
  order = sessionStorage.getItem("townhall:sort") === "recent" ? "recent" : "popular";
} catch {
  /* ignore */
}

const base = `/api/events/${encodeURIComponent(code)}`;
const speakerSettingsChanged = watchSpeakerSettings(); // names and order in the list of speakers depend on these

const polls = createPhonePolls({ root, base });
const agenda = createAgendaPanel({ $, onFilter: () => render() });
const speakers = createSpeakersPanel({ $, base, wanted: () => tabs.current() === "speak" });

const live = connectLive({
  code,
  audience: "attendee",
  snapshotUrl: `${base}/snapshot`,
  statusEl: root.querySelector('[data-testid="connection-status"]'),
  onChange: render,
  onError: (error) => showError($("page-error"), error),
  handlers: {
    ...roomHandlers({ beforeSpeakers: speakers.beforeSpeakers }),
    ...polls.handlers,
  },
  tallies: {
    ...polls.tallies,
    // Minutes published or withdrawn: show or hide the link (the page load shows the state then).
    "minutes:published": (msg) => {
      document.querySelector('[data-role="minutes-link"]').hidden = !msg.minutes;
    },
  },
});
const { state } = live;
for (const panel of [polls, agenda, speakers]) panel.attach(live);
const tabs = createTabs({ root, code, onShow: (name) => {
  if (name !== "questions" && name !== "ask" && waitingFor === null) $("ask-done").hidden = true; // old news there
  if (news) news.then((toast) => toast.shown(name), () => {});
  render();
} });

// A follow-up moved (referred, answered in writing...): the question's state; for this phone's own question
// answered in writing (the asker's room adds mine: true), a notice linking to its receipt (/e/<code>/mine).
const noticed = new Set();
live.socket.on("followup:changed", (msg) => {
  const followup = msg && msg.followup;
  if (!followup) return;
  const own = state.me && (state.me.own || []).find((q) => q.id === followup.question_id);
  for (const question of [state.questions[followup.question_id], own]) {
    if (question) question.state = followup.state;
  }
  if (msg.mine && followup.state === "answered_in_writing" && !noticed.has(followup.question_id)) {
    noticed.add(followup.question_id);
    $("followup-notice").hidden = false;
  }
  live.changed();
});

// A command refused with `banned` (live/page.js): the moderator banned this phone since the snapshot.
window.addEventListener("townhall:banned", () => {
  if (state.me && !state.me.banned) {
    state.me.banned = true;
    live.changed();
  }
});

// --- rendering ---------------------------------------------------------------

function mine() {
  return new Set(state.me ? state.me.mine : []);
}

function voted() {
  return new Set(state.me ? state.me.voted : []);
}

function render() {
  if (!state.loaded) return;
  $("loading").hidden = true;
  clearError($("page-error"));
  const event = state.event;
  const joined = Boolean(state.me);
  const open = event.is_open;

  document.title = `${event.title} · Townhall`;
  showBranding(event);
  $("event-title").textContent = event.title;

  // Names and order in the list of speakers depend on these: fetch the room's view again.
  if (speakerSettingsChanged(event)) live.refresh();

  const banned = Boolean(state.me && state.me.banned);
  $("banned").hidden = !banned;
  $("closed").hidden = open;
  $("join").hidden = !open || joined;
  $("ask").hidden = !open || !joined || banned;
  if (!joined && open) renderJoin(event);
  if (joined && open) renderAsk(event);

  forgetApproved();
  agenda.renderNow();
  polls.render();
  speakers.render();
  if (banned) $("speak").hidden = true; // the server refuses a banned phone's request anyway
  agenda.renderPickers();
  suggest("render");

  const questions = Object.values(state.questions).filter((q) => q.status === "published");
  roomWatch.questions(questions, new Set((state.me && state.me.mine) || []));
  renderAnswering($, questions.find((q) => q.progress === "answering"));
  renderPending($, state);

  const filter = agenda.filter();
  const shown = questions.filter(agenda.matchesFilter);
  const openQs = sortQuestions(shown.filter((q) => q.progress !== "answered"), order);
  const answered = sortQuestions(shown.filter((q) => q.progress === "answered"), order);
  $("open-count").textContent = openQs.length ? `(${openQs.length})` : "";
  $("answered-count").textContent = answered.length ? `(${answered.length})` : "";
  $("empty").hidden = openQs.length > 0;
  if (filter !== "all") {
    $("empty").textContent = filter === "general" ? t("No open general questions.") : t("No open questions about this item.");
  } else {
    $("empty").textContent = !open ? t("No open questions.")
      : answered.length ? t("No open questions. Ask the next one!") : t("No questions yet. Be the first to ask!");
  }
  $("answered-section").hidden = answered.length === 0;
  renderSections({ questions, joined, open, banned });
  const ctx = { mine: mine(), voted: voted(), joined, open, itemOf: agenda.itemOf };
  const create = (q) => createCard(q, toggleVote);
  reconcile($("open-list"), openQs, (q) => q.id, create, (el, q) => updateCard(el, q, ctx));
  reconcile($("answered-list"), answered, (q) => q.id, create, (el, q) => updateCard(el, q, ctx));

  for (const button of root.querySelectorAll("[data-sort]")) {
    button.setAttribute("aria-pressed", String(button.dataset.sort === order));
  }
  tick();
}

// --- the sections' tab bar: badges, and news from a section not in sight ---------------------------------

let seenQuestions = null; // published question ids the person has had on screen (Questions tab shown)
let knownPolls = null; // open poll ids as of the last render (null: the first render only learns)
let pollNews = null; // the open poll the toast is about
let lastTurn = null; // this phone's place in the list of speakers at the last render
let news = null; // the toast for news from a section not in sight (attendee/news.js), loaded with the first news

function tell(message) {
  news = news || moreStrings().then(() => import("./attendee/news.js")).then(({ createNews }) => createNews({ root, tabs }));
  news.then((toast) => toast.notify(message), () => {
    news = null; // tried again with the next news
  });
}

function untell(kind) {
  if (news) news.then((toast) => toast.withdraw(kind), () => {});
}

function renderSections({ questions, joined, open, banned }) {
  const shown = tabs.current();
  const mineIds = mine();
  const openQs = questions.filter((q) => q.progress !== "answered");
  if (!seenQuestions || shown === "questions") seenQuestions = new Set(questions.map((q) => q.id));
  const fresh = openQs.filter((q) => !seenQuestions.has(q.id) && !mineIds.has(q.id)).length;
  tabs.badge("questions", fresh
    ? { text: String(fresh), accent: true, label: tn("%(n)s new question", "%(n)s new questions", fresh) }
    : { text: openQs.length ? String(openQs.length) : "",
      label: tn("%(n)s open question", "%(n)s open questions", openQs.length) });

  const drafted = joined && open && !banned && textarea.value.trim() !== "";
  tabs.badge("ask", drafted ? { text: "•", label: t("a question typed, not sent yet") } : {});
  const note = $("ask-note");
  note.textContent = banned ? t("A moderator has stopped this phone from taking part")
    : !open ? t("This meeting is closed: no new questions.") : !joined ? t("Join the meeting above to ask a question.") : "";
  note.hidden = !note.textContent;
  $("speak-off").hidden = !banned;

  const openPolls = pollList(state).filter((p) => p.status === "open");
  const polled = new Set((state.me && state.me.polls_voted) || []);
  const toAnswer = joined && open && !banned ? openPolls.filter((p) => !polled.has(p.id)).length : 0;
  tabs.badge("polls", { text: openPolls.length ? String(openPolls.length) : "", accent: toAnswer > 0,
    label: toAnswer ? tn("%(n)s poll to answer", "%(n)s polls to answer", toAnswer)
      : tn("%(n)s open poll", "%(n)s open polls", openPolls.length) });
  $("polls-empty").hidden = pollList(state).length > 0; // not while the first poll's charts load
  const arrived = knownPolls ? openPolls.filter((p) => !knownPolls.has(p.id)) : [];
  knownPolls = new Set(openPolls.map((p) => p.id));
  if (arrived.length) {
    const poll = arrived[arrived.length - 1];
    const text = t("New poll: %(question)s", { question: poll.question });
    announcer.say("poll", text);
    pollNews = poll.id;
    tell({ kind: "poll", words: text, button: t("Go to the poll"), tab: "polls",
      target: () => root.querySelector(`[data-testid="poll-card"][data-poll-id="${poll.id}"]`) });
  } else if (pollNews !== null && !knownPolls.has(pollNews)) {
    pollNews = null;
    untell("poll");
  }

  const turn = speakers.turn();
  if (turn.state === "waiting") {
    tabs.badge("speak", { text: `#${turn.position}`,
      label: t("You are number %(position)s in the queue", { position: turn.position }) });
  } else if (turn.state === "speaking") {
    tabs.badge("speak", { text: "●", accent: true, label: t("You have the floor") });
  } else {
    tabs.badge("speak", {});
  }
  if (lastTurn !== null && lastTurn !== "speaking" && turn.state === "speaking") {
    const text = t("You have the floor. Please go to the microphone.");
    announcer.say("floor", text);
    tell({ kind: "floor", words: text, button: t("Open Speak"), tab: "speak",
      target: () => speakers.ready().then(() => $("speak-status")) });
  } else if (turn.state !== "speaking") {
    untell("floor");
  }
  lastTurn = turn.state;
}

// --- timers: twice a second, text only ---------------------------------------------------

function tick() {
  if (!state.loaded) return;
  polls.tick();
  const offset = state.clockOffset || 0;
  agenda.tick(offset);
  speakers.tick(offset);
}
setInterval(tick, 500);

// --- joining and asking -------------------------------------------------------------------

function renderJoin(event) {
  $("join-passcode").hidden = event.join_mode !== "passcode";
  $("join-key").hidden = event.join_mode !== "codes";
  const input = root.querySelector("#join-name");
  input.required = event.names_required;
  $("join-name-label").textContent = event.names_required ? t("Your name (required)") : t("Your name (optional)");
  $("join-hint").textContent = event.names_required
    ? t("This meeting asks for your name. It is shown next to your questions.")
    : t("Shown next to your questions. Leave it empty to stay unnamed.");
}

function renderAsk(event) {
  const wrap = $("anonymous-wrap");
  wrap.hidden = !event.allow_anonymous;
  if (!event.allow_anonymous) wrap.querySelector("input").checked = false;
  const anonymous = event.allow_anonymous && wrap.querySelector("input").checked;
  const name = state.me && state.me.name;
  $("asking-as").textContent = anonymous
    ? t("Your name will not be shown with this question.")
    : name ? t("Asking as %(name)s.", { name }) : t("You joined without a name: your questions show as Anonymous.");
  updateCounter();
}

// --- actions -------------------------------------------------------------------

async function toggleVote(id, button) {
  const card = button.closest(".question-card");
  const errorEl = card.querySelector(".question-error");
  clearError(errorEl);
  const hasVoted = voted().has(id);
  button.dataset.busy = "1";
  button.disabled = true;
  markMine(state, "voted", id, !hasVoted); // shown at once; kept and sent once the connection is back
  live.changed();
  try {
    const result = await sendOnce(`/api/events/${encodeURIComponent(code)}/questions/${id}/vote`,
      { method: hasVoted ? "DELETE" : "POST", body: { idempotency_key: newKey() } }, { socket: live.socket });
    applyVoteAnswer(state, id, result);
  } catch (error) {
    markMine(state, "voted", id, hasVoted);
    // Our view was out of date: the server says how it really is.
    if (error.code === "already_voted") markMine(state, "voted", id, true);
    else if (error.code === "not_voted") markMine(state, "voted", id, false);
    else {
      showError(errorEl, error);
      setTimeout(() => clearError(errorEl), 6000);
    }
  } finally {
    delete button.dataset.busy;
    live.changed();
  }
}

const joinForm = $("join-form");
joinForm.addEventListener("submit", async (e) => {
  e.preventDefault();
  const errorEl = $("join-error");
  const input = joinForm.elements.name;
  const button = joinForm.querySelector('[type="submit"]');
  clearError(errorEl);
  input.removeAttribute("aria-invalid");
  const name = input.value.trim();
  if (state.event && state.event.names_required && !name) {
    showError(errorEl, t("Please enter your name to join this meeting."));
    input.setAttribute("aria-invalid", "true");
    input.focus();
    return;
  }
  button.disabled = true;
  try {
    const body = { name };
    const mode = state.event && state.event.join_mode;
    if (mode === "passcode") body.passcode = joinForm.elements.passcode.value.trim();
    if (mode === "codes") body.key = joinForm.elements.key.value.trim();
    const snapshot = await api(`/api/events/${encodeURIComponent(code)}/join`, { method: "POST", body });
    live.applySnapshot(snapshot);
    live.reconnect(); // the server reads who we are from the cookie when the socket connects
    if (tabs.current() === "ask") queueMicrotask(() => root.querySelector("#ask-text").focus());
  } catch (error) {
    showError(errorEl, error);
    if (error.field === "name") {
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
    const proof = { wrong_passcode: "passcode", passcode_required: "passcode", invalid_code: "key",
      code_required: "key" }[error.code];
    if (proof) {
      joinForm.elements[proof].setAttribute("aria-invalid", "true");
      joinForm.elements[proof].focus();
    }
  } finally {
    button.disabled = false;
  }
});

const askForm = $("ask-form");
const textarea = askForm.elements.text;
const draft = draftStore(code); // the question being typed survives a dropped connection and a reload
if (!textarea.value) textarea.value = draft.read().text || "";

function updateCounter() {
  const length = textLength(textarea.value);
  const counter = $("counter");
  counter.textContent = `${length} / ${maxLength}`;
  counter.dataset.over = String(length > maxLength);
}
textarea.addEventListener("input", () => {
  draft.save(textarea.value);
  updateCounter();
  $("ask-done").hidden = true;
  suggest("typed");
});

// Similar questions already asked, to upvote instead (attendee/similar.js): loaded with the first keystroke.
let similar = null;
function suggest(action) {
  if (!similar && action !== "typed") return;
  similar = similar || moreStrings().then(() => import("./attendee/similar.js")).then(({ createSimilar }) =>
    createSimilar({ root: $("similar"), textarea, base, live, maxLength }));
  similar.then((panel) => panel[action](), () => {
    similar = null; // a help only: the form works without it (tried again at the next keystroke)
  });
}
askForm.elements.anonymous.addEventListener("change", () => state.event && renderAsk(state.event));

// "Sent. Waiting for the moderator…" stays only while the question waits: gone once it is live (or turned down).
let waitingFor = null; // the id of my last question, while it waits for the moderator
function forgetApproved() {
  if (waitingFor === null) return;
  const own = (state.me && state.me.own) || [];
  const shown = state.questions[waitingFor];
  if (!(shown && shown.status === "published") && own.some((q) => q.id === waitingFor && q.status === "pending")) {
    return;
  }
  waitingFor = null;
  $("ask-done").hidden = true;
}

askForm.addEventListener("submit", async (e) => {
  e.preventDefault();
  const errorEl = $("ask-error");
  const done = $("ask-done");
  const button = askForm.querySelector('[type="submit"]');
  clearError(errorEl);
  done.hidden = true;
  textarea.removeAttribute("aria-invalid");
  const anonymous = Boolean(state.event && state.event.allow_anonymous && askForm.elements.anonymous.checked);
  button.disabled = true;
  try {
    const text = textarea.value;
    const body = agenda.askAbout({ text, anonymous, idempotency_key: draft.key() });
    const { question } = await sendOnce(`${base}/questions`, { method: "POST", body }, {
      socket: live.socket,
      onWait: () => {
        done.textContent = t("No connection: your question will be sent when the connection is back.");
        done.hidden = false;
      },
    });
    const asked = recordAsked(state, question);
    if (asked.pending) {
      done.textContent = t("Sent. Waiting for the moderator to approve it.");
      waitingFor = question.id;
    } else {
      live.upsert(asked.question);
      done.textContent = t("Your question is posted.");
    }
    done.hidden = false;
    draft.clear();
    if (textarea.value === text) textarea.value = "";
    else draft.save(textarea.value); // typed on meanwhile: a new question, sent with a new key
    suggest("clear");
    agenda.resetAsk();
    askForm.elements.anonymous.checked = false; // chosen for each question, never carried over to the next
    if (state.event) renderAsk(state.event);
    updateCounter();
    live.changed();
    // Back to the list, where the question is (or waits, in "Your questions not on the list").
    if (!textarea.value && tabs.current() === "ask") {
      tabs.show("questions");
      $("ask-done").scrollIntoView({ block: "nearest" });
      root.querySelector("#panel-questions").focus({ preventScroll: true });
    }
  } catch (error) {
    showError(errorEl, error);
    if (error.field === "question" || error.field === "text") textarea.setAttribute("aria-invalid", "true");
    if (error.field === "agenda_item_id") live.refresh(); // our agenda was out of date
  } finally {
    button.disabled = false;
  }
});

for (const button of root.querySelectorAll("[data-sort]")) {
  button.addEventListener("click", () => {
    order = button.dataset.sort;
    try {
      sessionStorage.setItem("townhall:sort", order);
    } catch {
      /* ignore */
    }
    render();
  });
}

updateCounter();

// --- agenda: the "Now" card, the agenda, the ask form's item picker, the questions' filter --------

const ITEM_STATUS = { upcoming: t("Upcoming"), running: t("Now"), paused: t("Paused"), done: t("Done") };

const minutes = (n) => tn("%(n)s min", "%(n)s min", n);

/** onFilter(): the person picked another filter (render the questions again). */
function createAgendaPanel({ $, onFilter }) {
  let state = null;
  let askChoice = null; // ask-item as the person chose it: "current" | "general" | "<item id>"; null: the default
  let filter = "all"; // question-filter: "all" | "current" | "general" | "<item id>"

  const items = () => agendaItems(state.agenda);
  const current = () => currentItem(state.agenda);

  function renderNow() {
    const card = $("now");
    const agenda = state.agenda;
    const list = items();
    const meeting = agenda ? agenda.meeting.state : "not_started";
    card.hidden = !agenda || (list.length === 0 && meeting === "not_started");
    if (card.hidden) return;
    const item = current();
    const paused = Boolean(item && item.status === "paused");
    card.dataset.state = meeting;
    card.dataset.paused = String(paused);
    card.classList.toggle("has-item", Boolean(item));

    const label = $("now-label");
    const title = $("now-title");
    const sub = $("now-presenter");
    if (item) {
      label.textContent = (paused ? t("Paused · item %(number)s of %(count)s", { number: item.position + 1, count: list.length })
        : t("Now · item %(number)s of %(count)s", { number: item.position + 1, count: list.length }));
      title.textContent = item.title;
      sub.textContent = item.presenter;
    } else if (meeting === "not_started") {
      const first = itemById(agenda, agenda.next_item_id) || list[0];
      label.textContent = t("Agenda");
      title.textContent = t("The meeting has not started yet");
      sub.textContent = first ? t("First: %(title)s", { title: first.title }) : "";
    } else if (meeting === "ended") {
      const { started_at: started, ended_at: ended } = agenda.meeting;
      label.textContent = t("Agenda");
      title.textContent = t("The meeting has ended");
      sub.textContent = started && ended ? `${formatWhen(started, "time")} – ${formatWhen(ended, "time")}` : "";
    } else {
      label.textContent = t("Agenda");
      title.textContent = t("The meeting is under way");
      sub.textContent = "";
    }
    sub.hidden = !sub.textContent;
    $("now-timer").hidden = !item;

    $("agenda-count").textContent = tn("(%(n)s item)", "(%(n)s items)", list.length);
    reconcile($("agenda-list"), list, (i) => i.id, createStep, updateStep);
  }

  /** The ask form's item picker: the current item (default), the other items not done, or none. */
  function renderAskItem() {
    const wrap = $("ask-item-wrap");
    const select = $("ask-item");
    const item = current();
    const others = items().filter((i) => i.status !== "done" && (!item || i.id !== item.id));
    wrap.hidden = !item && others.length === 0;
    if (wrap.hidden) return;
    const options = [];
    if (item) options.push(["current", t("Now: %(title)s", { title: item.title })]);
    for (const i of others) options.push([String(i.id), `${i.position + 1}. ${i.title}`]);
    options.push(["general", t("General (no agenda item)")]);
    if (item && askChoice === String(item.id)) askChoice = "current";
    if (!options.some(([value]) => value === askChoice)) askChoice = null; // that item is over: back to the default
    fillSelect(select, options, askChoice || (item ? "current" : "general"));
  }

  /** The question list's filter: all, the current item, each item, or general questions. */
  function renderFilter() {
    const list = items();
    const wrap = $("filter-wrap");
    wrap.hidden = list.length === 0;
    if (wrap.hidden) {
      filter = "all";
      return;
    }
    const item = current();
    const options = [["all", t("All questions")]];
    if (item) options.push(["current", t("Now: %(title)s", { title: item.title })]);
    for (const i of list) options.push([String(i.id), `${i.position + 1}. ${i.title}`]);
    options.push(["general", t("General (no agenda item)")]);
    if (!options.some(([value]) => value === filter)) filter = "all";
    fillSelect($("filter"), options, filter);
  }

  function matchesFilter(q) {
    if (filter === "all") return true;
    if (filter === "general") return q.agenda_item_id === null || q.agenda_item_id === undefined;
    if (filter === "current") {
      const item = current();
      return Boolean(item) && q.agenda_item_id === item.id;
    }
    return q.agenda_item_id === Number(filter);
  }

  /** The item's timer, twice a second. */
  function tick(offset) {
    const item = current();
    if (item && !$("now").hidden) {
      const elapsed = elapsedNow(item, offset);
      const planned = item.planned_seconds;
      const over = elapsed > planned;
      $("now-elapsed").textContent = clock(elapsed);
      $("now-planned").textContent = t("of %(time)s", { time: clock(planned) });
      $("now-remaining").textContent = remainingText(planned, elapsed);
      $("now-timer").dataset.overrun = String(over);
      $("now").dataset.overrun = String(over);
      $("now-bar").style.width = `${planned > 0 ? Math.min(100, (elapsed / planned) * 100) : 100}%`;
    } else {
      $("now").dataset.overrun = "false";
    }
  }

  $("ask-item").addEventListener("change", (e) => {
    askChoice = e.target.value;
  });
  $("filter").addEventListener("change", (e) => {
    filter = e.target.value;
    onFilter();
  });

  return {
    attach(live) {
      state = live.state;
    },
    renderNow,
    /** The ask form's item picker and the questions' filter. */
    renderPickers() {
      renderAskItem();
      renderFilter();
    },
    tick,
    matchesFilter,
    filter: () => filter,
    itemOf: (id) => itemById(state.agenda, id),
    /** What a new question is about: left out (the item on the floor when the server files it), an id or null. */
    askAbout(body) {
      const about = $("ask-item-wrap").hidden ? "current" : $("ask-item").value;
      if (about !== "current") body.agenda_item_id = about === "general" ? null : Number(about);
      return body;
    },
    resetAsk() {
      askChoice = null;
    },
  };
}

function createStep() {
  return h("li", { class: "agenda-step", "data-testid": "agenda-entry" },
    h("span", { class: "step-mark", "aria-hidden": "true" }),
    h("span", { class: "step-body" },
      h("span", { class: "step-title", "data-testid": "agenda-entry-title" }),
      h("span", { class: "step-meta" })),
    h("span", { class: "badge step-status", "data-testid": "agenda-entry-status" }));
}

function updateStep(el, item) {
  el.dataset.itemId = item.id;
  el.dataset.status = item.status;
  el.dataset.current = String(item.current);
  el.classList.toggle("is-current", item.current);
  el.classList.toggle("is-done", item.status === "done");
  if (item.current) el.setAttribute("aria-current", "step");
  else el.removeAttribute("aria-current");
  el.querySelector(".step-mark").textContent = item.status === "done" ? "✓" : String(item.position + 1);
  el.querySelector(".step-title").textContent = item.title;
  const meta = [item.presenter];
  if (item.status === "done") {
    meta.push(t("took %(time)s of %(planned)s", { time: clock(item.elapsed_seconds), planned: minutes(item.planned_minutes) }));
  }
  else meta.push(minutes(item.planned_minutes));
  el.querySelector(".step-meta").textContent = meta.filter(Boolean).join(" · ");
  const status = el.querySelector(".step-status");
  status.textContent = ITEM_STATUS[item.status] || item.status;
  status.className = `badge step-status badge-step-${item.status}`;
}

/** Replace a <select>'s options only when they changed (an open picker on a phone stays open). */
function fillSelect(select, options, value) {
  const key = JSON.stringify(options);
  if (select.dataset.options !== key) {
    select.replaceChildren(...options.map(([v, text]) => new Option(text, v)));
    select.dataset.options = key;
  }
  select.value = value;
}

// --- list of speakers: the floor, this phone's place, requesting to speak ----------------------------

const RETRY_MS = 3000;

/** wanted(): the panel is to be drawn (its tab is shown). */
function createSpeakersPanel({ $, base, wanted }) {
  let live = null;
  let state = null;
  const myRequests = new Set(); // this phone's own speaker requests (ids)

  function rememberMine(speakers) {
    const mine = speakers && speakers.mine;
    if (!mine) return;
    if (mine.waiting) myRequests.add(mine.waiting.id);
    if (mine.speaking) myRequests.add(mine.speaking.id);
  }

  /** Where this phone stands: {state: "idle"} | {state: "waiting", entry, position} | {state: "speaking", entry}. */
  function myTurn() {
    const speakers = state.speakers;
    if (!speakers || !state.me) return { state: "idle" };
    if (speakers.current && myRequests.has(speakers.current.id)) return { state: "speaking", entry: speakers.current };
    const index = speakers.queue.findIndex((e) => myRequests.has(e.id));
    if (index >= 0) return { state: "waiting", entry: speakers.queue[index], position: index + 1 };
    return { state: "idle" };
  }

  // The drawing and the forms (attendee/speak.js) load with the Speak tab: not in the first load (60 KB budget).
  let view = null;
  let loading = null;

  function render() {
    rememberMine(state.speakers);
    if (view) view.render();
    else if (wanted()) load();
  }

  function load() {
    loading = loading || moreStrings().then(() => import("./attendee/speak.js")).then(({ createSpeakView }) => {
      view = createSpeakView({ $, base, live, myRequests, myTurn });
      live.changed();
    }, () => {
      loading = null; // the connection dropped: tried again at the next render, or soon while the tab is shown
      setTimeout(() => wanted() && live.changed(), RETRY_MS);
    });
    return loading;
  }

  /** The speaking timer, twice a second; the room hears when the speaker's time is up, panel or not. */
  function tick(offset) {
    const speaking = state.speakers && state.speakers.current;
    if (!speaking || !speaking.timer) return;
    const elapsed = elapsedNow(speaking.timer, offset);
    roomWatch.timer(speaking.id, elapsed > speaking.timer.limit_seconds);
    if (view) view.tick(speaking, elapsed);
  }

  return {
    /** For roomHandlers: a snapshot's `mine`, before the room's view replaces it. */
    beforeSpeakers: (st) => rememberMine(st.speakers),
    attach(connection) {
      live = connection;
      state = connection.state;
    },
    render,
    tick,
    /** This phone's place: {state: "idle" | "waiting" | "speaking", position}. */
    turn: () => (state ? myTurn() : { state: "idle" }),
    /** Resolves once the panel is drawn (the toast's "Open Speak" focuses what it shows). */
    ready: () => (view ? Promise.resolve() : load()),
  };
}

// --- questions: the answering banner, own questions the room cannot see, the cards -----------------

function renderAnswering($, question) {
  const banner = $("answering");
  banner.hidden = !question;
  if (!question) return;
  banner.dataset.questionId = question.id;
  $("answering-text").textContent = question.text;
  $("answering-author").textContent = `— ${authorLabel(question)}`;
}

const OWN_STATUS = {
  pending: ["badge-wait", t("Waiting for the moderator")],
  rejected: ["badge-rejected", t("Not published by the moderator")],
  hidden: ["badge-rejected", t("Hidden by the moderator")],
  archived: ["badge-wait", t("Archived by the moderator")],
  merged: ["badge-wait", t("Merged into another question")],
};

function renderPending($, state) {
  // Published since (it is in the room's list now): no longer waiting.
  const own = ((state.me && state.me.own) || []).filter((q) => !state.questions[q.id]);
  $("pending").hidden = own.length === 0;
  const badge = (p) => OWN_STATUS[p.status] || OWN_STATUS.pending;
  reconcile($("pending-list"), own, (p) => `${p.id}:${p.status}`,
    (p) => h("li", { class: "question-card is-pending", "data-testid": "pending-question",
      dataset: { questionId: p.id, status: p.status } },
      h("p", { class: "question-text", text: p.text }),
      h("p", { class: "question-meta" }, h("span", { class: `badge ${badge(p)[0]}`, text: badge(p)[1] })),
      p.status === "merged" ? h("p", { class: "question-merged-into", "data-testid": "pending-merged-into" }) : null),
    (el, p) => updateOwn(el, p, state));
}

/** A merged question of mine: it counts under the question it went into (its votes moved there). */
function updateOwn(el, p, state) {
  const line = el.querySelector(".question-merged-into");
  if (!line) return;
  const target = state.questions[p.merged_into_id];
  line.textContent = target
    ? tn("It counts under: “%(text)s” (%(n)s vote)", "It counts under: “%(text)s” (%(n)s votes)", target.votes, { text: target.text })
    : t("It counts under a question with the same meaning.");
}

/** The vote button's arrow: a drawing, not text, so the button's visible text is its count alone. */
function voteArrow() {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "vote-arrow");
  svg.setAttribute("viewBox", "0 0 10 8");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", "M5 0 10 8H0z");
  svg.append(path);
  return svg;
}

/** onVote(id, button): the vote button was pressed. */
function createCard(q, onVote) {
  const vote = h("button", { type: "button", class: "vote", "data-testid": "vote-button", onclick: () => onVote(q.id, vote) },
    voteArrow(),
    h("span", { class: "vote-count", "data-testid": "vote-count" }));
  return h("li", { class: "question-card", "data-testid": "question-card" },
    h("div", { class: "question-body" },
      h("p", { class: "question-text", "data-testid": "question-text" }),
      h("p", { class: "question-answer", "data-testid": "question-answer", hidden: true }),
      h("p", { class: "question-meta" },
        h("span", { class: "question-author", "data-testid": "question-author" }),
        h("span", { class: "question-item", "data-testid": "question-item", hidden: true }),
        h("span", { class: "badges" })),
      h("p", { class: "question-error", "data-testid": "question-error", role: "alert", hidden: true })),
    vote);
}

/** ctx: {mine: Set, voted: Set, joined, open, itemOf(id) -> agenda item | null}. */
function updateCard(el, q, { mine: mineSet, voted: votedSet, joined, open, itemOf }) {
  const isMine = mineSet.has(q.id);
  const hasVoted = votedSet.has(q.id);
  const answered = q.progress === "answered";
  el.dataset.questionId = q.id;
  el.dataset.votes = q.votes;
  el.dataset.status = q.status;
  el.dataset.progress = q.progress;
  el.dataset.mine = String(isMine);
  el.dataset.voted = String(hasVoted);
  el.classList.toggle("is-answering", q.progress === "answering");
  el.classList.toggle("is-answered", answered);
  el.classList.toggle("is-mine", isMine);
  el.querySelector(".question-text").textContent = q.text;
  const answer = el.querySelector(".question-answer");
  answer.hidden = !(answered && q.answer_text);
  answer.textContent = answered && q.answer_text ? t("Answer: %(text)s", { text: q.answer_text }) : "";
  el.querySelector(".question-author").textContent = authorLabel(q);
  const item = itemOf(q.agenda_item_id);
  const itemEl = el.querySelector(".question-item");
  itemEl.hidden = !item;
  itemEl.textContent = item ? item.title : "";
  itemEl.title = item ? t("Agenda item: %(title)s", { title: item.title }) : "";

  const badges = [];
  if (isMine) badges.push(h("span", { class: "badge badge-mine", "data-testid": "badge-yours", text: t("Yours") }));
  if (q.progress === "answering") badges.push(h("span", { class: "badge badge-answering", "data-testid": "badge-answering", text: t("Answering now") }));
  if (answered) badges.push(h("span", { class: "badge badge-answered", "data-testid": "badge-answered", text: t("Answered") }));
  if (q.edited) badges.push(h("span", { class: "badge", "data-testid": "badge-edited", title: t("Edited by the moderator"), text: t("Edited") }));
  el.querySelector(".badges").replaceChildren(...badges);

  const vote = el.querySelector(".vote");
  vote.querySelector(".vote-count").textContent = q.votes;
  vote.setAttribute("aria-pressed", String(hasVoted));
  vote.disabled = !joined || !open || isMine || answered || vote.dataset.busy === "1";
  // The name says what the button does and its state; the count it shows (its only visible text) is in it.
  const n = q.votes;
  let label = hasVoted ? tn("Upvote, %(n)s vote, you voted", "Upvote, %(n)s votes, you voted", n)
    : tn("Upvote, %(n)s vote", "Upvote, %(n)s votes", n);
  if (isMine) label = tn("Your question, %(n)s vote", "Your question, %(n)s votes", n);
  else if (answered) label = tn("Answered, %(n)s vote", "Answered, %(n)s votes", n);
  else if (!joined) label = tn("Join to vote, %(n)s vote", "Join to vote, %(n)s votes", n);
  vote.setAttribute("aria-label", label);
  vote.title = isMine ? t("You can't vote for your own question") : "";
}
