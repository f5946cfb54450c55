/**
 * The phone's poll cards (pollvote.js loads them with the first poll, with the charts and the inputs per kind):
 * a card per open poll with the voting UI for its kind (pollvote/kinds.js), then "Your answer is in" and the
 * results (when this phone may see them), live. Closed polls stay: the one closed or revealed last stays on top
 * for 5 minutes, the others are collapsed under "Earlier polls". Contract: docs/polls.md. Test ids:
 * docs/testids-phone.md.
 */
import { t, tn } from "../i18n.js";
import { api, clearError, friendlyMessage, h, markMine, reconcile, serverNow, showError } from "../live.js";
import { renderCountdown, renderResults, renderTurnout } from "../polls.js";
import { phoneSections, pollList } from "../polls/state.js";
import { kindOf } from "./kinds.js";

// A poll for some phones only: who may answer, and how to become one of them.
const VOTERS_NOTE = {
  in_room: t("Only phones in the room can answer: scan the QR code on the screen in the room first."),
  verified: t("Only verified phones can answer: join with the event's passcode or your attendee code."),
};

const RECENT_MS = 5 * 60 * 1000;
const CLOSED_MESSAGE = t("This poll has closed — your answer was not counted");

/** tallied: poll id -> number of tallies with results seen (pollvote.js counts them, a GET older than one loses). */
export function createPollCards({ root, base, live, tallied }) {
  const $ = (role) => root.querySelector(`[data-role="${role}"]`);
  const ui = new Map(); // poll id -> {editing, error, errorCode, answer}
  const state = live.state;

  const uiOf = (id) => {
    if (!ui.has(id)) ui.set(id, { editing: false, error: "", errorCode: "", answer: null });
    return ui.get(id);
  };

  function votedSet() {
    return new Set((state.me && state.me.polls_voted) || []);
  }

  const setVoted = (id, isVoted = true) => markMine(state, "polls_voted", id, isVoted);

  function replacePoll(poll) {
    const list = pollList(state);
    const index = list.findIndex((p) => p.id === poll.id);
    const { voted, ...plain } = poll;
    if (typeof voted === "boolean") setVoted(poll.id, voted);
    if (index >= 0) state.polls[index] = { ...list[index], ...plain };
    else state.polls = [...list, plain];
  }

  // --- the phone's own view (after_vote results are not in the room's broadcast) ------------

  /** Ask the server to put this socket in the poll's voters' room (it checks that this phone voted). */
  function follow(id) {
    return new Promise((resolve) => {
      const socket = live.socket;
      if (!socket) {
        resolve(null);
        return;
      }
      // Offline: sent on reconnect (and the server rejoins voted polls at connect anyway).
      socket.timeout(5000).emit("poll:follow", { poll_id: id }, (timeout, ack) => resolve(timeout ? null : ack));
    });
  }

  /** After this phone's own ballot: follow the poll's voters' room, then GET its own view once. Later
   *  changes arrive as poll:tallied with results in the voters' room (no GET per tally). */
  async function followAndFetch(id) {
    await follow(id); // first join, then read: nothing between the two is missed
    const seen = tallied.get(id) || 0;
    try {
      const data = await api(`${base}/polls/${id}`);
      const fresh = data && (data.poll || data);
      if (!fresh || fresh.id !== id) return;
      if ((tallied.get(id) || 0) !== seen) {
        // A tally with results came in meanwhile: it may be newer than this answer, keep its numbers.
        for (const field of ["results", "ballots", "present"]) delete fresh[field];
      }
      replacePoll(fresh);
    } catch {
      /* the next tally in the voters' room brings the results */
    } finally {
      live.changed();
    }
  }

  // --- rendering ------------------------------------------------------------------------

  function render() {
    const voted = votedSet();
    // The poll closed (or revealed) last stays on top for a few minutes; the others fold away below.
    const { open, recent, earlier } = phoneSections(pollList(state), serverNow(state), RECENT_MS);

    const ctx = { voted, joined: Boolean(state.me), event: state.event || {} };
    const top = [...open, ...recent];
    const liveEl = $("polls-live");
    liveEl.hidden = top.length === 0;
    reconcile(liveEl, top, (p) => `${p.id}:${p.status}`,
      (p) => (p.status === "open" ? createOpenCard(p) : createClosedCard(p, true)),
      (el, p) => (p.status === "open" ? updateOpenCard(el, p, ctx) : updateClosedCard(el, p, ctx)));

    const earlierEl = $("polls-earlier");
    earlierEl.hidden = earlier.length === 0;
    $("polls-earlier-count").textContent = earlier.length ? `(${earlier.length})` : "";
    reconcile($("polls-earlier-list"), earlier, (p) => `${p.id}:${p.status}`,
      (p) => createClosedCard(p, false), (el, p) => updateClosedCard(el, p, ctx));

    tick();
  }

  function tick() {
    if (!state.loaded) return;
    for (const card of root.querySelectorAll('[data-testid="poll-card"][data-status="open"]')) {
      const poll = pollList(state).find((p) => String(p.id) === card.dataset.pollId);
      if (poll) renderCountdown(card.querySelector(".poll-countdown"), poll, state.clockOffset || 0);
    }
  }

  // --- open poll: the voting card -------------------------------------------------------------

  function createOpenCard(poll) {
    const form = h("form", { class: "poll-form", "data-testid": "poll-form", novalidate: true, dataset: { kind: poll.kind } },
      h("fieldset", { class: "poll-fieldset" },
        h("legend", { class: "visually-hidden", text: poll.question }),
        kindOf(poll).build(poll)),
      h("div", { class: "poll-form-actions" },
        h("button", { class: "btn btn-block btn-large poll-submit", type: "submit", "data-testid": "poll-submit" },
          t("Send my answer")),
        h("button", { class: "btn btn-secondary btn-block poll-cancel", type: "button", "data-testid": "poll-cancel",
          hidden: true, text: t("Keep my answer") })));
    const card = h("article", { class: "card poll-card", "data-testid": "poll-card",
      "aria-labelledby": `poll-q-${poll.id}` },
    h("div", { class: "poll-head" },
      h("p", { class: "poll-label", "data-testid": "poll-state" },
        h("span", { class: "pulse", "aria-hidden": "true" }), t("Live poll")),
      h("span", { class: "poll-countdown", "data-testid": "poll-countdown", hidden: true })),
    h("h2", { class: "poll-question", id: `poll-q-${poll.id}`, "data-testid": "poll-question" }),
    h("p", { class: "poll-confidential", "data-testid": "poll-confidential", hidden: true,
      text: t("Confidential: your answer is not linked to you") }),
    h("p", { class: "poll-confidential poll-voters", "data-testid": "poll-voters", hidden: true }),
    h("p", { class: "poll-join-note", "data-testid": "poll-join-note", hidden: true,
      text: t("Join the meeting above to answer.") }),
    form,
    h("div", { class: "poll-voted", "data-testid": "poll-voted", role: "status", hidden: true },
      h("p", { class: "poll-voted-text" }, h("span", { class: "poll-check", "aria-hidden": "true", text: "✓" }),
        t("Your answer is in")),
      h("button", { class: "btn btn-secondary btn-small poll-change", type: "button", "data-testid": "poll-change",
        hidden: true, text: t("Change my answer") })),
    h("p", { class: "field-error poll-error", "data-testid": "poll-error", role: "alert", hidden: true }),
    h("div", { class: "poll-results-wrap" }),
    h("p", { class: "poll-foot" },
      h("span", { class: "poll-turnout", "data-testid": "poll-turnout" })));

    card.dataset.pollId = String(poll.id);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      submit(poll.id, card);
    });
    form.addEventListener("input", () => updateFormHints(card, poll.id));
    form.addEventListener("change", () => updateFormHints(card, poll.id));
    card.querySelector(".poll-change").addEventListener("click", () => {
      const u = uiOf(poll.id);
      u.editing = true;
      u.error = "";
      fillForm(card, poll.id, u.answer);
      live.changed();
      queueMicrotask(() => {
        const first = card.querySelector(".poll-form input, .poll-form button[data-testid='poll-option'], .poll-form button");
        if (first) first.focus();
      });
    });
    card.querySelector(".poll-cancel").addEventListener("click", () => {
      uiOf(poll.id).editing = false;
      live.changed();
    });
    return card;
  }

  function updateOpenCard(card, poll, { voted, joined, event }) {
    const u = uiOf(poll.id);
    const hasVoted = voted.has(poll.id);
    const canChange = Boolean(event.allow_ballot_change);
    if (hasVoted && !canChange) u.editing = false;
    const showForm = !hasVoted || u.editing;
    card.dataset.kind = poll.kind;
    card.dataset.status = poll.status;
    card.dataset.voted = String(hasVoted);
    card.dataset.visibility = poll.visibility;
    card.dataset.confidential = String(Boolean(poll.confidential));
    card.classList.toggle("is-voted", hasVoted && !u.editing);
    card.querySelector(".poll-question").textContent = poll.question;
    card.querySelector(".poll-confidential").hidden = !poll.confidential;
    const voters = card.querySelector(".poll-voters");
    voters.hidden = !VOTERS_NOTE[poll.voters];
    voters.textContent = VOTERS_NOTE[poll.voters] || "";

    const form = card.querySelector(".poll-form");
    form.hidden = !showForm;
    const busy = form.dataset.busy === "1";
    const canVote = joined && event.is_open !== false;
    form.dataset.locked = canVote ? "" : "1";
    for (const control of form.querySelectorAll("input, button")) {
      if (control.classList.contains("poll-cancel")) continue;
      if (control.dataset.limited === "1") continue; // multiple choice: the pick limit decides
      control.disabled = !canVote || busy;
    }
    form.querySelector(".poll-submit").textContent = u.editing ? t("Send my new answer") : t("Send my answer");
    form.querySelector(".poll-cancel").hidden = !u.editing;
    updateFormHints(card, poll.id);
    const note = card.querySelector(".poll-join-note");
    note.hidden = canVote || hasVoted;
    note.textContent = event.is_open === false ? t("This meeting is closed: no more answers.")
      : t("Join the meeting above to answer.");

    // One error line: under the submit button, or under "Your answer is in".
    const errorEl = card.querySelector(".poll-error");
    clearError(errorEl);
    errorEl.dataset.code = u.error ? u.errorCode : "";
    if (u.error) showError(errorEl, u.error);

    const votedBox = card.querySelector(".poll-voted");
    votedBox.hidden = !hasVoted || u.editing;
    card.querySelector(".poll-change").hidden = !canChange;

    renderResultsInto(card, poll, hasVoted, !hasVoted && poll.visibility === "after_vote");
    renderTurnout(card.querySelector(".poll-turnout"), poll);
    renderCountdown(card.querySelector(".poll-countdown"), poll, state.clockOffset || 0);
  }

  /** Results under the card; before voting on an after_vote poll, only a hint. */
  function renderResultsInto(card, poll, hasVoted, quiet) {
    const wrap = card.querySelector(".poll-results-wrap");
    let box = wrap.querySelector(".poll-results");
    if (!box) {
      box = h("div", { class: "poll-results" });
      wrap.append(h("p", { class: "poll-results-title", "data-testid": "poll-results-title" }), box);
    }
    const view = renderResults(box, poll, { audience: "phone", voted: hasVoted, recent: 5 });
    const title = wrap.querySelector(".poll-results-title");
    title.textContent = poll.status === "open" ? t("Results so far") : t("Results");
    title.hidden = view.state !== "shown";
    // While the phone still has to answer, a "hidden" note is noise above the submit button: keep it short.
    box.classList.toggle("is-quiet", quiet || (view.state === "hidden" && !hasVoted && poll.status === "open"));
  }

  // --- the inputs: per kind in pollvote/ ------------------------------------------------------

  /** Counters and limits that follow the inputs: picks of a multiple choice, text length, rank numbers. */
  function updateFormHints(card, id) {
    const poll = pollList(state).find((p) => p.id === id);
    if (!poll) return;
    const form = card.querySelector(".poll-form");
    const locked = form.dataset.locked === "1" || form.dataset.busy === "1";
    kindOf(poll).hints(form, poll, locked);
    for (const choice of form.querySelectorAll(".poll-choice")) {
      choice.classList.toggle("is-picked", choice.querySelector("input").checked);
    }
  }

  /** Put a previous answer back into the form (changing one's answer). */
  function fillForm(card, id, answer) {
    const poll = pollList(state).find((p) => p.id === id);
    if (!poll || !answer) return;
    kindOf(poll).fill(card.querySelector(".poll-form"), poll, answer);
    updateFormHints(card, id);
  }

  async function submit(id, card) {
    const poll = pollList(state).find((p) => p.id === id);
    if (!poll) return;
    const u = uiOf(id);
    const form = card.querySelector(".poll-form");
    if (form.dataset.busy === "1") return;
    const { answer, error } = kindOf(poll).read(form, poll);
    if (error) {
      u.error = error;
      u.errorCode = "invalid";
      live.changed();
      return;
    }
    u.error = "";
    form.dataset.busy = "1";
    live.changed();
    try {
      const data = await api(`${base}/polls/${id}/ballot`, { method: "POST", body: { answer } });
      u.answer = answer;
      u.editing = false;
      setVoted(id, true);
      // {poll_id, ballots, voted, changed}: the count is absolute and at least as new as what we show.
      const current = pollList(state).find((p) => p.id === id);
      if (current && data && typeof data.ballots === "number") current.ballots = Math.max(current.ballots || 0, data.ballots);
      if (poll.visibility === "after_vote") followAndFetch(id); // now this phone may see the results
    } catch (err) {
      u.errorCode = err.code || "error";
      if (err.code === "poll_closed") {
        u.error = CLOSED_MESSAGE;
        u.editing = false;
        live.refresh(); // our view was out of date: the snapshot shows the poll closed
      } else if (err.code === "already_voted") {
        u.error = t("You have already answered this poll.");
        u.editing = false;
        setVoted(id, true);
        if (poll.visibility === "after_vote") followAndFetch(id); // e.g. answered in another tab
      } else {
        u.error = friendlyMessage(err);
        if (["poll_not_found", "not_found"].includes(err.code)) live.refresh();
      }
    } finally {
      delete form.dataset.busy;
      live.changed();
    }
  }

  // --- closed poll: collapsed, with results -----------------------------------------------------

  function createClosedCard(poll, expanded) {
    const card = h("details", { class: "card poll-card is-closed", "data-testid": "poll-card", open: expanded },
      h("summary", { class: "poll-summary" },
        h("span", { class: "poll-summary-main" },
          h("span", { class: "poll-label", "data-testid": "poll-state", text: t("Poll closed") }),
          h("span", { class: "poll-question", "data-testid": "poll-question" })),
        h("span", { class: "poll-summary-meta", "data-testid": "poll-summary-meta" })),
      h("div", { class: "poll-closed-body" },
        h("p", { class: "poll-confidential", "data-testid": "poll-confidential", hidden: true,
          text: t("Confidential: your answer is not linked to you") }),
        h("p", { class: "field-error poll-error", "data-testid": "poll-error", role: "alert", hidden: true }),
        h("p", { class: "poll-voted poll-voted-closed", "data-testid": "poll-voted", hidden: true },
          h("span", { class: "poll-check", "aria-hidden": "true", text: "✓" }), t("You answered")),
        h("div", { class: "poll-results-wrap" }),
        h("p", { class: "poll-foot" }, h("span", { class: "poll-turnout", "data-testid": "poll-turnout" }))));
    card.dataset.pollId = String(poll.id);
    return card;
  }

  function updateClosedCard(card, poll, { voted }) {
    const u = uiOf(poll.id);
    const hasVoted = voted.has(poll.id);
    card.dataset.kind = poll.kind;
    card.dataset.status = poll.status;
    card.dataset.voted = String(hasVoted);
    card.dataset.visibility = poll.visibility;
    card.dataset.confidential = String(Boolean(poll.confidential));
    card.querySelector(".poll-question").textContent = poll.question;
    const n = poll.ballots || 0;
    card.querySelector(".poll-summary-meta").textContent = hasVoted
      ? tn("%(n)s answer · you answered", "%(n)s answers · you answered", n) : tn("%(n)s answer", "%(n)s answers", n);
    card.querySelector(".poll-confidential").hidden = !poll.confidential;
    const errorEl = card.querySelector(".poll-error");
    clearError(errorEl);
    // Only the closed message outlives the poll (a late answer), other errors are moot now.
    if (u.error && u.errorCode === "poll_closed") {
      showError(errorEl, u.error);
      errorEl.dataset.code = u.errorCode;
    }
    card.querySelector(".poll-voted").hidden = !hasVoted;
    renderResultsInto(card, poll, hasVoted, false);
    renderTurnout(card.querySelector(".poll-turnout"), poll);
  }

  return { render, tick };
}
