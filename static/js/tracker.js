/**
 * The event's public follow-up tracker (/e/<code>/followup): follows `followup:changed` as the read-only
 * "tracker" audience (no identity; it can send no command) and, a moment after the last change, fetches this
 * same page and puts its new rows, figures and chart in place: the server renders them, the page keeps which
 * histories are open. Choosing a filter shows it at once (the form works without this script too).
 *
 * data-testid (besides the template's): tracker-live ("Updated 14:02"); the page's data-live is "true" while
 * the socket is connected; an updated row gets the class fu-updated for a moment.
 */
import { t } from "./i18n.js";
import { socketQuery } from "./live/node.js";

const page = document.querySelector('[data-testid="tracker-page"]');
const code = page && page.dataset.eventCode;
const DEBOUNCE_MS = 800;
// Every open tracker refetches after a change: spread over a few seconds, not all in the same instant.
const SPREAD_MS = 4000;

function openHistories() {
  return new Set([...document.querySelectorAll(".fu-row")].filter((row) => row.querySelector("details[open]"))
    .map((row) => row.id));
}

function swap(fresh, selector) {
  const now = document.querySelector(selector);
  const next = fresh.querySelector(selector);
  if (now && next) now.replaceWith(document.importNode(next, true));
}

async function refresh(changed) {
  const response = await fetch(window.location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  const open = openHistories();
  for (const selector of ['[data-testid="tracker-figures"]', '[data-testid="tracker-chart"]',
    '[data-testid="tracker-results"]']) swap(fresh, selector);
  for (const row of document.querySelectorAll(".fu-row")) {
    if (open.has(row.id)) row.querySelector("details").open = true;
    if (changed.has(row.dataset.questionId)) row.classList.add("fu-updated");
  }
  const live = document.querySelector('[data-testid="tracker-live"]');
  live.hidden = false;
  live.textContent = t("Updated %(time)s", { time: new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) });
}

function follow() {
  let timer = null;
  let changed = new Set();
  const socket = window.io({ auth: { event: code, audience: "tracker" }, query: socketQuery(),
    transports: ["websocket", "polling"] });
  socket.on("connect", () => { page.dataset.live = "true"; });
  socket.on("disconnect", () => { page.dataset.live = "false"; });
  // The server's message queue is back after an outage: changes may have been missed; refetch, spread out.
  socket.on("sync:needed", (message) => {
    const spread = message && typeof message.spread_ms === "number" ? Math.min(message.spread_ms, 60000) : SPREAD_MS;
    clearTimeout(timer);
    timer = setTimeout(() => fetchChanges(), Math.random() * spread);
  });
  socket.on("followup:changed", (message) => {
    if (message && message.followup) changed.add(String(message.followup.question_id));
    clearTimeout(timer);
    timer = setTimeout(() => fetchChanges(), DEBOUNCE_MS + Math.random() * SPREAD_MS);
  });
  function fetchChanges() {
    const these = changed;
    changed = new Set();
    refresh(these).catch(() => {
      const live = document.querySelector('[data-testid="tracker-live"]');
      live.hidden = false;
      live.textContent = t("Something changed: reload the page to see it.");
    });
  }
  window.townhallTracker = { socket };
}

const filters = document.querySelector('[data-testid="tracker-filters"]');
if (filters) {
  for (const select of filters.querySelectorAll("select")) {
    select.addEventListener("change", () => filters.requestSubmit());
  }
}
if (code && typeof window.io === "function") follow();
