/**
 * What the parts of the notes page share: the page's root and `$`, the API base, the live connection and its
 * state (connect(), called once by notes.js), which item is shown (`ui`), and reading the agenda and the
 * records (notes, decisions, action items) out of the state.
 */
import { organizerPage, recordsChanged } from "../organizer.js";

const page = organizerPage("notes-page");
export const { root, code, base, $, render, showEvent } = page;

export const ui = {
  selectedId: null, // the agenda item shown
  follow: true, // follow the item on the floor until the user picks another one
};

export let live = null;
export let state = null;

/** Open the snapshot and the socket (the entry module calls it once, with its render). */
export function connect(draw) {
  live = page.connect(draw, {
    handlers: {
      "records:changed": recordsChanged,
      "agenda:changed": (msg, st) => {
        if (msg.agenda) st.agenda = msg.agenda;
      },
    },
    followTeam: true,
  });
  state = live.state;
  return live;
}

// --- reading the state -------------------------------------------------------------

export function items() {
  const agenda = state.agenda && Array.isArray(state.agenda.items) ? state.agenda.items : [];
  if (agenda.length) return agenda.map((i) => ({ id: i.id, position: i.position, title: i.title, status: i.status }));
  return Object.values((state.records && state.records.items) || {})
    .map((r) => ({ id: r.item_id, position: r.position, title: r.title, status: null }))
    .sort((a, b) => a.position - b.position || a.id - b.id);
}

export function recordsOf(id) {
  const found = state.records && state.records.items && state.records.items[id];
  return found || { item_id: id, notes: { text: "", version: 0, updated_at: null }, decisions: [], actions: [] };
}

export function ensureRecords(id) {
  state.records = state.records || { items: {} };
  if (!state.records.items[id]) state.records.items[id] = recordsOf(id);
  return state.records.items[id];
}

export function currentItemId() {
  if (state.agenda && state.agenda.current_item_id != null) return state.agenda.current_item_id;
  return state.event ? state.event.current_item_id ?? null : null;
}

export function canWrite() {
  if (Array.isArray(state.capabilities)) return state.capabilities.includes("notes");
  return root.dataset.canWrite === "true";
}
