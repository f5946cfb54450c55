/**
 * Following questions up from a question's card: "Follow up…" opens a dialog with the steps the question's
 * state allows: refer it to an office with a due date (+14 days by default) and an optional public note, defer
 * it (an optional note), or close it without an answer (a public reason, required). The card's line says
 * where its follow-up stands ("Referred to Planning · due 18 Dec"). The follow-ups come from the review
 * (GET .../followups/review, once per role) and then from followup:changed; the questions' `state` from the
 * snapshot and questions:changed. The server checks every step again (the ledger's state machine).
 *
 * data-testid: question-followup (the card's line, data-state), action-followup, followup-dialog,
 *   followup-mode-refer, followup-mode-defer, followup-mode-close (aria-pressed), followup-mode-hint,
 *   followup-question, followup-office, followup-due, followup-note, followup-reason,
 *   followup-no-offices, followup-error, followup-submit, followup-cancel
 */
import { t } from "../i18n.js";
import { api, clearFormErrors, h, showError, showFormError } from "../live.js";
import { $, announce, base, can, live, state } from "./context.js";
import { shorten } from "./question_rules.js";

// Ledger states (models/ledger.py): still waiting for an answer without a follow-up; may be referred.
export const UNANSWERED = ["published", "deferred", "reopened"];
const REFERABLE = [...UNANSWERED, "answered_in_room"];
const CLOSABLE = [...UNANSWERED, "referred"];
const DEFERRABLE = ["published", "reopened"];
const SEEN = ["published", "archived"]; // what the room saw: the review looks at these only
export const DEFAULT_DUE_DAYS = 14;

export const followups = new Map(); // question id -> its follow-up (serializers/followups.followup_public)
export const offices = { organization: null, list: [], loaded: false };

/** A date `days` from today (UTC, as the server compares due dates), YYYY-MM-DD. */
export function isoInDays(days) {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function dueLabel(iso) {
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" }).format(date);
}

/** The card's line: where the question's follow-up stands ("" when it has none to show). */
export function followupText(q) {
  const f = followups.get(q.id);
  if (q.status === "merged") return "";
  switch (q.state) {
    case "referred":
      if (!f || !f.office) return t("Referred to an office");
      return t("Referred to %(office)s · due %(due)s", { office: f.office, due: dueLabel(f.due_on) })
        + (f.overdue ? t(" · overdue") : "");
    case "answered_in_writing":
      return f && f.office ? t("Answered in writing by %(office)s", { office: f.office }) : t("Answered in writing");
    case "deferred":
      return t("Deferred");
    case "closed":
      return t("Closed without answer");
    case "reopened":
      return t("Reopened");
    default:
      return "";
  }
}

/** Questions the room saw that wait for an answer with neither a follow-up nor a closure. */
export function notFollowedUp() {
  return Object.values(state.questions).filter((q) => SEEN.includes(q.status) && UNANSWERED.includes(q.state));
}

export function rememberFollowup(item) {
  if (item && item.question_id) followups.set(item.question_id, item);
}

/** followup:changed (room, moderators): a follow-up moved. */
export function onFollowupChanged(msg) {
  if (!msg || !msg.followup) return;
  rememberFollowup(msg.followup);
  if (live) live.changed();
}

/** The offices of the event's organization and the follow-ups so far (once per role, like the bans). */
export async function loadFollowups() {
  if (!can("questions")) return;
  try {
    const [listed, review] = await Promise.all([api(`${base}/offices`), api(`${base}/followups/review?min_votes=0`)]);
    offices.organization = listed.organization;
    offices.list = listed.offices;
    offices.loaded = true;
    for (const item of review.followups) rememberFollowup(item);
    officesArrived();
    live.changed();
  } catch (error) {
    showError($("page-error"), error);
  }
}

export function noOfficesText() {
  if (!offices.loaded) return t("Loading the offices…");
  return offices.organization
    ? t("%(organization)s has no offices yet: add them to the organization first.", { organization: offices.organization.name })
    : t("This event belongs to no organization, so there is no office to refer to: attach the event to an "
      + "organization in its settings.");
}

/** <option>s of the offices, the given one selected (the first by default). */
export function fillOffices(select, selected) {
  const value = String(selected ?? select.value ?? "");
  select.replaceChildren(...offices.list.map((o) => h("option", { value: String(o.id) }, o.name)));
  if (offices.list.some((o) => String(o.id) === value)) select.value = value;
  select.disabled = offices.list.length === 0;
}

// --- the card -------------------------------------------------------------------------------

export function createFollowupLine() {
  return h("p", { class: "mod-followup", "data-testid": "question-followup", hidden: true });
}

export function createFollowupAction(id) {
  return h("button", {
    type: "button", class: "btn btn-small btn-secondary", "data-followup": "open", "data-testid": "action-followup",
    title: t("Refer to an office with a due date, defer, or close without an answer"), onclick: () => openFollowup(id),
  }, t("Follow up…"));
}

/** The steps the question's ledger state allows (the server's state machine decides again). */
function modesFor(q) {
  const seen = SEEN.includes(q.status);
  return {
    refer: seen && REFERABLE.includes(q.state),
    defer: seen && DEFERRABLE.includes(q.state) && q.progress !== "answering",
    close: seen && CLOSABLE.includes(q.state),
  };
}

export function updateFollowup(el, q, mayModerate) {
  const line = el.querySelector(".mod-followup");
  const text = followupText(q);
  line.hidden = !text;
  line.textContent = text;
  line.dataset.state = q.state || "";
  const button = el.querySelector("[data-followup]");
  button.hidden = !mayModerate || !Object.values(modesFor(q)).some(Boolean);
}

function applyStep(answer) {
  rememberFollowup(answer.followup);
  live.upsert(answer.question);
}

// --- the dialog ------------------------------------------------------------------------------

const dialog = $("followup-dialog");
const form = $("followup-form");
let open = null; // {id, mode: "refer" | "defer" | "close", allowed: {mode: bool}, trigger}

const HINTS = {
  refer: t("“We will get back to you”: the office answers in writing by the due date, in public."),
  defer: t("It stays unanswered, e.g. for the next meeting, and comes back in the end-of-meeting review."),
  close: t("Closed without an answer: the reason is public, on the tracker and in the minutes."),
};
const SUBMIT = { refer: t("Refer"), defer: t("Defer"), close: t("Close question") };

export function openFollowup(id) {
  const q = state.questions[id];
  if (!q) return;
  const allowed = modesFor(q);
  const first = ["refer", "defer", "close"].find((mode) => allowed[mode]);
  if (!first) return;
  open = { id, mode: first, allowed, trigger: document.activeElement };
  $("followup-question").textContent = `“${shorten(q.text, 200)}”`;
  const f = followups.get(id);
  fillOffices(form.elements.office_id, f ? officeIdNamed(f.office) : undefined);
  form.elements.due_on.min = isoInDays(0);
  form.elements.due_on.value = isoInDays(DEFAULT_DUE_DAYS);
  form.elements.note.value = "";
  form.elements.reason.value = "";
  showMode(first);
  if (typeof dialog.showModal === "function") dialog.showModal();
  (first === "refer" ? form.elements.office_id : $("followup-modes").querySelector(`[data-mode="${first}"]`)).focus();
}

function showMode(mode) {
  open.mode = mode;
  clearFormErrors(form, $("followup-error"));
  for (const button of $("followup-modes").querySelectorAll("[data-mode]")) {
    button.setAttribute("aria-pressed", String(button.dataset.mode === mode));
    button.hidden = !open.allowed[button.dataset.mode];
  }
  $("followup-mode-hint").textContent = HINTS[mode];
  $("refer-fields").hidden = mode !== "refer";
  $("note-fields").hidden = mode === "close";
  $("close-fields").hidden = mode !== "close";
  const noOffices = $("followup-no-offices");
  noOffices.hidden = mode !== "refer" || offices.list.length > 0;
  noOffices.textContent = noOffices.hidden ? "" : noOfficesText();
  const submit = $("followup-submit");
  submit.textContent = SUBMIT[mode];
  submit.classList.toggle("btn-danger", mode === "close");
}

for (const button of $("followup-modes").querySelectorAll("[data-mode]")) {
  button.addEventListener("click", () => {
    if (open) showMode(button.dataset.mode);
  });
}

/** The offices arrived while the dialog was open (a slow network, a quick chair): fill its list now. */
function officesArrived() {
  if (!open) return;
  const select = form.elements.office_id;
  const hadFocus = document.activeElement === select;
  fillOffices(select);
  showMode(open.mode);
  if (hadFocus) select.focus();
}

function officeIdNamed(name) {
  const office = offices.list.find((o) => o.name === name);
  return office ? office.id : undefined;
}

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  if (!open) return;
  const { id, mode } = open;
  const submit = $("followup-submit");
  clearFormErrors(form, $("followup-error"));
  const note = form.elements.note.value.trim() ? { note: form.elements.note.value } : {};
  const body = {
    refer: { office_id: Number(form.elements.office_id.value) || 0, due_on: form.elements.due_on.value, ...note },
    defer: note,
    close: { reason: form.elements.reason.value },
  }[mode];
  submit.disabled = true;
  try {
    const answer = await api(`${base}/questions/${id}/${mode}`, { method: "POST", body });
    applyStep(answer);
    dialog.close();
    announce({
      refer: t("Referred to %(office)s, due %(due)s.", { office: answer.followup.office, due: dueLabel(answer.followup.due_on) }),
      defer: t("Deferred: it comes back in the end-of-meeting review."),
      close: t("Closed without answer; the reason is public."),
    }[mode]);
  } catch (error) {
    showFormError(form, error, $("followup-error"));
  } finally {
    submit.disabled = false;
  }
});

$("followup-cancel").addEventListener("click", () => dialog.close());
dialog.addEventListener("close", () => {
  const trigger = open && open.trigger;
  open = null;
  if (trigger && trigger.isConnected) trigger.focus({ preventScroll: true });
});
