/**
 * The projector's rotating "in the room" QR (event setting room_check): a new token every minute,
 * fetched from GET /api/events/<code>/room-token (the event's team only: the block is on the page only
 * for a logged-in team member) and drawn from /e/<code>/room-qr.svg, without reloading the page.
 *
 * data-testid: projector-room-check (data-token: the token shown), projector-room-qr
 */
import { api } from "../live.js";

const RETRY_MS = 10_000;

export function roomCheck(root, code) {
  const block = root.querySelector('[data-role="room-check"]');
  if (!block) return { render() {} };
  const img = block.querySelector("img");
  let timer = null;
  let on = false;

  async function refresh() {
    clearTimeout(timer);
    if (!on) return;
    let wait = RETRY_MS;
    try {
      const current = await api(`/api/events/${encodeURIComponent(code)}/room-token`);
      const src = `/e/${encodeURIComponent(code)}/room-qr.svg?t=${encodeURIComponent(current.token)}`;
      if (block.dataset.token !== current.token) {
        const next = new Image(); // swap when loaded: no blank square while the new one comes
        next.onload = () => { img.src = src; };
        next.src = src;
        block.dataset.token = current.token;
      }
      wait = Math.max(1000, current.refresh_in * 1000 + 500);
    } catch {
      // the connection or the session dropped: try again soon, the previous token is still accepted
    }
    if (on) timer = setTimeout(refresh, wait);
  }

  return {
    /** Show or hide the block as the event's setting says; starts or stops the refresh. */
    render(enabled) {
      block.hidden = !enabled;
      root.classList.toggle("has-room-check", Boolean(enabled));
      if (enabled && !on) {
        on = true;
        refresh();
      } else if (!enabled && on) {
        on = false;
        clearTimeout(timer);
      }
    },
  };
}
