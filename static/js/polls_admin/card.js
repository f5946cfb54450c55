/**
 * One poll's card on the polls page: built once (createCard), brought up to date on every render (updateCard):
 * its badges, question, turnout, a draft's options, the results (charts: ../polls.js), the buttons for the
 * state it is in, a text poll's Hide / Show per answer, and the countdown of an open poll with a time limit.
 */
import { t, tn, withNodes } from "../i18n.js";
import { clearError, h, reconcile, showError } from "../live.js";
import { KIND_LABELS, optionTexts, percentOf, ratingEnds, renderResults, secondsLeft } from "../polls.js";
import { clock } from "../timers.js";
import { cardOf, durationSelect, itemLabel, pollById, render, root, state, ui } from "./context.js";
import { command, launch, remove, toggleAnswer } from "./actions.js";
import { DONE_MESSAGE, STATUS_LABEL, commandsFor } from "./commands.js";
import { startEditing } from "./form.js";
import { VOTERS_LABEL, amongLines, leader, suspiciousText } from "../vote_trust.js";

function leaderText(poll) {
  const top = poll.results && !poll.results.suppressed ? leader(poll, poll.results) : null;
  return top ? `${top[0]} ${top[1]} %` : tn("%(n)s ballot", "%(n)s ballots", poll.ballots ?? 0);
}

const VISIBILITY_LABEL = { live: t("Results live"), after_vote: t("Results after voting"), on_reveal: t("Results on reveal") };

export function createCard(poll) {
  const id = poll.id;
  const act = (name, label, cls, handler) => h("button", {
    type: "button", class: `btn btn-small ${cls}`, "data-act": name, "data-testid": `poll-${name}`, onclick: handler,
  }, label);
  const launchSelect = h("select", {
    class: "input input-small", "data-role": "launch-duration", "data-testid": "poll-launch-duration",
    "aria-label": t("Time limit"), onchange: (e) => ui.launchChoice.set(id, Number(e.target.value) || 0),
  });
  return h("li", { class: "poll-card", "data-testid": "poll", "data-poll-id": id },
    h("div", { class: "poll-card-head" },
      h("span", { class: "badge poll-status", "data-role": "status", "data-testid": "poll-status" }),
      h("span", { class: "poll-kind", "data-role": "kind", "data-testid": "poll-kind" }),
      h("span", { class: "badge badge-soft", "data-role": "visibility", "data-testid": "poll-visibility" }),
      h("span", { class: "badge badge-confidential", "data-role": "confidential", "data-testid": "poll-confidential", hidden: true }),
      h("span", { class: "badge badge-soft", "data-role": "voters", "data-testid": "poll-voters", hidden: true }),
      h("span", { class: "poll-item", "data-role": "item", "data-testid": "poll-item", hidden: true }),
      h("span", { class: "poll-countdown", "data-role": "countdown", "data-testid": "poll-countdown", hidden: true })),
    h("p", { class: "poll-question", "data-role": "question", "data-testid": "poll-question" }),
    h("p", { class: "poll-turnout", "data-role": "turnout", "data-testid": "poll-turnout", hidden: true }),
    h("p", { class: "poll-among", "data-role": "among", "data-testid": "poll-among", hidden: true }),
    h("p", { class: "notice notice-warning poll-suspicious", "data-role": "suspicious", "data-testid": "poll-suspicious",
      role: "status", hidden: true }),
    h("ul", { class: "poll-options", "data-role": "options", "data-testid": "poll-options", hidden: true }),
    h("div", { class: "poll-results", "data-role": "results", "data-testid": "poll-results", "data-state": "none" }),
    h("div", { class: "poll-actions", "data-role": "actions", "data-testid": "poll-actions" },
      h("label", { class: "launch-limit", "data-role": "launch-wrap" },
        h("span", { class: "launch-limit-label" }, t("Time limit")), launchSelect),
      act("launch", t("Launch"), "btn-ok", () => launch(id)),
      act("close", t("Close poll"), "btn-danger", () => command(id, "close", DONE_MESSAGE.close)),
      act("reveal", t("Reveal results"), "", () => command(id, "reveal", DONE_MESSAGE.reveal)),
      act("unreveal", t("Hide results"), "btn-secondary", () => command(id, "unreveal", DONE_MESSAGE.unreveal)),
      act("edit", t("Edit"), "btn-secondary", () => startEditing(id)),
      act("delete", t("Delete…"), "btn-ghost", () => {
        ui.confirmingDelete.add(id);
        render();
        const yes = cardOf(id)?.querySelector('[data-testid="poll-delete-confirm"]');
        if (yes) yes.focus();
      }),
      h("span", { class: "confirm-inline", "data-role": "delete-confirm", hidden: true },
        h("span", { class: "confirm-text" }, t("Delete this poll?")),
        h("button", {
          type: "button", class: "btn btn-danger btn-small", "data-testid": "poll-delete-confirm", onclick: () => remove(id),
        }, t("Delete")),
        h("button", {
          type: "button", class: "btn btn-ghost btn-small", "data-testid": "poll-delete-cancel",
          onclick: () => {
            ui.confirmingDelete.delete(id);
            render();
            cardOf(id)?.querySelector('[data-testid="poll-delete"]')?.focus();
          },
        }, t("Cancel")))),
    h("p", { class: "question-error poll-error", "data-role": "error", "data-testid": "poll-error", role: "alert", hidden: true }));
}

export function updateCard(el, poll) {
  const part = (role) => el.querySelector(`[data-role="${role}"]`);
  const suppressed = Boolean(poll.results && poll.results.suppressed);
  Object.assign(el.dataset, {
    status: poll.status, kind: poll.kind, visibility: poll.visibility, revealed: String(Boolean(poll.revealed)),
    confidential: String(Boolean(poll.confidential)), ballots: String(poll.ballots ?? 0), suppressed: String(suppressed),
  });
  el.classList.toggle("is-open", poll.status === "open");
  el.classList.toggle("is-closed", poll.status === "closed");
  el.classList.toggle("is-editing", ui.editingId === poll.id);

  const status = part("status");
  status.textContent = STATUS_LABEL[poll.status] || poll.status;
  status.className = `badge poll-status poll-status-${poll.status}`;
  part("kind").textContent = poll.kind === "multiple" && poll.max_choices
    ? t("%(kind)s · up to %(max)s", { kind: KIND_LABELS.multiple, max: poll.max_choices }) : (KIND_LABELS[poll.kind] || poll.kind);
  const visibility = part("visibility");
  visibility.textContent = poll.visibility === "on_reveal" && poll.revealed ? t("Results revealed")
    : VISIBILITY_LABEL[poll.visibility] || poll.visibility;
  visibility.classList.toggle("badge-revealed", poll.visibility === "on_reveal" && poll.revealed);
  const confidential = part("confidential");
  confidential.hidden = !poll.confidential;
  confidential.textContent = t("Confidential · k %(k)s", { k: poll.k_threshold });
  confidential.title = tn("No numbers are shown until %(n)s ballot is in.", "No numbers are shown until %(n)s ballots are in.",
    poll.k_threshold);
  const item = part("item");
  const label = poll.agenda_item_id != null ? itemLabel(poll.agenda_item_id) : "";
  item.hidden = !label;
  item.textContent = label;
  part("question").textContent = poll.question;

  const draft = poll.status === "draft";
  const turnout = part("turnout");
  turnout.hidden = draft;
  if (!draft) {
    // While open, the live count of phones present (stats:updated) is newer than the poll's last tally.
    const stats = state.stats || {};
    const ballots = poll.ballots ?? 0;
    // A poll for verified or in-room phones: its own "present" (the eligible phones), not every phone.
    const everyone = !poll.voters || poll.voters === "everyone";
    const present = everyone && poll.status === "open" && typeof stats.connected === "number" ? stats.connected
      : typeof poll.present === "number" ? poll.present : null;
    turnout.dataset.ballots = String(ballots);
    turnout.dataset.present = present === null ? "" : String(present);
    // The sentences leave %(ballots)s unfilled: the number goes there in bold.
    const bold = { ballots: h("strong", {}, String(ballots)) };
    let text;
    if (poll.status === "open" && present !== null && present >= ballots && present > 0) {
      text = t("%(ballots)s of %(present)s present voted · %(percent)s%%", { present, percent: percentOf(ballots, present) });
    } else if (present === null) {
      text = t("%(ballots)s voted");
    } else {
      text = poll.status === "open" ? t("%(ballots)s voted · %(present)s present", { present })
        : t("%(ballots)s voted · %(present)s present now", { present });
    }
    turnout.replaceChildren(...withNodes(text, bold));
  }

  const voters = part("voters");
  voters.hidden = !poll.voters || poll.voters === "everyone";
  voters.textContent = poll.voters === "in_room" ? t("In-room phones only") : t("Verified phones only");
  voters.title = VOTERS_LABEL[poll.voters] || "";
  const among = part("among");
  const lines = draft ? [] : amongLines(poll);
  among.hidden = !lines.length;
  among.textContent = lines.length ? [t("Total %(leader)s", { leader: leaderText(poll) }), ...lines].join(" · ") : "";
  const flag = part("suspicious");
  flag.hidden = !poll.suspicious;
  flag.textContent = suspiciousText(poll.suspicious) || "";
  el.classList.toggle("is-suspicious", Boolean(poll.suspicious));

  renderOptionsPreview(part("options"), poll);
  updateResults(part("results"), poll);
  renderActions(el, poll);

  const error = part("error");
  if (ui.cardErrors.has(poll.id)) showError(error, ui.cardErrors.get(poll.id));
  else clearError(error);
}

/** A draft shows what people will answer; open and closed polls show their results instead. */
function renderOptionsPreview(list, poll) {
  let chips = [];
  if (poll.status === "draft") {
    if (poll.kind === "rating") {
      const labels = ratingEnds(poll);
      const end = (n, label) => (label ? `${n} (${label})` : `${n}`);
      chips = [t("%(low)s to %(high)s", { low: end(poll.scale_min, labels[0]), high: end(poll.scale_max, labels[1]) })];
    } else if (poll.kind === "yesno") {
      chips = optionTexts(poll);
    } else if (poll.kind !== "text") {
      chips = poll.options || [];
    }
  }
  list.hidden = chips.length === 0;
  reconcile(list, chips.map((text, index) => ({ text, index })), (c) => `${c.index}:${c.text}`,
    () => h("li", { class: "poll-option", "data-testid": "poll-option" }),
    (li, c) => {
      li.textContent = c.text;
    });
}

function renderActions(el, poll) {
  const show = (name, visible) => {
    const button = el.querySelector(`[data-act="${name}"]`);
    button.hidden = !visible;
    button.disabled = ui.busy.has(poll.id);
  };
  const actions = el.querySelector('[data-role="actions"]');
  actions.hidden = !ui.canEdit;
  const confirming = ui.confirmingDelete.has(poll.id);
  const draft = poll.status === "draft";
  const offered = commandsFor(poll);
  show("launch", offered.launch && !confirming);
  show("close", offered.close);
  show("reveal", offered.reveal);
  show("unreveal", offered.unreveal);
  show("edit", draft && !confirming && ui.editingId !== poll.id);
  show("delete", (draft || poll.status === "closed") && !confirming);
  const confirm = el.querySelector('[data-role="delete-confirm"]');
  confirm.hidden = !confirming;
  for (const button of confirm.querySelectorAll("button")) button.disabled = ui.busy.has(poll.id);
  const wrap = el.querySelector('[data-role="launch-wrap"]');
  wrap.hidden = !draft || confirming;
  if (draft) {
    const select = wrap.querySelector("select");
    const value = ui.launchChoice.has(poll.id) ? ui.launchChoice.get(poll.id) : poll.duration_seconds || 0;
    if (document.activeElement !== select) durationSelect(select, value);
    select.disabled = ui.busy.has(poll.id);
  }
}

// --- results (charts: static/js/polls.js) ---------------------------------------------------------------

const answerControls = new Map(); // answer id -> its Hidden badge and Hide / Show buttons (kept: focus survives)

function answerExtras(pollId) {
  return (a) => {
    let node = answerControls.get(a.id);
    if (!node) {
      node = h("span", { class: "answer-controls" },
        h("span", { class: "badge badge-hidden", "data-testid": "answer-hidden-badge" }, t("Hidden")),
        h("button", {
          type: "button", class: "btn btn-ghost btn-small", "data-testid": "answer-hide",
          onclick: () => toggleAnswer(pollId, a.id, "hide"),
        }, t("Hide")),
        h("button", {
          type: "button", class: "btn btn-secondary btn-small", "data-testid": "answer-show",
          onclick: () => toggleAnswer(pollId, a.id, "show"),
        }, t("Show")));
      answerControls.set(a.id, node);
    }
    const hidden = Boolean(a.hidden);
    const [badge, hide, show] = node.children;
    badge.hidden = !hidden;
    badge.textContent = a.pending ? t("Awaiting approval") : t("Hidden");
    show.textContent = a.pending ? t("Approve") : t("Show");
    hide.hidden = hidden || !ui.canEdit;
    show.hidden = !hidden || !ui.canEdit;
    hide.disabled = show.disabled = ui.busy.has(`answer:${a.id}`);
    hide.setAttribute("aria-label", t("Hide the answer “%(text)s”", { text: a.text }));
    show.setAttribute("aria-label", t("Show the answer “%(text)s” again", { text: a.text }));
    return node;
  };
}

function updateResults(box, poll) {
  box.hidden = poll.status === "draft";
  if (box.hidden) return;
  renderResults(box, poll, { audience: "moderator", answerExtras: answerExtras(poll.id) });
  if (poll.kind === "text") {
    const hidden = ((poll.results && poll.results.answers) || []).filter((a) => a.hidden).length;
    const title = box.querySelector(".poll-answers-title");
    if (title && hidden) title.textContent += ` · ${t("%(count)s hidden from the room", { count: hidden })}`;
  }
}

// --- countdowns ------------------------------------------------------------------------------------------

export function tickCountdowns() {
  for (const el of root.querySelectorAll('[data-testid="poll"]')) {
    const poll = pollById(Number(el.dataset.pollId));
    const countdown = el.querySelector('[data-role="countdown"]');
    if (!poll || poll.status !== "open" || !poll.closes_at) {
      countdown.hidden = true;
      continue;
    }
    const left = secondsLeft(poll, state.clockOffset || 0);
    countdown.hidden = false;
    countdown.dataset.seconds = String(left);
    countdown.classList.toggle("is-ending", left <= 10);
    countdown.textContent = left > 0 ? t("Closes in %(time)s", { time: clock(left) }) : t("Closing…");
  }
}
