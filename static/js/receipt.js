/**
 * The asker's receipt (/e/<code>/mine, /e/<code>/receipt/<key>): copy the link to keep, and say once whether a
 * written answer answered the question. The page is drawn by the server; this only handles those two.
 * The page sends Referrer-Policy: no-referrer (its address may hold the key); a write sends only our origin as
 * its Referer, which the CSRF check over HTTPS needs.
 */
import { t } from "./i18n.js";
const root = document.getElementById("receipt");
const VERDICT_WORDS = { yes: t("Yes, it answered my question"), partly: t("Partly"), no: t("No, it did not") };

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

// --- keep this link ------------------------------------------------------------

const linkInput = root.querySelector("#receipt-link");
const copied = root.querySelector('[data-role="copied"]');
root.querySelector('[data-role="copy"]').addEventListener("click", async () => {
  let done = false;
  try {
    await navigator.clipboard.writeText(linkInput.value);
    done = true;
  } catch {
    linkInput.focus(); // no clipboard (an insecure origin, a refusal): select it for the phone's own copy
    linkInput.select();
  }
  copied.textContent = done ? t("Link copied.") : t("Selected: copy it with your phone's menu.");
  copied.hidden = false;
});

// --- the verdict on a written answer ------------------------------------------------

async function post(url, body) {
  let response;
  try {
    response = await fetch(url, {
      method: "POST", credentials: "same-origin", referrerPolicy: "origin",
      headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body),
    });
  } catch {
    throw new Error(t("No connection: try again in a moment."));
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Error((data && data.error && data.error.message) || t("That did not work: try again."));
  return data;
}

for (const form of root.querySelectorAll('[data-role="verdict-form"]')) {
  const card = form.closest('[data-testid="my-question"]');
  const error = form.querySelector('[data-role="verdict-error"]');
  const button = form.querySelector('button[type="submit"]');
  form.addEventListener("submit", async (submitted) => {
    submitted.preventDefault();
    const choice = form.querySelector('input[name="verdict"]:checked');
    if (!choice) {
      error.textContent = t("Choose yes, partly or no.");
      error.hidden = false;
      return;
    }
    const text = form.elements.text.value.trim();
    error.hidden = true;
    button.disabled = true;
    try {
      const { question } = await post(`${root.dataset.api}/questions/${form.dataset.questionId}/feedback`,
        text ? { verdict: choice.value, text } : { verdict: choice.value });
      const shown = card.querySelector('[data-role="verdict"]');
      shown.querySelector('[data-role="verdict-words"]').textContent = VERDICT_WORDS[question.verdict.verdict];
      const said = shown.querySelector('[data-role="verdict-text"]');
      said.textContent = question.verdict.text || "";
      said.hidden = !question.verdict.text;
      shown.hidden = false;
      form.remove();
    } catch (failure) {
      error.textContent = failure.message;
      error.hidden = false;
      button.disabled = false;
    }
  });
}
