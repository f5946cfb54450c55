/**
 * Polls: DOM-free helpers (polls/state.js, polls/figures.js, polls/answers.js, re-exported here) and result
 * charts shared by the phone, the projector and the dashboard. Plain DOM (live.js h/reconcile), no library; user text always goes in as
 * text, never as HTML. Contract: docs/polls.md. Exports and test ids: docs/testids-phone.md.
 */
import { t, tn } from "./i18n.js";
import { h, reconcile } from "./live.js";
import {
  cloudWords, countdownText, optionTexts, percentOf, rankFill, rankingRows, ratingEnds, ratingTally,
  resultsView, secondsLeft, turnout,
} from "./polls/figures.js";

export { applyTally, phoneSections, pollList, upsertPolls } from "./polls/state.js";
export {
  KIND_LABELS, YESNO_OPTIONS, countdownText, featuredPoll, optionTexts, percentOf, ratingEnds, resultsView, secondsLeft,
  turnout,
} from "./polls/figures.js";
export {
  TEXT_MAX, multipleAnswer, pickLimit, rankingAnswer, ratingAnswer, singleAnswer, textAnswer, yesnoAnswer,
} from "./polls/answers.js";

export function renderTurnout(el, poll) {
  if (!el) return;
  const t = turnout(poll);
  el.dataset.ballots = String(t.ballots);
  el.dataset.present = String(t.present);
  el.textContent = t.text;
}

export function renderCountdown(el, poll, clockOffset = 0) {
  if (!el) return;
  const left = secondsLeft(poll, clockOffset);
  el.hidden = left === null;
  if (left === null) {
    el.dataset.seconds = "";
    return;
  }
  el.dataset.seconds = String(left);
  el.dataset.urgent = String(left <= 10);
  el.textContent = countdownText(left);
}

// --- charts ----------------------------------------------------------------

const HIDDEN_TEXT = {
  phone: {
    on_reveal: t("Results hidden until revealed"),
    after_vote: t("Answer to see the results"),
    not_yet: t("Results appear when the poll closes"),
  },
  projector: {
    on_reveal: t("Results hidden until revealed"),
    after_vote: t("Results appear when the poll closes"),
    not_yet: t("Results appear when the poll closes"),
  },
};

// --- charts --------------------------------------------------------------------------------

/**
 * Fill `container` with what this audience may see of the poll's results. Idempotent: call it on every
 * change; elements are reused (by option / word / answer) so bars grow instead of jumping.
 */
export function renderResults(container, poll, { audience = "phone", voted = false, recent = 5, answerExtras } = {}) {
  const view = resultsView(poll, { audience, voted });
  container.dataset.testid = "poll-results";
  container.classList.add("poll-results", `poll-results-${audience}`);
  container.dataset.kind = poll.kind;
  container.dataset.state = view.state;
  container.dataset.reason = view.reason;

  // Nothing to average, rank or put in a cloud yet (choice kinds still show their options at 0).
  const empty = view.state === "shown" && !poll.ballots && ["rating", "ranking", "text"].includes(poll.kind);
  const mode = empty ? "empty" : view.state === "shown" ? `chart:${poll.kind}` : view.state;
  let body = container.firstElementChild;
  if (!body || body.dataset.mode !== mode) {
    body = h("div", { class: "poll-results-body", dataset: { mode } });
    container.replaceChildren(body);
  }
  if (view.state === "suppressed") {
    const k = poll.k_threshold || 5;
    let text = audience === "projector" ? tn("Waiting for %(n)s answer", "Waiting for %(n)s answers", k)
      : tn("Results appear after %(n)s answer", "Results appear after %(n)s answers", k);
    let sub = audience === "projector"
      ? t("A confidential poll: no results until enough people have answered that no answer can be traced.") : "";
    if (poll.status === "closed") {
      text = t("Too few answers to show results");
      sub = tn("A confidential poll shows results only from %(n)s answer on.",
        "A confidential poll shows results only from %(n)s answers on.", k);
    }
    renderNote(body, "poll-results-suppressed", text, sub, { k: String(poll.k_threshold || 5) });
    return view;
  }
  if (view.state !== "shown") {
    const texts = HIDDEN_TEXT[audience] || HIDDEN_TEXT.phone;
    renderNote(body, "poll-results-hidden", texts[view.reason] || texts.not_yet, "", { reason: view.reason });
    return view;
  }
  if (empty) {
    renderNote(body, "poll-empty", t("No answers yet"), "", {});
    return view;
  }
  if (["single", "multiple", "yesno"].includes(poll.kind)) renderBars(body, poll);
  else if (poll.kind === "rating") renderRating(body, poll);
  else if (poll.kind === "ranking") renderRanking(body, poll);
  else if (poll.kind === "text") renderText(body, poll, { recent, answerExtras, audience });
  fitResults(container);
  return view;
}

/**
 * Where the results have a fixed height (the projector): shrink the word cloud until it fits and leave out
 * the latest answers that would be cut off. Call again after the layout around the results changed.
 * Returns false when the results had to be squeezed (the cloud is smaller than it wants to be).
 */
export function fitResults(container) {
  let roomy = true;
  const cloud = container.querySelector(".poll-cloud");
  if (cloud && !cloud.hidden) {
    let fit = 1;
    cloud.style.setProperty("--fit", "1");
    while (cloud.scrollHeight > cloud.clientHeight + 1 && fit > 0.35) {
      fit -= 0.08;
      cloud.style.setProperty("--fit", fit.toFixed(2));
    }
    roomy = fit === 1;
  }
  const answers = container.querySelector(".poll-answers");
  if (answers) {
    for (const li of answers.children) li.hidden = false;
    const bottom = answers.getBoundingClientRect().bottom;
    const limited = answers.scrollHeight > answers.clientHeight + 1;
    if (limited) {
      for (const li of answers.children) li.hidden = li.getBoundingClientRect().bottom > bottom + 1;
    }
  }
  return roomy;
}

function renderNote(body, testid, text, sub, data) {
  let note = body.querySelector(".poll-results-note");
  if (!note) {
    note = h("div", { class: "poll-results-note", "data-testid": testid },
      h("p", { class: "poll-results-note-text" }), h("p", { class: "poll-results-note-sub" }));
    body.replaceChildren(note);
  }
  Object.assign(note.dataset, data);
  note.querySelector(".poll-results-note-text").textContent = text;
  const subEl = note.querySelector(".poll-results-note-sub");
  subEl.textContent = sub;
  subEl.hidden = !sub;
}

function sizeClass(n) {
  return n <= 4 ? "few" : n <= 8 ? "some" : n <= 12 ? "many" : "lots";
}

function renderBars(body, poll) {
  const texts = optionTexts(poll);
  const counts = (poll.results && poll.results.counts) || [];
  const ballots = poll.ballots || 0;
  const max = Math.max(0, ...counts);
  let list = body.querySelector(".poll-bars");
  if (!list) {
    list = h("ol", { class: "poll-bars", "data-testid": "poll-bars" });
    body.replaceChildren(list);
  }
  list.dataset.size = sizeClass(texts.length);
  list.style.setProperty("--n", String(texts.length));
  const rows = texts.map((text, index) => ({ index, text, count: counts[index] || 0 }));
  reconcile(list, rows, (row) => row.index,
    () => h("li", { class: "poll-bar", "data-testid": "poll-bar" },
      h("span", { class: "poll-bar-label", "data-testid": "poll-bar-label" }),
      h("span", { class: "poll-bar-track", "aria-hidden": "true" }, h("span", { class: "poll-bar-fill" })),
      h("span", { class: "poll-bar-value" },
        h("span", { class: "poll-bar-count", "data-testid": "poll-bar-count" }),
        h("span", { class: "poll-bar-percent", "data-testid": "poll-bar-percent" }))),
    (el, row) => {
      const percent = percentOf(row.count, ballots);
      el.dataset.option = String(row.index);
      el.dataset.count = String(row.count);
      el.dataset.percent = String(percent);
      el.dataset.leading = String(max > 0 && row.count === max);
      if (poll.kind === "yesno") el.dataset.answer = ["yes", "no", "abstain"][row.index] || "";
      el.querySelector(".poll-bar-label").textContent = row.text;
      el.querySelector(".poll-bar-fill").style.width = `${percent}%`;
      el.querySelector(".poll-bar-count").textContent = String(row.count);
      el.querySelector(".poll-bar-percent").textContent = `${percent}%`;
      el.setAttribute("aria-label", tn("%(label)s: %(n)s answer, %(percent)s%%", "%(label)s: %(n)s answers, %(percent)s%%", row.count,
        { label: row.text, percent }));
    });
}

function renderRating(body, poll) {
  const { min, max, values, top, average } = ratingTally(poll);
  let wrap = body.querySelector(".poll-rating");
  if (!wrap) {
    wrap = h("div", { class: "poll-rating" },
      h("p", { class: "poll-rating-average", "data-testid": "poll-rating-average" },
        h("span", { class: "poll-rating-number" }),
        h("span", { class: "poll-rating-scale" })),
      h("div", { class: "poll-rating-chart" },
        h("ol", { class: "poll-rating-bars" }),
        h("p", { class: "poll-rating-ends", "data-testid": "poll-rating-ends" },
          h("span", { class: "poll-rating-end-low" }), h("span", { class: "poll-rating-end-high" }))));
    body.replaceChildren(wrap);
  }
  const avgEl = wrap.querySelector(".poll-rating-average");
  avgEl.dataset.average = average === null ? "" : String(average);
  wrap.querySelector(".poll-rating-number").textContent = average === null ? "–" : average.toFixed(1);
  wrap.querySelector(".poll-rating-scale").textContent = t("average on %(min)s–%(max)s", { min, max });
  const bars = wrap.querySelector(".poll-rating-bars");
  bars.style.setProperty("--n", String(values.length));
  reconcile(bars, values, (v) => v.value,
    () => h("li", { class: "poll-rating-bar", "data-testid": "poll-rating-bar" },
      h("span", { class: "poll-rating-count" }),
      h("span", { class: "poll-rating-col", "aria-hidden": "true" }, h("span", { class: "poll-rating-fill" })),
      h("span", { class: "poll-rating-value" })),
    (el, v) => {
      el.dataset.value = String(v.value);
      el.dataset.count = String(v.count);
      el.querySelector(".poll-rating-count").textContent = String(v.count);
      el.querySelector(".poll-rating-fill").style.height = `${top > 0 ? (v.count / top) * 100 : 0}%`;
      el.querySelector(".poll-rating-value").textContent = String(v.value);
      el.setAttribute("aria-label", tn("%(label)s: %(n)s answer", "%(label)s: %(n)s answers", v.count, { label: v.value }));
    });
  const [low, high] = ratingEnds(poll);
  const ends = wrap.querySelector(".poll-rating-ends");
  ends.hidden = !low && !high;
  wrap.querySelector(".poll-rating-end-low").textContent = low;
  wrap.querySelector(".poll-rating-end-high").textContent = high;
}

function renderRanking(body, poll) {
  const rows = rankingRows(poll);
  const n = rows.length;
  let list = body.querySelector(".poll-ranking");
  if (!list) {
    list = h("ol", { class: "poll-ranking", "data-testid": "poll-ranking" });
    body.replaceChildren(list);
  }
  list.dataset.size = sizeClass(n);
  list.style.setProperty("--n", String(n));
  reconcile(list, rows, (row) => row.index,
    () => h("li", { class: "poll-rank", "data-testid": "poll-rank" },
      h("span", { class: "poll-rank-pos", "aria-hidden": "true" }),
      h("span", { class: "poll-rank-label", "data-testid": "poll-rank-label" }),
      h("span", { class: "poll-rank-average", "data-testid": "poll-rank-average" }),
      h("span", { class: "poll-rank-track", "aria-hidden": "true" }, h("span", { class: "poll-rank-fill" }))),
    (el, row) => {
      const has = typeof row.average === "number";
      el.dataset.option = String(row.index);
      el.dataset.rank = String(row.position + 1);
      el.dataset.average = has ? String(row.average) : "";
      el.querySelector(".poll-rank-pos").textContent = String(row.position + 1);
      el.querySelector(".poll-rank-label").textContent = row.text;
      el.querySelector(".poll-rank-average").textContent = has ? t("avg. rank %(rank)s", { rank: row.average.toFixed(1) }) : "–";
      el.querySelector(".poll-rank-fill").style.width = `${rankFill(row.average, n)}%`;
    });
}

function renderText(body, poll, { recent, answerExtras, audience }) {
  const results = poll.results || {};
  const answers = Array.isArray(results.answers) ? results.answers : [];
  let wrap = body.querySelector(".poll-text");
  if (!wrap) {
    wrap = h("div", { class: "poll-text" },
      h("div", { class: "poll-cloud", "data-testid": "poll-cloud", role: "list", "aria-label": t("Most used words") }),
      h("div", { class: "poll-answers-wrap" },
        h("p", { class: "poll-answers-title" }),
        h("ul", { class: "poll-answers", "data-testid": "poll-answers" })),
      h("p", { class: "poll-empty", "data-testid": "poll-empty", text: t("No answers yet") }));
    body.replaceChildren(wrap);
  }
  const visible = audience === "moderator" ? answers : answers.filter((a) => !a.hidden);
  // Answers are in but none may be shown yet (they wait for approval, or were hidden): say so, never
  // "No answers yet" beside the answer count.
  const ballots = poll.ballots || 0;
  const empty = wrap.querySelector(".poll-empty");
  empty.hidden = visible.length > 0;
  empty.dataset.waiting = String(visible.length === 0 && ballots > 0);
  empty.textContent = visible.length === 0 && ballots > 0
    ? tn("%(n)s answer, none shown yet", "%(n)s answers, none shown yet", ballots) : t("No answers yet");
  wrap.dataset.empty = String(visible.length === 0);

  const arranged = cloudWords(results.words);
  const cloud = wrap.querySelector(".poll-cloud");
  cloud.hidden = arranged.length === 0;
  reconcile(cloud, arranged, (w) => w.word,
    () => h("span", { class: "poll-word", "data-testid": "poll-word", role: "listitem" }),
    (el, { word, count, weight, tone }) => {
      el.dataset.word = word;
      el.dataset.count = String(count);
      el.style.setProperty("--w", weight.toFixed(3));
      el.dataset.tone = String(tone);
      el.textContent = word;
      el.title = `${word}: ${count}`;
    });

  // The server lists answers newest first.
  const shown = audience === "moderator" ? visible : visible.slice(0, recent);
  // The room is told when answers are counted but not shown (awaiting approval, or hidden).
  const unseen = audience === "moderator" ? 0 : Math.max(0, ballots - answers.filter((a) => !a.hidden).length);
  const title = audience === "moderator"
    ? t("All answers (%(n)s)", { n: visible.length }) : visible.length > shown.length ? t("Latest answers") : t("Answers");
  wrap.querySelector(".poll-answers-title").textContent = unseen
    ? `${title} · ${tn("%(n)s not shown yet", "%(n)s not shown yet", unseen)}` : title;
  wrap.querySelector(".poll-answers-wrap").hidden = shown.length === 0;
  reconcile(wrap.querySelector(".poll-answers"), shown, (a) => a.id,
    () => h("li", { class: "poll-answer", "data-testid": "poll-answer" },
      h("span", { class: "poll-answer-text" }), h("span", { class: "poll-answer-extras" })),
    (el, a) => {
      el.dataset.answerId = String(a.id);
      el.dataset.hidden = String(Boolean(a.hidden));
      el.classList.toggle("is-hidden", Boolean(a.hidden));
      el.querySelector(".poll-answer-text").textContent = a.text;
      const extras = el.querySelector(".poll-answer-extras");
      const node = answerExtras ? answerExtras(a) : null;
      if (node) extras.replaceChildren(node);
      else extras.replaceChildren();
    });
}
