/**
 * What every part of the dashboard shares: the page's root and `$` (a data-role inside it), the API base, the
 * live connection and its state, what my role may do, the screen-reader announcer and the agenda look-ups.
 * `live` and `state` are set by connect(), which the entry module (dashboard.js) calls once; the panels use
 * them only inside their functions, after that.
 */
import { agendaItems as itemsOf, itemById as itemIn, roomHandlers } from "../live.js";
import { organizerPage, recordsChanged } from "../organizer.js";
import { applyTally, upsertPolls } from "../polls.js";

const page = organizerPage("dashboard");
export const { root, code, base, $, render, announce, showEvent } = page;
export const maxLength = Number(root.dataset.maxLength) || 300;

export let live = null;
export let state = null;

/** Open the snapshot and the socket (the entry module calls it once, with its render). */
export function connect(draw) {
  live = page.connect(draw, {
    followTeam: true,
    handlers: { ...roomHandlers(), "records:changed": recordsChanged, "polls:changed": (msg, st) => upsertPolls(st, msg) },
    tallies: { "poll:tallied": (msg, st) => { applyTally(st, msg); } }, // the polls panel (polls_panel.js)
  });
  state = live.state;
  // A burst of fresh phones voting one way (unsequenced, moderators only): the flag on its question.
  live.socket.on("votes:suspicious", (msg) => {
    if (msg && msg.target === "question" && state.questions[msg.id]) {
      state.questions[msg.id].suspicious = msg.suspicious;
      live.changed();
    }
  });
  return live;
}

export function can(capability) {
  return Array.isArray(state.capabilities) && state.capabilities.includes(capability);
}

/**
 * Buttons are disabled (or swapped, Pause for Resume) while a request runs, which drops the keyboard focus:
 * give it back to the button, or to the first usable button next to it.
 */
export function restoreFocus(trigger, container) {
  if (!trigger || (document.activeElement && document.activeElement !== document.body)) return;
  const usable = (el) => el && el.isConnected && !el.disabled && !el.hidden && el.offsetParent !== null;
  const target = usable(trigger) ? trigger
    : [...container.querySelectorAll("button")].find(usable);
  if (target) target.focus({ preventScroll: true });
}

// --- agenda look-ups -------------------------------------------------------------------

export function agendaItems() {
  return itemsOf(state.agenda);
}

export function itemById(id) {
  return itemIn(state.agenda, id);
}

export function itemLabel(item) {
  return `${item.position + 1}. ${item.title}`;
}
