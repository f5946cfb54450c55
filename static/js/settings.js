/**
 * Event settings (/dashboard/e/<code>/settings): PATCH /api/events/<code>.
 *
 * data-testid:
 *   org-nav, user-name, logout, back-to-dashboard,
 *   settings-form, event-title-input, event-starts-at, event-place, event-description,
 *   event-allow-anonymous, event-names-required, event-premoderation, event-is-open,
 *   settings-error, settings-save, settings-saved (text "Saved." after a successful save)
 */
import { api } from "./live.js";
import { initEventForm, submitEventForm } from "./eventform.js";

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
  saved.textContent = "";
  const url = `/api/events/${encodeURIComponent(code)}`;
  const result = await submitEventForm(form, errorEl, (data) => api(url, { method: "PATCH", body: data }));
  if (result) {
    document.title = `Settings · ${result.event.title} · Townhall`;
    saved.textContent = "Saved.";
  }
});
