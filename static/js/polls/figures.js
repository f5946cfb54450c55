/**
 * Polls, DOM-free: the numbers and words the charts are drawn from (turnout, time left, which poll a big screen
 * shows, who may see the results). Re-exported by polls.js.
 */
import { t, tn } from "../i18n.js";
import { clock } from "../timers.js";
import { RECENT_SECONDS } from "./state.js";

export const YESNO_OPTIONS = [t("Yes"), t("No"), t("Abstain")];

export const KIND_LABELS = {
  single: t("Single choice"),
  multiple: t("Multiple choice"),
  yesno: t("Yes / No / Abstain"),
  rating: t("Rating"),
  ranking: t("Ranking"),
  text: t("Open text"),
};

/** The options as the reader sees them: a yes/no poll's three are always in the page's language (the server
 * keeps them as "Yes", "No", "Abstain"). */
export function optionTexts(poll) {
  if (poll.kind === "yesno") return YESNO_OPTIONS;
  return poll.options || [];
}

// --- numbers and words ---------------------------------------------------------------------

export function percentOf(count, ballots) {
  return ballots > 0 ? Math.round((count * 100) / ballots) : 0;
}

export function turnout(poll) {
  const ballots = poll.ballots || 0;
  const present = poll.present || 0;
  const percent = present > 0 && ballots <= present ? percentOf(ballots, present) : null;
  const text = present > 0 ? tn("%(n)s answer · %(present)s present", "%(n)s answers · %(present)s present", ballots, { present })
    : tn("%(n)s answer", "%(n)s answers", ballots);
  return { ballots, present, percent, text };
}

export function serverTime(iso) {
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
  return seconds > 0 ? t("%(time)s left", { time: clock(seconds) }) : t("Closing…");
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

// --- the numbers the charts are drawn from ----------------------------------------------------

/** rating: {min, max, values: [{value, count}], top, average | null}. */
export function ratingTally(poll) {
  const results = poll.results || {};
  const distribution = results.distribution || {};
  const min = Number.isInteger(poll.scale_min) ? poll.scale_min : 1;
  const max = Number.isInteger(poll.scale_max) ? poll.scale_max : 5;
  const values = [];
  for (let v = min; v <= max; v++) values.push({ value: v, count: Number(distribution[String(v)]) || 0 });
  const top = Math.max(0, ...values.map((v) => v.count));
  const average = typeof results.average === "number" ? results.average : null;
  return { min, max, values, top, average };
}

/** ranking: [{index, position, text, average}] best first (the server's order, else by average rank). */
export function rankingRows(poll) {
  const texts = optionTexts(poll);
  const results = poll.results || {};
  const averages = results.average_rank || [];
  const order = Array.isArray(results.order) && results.order.length === texts.length
    ? results.order
    : texts.map((_, i) => i).sort((a, b) => (averages[a] || Infinity) - (averages[b] || Infinity) || a - b);
  return order.map((index, position) => ({ index, position, text: texts[index], average: averages[index] }));
}

/** % of a ranking bar: rank 1 fills it, rank n leaves 2. */
export function rankFill(average, n) {
  const score = typeof average === "number" && n > 1 ? (n - average) / (n - 1) : 0;
  return Math.max(2, Math.round(score * 100));
}

/** text: [[word, count]] -> [{word, count, weight 0..1, tone 0..4}], biggest in the middle. */
export function cloudWords(words) {
  const sorted = [...(Array.isArray(words) ? words : [])]
    .sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
  const top = sorted.length ? sorted[0][1] : 0;
  const low = sorted.length ? sorted[sorted.length - 1][1] : 0;
  const arranged = [];
  sorted.forEach((word, i) => (i % 2 ? arranged.unshift(word) : arranged.push(word)));
  return arranged.map(([word, count]) => ({
    word, count, weight: top > low ? Math.sqrt((count - low) / (top - low)) : 1, tone: hash(word) % 5,
  }));
}

function hash(text) {
  let n = 0;
  for (const ch of String(text)) n = (n * 31 + ch.codePointAt(0)) >>> 0;
  return n;
}
