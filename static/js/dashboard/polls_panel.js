/**
 * The dashboard's polls panel: the event's polls (open first, then drafts, then closed) with Launch, Close,
 * Reveal results and Hide results, and their live tallies. Preparing and editing polls stays on the polls page (link-polls-page).
 * The requests and the rules for which command a poll offers are the polls page's (polls_admin/commands.js);
 * the charts are polls.js's. "polls:changed" and "poll:tallied" keep state.polls current (dashboard/context.js). Without the "questions" capability the panel lists the polls with no buttons.
 *
 * data-testid:
 *   polls-panel, polls-panel-count, polls-panel-empty, polls-panel-list, link-polls-page,
 *   dash-poll (data-poll-id, data-status: draft | open | closed, data-kind, data-revealed, data-ballots),
 *   dash-poll-status, dash-poll-question, dash-poll-turnout (data-ballots), dash-poll-countdown (data-seconds),
 *   dash-poll-summary (a text poll: answers shown and waiting; a closed choice poll: the option most chosen),
 *   dash-poll-results (an open poll's chart, polls.js; not for text polls),
 *   dash-poll-launch, dash-poll-close, dash-poll-reveal, dash-poll-unreveal ("Hide results"),
 *   dash-poll-revealed ("Results revealed"),
 *   dash-poll-error
 */
import { t, tn } from "../i18n.js";
import { clearError, h, reconcile, showError } from "../live.js";
import { renderResults, secondsLeft, upsertPolls } from "../polls.js";
import { DONE_MESSAGE, STATUS_LABEL, commandsFor, launchPoll, pollCommand } from "../polls_admin/commands.js";
import { clock } from "../timers.js";
import { leader } from "../vote_trust.js";
import { $, announce, base, can, live, root, state } from "./context.js";

const ORDER = { open: 0, draft: 1, closed: 2 };
const CHARTED = ["single", "multiple", "yesno", "rating", "ranking"];
const busy = new Set(); // poll ids with a request in flight
const errors = new Map(); // poll id -> the server's error

function pollOf(id) {
  return (state.polls || []).find((p) => p.id === id) || null;
}

function polls() {
  const list = Array.isArray(state.polls) ? [...state.polls] : [];
  // Drafts in the order they were prepared (as on the polls page); open and closed ones newest first.
  return list.sort((a, b) => (ORDER[a.status] ?? 3) - (ORDER[b.status] ?? 3)
    || (a.status === "draft" ? a.id - b.id : b.id - a.id));
}

export function renderPolls() {
  const panel = $("polls");
  panel.hidden = !can("view");
  if (panel.hidden) return;
  const list = polls();
  const open = list.filter((p) => p.status === "open").length;
  $("polls-count").textContent = list.length ? (open ? tn("%(n)s open", "%(n)s open", open) : String(list.length)) : "";
  $("polls-empty").hidden = list.length > 0;
  reconcile($("polls-list"), list, (p) => p.id, createRow, updateRow);
  tickPolls();
}

function createRow(poll) {
  const id = poll.id;
  const button = (name, label, cls, onclick) => h("button", {
    type: "button", class: `btn btn-small ${cls}`, "data-act": name, "data-testid": `dash-poll-${name}`, onclick,
  }, label);
  return h("li", { class: "dash-poll", "data-testid": "dash-poll", "data-poll-id": id },
    h("div", { class: "dash-poll-head" },
      h("span", { class: "badge poll-status", "data-role": "status", "data-testid": "dash-poll-status" }),
      h("span", { class: "dash-poll-turnout", "data-role": "turnout", "data-testid": "dash-poll-turnout" }),
      h("span", { class: "poll-countdown", "data-role": "countdown", "data-testid": "dash-poll-countdown", hidden: true })),
    h("p", { class: "dash-poll-question", "data-role": "question", "data-testid": "dash-poll-question" }),
    h("p", { class: "dash-poll-summary hint", "data-role": "summary", "data-testid": "dash-poll-summary", hidden: true }),
    h("div", { class: "dash-poll-results", "data-role": "results", "data-testid": "dash-poll-results", hidden: true }),
    h("div", { class: "dash-poll-actions", "data-role": "actions" },
      h("span", { class: "badge badge-revealed", "data-role": "revealed", "data-testid": "dash-poll-revealed", hidden: true },
        t("Results revealed")),
      // With the time limit prepared on the polls page, if any.
      button("launch", t("Launch"), "btn-ok", () => run(id, () => launchPoll(base, id, pollOf(id)?.duration_seconds || 0),
        t("Poll launched."))),
      button("close", t("Close poll"), "btn-danger", () => run(id, () => pollCommand(base, id, "close"), DONE_MESSAGE.close)),
      button("reveal", t("Reveal results"), "", () => run(id, () => pollCommand(base, id, "reveal"), DONE_MESSAGE.reveal)),
      button("unreveal", t("Hide results"), "btn-secondary",
        () => run(id, () => pollCommand(base, id, "unreveal"), DONE_MESSAGE.unreveal))),
    h("p", { class: "field-error", "data-role": "error", "data-testid": "dash-poll-error", role: "alert", hidden: true }));
}

function updateRow(el, poll) {
  const part = (role) => el.querySelector(`[data-role="${role}"]`);
  const ballots = poll.ballots ?? 0;
  Object.assign(el.dataset, {
    status: poll.status, kind: poll.kind, revealed: String(Boolean(poll.revealed)), ballots: String(ballots),
  });
  const status = part("status");
  status.textContent = STATUS_LABEL[poll.status] || poll.status;
  status.className = `badge poll-status poll-status-${poll.status}`;
  part("question").textContent = poll.question;

  const draft = poll.status === "draft";
  const turnout = part("turnout");
  turnout.hidden = draft;
  turnout.dataset.ballots = String(ballots);
  turnout.textContent = tn("%(n)s answer", "%(n)s answers", ballots);

  const results = poll.results && !poll.results.suppressed ? poll.results : null;
  const summary = part("summary");
  const text = summaryText(poll, results);
  summary.hidden = draft || !text;
  summary.textContent = text;
  // The open poll's chart moves live; a closed one keeps only its summary line (the panel stays short).
  const box = part("results");
  box.hidden = poll.status !== "open" || !CHARTED.includes(poll.kind);
  if (!box.hidden) renderResults(box, poll, { audience: "moderator" });

  const offered = commandsFor(poll);
  const editable = can("questions");
  for (const name of ["launch", "close", "reveal", "unreveal"]) {
    const b = el.querySelector(`[data-act="${name}"]`);
    b.hidden = !offered[name] || !editable;
    b.disabled = busy.has(poll.id);
  }
  part("revealed").hidden = !(poll.visibility === "on_reveal" && poll.revealed);
  const error = part("error");
  if (errors.has(poll.id)) showError(error, errors.get(poll.id));
  else clearError(error);
}

/** One line under the question: a text poll's answers shown and waiting; a closed choice poll's leader. */
function summaryText(poll, results) {
  if (poll.kind === "text") {
    const answers = (results && results.answers) || [];
    const waiting = answers.filter((a) => a.pending).length;
    const shown = answers.filter((a) => !a.hidden).length;
    return waiting ? t("%(shown)s shown · %(waiting)s awaiting approval", { shown, waiting })
      : tn("%(n)s shown to the room", "%(n)s shown to the room", shown);
  }
  if (poll.status !== "closed") return "";
  if (poll.results && poll.results.suppressed) return t("Too few answers to show results");
  const top = results ? leader(poll, results) : null;
  return top ? t("Most chosen: %(option)s (%(percent)s%%)", { option: top[0], percent: top[1] }) : "";
}

async function run(id, request, message) {
  if (busy.has(id)) return;
  busy.add(id);
  errors.delete(id);
  renderPolls();
  try {
    const answer = await request();
    if (answer && answer.poll) upsertPolls(state, { polls: [answer.poll], removed: [] });
    announce(message);
  } catch (error) {
    errors.set(id, error);
  } finally {
    busy.delete(id);
    live.changed();
  }
  // The button pressed gave way to the next one (Launch -> Close): keep the keyboard in the row.
  const row = root.querySelector(`[data-testid="dash-poll"][data-poll-id="${id}"]`);
  if (row && (!document.activeElement || document.activeElement === document.body)) {
    row.querySelector(".dash-poll-actions button:not([hidden])")?.focus({ preventScroll: true });
  }
}

/** Twice a second: the time left of open polls with a limit. */
export function tickPolls() {
  for (const el of root.querySelectorAll('[data-testid="dash-poll"]')) {
    const poll = pollOf(Number(el.dataset.pollId));
    const countdown = el.querySelector('[data-role="countdown"]');
    const left = poll ? secondsLeft(poll, state.clockOffset || 0) : null;
    countdown.hidden = left === null;
    if (left === null) continue;
    countdown.dataset.seconds = String(left);
    countdown.textContent = left > 0 ? t("Closes in %(time)s", { time: clock(left) }) : t("Closing…");
  }
}
