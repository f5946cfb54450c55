/**
 * Event settings (/dashboard/e/<code>/settings): PATCH /api/events/<code>.
 *
 * data-testid:
 *   org-nav, user-name, logout, back-to-dashboard,
 *   settings-form, event-title-input, event-starts-at, event-place, event-description,
 *   event-allow-anonymous, event-names-required, event-premoderation, event-is-open,
 *   list of speakers: event-speaker-minutes, event-speaker-seconds (together speaker_time_limit, 10..3600 s),
 *   event-speaker-limit-error, event-first-time-speakers-first, event-anonymous-speakers,
 *   polls: event-allow-ballot-change (allow_ballot_change), event-show-text-answers (show_text_answers), event-show-trusted-counts (show_trusted_counts),
 *   settings-error, settings-save, settings-saved (text "Saved." after a successful save),
 *   owner only: archive-card, archive-download (GET /api/events/<code>/archive.json, an attachment),
 *   reuse-template (POST /api/events/<code>/copy, then the new event's dashboard), archive-error,
 *   blocklist-card, blocklist-form, blocklist-default (use_default), blocklist-terms (one per line),
 *   blocklist-error, blocklist-save, blocklist-saved (PUT /api/events/<code>/blocklist),
 *   organization-card, organization-form, event-organization (organization_id, "" = null), organization-error,
 *   organization-save, organization-saved (PATCH /api/events/<code> {organization_id}),
 *   delete-card, delete-form, delete-confirm (the event's code or title), delete-event, delete-error
 *   (DELETE /api/events/<code> {confirm}, then the event list)
 * privacy: event-retention-days (retention_days, empty: null), event-retention-error,
 *   event-privacy-contact (privacy_contact), privacy-page-link
 */
import { t, tn } from "./i18n.js";
import { api, clearError, clearFormErrors, showError, showFormError } from "./live.js";
import { initEventForm, submitEventForm } from "./eventform.js";
import { initBranding } from "./settings/branding.js";

const form = document.getElementById("settings-form");
const code = form.dataset.code;
const errorEl = form.querySelector('[data-role="form-error"]');
const saved = form.querySelector('[data-role="saved"]');
initEventForm(form);
initBranding(document.getElementById("branding-form"));

form.addEventListener("input", () => {
  saved.textContent = "";
});

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  saved.textContent = "";
  const url = `/api/events/${encodeURIComponent(code)}`;
  const result = await submitEventForm(form, errorEl, (data) => api(url, { method: "PATCH", body: data }));
  if (result) {
    document.title = t("Settings · %(title)s · Townhall", { title: result.event.title });
    // Show the limit as saved: 0 min 90 s becomes 1 min 30 s.
    const limit = result.event.speaker_time_limit;
    if (Number.isInteger(limit) && form.elements.speaker_minutes) {
      form.elements.speaker_minutes.value = String(Math.floor(limit / 60));
      form.elements.speaker_seconds.value = String(limit % 60);
    }
    saved.textContent = t("Saved.");
  }
});

// --- archive and reuse (owner only) ----------------------------------------------

const reuse = document.getElementById("reuse-template");
if (reuse) {
  const archiveError = document.querySelector('[data-role="archive-error"]');
  reuse.addEventListener("click", async () => {
    clearError(archiveError);
    reuse.disabled = true;
    reuse.textContent = t("Creating the copy…");
    try {
      const result = await api(`/api/events/${encodeURIComponent(reuse.dataset.code)}/copy`, { method: "POST" });
      window.location.assign(result.dashboard_url);
    } catch (error) {
      showError(archiveError, error);
      reuse.disabled = false;
      reuse.textContent = t("Reuse as template");
    }
  });
}

// --- blocklist (owner only) ------------------------------------------------------------

const blocklistForm = document.getElementById("blocklist-form");
if (blocklistForm) {
  const blocklistError = blocklistForm.querySelector('[data-role="blocklist-error"]');
  const blocklistSaved = blocklistForm.querySelector('[data-role="blocklist-saved"]');
  blocklistForm.addEventListener("input", () => {
    blocklistSaved.textContent = "";
  });
  blocklistForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFormErrors(blocklistForm, blocklistError);
    blocklistSaved.textContent = "";
    const body = { terms: blocklistForm.elements.terms.value, use_default: blocklistForm.elements.use_default.checked };
    try {
      const { blocklist } = await api(`/api/events/${encodeURIComponent(blocklistForm.dataset.code)}/blocklist`,
        { method: "PUT", body });
      blocklistForm.elements.terms.value = blocklist.terms; // as stored: trimmed, each term once
      blocklistSaved.textContent = tn("Saved: %(n)s own word.", "Saved: %(n)s own words.", blocklist.count);
    } catch (error) {
      showFormError(blocklistForm, error, blocklistError);
    }
  });
}

// --- the organization that follows the questions up (owner only) ------------------

const organizationForm = document.getElementById("organization-form");
if (organizationForm) {
  const organizationError = organizationForm.querySelector('[data-role="organization-error"]');
  const organizationSaved = organizationForm.querySelector('[data-role="organization-saved"]');
  organizationForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFormErrors(organizationForm, organizationError);
    organizationSaved.textContent = "";
    const value = organizationForm.elements.organization_id.value;
    const body = { organization_id: value === "" ? null : Number.parseInt(value, 10) };
    try {
      await api(`/api/events/${encodeURIComponent(organizationForm.dataset.code)}`, { method: "PATCH", body });
      organizationSaved.textContent = t("Saved.");
    } catch (error) {
      showFormError(organizationForm, error, organizationError);
    }
  });
}

// --- delete the event (owner only) ----------------------------------------------

const deleteForm = document.getElementById("delete-form");
if (deleteForm) {
  const deleteError = deleteForm.querySelector('[data-role="delete-error"]');
  deleteForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const confirm = deleteForm.elements.confirm.value.trim();
    const button = deleteForm.querySelector('[type="submit"]');
    button.disabled = true;
    try {
      await api(`/api/events/${encodeURIComponent(deleteForm.dataset.code)}`, { method: "DELETE", body: { confirm } });
      window.location.assign("/dashboard/");
    } catch (error) {
      showFormError(deleteForm, error, deleteError);
      button.disabled = false;
    }
  });
}
