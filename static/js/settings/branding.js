/**
 * The event's branding on its settings page (templates/moderator/_branding.html).
 * The accent colour is saved with PATCH /api/events/<code> {accent_color} (null: the app's own); the
 * server refuses a colour white text does not read on (400 low_contrast), shown under the form. The
 * logo is uploaded with PUT /api/events/<code>/logo (multipart field "logo") and removed with DELETE.
 *
 * data-testid: branding-card, branding-form, branding-own-accent, branding-accent, branding-save-accent,
 *   branding-logo (the current logo), branding-logo-file, branding-upload, branding-remove,
 *   branding-error, branding-saved
 */
import { t } from "../i18n.js";
import { api, clearError, showError } from "../live.js";

export function initBranding(form) {
  if (!form) return;
  const url = `/api/events/${encodeURIComponent(form.dataset.code)}`;
  const el = (role) => form.querySelector(`[data-role="${role}"]`);
  const error = el("branding-error");
  const saved = el("branding-saved");
  const sample = el("sample");
  const logo = el("logo");
  const remove = el("remove");
  const own = form.elements.own_accent;
  const color = form.elements.accent_color;

  const preview = () => {
    // The sample button in the colour chosen (a CSSOM property: allowed by the page's policy).
    sample.style.setProperty("--primary", own.checked ? color.value : "");
    sample.style.setProperty("--primary-hover", own.checked ? color.value : "");
    color.disabled = !own.checked;
  };
  const begin = () => {
    clearError(error);
    saved.textContent = "";
  };
  const attempt = async (work, done) => {
    begin();
    try {
      await work();
      saved.textContent = done;
    } catch (failure) {
      showError(error, failure);
    }
  };

  own.addEventListener("change", preview);
  color.addEventListener("input", preview);
  preview();

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    attempt(() => api(url, { method: "PATCH", body: { accent_color: own.checked ? color.value : null } }),
      t("Colour saved."));
  });

  el("upload").addEventListener("click", () => {
    const file = form.elements.logo.files[0];
    if (!file) {
      begin();
      showError(error, t("Choose an image first."));
      return;
    }
    const body = new FormData();
    body.append("logo", file);
    attempt(async () => {
      const result = await api(`${url}/logo`, { method: "PUT", body });
      logo.src = result.logo_url;
      logo.hidden = false;
      remove.hidden = false;
      form.elements.logo.value = "";
    }, t("Logo saved."));
  });

  remove.addEventListener("click", () => {
    attempt(async () => {
      await api(`${url}/logo`, { method: "DELETE" });
      logo.removeAttribute("src");
      logo.hidden = true;
      remove.hidden = true;
    }, t("Logo removed."));
  });
}
