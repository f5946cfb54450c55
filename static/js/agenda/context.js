/**
 * What the parts of the agenda page share: the page's root and `$`, the API base, the live connection and its
 * state (connect(), called once by agenda.js), what the page is in the middle of (`ui`, and the items being
 * edited, asked about deleting, or showing an error), the agenda look-ups, durations and the announcer.
 */
import { t, tn } from "../i18n.js";
import { organizerPage } from "../organizer.js";
import { elapsedNow } from "../timers.js";

const page = organizerPage("agenda-page");
export const { root, code, base, $, render, announce } = page;

export const ui = {
  canEdit: root.dataset.canEdit === "true",
  busy: false, // a run-of-show action is under way
  dragId: null, // the item being dragged
};
export const editing = new Map(); // item id -> draft {title, presenter, planned_minutes, description}
export const confirmingDelete = new Set(); // item ids showing t("Delete? Yes / Cancel")
export const itemErrors = new Map(); // item id -> message

export let live = null;
export let state = null;

/** Open the snapshot and the socket (the entry module calls it once, with its render). */
export function connect(draw) {
  live = page.connect(draw, {
    handlers: {
      "agenda:changed": (msg, st) => {
        st.agenda = msg.agenda;
      },
    },
  });
  state = live.state;
  return live;
}

/** Apply the agenda a write answered with, unless the socket already brought this change or a newer one. */
export function applyAnswer(answer) {
  if (answer && answer.agenda && answer.seq > live.lastSeq) {
    state.agenda = answer.agenda;
    live.changed();
  }
}

/** Seconds the item has run, now. */
export function elapsedOf(item) {
  return elapsedNow(item, state.clockOffset || 0);
}

/** 75 (minutes) -> "1 h 15 min". */
export function duration(minutes) {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return tn("%(n)s min", "%(n)s min", rest);
  return rest ? t("%(hours)s h %(minutes)s min", { hours, minutes: rest }) : t("%(hours)s h", { hours });
}

// --- the agenda ------------------------------------------------------------------------

export function items() {
  return (state.agenda && state.agenda.items) || [];
}

export function byId(id) {
  return items().find((i) => i.id === id) || null;
}

/** "75" -> 75; anything else goes to the server as typed (it explains what is wrong). */
export function minutesValue(text) {
  const trimmed = String(text ?? "").trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed; // the server explains what is wrong
}
