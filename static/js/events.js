/**
 * Organizer's event list (/dashboard/): the list is rendered by the server; this
 * module handles the "New event" form (POST /api/events, then open its dashboard)
 * and the "Import an event" form (an archive file uploaded to
 * POST /api/events/import?mode=restore|template, then open the new event's dashboard).
 *
 * data-testid:
 *   org-nav, user-name, nav-events, nav-tokens, logout,
 *   event-list, event-row (data-code), event-link, no-events,
 *   new-event-form, event-title-input, event-starts-at, event-place, event-description,
 *   event-allow-anonymous, event-names-required, event-premoderation, new-event-error, create-event,
 *   import-event-form, import-file, import-file-error, import-mode-restore, import-mode-template,
 *   import-error (the server's message; for a bad archive it names the place, e.g. questions[3].status),
 *   import-submit
 */
import { t } from "./i18n.js";
import { api, clearFormErrors, localizeTimes, showFormError } from "./live.js";
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

// --- import an archive --------------------------------------------------------

const importForm = document.getElementById("import-event-form");
const importError = importForm.querySelector('[data-role="form-error"]');
const importButton = importForm.querySelector('[type="submit"]');
const maxBytes = Number(importForm.dataset.maxBytes) || 0;

/** POST the file as multipart field "archive"; errors are thrown as ApiError, like api(). */
function upload(mode, file) {
  const body = new FormData();
  body.append("archive", file);
  return api(`/api/events/import?mode=${encodeURIComponent(mode)}`, { method: "POST", body });
}

function fail(error) {
  // A problem inside the archive names its place (e.g. questions[3].status): shown with the message.
  const shown = error.code === "invalid_archive" && error.field !== "archive"
    ? { ...error, field: null, message: t("This archive cannot be imported: %(error)s", { error: error.message }) } : error;
  showFormError(importForm, shown, importError);
}

importForm.elements.archive.addEventListener("change", () => clearFormErrors(importForm, importError));

importForm.addEventListener("submit", async (e) => {
  e.preventDefault();
  clearFormErrors(importForm, importError);
  const file = importForm.elements.archive.files[0];
  if (!file) {
    fail({ code: "invalid_archive", field: "archive", message: t("Choose an archive file (.json) to import.") });
    return;
  }
  if (maxBytes && file.size > maxBytes) {
    fail({ code: "too_large", field: "archive",
      message: t("This file is too large: archives up to %(megabytes)s MB can be imported.",
        { megabytes: Math.round(maxBytes / 1048576) }) });
    return;
  }
  importButton.disabled = true;
  importButton.textContent = t("Importing…");
  try {
    const result = await upload(importForm.elements.mode.value, file);
    window.location.assign(result.dashboard_url);
  } catch (error) {
    fail(error);
    importButton.disabled = false;
    importButton.textContent = t("Import");
  }
});
