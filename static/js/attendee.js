/**
 * Attendee page (/e/<code>): join, ask, upvote, follow live. Phone first.
 *
 * data-testid:
 *   attendee-page, event-title, event-when, connection-status (data-state: connecting|live|reconnecting|offline),
 *   loading, page-error, answering-banner, closed-notice,
 *   join-card, join-name, join-button, join-error,
 *   ask-card, ask-form, ask-text, ask-counter (data-over="true" past the limit), ask-anonymous,
 *   asking-as, ask-error, ask-done, ask-submit,
 *   pending-list, pending-question (data-question-id, data-status: pending|rejected|hidden|archived),
 *   sort-popular, sort-recent (aria-pressed), open-count, empty-questions,
 *   question-list (open questions), answered-list,
 *   question-card (data-question-id, data-votes, data-status, data-progress, data-mine, data-voted),
 *   question-text, question-author, badge-yours, badge-answering, badge-answered, badge-edited,
 *   vote-button (aria-pressed; disabled on own / answered questions and before joining), vote-count, question-error
 * Debug hook: window.townhall (see live.js); own questions the room cannot see: state.me.own.
 */
import {
  api, authorLabel, clearError, connectLive, h, localizeTimes, reconcile, showError, sortQuestions, textLength,
} from "./live.js";

const root = document.getElementById("attendee");
const code = root.dataset.code;
const maxLength = Number(root.dataset.maxLength) || 300;
const $ = (role) => root.querySelector(`[data-role="${role}"]`);

localizeTimes(root);

let order = "popular";
try {
  order = sessionStorage.getItem("townhall:sort") === "recent" ? "recent" : "popular";
} catch {
  /* ignore */
}

const live = connectLive({
  code,
  audience: "attendee",
  snapshotUrl: `/api/events/${encodeURIComponent(code)}/snapshot`,
  statusEl: root.querySelector('[data-testid="connection-status"]'),
  onChange: render,
  onError: (error) => showError($("page-error"), error),
});
const { state } = live;

// --- rendering ---------------------------------------------------------------

function mine() {
  return new Set(state.me ? state.me.mine : []);
}

function voted() {
  return new Set(state.me ? state.me.voted : []);
}

function render() {
  if (!state.loaded) return;
  $("loading").hidden = true;
  clearError($("page-error"));
  const event = state.event;
  const joined = Boolean(state.me);
  const open = event.is_open;

  document.title = `${event.title} · Townhall`;
  $("event-title").textContent = event.title;

  $("closed").hidden = open;
  $("join").hidden = !open || joined;
  $("ask").hidden = !open || !joined;
  if (!joined && open) renderJoin(event);
  if (joined && open) renderAsk(event);

  const questions = Object.values(state.questions).filter((q) => q.status === "published");
  renderAnswering(questions.find((q) => q.progress === "answering"));
  renderPending();

  const openQs = sortQuestions(questions.filter((q) => q.progress !== "answered"), order);
  const answered = sortQuestions(questions.filter((q) => q.progress === "answered"), order);
  $("open-count").textContent = openQs.length ? `(${openQs.length})` : "";
  $("answered-count").textContent = answered.length ? `(${answered.length})` : "";
  $("empty").hidden = openQs.length > 0;
  $("empty").textContent = !open ? "No open questions."
    : answered.length ? "No open questions. Ask the next one!" : "No questions yet. Be the first to ask!";
  $("answered-section").hidden = answered.length === 0;
  const ctx = { mine: mine(), voted: voted(), joined, open };
  reconcile($("open-list"), openQs, (q) => q.id, createCard, (el, q) => updateCard(el, q, ctx));
  reconcile($("answered-list"), answered, (q) => q.id, createCard, (el, q) => updateCard(el, q, ctx));

  for (const button of root.querySelectorAll("[data-sort]")) {
    button.setAttribute("aria-pressed", String(button.dataset.sort === order));
  }
}

function renderJoin(event) {
  const input = root.querySelector("#join-name");
  input.required = event.names_required;
  $("join-name-label").textContent = event.names_required ? "Your name (required)" : "Your name (optional)";
  $("join-hint").textContent = event.names_required
    ? "This meeting asks for your name. It is shown next to your questions."
    : "Shown next to your questions. Leave it empty to stay unnamed.";
}

function renderAsk(event) {
  const wrap = $("anonymous-wrap");
  wrap.hidden = !event.allow_anonymous;
  if (!event.allow_anonymous) wrap.querySelector("input").checked = false;
  const anonymous = event.allow_anonymous && wrap.querySelector("input").checked;
  const name = state.me && state.me.name;
  $("asking-as").textContent = anonymous
    ? "Your name will not be shown with this question."
    : name ? `Asking as ${name}.` : "You joined without a name: your questions show as Anonymous.";
  updateCounter();
}

function renderAnswering(question) {
  const banner = $("answering");
  banner.hidden = !question;
  if (!question) return;
  banner.dataset.questionId = question.id;
  $("answering-text").textContent = question.text;
  $("answering-author").textContent = `— ${authorLabel(question)}`;
}

const OWN_STATUS = {
  pending: ["badge-wait", "Waiting for the moderator"],
  rejected: ["badge-rejected", "Not published by the moderator"],
  hidden: ["badge-rejected", "Hidden by the moderator"],
  archived: ["badge-wait", "Archived by the moderator"],
};

function renderPending() {
  // Published since (it is in the room's list now): no longer waiting.
  const own = ((state.me && state.me.own) || []).filter((q) => !state.questions[q.id]);
  $("pending").hidden = own.length === 0;
  const badge = (p) => OWN_STATUS[p.status] || OWN_STATUS.pending;
  reconcile($("pending-list"), own, (p) => `${p.id}:${p.status}`,
    (p) => h("li", { class: "question-card is-pending", "data-testid": "pending-question",
      dataset: { questionId: p.id, status: p.status } },
      h("p", { class: "question-text", text: p.text }),
      h("p", { class: "question-meta" }, h("span", { class: `badge ${badge(p)[0]}`, text: badge(p)[1] }))),
    () => {});
}

function createCard(q) {
  const vote = h("button", { type: "button", class: "vote", "data-testid": "vote-button", onclick: () => toggleVote(q.id, vote) },
    h("span", { class: "vote-arrow", "aria-hidden": "true", text: "▲" }),
    h("span", { class: "vote-count", "data-testid": "vote-count" }));
  return h("li", { class: "question-card", "data-testid": "question-card" },
    h("div", { class: "question-body" },
      h("p", { class: "question-text", "data-testid": "question-text" }),
      h("p", { class: "question-meta" },
        h("span", { class: "question-author", "data-testid": "question-author" }),
        h("span", { class: "badges" })),
      h("p", { class: "question-error", "data-testid": "question-error", role: "alert", hidden: true })),
    vote);
}

function updateCard(el, q, { mine: mineSet, voted: votedSet, joined, open }) {
  const isMine = mineSet.has(q.id);
  const hasVoted = votedSet.has(q.id);
  const answered = q.progress === "answered";
  el.dataset.questionId = q.id;
  el.dataset.votes = q.votes;
  el.dataset.status = q.status;
  el.dataset.progress = q.progress;
  el.dataset.mine = String(isMine);
  el.dataset.voted = String(hasVoted);
  el.classList.toggle("is-answering", q.progress === "answering");
  el.classList.toggle("is-answered", answered);
  el.classList.toggle("is-mine", isMine);
  el.querySelector(".question-text").textContent = q.text;
  el.querySelector(".question-author").textContent = authorLabel(q);

  const badges = [];
  if (isMine) badges.push(h("span", { class: "badge badge-mine", "data-testid": "badge-yours", text: "Yours" }));
  if (q.progress === "answering") badges.push(h("span", { class: "badge badge-answering", "data-testid": "badge-answering", text: "Answering now" }));
  if (answered) badges.push(h("span", { class: "badge badge-answered", "data-testid": "badge-answered", text: "Answered" }));
  if (q.edited) badges.push(h("span", { class: "badge", "data-testid": "badge-edited", title: "Edited by the moderator", text: "Edited" }));
  el.querySelector(".badges").replaceChildren(...badges);

  const vote = el.querySelector(".vote");
  vote.querySelector(".vote-count").textContent = q.votes;
  vote.setAttribute("aria-pressed", String(hasVoted));
  vote.disabled = !joined || !open || isMine || answered || vote.dataset.busy === "1";
  const count = `${q.votes} ${q.votes === 1 ? "vote" : "votes"}`;
  let label = hasVoted ? `Remove your vote (${count})` : `Upvote (${count})`;
  if (isMine) label = `Your question (${count})`;
  else if (answered) label = `Answered (${count})`;
  else if (!joined) label = `Join to vote (${count})`;
  vote.setAttribute("aria-label", label);
  vote.title = isMine ? "You can't vote for your own question" : "";
}

// --- actions -------------------------------------------------------------------

async function toggleVote(id, button) {
  const card = button.closest(".question-card");
  const errorEl = card.querySelector(".question-error");
  clearError(errorEl);
  const hasVoted = voted().has(id);
  button.dataset.busy = "1";
  button.disabled = true;
  try {
    const result = await api(`/api/events/${encodeURIComponent(code)}/questions/${id}/vote`,
      { method: hasVoted ? "DELETE" : "POST" });
    setVoted(id, result.voted);
    if (state.questions[id]) state.questions[id].votes = result.votes;
  } catch (error) {
    // Our view was out of date: the server says how it really is.
    if (error.code === "already_voted") setVoted(id, true);
    else if (error.code === "not_voted") setVoted(id, false);
    else {
      showError(errorEl, error);
      setTimeout(() => clearError(errorEl), 6000);
    }
  } finally {
    delete button.dataset.busy;
    live.changed();
  }
}

function setVoted(id, isVoted) {
  if (!state.me) return;
  const set = new Set(state.me.voted);
  if (isVoted) set.add(id);
  else set.delete(id);
  state.me.voted = [...set];
}

const joinForm = $("join-form");
joinForm.addEventListener("submit", async (e) => {
  e.preventDefault();
  const errorEl = $("join-error");
  const input = joinForm.elements.name;
  const button = joinForm.querySelector('[type="submit"]');
  clearError(errorEl);
  input.removeAttribute("aria-invalid");
  const name = input.value.trim();
  if (state.event && state.event.names_required && !name) {
    showError(errorEl, "Please enter your name to join this meeting.");
    input.setAttribute("aria-invalid", "true");
    input.focus();
    return;
  }
  button.disabled = true;
  try {
    const snapshot = await api(`/api/events/${encodeURIComponent(code)}/join`, { method: "POST", body: { name } });
    live.applySnapshot(snapshot);
    live.reconnect(); // the server reads who we are from the cookie when the socket connects
    queueMicrotask(() => root.querySelector("#ask-text").focus());
  } catch (error) {
    showError(errorEl, error);
    if (error.field === "name") {
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
  } finally {
    button.disabled = false;
  }
});

const askForm = $("ask-form");
const textarea = askForm.elements.text;

function updateCounter() {
  const length = textLength(textarea.value);
  const counter = $("counter");
  counter.textContent = `${length} / ${maxLength}`;
  counter.dataset.over = String(length > maxLength);
}
textarea.addEventListener("input", () => {
  updateCounter();
  $("ask-done").hidden = true;
});
askForm.elements.anonymous.addEventListener("change", () => state.event && renderAsk(state.event));

askForm.addEventListener("submit", async (e) => {
  e.preventDefault();
  const errorEl = $("ask-error");
  const done = $("ask-done");
  const button = askForm.querySelector('[type="submit"]');
  clearError(errorEl);
  done.hidden = true;
  textarea.removeAttribute("aria-invalid");
  const anonymous = Boolean(state.event && state.event.allow_anonymous && askForm.elements.anonymous.checked);
  button.disabled = true;
  try {
    const { question } = await api(`/api/events/${encodeURIComponent(code)}/questions`, {
      method: "POST",
      body: { text: textarea.value, anonymous },
    });
    if (state.me && !state.me.mine.includes(question.id)) state.me.mine = [...state.me.mine, question.id];
    const { mine: _mine, ...plain } = question;
    if (question.status === "pending") {
      if (state.me) state.me.own = [...(state.me.own || []).filter((q) => q.id !== plain.id), plain];
      done.textContent = "Sent. Waiting for the moderator to approve it.";
    } else {
      live.upsert(plain);
      done.textContent = "Your question is posted.";
    }
    done.hidden = false;
    textarea.value = "";
    updateCounter();
    live.changed();
  } catch (error) {
    showError(errorEl, error);
    if (error.field === "question" || error.field === "text") textarea.setAttribute("aria-invalid", "true");
  } finally {
    button.disabled = false;
  }
});

for (const button of root.querySelectorAll("[data-sort]")) {
  button.addEventListener("click", () => {
    order = button.dataset.sort;
    try {
      sessionStorage.setItem("townhall:sort", order);
    } catch {
      /* ignore */
    }
    render();
  });
}

updateCounter();
