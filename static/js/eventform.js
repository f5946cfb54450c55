/**
 * The event fields form (templates/moderator/_event_fields.html), shared by the
 * "New event" form (events.js) and the settings page (settings.js).
 */
import { t } from "./i18n.js";
import { clearFormErrors, fromLocalInput, showFormError, toLocalInput } from "./live.js";

const SETTINGS = ["allow_anonymous", "names_required", "premoderation", "is_open", "first_time_speakers_first",
  "anonymous_speakers", "auto_start_speaker_timer", "allow_ballot_change", "show_text_answers", "show_trusted_counts",
  "room_check"];
const SPEAKER_LIMIT = { min: 10, max: 3600 }; // seconds, as the server checks it
const RETENTION_MAX_DAYS = 3650;

/** Minutes and seconds inputs -> whole seconds; NaN when either is not a whole number. */
function speakerLimit(form) {
  const part = (name) => {
    const text = String(form.elements[name].value ?? "").trim();
    if (text === "") return 0;
    return /^\d+$/.test(text) ? Number(text) : NaN;
  };
  return part("speaker_minutes") * 60 + part("speaker_seconds");
}

/** The event's zone as chosen in the form (its date and time are a wall clock there). */
function formZone(form) {
  return form.elements.timezone?.value || undefined;
}

/**
 * Fill the datetime-local input from its data-utc attribute (the server stores UTC), as the wall clock of
 * the event's zone; a new event starts in the browser's own zone. Changing the zone keeps the wall clock
 * ("19:00" stays 19:00, now in the new zone): the organizer is saying where the meeting is.
 */
export function initEventForm(form) {
  const input = form.elements.starts_at;
  const zone = form.elements.timezone;
  if (zone && zone.dataset.new) {
    const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if ([...zone.options].some((option) => option.value === own)) zone.value = own;
  }
  if (input && input.dataset.utc) input.value = toLocalInput(input.dataset.utc, formZone(form));
}

/** The JSON body for POST /api/events or PATCH /api/events/<code>. */
export function eventFormData(form) {
  const data = {
    title: form.elements.title.value.trim(),
    place: form.elements.place.value.trim(),
    description: form.elements.description.value.trim(),
    starts_at: fromLocalInput(form.elements.starts_at.value, formZone(form)),
  };
  if (form.elements.timezone) data.timezone = form.elements.timezone.value;
  if (form.elements.language) data.language = form.elements.language.value;
  for (const name of SETTINGS) {
    const box = form.elements[name];
    if (box) data[name] = box.checked;
  }
  if (form.elements.speaker_minutes) data.speaker_time_limit = speakerLimit(form);
  const retention = form.elements.retention_days;
  if (retention) {
    const text = String(retention.value ?? "").trim();
    data.retention_days = text === "" ? null : /^\d+$/.test(text) ? Number(text) : NaN;
  }
  if (form.elements.privacy_contact) data.privacy_contact = form.elements.privacy_contact.value.trim();
  const mode = form.querySelector('input[name="join_mode"]:checked');
  if (mode) data.join_mode = mode.value;
  if (form.elements.passcode) data.passcode = form.elements.passcode.value.trim() || null;
  return data;
}

/**
 * Validate and send the form: send(data) performs the request and returns its result.
 * Errors are shown next to their fields; returns null when nothing was saved.
 */
export async function submitEventForm(form, errorEl, send) {
  clearFormErrors(form, errorEl);
  const data = eventFormData(form);
  if (!data.title) {
    showFormError(form, { field: "title", message: t("The event needs a title.") }, errorEl);
    return null;
  }
  if ("speaker_time_limit" in data) {
    const limit = data.speaker_time_limit;
    if (!Number.isInteger(limit) || limit < SPEAKER_LIMIT.min || limit > SPEAKER_LIMIT.max) {
      showFormError(form, {
        field: "speaker_time_limit",
        message: t("The speaking time limit must be from 10 seconds to 60 minutes, in whole minutes and seconds."),
      }, errorEl);
      form.elements.speaker_minutes.setAttribute("aria-invalid", "true");
      form.elements.speaker_minutes.focus();
      return null;
    }
  }
  if (Number.isNaN(data.retention_days) || data.retention_days > RETENTION_MAX_DAYS) {
    showFormError(form, {
      field: "retention_days",
      message: t("Enter a whole number of days from 0 to 3650, or leave it empty to keep identities."),
    }, errorEl);
    form.elements.retention_days.setAttribute("aria-invalid", "true");
    form.elements.retention_days.focus();
    return null;
  }
  const button = form.querySelector('[type="submit"]');
  button.disabled = true;
  try {
    return await send(data);
  } catch (error) {
    showFormError(form, error, errorEl);
    return null;
  } finally {
    button.disabled = false;
  }
}
