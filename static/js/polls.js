/**
 * Polls: state helpers and result charts shared by the phone, the projector and the dashboard.
 * Plain DOM (live.js h/reconcile), no library; user text always goes in as text, never as HTML.
 * Contract: docs/polls.md.
 *
 * Exports:
 *   YESNO_OPTIONS, KIND_LABELS
 *   optionTexts(poll) -> [str]                 the options as shown (yes/no/abstain filled in)
 *   pollList(state) -> [poll]                  state.polls (as the snapshot gave it) or []
 *   upsertPolls(state, msg)                    apply polls:changed {polls, removed?} to state.polls
 *   applyTally(state, msg)                     apply poll:tallied {poll_id, ballots, present, results}
 *                                              (absolute values; results null = "may not see yet": the
 *                                              results already held, e.g. a phone's own view, are kept)
 *   resultsView(poll, {audience, voted}) -> {state: "shown" | "suppressed" | "hidden" | "none", reason}
 *   renderResults(container, poll, {audience: "phone" | "projector" | "moderator", voted, recent,
 *                 answerExtras(answer) -> Node | null})
 *                                              fills container (data-testid poll-results) with the chart for
 *                                              the poll's kind, or with why there is none yet; updates in place
 *                                              (bars keep their elements and animate), call it on every change
 *   turnout(poll) -> {ballots, present, percent | null, text}
 *   renderTurnout(el, poll)                    text + data-ballots / data-present on el
 *   secondsLeft(poll, clockOffset) -> seconds until closes_at (>= 0), or null (no limit / not open)
 *   countdownText(seconds) -> "1:05 left" | "Closing…"
 *   renderCountdown(el, poll, clockOffset)     hides el without a time limit; data-seconds, data-urgent
 *   fitResults(container) -> bool            re-fit a fixed-height chart (cloud size, answers that fit) after a
 *                                              layout change; false when the results had to be squeezed
 *   featuredPoll(polls, {now, recentSeconds}) -> the poll a big screen shows: the latest opened open poll,
 *                                              else the one closed or revealed most recently (within
 *                                              recentSeconds, default 300), else null
 *   ratingEnds(poll) -> [low label, high label]
 *   percentOf(count, ballots) -> whole percent
 *
 * data-testid (inside renderResults' container):
 *   poll-results (data-kind, data-state: shown | suppressed | hidden | none, data-reason),
 *   poll-results-hidden (why results are not shown: data-reason on_reveal | after_vote | not_yet),
 *   poll-results-suppressed (confidential poll below k: "Results appear after k answers" (phone) /
 *   "Waiting for k answers" (projector); once closed "Too few answers to show results"; data-k),
 *   choice kinds (single, multiple, yesno): poll-bars, poll-bar (data-option, data-count, data-percent,
 *   data-leading), poll-bar-label, poll-bar-count, poll-bar-percent,
 *   rating: poll-rating-average (data-average), poll-rating-bar (data-value, data-count), poll-rating-ends,
 *   ranking: poll-ranking, poll-rank (data-option, data-rank, data-average), poll-rank-label,
 *   poll-rank-average,
 *   text: poll-cloud, poll-word (data-word, data-count), poll-answers, poll-answer (data-answer-id,
 *   data-hidden for moderators), poll-empty ("No answers yet": rating, ranking and text before the first answer,
 *   and text while no answer may be shown)
 * renderTurnout's el: poll-turnout (data-ballots, data-present) is the caller's; renderCountdown's el:
 *   poll-countdown (data-seconds, data-urgent).
 */
import { h, reconcile } from "./live.js";
import { clock } from "./timers.js";

export const YESNO_OPTIONS = ["Yes", "No", "Abstain"];

export const KIND_LABELS = {
  single: "Single choice",
  multiple: "Multiple choice",
  yesno: "Yes / No / Abstain",
  rating: "Rating",
  ranking: "Ranking",
  text: "Open text",
};

const RECENT_SECONDS = 300;

// --- state ---------------------------------------------------------------------------

export function optionTexts(poll) {
  if (poll.kind === "yesno") return poll.options && poll.options.length === 3 ? poll.options : YESNO_OPTIONS;
  return poll.options || [];
}

export function pollList(state) {
  return Array.isArray(state.polls) ? state.polls : [];
}

/** polls:changed: upsert each poll (this audience's view), drop `removed` ids. */
export function upsertPolls(state, msg) {
  const byId = new Map(pollList(state).map((p) => [p.id, p]));
  const now = Date.now() + (state.clockOffset || 0);
  for (const poll of msg.polls || []) {
    const before = byId.get(poll.id);
    const next = { ...poll };
    if (before) {
      // A reveal has no time on the wire: remember when we saw it (for featuredPoll).
      next.revealed_seen_at = before.revealed_seen_at || null;
      if (poll.revealed && !before.revealed) next.revealed_seen_at = new Date(now).toISOString();
      // A phone's own view (after_vote) is not in the room's broadcast: keep it while the poll is open.
      if (next.results == null && before.results != null && next.status === "open" && before.status === "open"
        && next.visibility === "after_vote" && before.visibility === "after_vote") {
        next.results = before.results;
      }
    }
    byId.set(poll.id, next);
  }
  for (const id of msg.removed || []) byId.delete(id);
  state.polls = [...byId.values()];
}

/** poll:tallied: absolute ballots / present / results for one poll. */
export function applyTally(state, msg) {
  const poll = pollList(state).find((p) => p.id === msg.poll_id);
  if (!poll) return null;
  if (typeof msg.ballots === "number") poll.ballots = msg.ballots;
  if (typeof msg.present === "number") poll.present = msg.present;
  if (msg.results != null) poll.results = msg.results;
  return poll;
}

// --- numbers and words ---------------------------------------------------------------------

export function percentOf(count, ballots) {
  return ballots > 0 ? Math.round((count * 100) / ballots) : 0;
}

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

export function turnout(poll) {
  const ballots = poll.ballots || 0;
  const present = poll.present || 0;
  const percent = present > 0 && ballots <= present ? percentOf(ballots, present) : null;
  const text = present > 0 ? `${plural(ballots, "answer", "answers")} · ${present} present`
    : plural(ballots, "answer", "answers");
  return { ballots, present, percent, text };
}

export function renderTurnout(el, poll) {
  if (!el) return;
  const t = turnout(poll);
  el.dataset.ballots = String(t.ballots);
  el.dataset.present = String(t.present);
  el.textContent = t.text;
}

function serverTime(iso) {
  const t = Date.parse(iso || "");
  return Number.isNaN(t) ? null : t;
}

export function secondsLeft(poll, clockOffset = 0) {
  if (poll.status !== "open") return null;
  const closes = serverTime(poll.closes_at);
  if (closes === null) return null;
  return Math.max(0, Math.ceil((closes - (Date.now() + clockOffset)) / 1000));
}

export function countdownText(seconds) {
  return seconds > 0 ? `${clock(seconds)} left` : "Closing…";
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

export function ratingEnds(poll) {
  const labels = poll.labels;
  if (!labels) return ["", ""];
  if (Array.isArray(labels)) return [labels[0] || "", labels[labels.length - 1] || ""];
  return [labels.min || labels.low || labels.start || "", labels.max || labels.high || labels.end || ""];
}

/** The poll for a big screen: open (latest opened) first, else the latest closed / revealed, if recent. */
export function featuredPoll(polls, { now = Date.now(), recentSeconds = RECENT_SECONDS } = {}) {
  const open = polls.filter((p) => p.status === "open");
  if (open.length) {
    return open.reduce((a, b) => ((serverTime(b.opened_at) || 0) > (serverTime(a.opened_at) || 0) ? b : a));
  }
  let best = null;
  let bestAt = -Infinity;
  for (const p of polls) {
    if (p.status !== "closed") continue;
    const at = Math.max(serverTime(p.closed_at) || 0, serverTime(p.revealed_at) || 0, serverTime(p.revealed_seen_at) || 0);
    if (now - at <= recentSeconds * 1000 && at > bestAt) {
      best = p;
      bestAt = at;
    }
  }
  return best;
}

// --- who sees what -------------------------------------------------------------------------

/**
 * Why the results are (not) shown to this audience:
 * shown | suppressed (confidential, below k) | hidden (reason: on_reveal | after_vote | not_yet) | none.
 */
export function resultsView(poll, { audience = "phone", voted = false } = {}) {
  const results = poll.results;
  if (results && results.suppressed) return { state: "suppressed", reason: "k_threshold" };
  if (results) return { state: "shown", reason: "" };
  if (poll.visibility === "on_reveal" && !poll.revealed) return { state: "hidden", reason: "on_reveal" };
  if (poll.visibility === "after_vote" && poll.status === "open") {
    return { state: "hidden", reason: audience === "phone" && !voted ? "after_vote" : "not_yet" };
  }
  return { state: "hidden", reason: "not_yet" };
}

const HIDDEN_TEXT = {
  phone: {
    on_reveal: "Results hidden until revealed",
    after_vote: "Answer to see the results",
    not_yet: "Results appear when the poll closes",
  },
  projector: {
    on_reveal: "Results hidden until revealed",
    after_vote: "Results appear when the poll closes",
    not_yet: "Results appear when the poll closes",
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
    const k = plural(poll.k_threshold || 5, "answer", "answers");
    let text = audience === "projector" ? `Waiting for ${k}` : `Results appear after ${k}`;
    let sub = audience === "projector"
      ? "A confidential poll: no results until enough people have answered that no answer can be traced." : "";
    if (poll.status === "closed") {
      text = "Too few answers to show results";
      sub = `A confidential poll shows results only from ${k} on.`;
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
    renderNote(body, "poll-empty", "No answers yet", "", {});
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
      el.setAttribute("aria-label", `${row.text}: ${plural(row.count, "answer", "answers")}, ${percent}%`);
    });
}

function renderRating(body, poll) {
  const results = poll.results || {};
  const distribution = results.distribution || {};
  const min = Number.isInteger(poll.scale_min) ? poll.scale_min : 1;
  const max = Number.isInteger(poll.scale_max) ? poll.scale_max : 5;
  const values = [];
  for (let v = min; v <= max; v++) values.push({ value: v, count: Number(distribution[String(v)]) || 0 });
  const top = Math.max(0, ...values.map((v) => v.count));
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
  const average = typeof results.average === "number" ? results.average : null;
  const avgEl = wrap.querySelector(".poll-rating-average");
  avgEl.dataset.average = average === null ? "" : String(average);
  wrap.querySelector(".poll-rating-number").textContent = average === null ? "–" : average.toFixed(1);
  wrap.querySelector(".poll-rating-scale").textContent = `average on ${min}–${max}`;
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
      el.setAttribute("aria-label", `${v.value}: ${plural(v.count, "answer", "answers")}`);
    });
  const [low, high] = ratingEnds(poll);
  const ends = wrap.querySelector(".poll-rating-ends");
  ends.hidden = !low && !high;
  wrap.querySelector(".poll-rating-end-low").textContent = low;
  wrap.querySelector(".poll-rating-end-high").textContent = high;
}

function renderRanking(body, poll) {
  const texts = optionTexts(poll);
  const results = poll.results || {};
  const averages = results.average_rank || [];
  const order = Array.isArray(results.order) && results.order.length === texts.length
    ? results.order
    : texts.map((_, i) => i).sort((a, b) => (averages[a] || Infinity) - (averages[b] || Infinity) || a - b);
  const n = texts.length;
  let list = body.querySelector(".poll-ranking");
  if (!list) {
    list = h("ol", { class: "poll-ranking", "data-testid": "poll-ranking" });
    body.replaceChildren(list);
  }
  list.dataset.size = sizeClass(n);
  list.style.setProperty("--n", String(n));
  const rows = order.map((index, position) => ({ index, position, text: texts[index], average: averages[index] }));
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
      el.querySelector(".poll-rank-average").textContent = has ? `avg. rank ${row.average.toFixed(1)}` : "–";
      // Rank 1 fills the bar, rank n leaves it (almost) empty.
      const score = has && n > 1 ? (n - row.average) / (n - 1) : 0;
      el.querySelector(".poll-rank-fill").style.width = `${Math.max(2, Math.round(score * 100))}%`;
    });
}

function renderText(body, poll, { recent, answerExtras, audience }) {
  const results = poll.results || {};
  const words = Array.isArray(results.words) ? results.words : [];
  const answers = Array.isArray(results.answers) ? results.answers : [];
  let wrap = body.querySelector(".poll-text");
  if (!wrap) {
    wrap = h("div", { class: "poll-text" },
      h("div", { class: "poll-cloud", "data-testid": "poll-cloud", role: "list", "aria-label": "Most used words" }),
      h("div", { class: "poll-answers-wrap" },
        h("p", { class: "poll-answers-title" }),
        h("ul", { class: "poll-answers", "data-testid": "poll-answers" })),
      h("p", { class: "poll-empty", "data-testid": "poll-empty", text: "No answers yet" }));
    body.replaceChildren(wrap);
  }
  const visible = audience === "moderator" ? answers : answers.filter((a) => !a.hidden);
  wrap.querySelector(".poll-empty").hidden = visible.length > 0;
  wrap.dataset.empty = String(visible.length === 0);

  // Biggest words in the middle, smaller ones outwards, alternating sides.
  const sorted = [...words].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
  const top = sorted.length ? sorted[0][1] : 0;
  const low = sorted.length ? sorted[sorted.length - 1][1] : 0;
  const arranged = [];
  sorted.forEach((word, i) => (i % 2 ? arranged.unshift(word) : arranged.push(word)));
  const cloud = wrap.querySelector(".poll-cloud");
  cloud.hidden = arranged.length === 0;
  reconcile(cloud, arranged, ([word]) => word,
    () => h("span", { class: "poll-word", "data-testid": "poll-word", role: "listitem" }),
    (el, [word, count]) => {
      const weight = top > low ? Math.sqrt((count - low) / (top - low)) : 1;
      el.dataset.word = word;
      el.dataset.count = String(count);
      el.style.setProperty("--w", weight.toFixed(3));
      el.dataset.tone = String(hash(word) % 5);
      el.textContent = word;
      el.title = `${word}: ${count}`;
    });

  // The server lists answers newest first.
  const shown = audience === "moderator" ? visible : visible.slice(0, recent);
  wrap.querySelector(".poll-answers-title").textContent = audience === "moderator"
    ? `All answers (${visible.length})` : visible.length > shown.length ? "Latest answers" : "Answers";
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

function hash(text) {
  let n = 0;
  for (const ch of String(text)) n = (n * 31 + ch.codePointAt(0)) >>> 0;
  return n;
}
