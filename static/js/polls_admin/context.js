/**
 * What the parts of the polls page share: the page's root and `$`, the API base, the live connection and its
 * state (connect(), called once by polls_admin.js), what the page is in the middle of (`ui`: the draft being
 * edited, requests in flight, errors per card, deletes being confirmed, launch time limits picked), my
 * capabilities, the agenda look-ups, the time-limit select and the screen-reader announcer.
 */
import { t, tn } from "../i18n.js";
import { agendaItems as itemsOf, h } from "../live.js";
import { organizerPage } from "../organizer.js";
import { applyTally, upsertPolls } from "../polls.js";
import { clock } from "../timers.js";

const page = organizerPage("polls-page");
export const { root, code, base, $, render, announce, showEvent } = page;

// Time limits offered when preparing or launching a poll (seconds; 0 = none).
const DURATIONS = [0, 30, 60, 90, 120, 180, 300, 600, 900];

export const ui = {
  editingId: null, // the draft being edited in the form
  canEdit: root.dataset.canEdit === "true",
  busy: new Set(), // poll ids with a request in flight: their buttons wait
  cardErrors: new Map(), // poll id -> message
  confirmingDelete: new Set(), // poll ids showing t("Delete? Yes / Cancel")
  launchChoice: new Map(), // poll id -> seconds picked in the card's time limit select
};

export let live = null;
export let state = null;

/** Open the snapshot and the socket (the entry module calls it once, with its render). */
export function connect(draw) {
  live = page.connect(draw, {
    handlers: {
      "polls:changed": (msg, st) => upsertPolls(st, msg),
      "agenda:changed": (msg, st) => {
        if (msg.agenda) st.agenda = msg.agenda;
      },
    },
    followTeam: true,
    tallies: {
      "poll:tallied": (msg, st) => {
        applyTally(st, msg);
      },
    },
  });
  state = live.state;
  // A burst of fresh phones voting one way in a poll (unsequenced, moderators only).
  live.socket.on("votes:suspicious", (msg) => {
    const poll = msg && msg.target === "poll" ? (state.polls || []).find((p) => p.id === msg.id) : null;
    if (poll) {
      poll.suspicious = msg.suspicious;
      live.changed();
    }
  });
  return live;
}

/** Apply the poll a write answered with (the socket's polls:changed follows and may carry newer data). */
export function applyAnswer(answer, removedId = null) {
  const poll = answer && (answer.poll || (answer.id !== undefined && answer.kind ? answer : null));
  if (poll || removedId !== null) upsertPolls(state, { polls: poll ? [poll] : [], removed: removedId !== null ? [removedId] : [] });
  live.changed();
}

export function polls() {
  return Array.isArray(state.polls) ? state.polls : [];
}

export function pollById(id) {
  return polls().find((p) => p.id === id) || null;
}

export function can(capability) {
  if (Array.isArray(state.capabilities)) return state.capabilities.includes(capability);
  return capability === "questions" && root.dataset.canEdit === "true";
}

export function agendaItems() {
  return itemsOf(state.agenda);
}

export function itemLabel(id) {
  const item = agendaItems().find((i) => i.id === id);
  return item ? `${item.position + 1}. ${item.title}` : "";
}

export function cardOf(id) {
  return root.querySelector(`[data-testid="poll"][data-poll-id="${id}"]`);
}

export function durationLabel(seconds) {
  if (!seconds) return t("No limit");
  if (seconds < 60) return t("%(seconds)s s", { seconds });
  return seconds % 60 ? clock(seconds) : tn("%(n)s min", "%(n)s min", seconds / 60);
}

export function durationSelect(select, value) {
  const wanted = [...DURATIONS];
  if (value && !wanted.includes(value)) wanted.push(value);
  wanted.sort((a, b) => a - b);
  const current = [...select.options].map((o) => o.value).join(",");
  const next = wanted.map((s) => (s ? String(s) : "")).join(",");
  if (current !== next) {
    select.replaceChildren(...wanted.map((s) => h("option", { value: s ? String(s) : "" }, durationLabel(s))));
  }
  select.value = value ? String(value) : "";
}
