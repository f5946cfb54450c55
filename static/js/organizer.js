/**
 * The frame the scripts of the organizer's live pages start from (dashboard, agenda, notes, polls): the page's
 * root element and `$` (a data-role inside it), the event's API base, a polite announcer for screen readers,
 * and connect(), which opens the moderator snapshot and the socket (live.js) and redraws the page with its
 * render function on every change. render() draws at once (after a request of the page's own).
 */
import { clearError, connectOrganizer } from "./live.js";

export function organizerPage(id) {
  const root = document.getElementById(id);
  const code = root.dataset.code;
  const $ = (role) => root.querySelector(`[data-role="${role}"]`);
  let draw = () => {};
  const render = () => draw();

  /**
   * Open the snapshot and the socket; pageRender: the page's render; options: handlers, tallies (live.js), and
   * followTeam: a change of the team fetches a new snapshot (it carries my role's capabilities).
   */
  function connect(pageRender, { followTeam = false, handlers = {}, ...options } = {}) {
    draw = pageRender;
    const team = followTeam ? { "team:changed": () => queueMicrotask(() => live.refresh()) } : {};
    const live = connectOrganizer(root, {
      code, onChange: render, errorEl: $("page-error"), handlers: { ...team, ...handlers }, ...options,
    });
    return live;
  }

  /** The top of a render: false before the first snapshot; else the page's error cleared and the event's
   * title shown, in the page and in the tab (`tabTitle(title)`). */
  function showEvent(state, tabTitle) {
    if (!state.loaded) return false;
    clearError($("page-error"));
    $("event-title").textContent = state.event.title;
    document.title = tabTitle(state.event.title);
    return true;
  }

  function announce(text) {
    const el = $("announce");
    el.textContent = "";
    requestAnimationFrame(() => {
      el.textContent = text;
    });
  }

  return { root, code, base: `/api/events/${encodeURIComponent(code)}`, $, render, connect, announce, showEvent };
}

/** records:changed: one agenda item's notes, decisions and action items (dashboard, notes). */
export function recordsChanged(msg, st) {
  st.records = st.records || { items: {} };
  st.records.items[msg.item_id] = msg.records;
}
