/**
 * Event settings (/dashboard/e/<code>/settings): PATCH /api/events/<code>.
 *
 * data-testid:
 *   org-nav, user-name, logout, back-to-dashboard,
 *   settings-form, event-title-input, event-starts-at, event-place, event-description,
 *   event-allow-anonymous, event-names-required, event-premoderation, event-is-open,
 *   settings-error, settings-save, settings-saved (text "Saved." after a successful save)
 */
import { api, clearFormErrors, showFormError } from "./live.js";
import { eventFormData, initEventForm } from "./eventform.js";

const form = document.getElementById("settings-form");
const code = form.dataset.code;
const errorEl = form.querySelector('[data-role="form-error"]');
const saved = form.querySelector('[data-role="saved"]');
initEventForm(form);

form.addEventListener("input", () => {
  saved.textContent = "";
});

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  clearFormErrors(form, errorEl);
  saved.textContent = "";
  const data = eventFormData(form);
  if (!data.title) {
    showFormError(form, { field: "title", message: "The event needs a title." }, errorEl);
    return;
  }
  const button = form.querySelector('[type="submit"]');
  button.disabled = true;
  try {
    const { event } = await api(`/api/events/${encodeURIComponent(code)}`, { method: "PATCH", body: data });
    document.title = `Settings · ${event.title} · Townhall`;
    saved.textContent = "Saved.";
  } catch (error) {
    showFormError(form, error, errorEl);
  } finally {
    button.disabled = false;
  }
});
