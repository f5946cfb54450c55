/**
 * The end-of-meeting review (opened by "End meeting", by the "Follow-up review" button at any time, and by the
 * notice "N questions not followed up yet" after the meeting): the unanswered questions without a follow-up,
 * those with at least the threshold's votes checked for referral (one office and due date applied to all
 * checked, each changeable), the others to be closed with a public reason (one reason applied to all,
 * editable). "Refer and close" is one request (POST .../followups/resolve): all or nothing.
 *
 * data-testid: review-open, followup-nag (after the meeting), followup-nag-text, followup-nag-review,
 *   review-dialog, review-counts, review-min-votes, review-office, review-due, review-reason, review-no-offices,
 *   review-list, review-item (data-question-id, data-refer: true | false, data-error), review-refer (checkbox),
 *   review-item-office, review-item-due, review-item-reason, review-empty, review-error, review-summary,
 *   review-submit, review-cancel
 */
import { t, tn } from "../i18n.js";
import { api, clearError, h, showError } from "../live.js";
import { $, announce, base, can, live, state } from "./context.js";
import {
  DEFAULT_DUE_DAYS, dueLabel, fillOffices, isoInDays, noOfficesText, notFollowedUp, offices, rememberFollowup,
} from "./followups.js";
import { shorten } from "./question_rules.js";

const dialog = $("review-dialog");
const form = $("review-form");
const rows = new Map(); // question id -> {refer, office_id, due_on, reason, own: {office_id, due_on, reason}}
let questions = []; // as the review listed them: [{question, offered}]
let lastMeeting = null;

/** The notice after the meeting, the review button, and the review opened once when the meeting ends. */
export function renderFollowupNotice() {
  const may = can("questions");
  $("review-open").hidden = !may;
  const meeting = state.agenda && state.agenda.meeting ? state.agenda.meeting.state : null;
  const ended = meeting === "ended" || Boolean(state.event && state.event.meeting_ended_at && meeting !== "running");
  const left = may ? notFollowedUp().length : 0;
  const nag = $("followup-nag");
  nag.hidden = !ended || left === 0;
  const text = tn("%(n)s question not followed up yet.", "%(n)s questions not followed up yet.", left);
  if ($("followup-nag-text").textContent !== text) $("followup-nag-text").textContent = text;
  if (lastMeeting === "running" && meeting === "ended" && left > 0 && !dialog.open) openReview();
  if (meeting) lastMeeting = meeting;
}

export async function openReview() {
  clearError($("review-error"));
  rows.clear();
  const due = form.elements.due_on;
  due.min = isoInDays(0);
  if (!due.value) due.value = isoInDays(DEFAULT_DUE_DAYS);
  fillOffices(form.elements.office_id);
  const none = $("review-no-offices");
  none.hidden = offices.list.length > 0;
  none.textContent = none.hidden ? "" : `${noOfficesText()} ${t("Until then, questions can only be closed.")}`;
  if (typeof dialog.showModal === "function" && !dialog.open) dialog.showModal();
  await load();
}

async function load() {
  const threshold = form.elements.min_votes.value === "" ? 1 : form.elements.min_votes.value;
  try {
    const review = await api(`${base}/followups/review?min_votes=${encodeURIComponent(threshold)}`);
    for (const item of review.followups) rememberFollowup(item);
    questions = [...review.offered.map((q) => ({ question: q, offered: true })),
      ...review.below.map((q) => ({ question: q, offered: false }))];
    for (const { question, offered } of questions) {
      const row = rows.get(question.id) || { own: {} };
      row.refer = offered && offices.list.length > 0;
      rows.set(question.id, row);
    }
    const c = review.counts;
    $("review-counts").textContent = t("So far: %(referred)s referred, %(answered_in_room)s answered in the room, "
      + "%(answered_in_writing)s answered in writing, %(closed)s closed without answer.", c);
    renderRows();
  } catch (error) {
    showError($("review-error"), error);
  }
}

/** The value in force for a row: its own if changed, else the one for all. */
function valueOf(row, name) {
  return row.own[name] ?? form.elements[name].value;
}

function renderRows() {
  const list = $("review-list");
  $("review-empty").hidden = questions.length > 0;
  list.replaceChildren(...questions.map(({ question }) => createRow(question, rows.get(question.id))));
  summarize();
}

function createRow(q, row) {
  const officeSelect = h("select", { class: "input input-small", "data-testid": "review-item-office",
    "aria-label": t("Office for question #%(id)s", { id: String(q.id) }) });
  fillOffices(officeSelect, valueOf(row, "office_id"));
  const due = h("input", { class: "input input-small", type: "date", min: isoInDays(0), "data-testid": "review-item-due",
    "aria-label": t("Due date for question #%(id)s", { id: String(q.id) }) });
  due.value = valueOf(row, "due_on");
  const reason = h("input", { class: "input input-small", type: "text", maxlength: 500, "data-testid": "review-item-reason",
    "aria-label": t("Public reason for closing question #%(id)s", { id: String(q.id) }) });
  reason.value = valueOf(row, "reason");
  const check = h("input", { type: "checkbox", "data-testid": "review-refer", disabled: offices.list.length === 0 });
  check.checked = row.refer;
  const li = h("li", { class: "review-item", "data-testid": "review-item", "data-question-id": q.id },
    h("label", { class: "review-check" }, check, h("span", { class: "visually-hidden" }, t("Refer question #%(id)s", { id: String(q.id) }))),
    h("div", { class: "review-body" },
      h("p", { class: "review-text" }, shorten(q.text, 160)),
      h("p", { class: "review-meta hint" }, `${tn("%(n)s vote", "%(n)s votes", q.votes)} · ` +
        `${q.anonymous ? t("Anonymous") : q.author || t("No name")}${q.state === "deferred" ? t(" · deferred") : ""}` +
        `${q.state === "reopened" ? t(" · reopened") : ""}`)),
    h("div", { class: "review-choice review-refer-fields" }, officeSelect, due),
    h("div", { class: "review-choice review-close-fields" }, h("span", { class: "review-close-label" }, t("Close:")), reason));
  const sync = () => {
    li.dataset.refer = String(row.refer);
    li.querySelector(".review-refer-fields").hidden = !row.refer;
    li.querySelector(".review-close-fields").hidden = row.refer;
  };
  check.addEventListener("change", () => {
    row.refer = check.checked;
    sync();
    summarize();
  });
  officeSelect.addEventListener("change", () => { row.own.office_id = officeSelect.value; });
  due.addEventListener("change", () => { row.own.due_on = due.value; });
  reason.addEventListener("input", () => { row.own.reason = reason.value; });
  sync();
  return li;
}

function summarize() {
  const referred = [...rows.values()].filter((r) => r.refer).length;
  const closed = questions.length - referred;
  $("review-summary").textContent = questions.length ? t("%(referred)s to refer, %(closed)s to close", { referred, closed }) : "";
  $("review-submit").disabled = questions.length === 0;
}

/** A change to one of the values for all: every row that was not changed on its own follows it. */
function applyToAll(name, testid) {
  for (const li of $("review-list").children) {
    const row = rows.get(Number(li.dataset.questionId));
    if (row && row.own[name] === undefined) li.querySelector(`[data-testid="${testid}"]`).value = form.elements[name].value;
  }
}

form.elements.office_id.addEventListener("change", () => applyToAll("office_id", "review-item-office"));
form.elements.due_on.addEventListener("change", () => applyToAll("due_on", "review-item-due"));
form.elements.reason.addEventListener("input", () => applyToAll("reason", "review-item-reason"));
let reloading = null;
form.elements.min_votes.addEventListener("input", () => {
  clearTimeout(reloading);
  reloading = setTimeout(load, 300);
});

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  clearError($("review-error"));
  const refer = [];
  const close = [];
  for (const { question } of questions) {
    const row = rows.get(question.id);
    if (row.refer) {
      refer.push({ question_id: question.id, office_id: Number(valueOf(row, "office_id")) || 0,
        due_on: valueOf(row, "due_on") });
    } else {
      close.push({ question_id: question.id, reason: valueOf(row, "reason") });
    }
  }
  const submit = $("review-submit");
  submit.disabled = true;
  for (const li of $("review-list").children) delete li.dataset.error;
  try {
    const answer = await api(`${base}/followups/resolve`, { method: "POST", body: { refer, close } });
    for (const item of [...answer.referred, ...answer.closed]) {
      rememberFollowup(item);
      if (state.questions[item.question_id]) live.upsert({ id: item.question_id, state: item.state });
    }
    dialog.close();
    const targets = new Map(answer.referred.map((f) => [`${f.office}\n${f.due_on}`, f]));
    const counts = { referred: answer.referred.length, closed: answer.closed.length };
    const [one] = targets.values();
    announce(targets.size === 1
      ? t("%(referred)s referred to %(office)s, due %(due)s, %(closed)s closed without answer.",
        { ...counts, office: one.office, due: dueLabel(one.due_on) })
      : t("%(referred)s referred, %(closed)s closed without answer.", counts));
  } catch (error) {
    const named = markRow(error && error.field, { refer, close });
    // "close[1] (question 12): The reason is empty." names the item for the API; a person reads the question.
    showError($("review-error"), named && error.message.includes("): ")
      ? `“${shorten(named.text, 70)}”: ${error.message.slice(error.message.indexOf("): ") + 3)}` : error);
  } finally {
    submit.disabled = questions.length === 0;
    live.changed();
  }
});

/** The row an error names ("close[1].reason"): marked, and its field focused; returns its question. */
function markRow(field, lists) {
  const match = /^(refer|close)\[(\d+)\]/.exec(field || "");
  if (!match) return null;
  const item = lists[match[1]][Number(match[2])];
  const li = item && $("review-list").querySelector(`[data-question-id="${item.question_id}"]`);
  if (!li) return null;
  li.dataset.error = "true";
  const input = li.querySelector(match[1] === "refer" ? (field.endsWith("office_id") ? "select" : "input[type=date]")
    : "[data-testid=review-item-reason]");
  if (input) input.focus();
  return questions.map((entry) => entry.question).find((q) => q.id === item.question_id) || null;
}

$("review-cancel").addEventListener("click", () => dialog.close());
$("review-open").addEventListener("click", () => openReview());
$("followup-nag-review").addEventListener("click", () => openReview());
