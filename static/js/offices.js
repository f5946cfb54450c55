/**
 * Organizations, offices and the office workspace (/organizations, /organizations/<id>, /offices): the pages are
 * drawn on the server; a form or button with data-api="<url>" data-method="<METHOD>" sends its fields as JSON
 * (views/api_offices.py), then the page reloads to show the result. A field with data-kind="int" is sent as a
 * number; one with data-optional is sent as null when empty. A button with data-confirm asks first; one with
 * data-show-url shows the link the answer carries (an invitation's) instead of reloading.
 * data-testid: see templates/offices/*.html.
 */
import { api, clearError, localizeTimes, showError, showFormError } from "./live.js";

localizeTimes();

function payload(form) {
  const data = {};
  for (const el of form.elements) {
    if (!el.name || el.type === "submit" || el.type === "button") continue;
    let value = el.value;
    if (el.dataset.kind === "int") value = Number.parseInt(value, 10);
    else if (el.hasAttribute("data-optional") && value.trim() === "") value = null;
    data[el.name] = value;
  }
  return data;
}

function errorElement(el) {
  const box = el.closest("form, .invite-block, .office-card, .card");
  return box ? box.querySelector('[data-role="form-error"]') : null;
}

async function send(el, body) {
  const errorEl = errorElement(el);
  clearError(errorEl);
  const buttons = el.tagName === "FORM" ? el.querySelectorAll("button") : [el];
  buttons.forEach((b) => { b.disabled = true; });
  try {
    const result = await api(el.dataset.api, { method: el.dataset.method, body });
    if (el.hasAttribute("data-show-url") && result && result.invitation) {
      const box = el.closest(".invite-block").querySelector('[data-role="url"]');
      box.querySelector("input").value = result.invitation.url;
      box.hidden = false;
      box.querySelector("input").select();
      buttons.forEach((b) => { b.disabled = false; });
      return;
    }
    window.location.reload();
  } catch (error) {
    buttons.forEach((b) => { b.disabled = false; });
    if (el.tagName === "FORM") showFormError(el, error, errorEl);
    else showError(errorEl, error);
  }
}

document.addEventListener("submit", (e) => {
  const form = e.target.closest("form[data-api]");
  if (!form) return;
  e.preventDefault();
  send(form, payload(form));
});

document.addEventListener("click", (e) => {
  const button = e.target.closest("button[data-api]");
  if (!button) return;
  if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
  send(button, undefined);
});
