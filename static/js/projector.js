/**
 * Projector (/e/<code>/projector): the room's big screen, 1920x1080, no interaction.
 *
 * data-testid:
 *   projector-page, projector-title, connection-status (only visible when not live),
 *   projector-answering (data-question-id; hidden when nothing is being answered),
 *   projector-top (the top 5 open published questions by votes), projector-question
 *   (data-question-id, data-votes), projector-votes, projector-empty,
 *   projector-qr, projector-url, projector-code
 * Debug hook: window.townhall (see live.js).
 */
import { authorLabel, connectLive, h, reconcile, sortQuestions } from "./live.js";

const TOP = 5;
const root = document.getElementById("projector");
const code = root.dataset.code;
const $ = (role) => root.querySelector(`[data-role="${role}"]`);

const live = connectLive({
  code,
  audience: "projector",
  snapshotUrl: `/api/events/${encodeURIComponent(code)}/snapshot`,
  statusEl: root.querySelector('[data-testid="connection-status"]'),
  onChange: render,
});
const { state } = live;

function render() {
  if (!state.loaded) return;
  $("event-title").textContent = state.event.title;
  document.title = `${state.event.title} · Projector · Townhall`;

  const published = Object.values(state.questions).filter((q) => q.status === "published");
  const answering = published.find((q) => q.progress === "answering");
  const box = $("answering");
  box.hidden = !answering;
  root.classList.toggle("has-answering", Boolean(answering));
  if (answering) {
    box.dataset.questionId = answering.id;
    $("answering-text").textContent = answering.text;
    // Long questions get a smaller size instead of being cut off.
    const length = [...answering.text].length;
    box.dataset.size = length <= 110 ? "large" : length <= 200 ? "medium" : "small";
    $("answering-author").textContent = `— ${authorLabel(answering)}`;
  }

  const top = sortQuestions(published.filter((q) => q.progress === "open"), "popular").slice(0, TOP);
  $("empty").hidden = top.length > 0;
  // Not "No questions yet" while one is being answered or all have been answered.
  $("empty").textContent = published.length > 0
    ? "No open questions — scan the code and ask the next one."
    : "No questions yet — scan the code and ask the first one.";
  reconcile($("top-list"), top, (q) => q.id, create, update);
}

function create() {
  return h("li", { class: "projector-question", "data-testid": "projector-question" },
    h("span", { class: "projector-votes", "data-testid": "projector-votes" },
      h("span", { class: "projector-votes-n" }),
      h("span", { class: "projector-votes-label" })),
    h("span", { class: "projector-q" },
      h("span", { class: "projector-q-text" }),
      h("span", { class: "projector-q-author" })));
}

function update(el, q) {
  const previous = Number(el.dataset.votes);
  el.dataset.questionId = q.id;
  el.dataset.votes = q.votes;
  el.querySelector(".projector-votes-n").textContent = q.votes;
  el.querySelector(".projector-votes-label").textContent = q.votes === 1 ? "vote" : "votes";
  el.querySelector(".projector-q-text").textContent = q.text;
  el.dataset.size = [...q.text].length > 110 ? "small" : "large";
  el.querySelector(".projector-q-author").textContent = authorLabel(q);
  if (!Number.isNaN(previous) && previous !== q.votes) {
    el.classList.remove("bumped");
    void el.offsetWidth; // restart the highlight animation
    el.classList.add("bumped");
  }
}
