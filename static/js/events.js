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
import { api, clearFormErrors, localizeTimes, showFormError } from "./live.js";
import { eventFormData, initEventForm } from "./eventform.js";

localizeTimes();

const form = document.getElementById("new-event-form");
const errorEl = form.querySelector('[data-role="form-error"]');
initEventForm(form);

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  clearFormErrors(form, errorEl);
  const data = eventFormData(form);
  if (!data.title) {
    showFormError(form, { field: "title", message: "The event needs a title." }, errorEl);
    return;
  }
  const button = form.querySelector('[type="submit"]');
  button.disabled = true;
  try {
    const { event } = await api("/api/events", { method: "POST", body: data });
    window.location.assign(`/dashboard/e/${encodeURIComponent(event.code)}`);
  } catch (error) {
    showFormError(form, error, errorEl);
    button.disabled = false;
  }
});
