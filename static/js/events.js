/**
 * Organizer's event list (/dashboard/): the list is rendered by the server; this
 * module handles the "New event" form (POST /api/events, then open its dashboard).
 *
 * data-testid:
 *   org-nav, user-name, nav-events, nav-tokens, logout,
 *   event-list, event-row (data-code), event-link, no-events,
 *   new-event-form, event-title-input, event-starts-at, event-place, event-description,
 *   event-allow-anonymous, event-names-required, event-premoderation, new-event-error, create-event
 */
import { api, localizeTimes } from "./live.js";
import { initEventForm, submitEventForm } from "./eventform.js";

localizeTimes();

const form = document.getElementById("new-event-form");
const errorEl = form.querySelector('[data-role="form-error"]');
initEventForm(form);

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  const result = await submitEventForm(form, errorEl, (data) => api("/api/events", { method: "POST", body: data }));
  if (result) window.location.assign(`/dashboard/e/${encodeURIComponent(result.event.code)}`);
});
