/**
 * The frame the scripts of the organizer's live pages start from (dashboard, agenda, notes, polls): the page's
 * root element and `$` (a data-role inside it), the event's API base, a polite announcer for screen readers,
 * and connect(), which opens the moderator snapshot and the socket (live.js) and redraws the page with its
 * render function on every change. render() draws at once (after a request of the page's own).
 */
import { connectOrganizer } from "./live.js";

export function organizerPage(id) {
  const root = document.getElementById(id);
  const code = root.dataset.code;
  const $ = (role) => root.querySelector(`[data-role="${role}"]`);
  let draw = () => {};
  const render = () => draw();

  /** Open the snapshot and the socket; pageRender: the page's render; options: handlers, tallies (live.js). */
  function connect(pageRender, options) {
    draw = pageRender;
    return connectOrganizer(root, { code, onChange: render, errorEl: $("page-error"), ...options });
  }

  function announce(text) {
    const el = $("announce");
    el.textContent = "";
    requestAnimationFrame(() => {
      el.textContent = text;
    });
  }

  return { root, code, base: `/api/events/${encodeURIComponent(code)}`, $, render, connect, announce };
}
