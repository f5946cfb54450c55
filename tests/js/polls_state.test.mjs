// Polls' DOM-free logic (static/js/polls/state.js, figures.js, answers.js): run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { multipleAnswer, singleAnswer, textAnswer } from "../../static/js/polls/answers.js";
import {
  cloudWords, countdownText, featuredPoll, optionTexts, rankFill, rankingRows, ratingTally, resultsView, secondsLeft,
  turnout,
} from "../../static/js/polls/figures.js";
import { applyTally, phoneSections, upsertPolls } from "../../static/js/polls/state.js";

const NOW = Date.parse("2026-01-01T12:00:00Z");
const ago = (s) => new Date(NOW - s * 1000).toISOString();

test("turnout: answers of those present, with a percent only when it makes sense", () => {
  assert.deepEqual(turnout({ ballots: 3, present: 4 }), { ballots: 3, present: 4, percent: 75, text: "3 answers · 4 present" });
  assert.equal(turnout({ ballots: 1 }).text, "1 answer");
  assert.equal(turnout({ ballots: 5, present: 4 }).percent, null);
});

test("time left on an open poll, on the server's clock", () => {
  const poll = { status: "open", closes_at: new Date(Date.now() + 65_000).toISOString() };
  assert.ok([65, 66].includes(secondsLeft(poll)));
  assert.equal(secondsLeft(poll, 70_000), 0, "past the deadline on the server's clock");
  assert.equal(secondsLeft({ ...poll, status: "closed" }), null);
  assert.equal(secondsLeft({ status: "open", closes_at: null }), null);
  assert.equal(countdownText(65), "1:05 left");
  assert.equal(countdownText(0), "Closing…");
});

test("the big screen shows the open poll opened last, else a recently closed one", () => {
  const polls = [
    { id: 1, status: "open", opened_at: ago(100) },
    { id: 2, status: "open", opened_at: ago(10) },
    { id: 3, status: "closed", closed_at: ago(5) },
  ];
  assert.equal(featuredPoll(polls, { now: NOW }).id, 2);
  assert.equal(featuredPoll(polls.slice(2), { now: NOW }).id, 3);
  assert.equal(featuredPoll([{ id: 4, status: "closed", closed_at: ago(400) }], { now: NOW }), null);
});

test("the phone's sections: open first, the poll closed last on top for a while, the others folded", () => {
  const polls = [
    { id: 1, status: "open", opened_at: ago(50) },
    { id: 2, status: "open", opened_at: ago(20) },
    { id: 3, status: "closed", closed_at: ago(30) },
    { id: 4, status: "closed", closed_at: ago(60) },
    { id: 5, status: "closed", closed_at: ago(900) },
    { id: 6, status: "draft" },
  ];
  const { open, recent, earlier } = phoneSections(polls, NOW, 300_000);
  assert.deepEqual(open.map((p) => p.id), [2, 1]);
  assert.deepEqual(recent.map((p) => p.id), [3]);
  assert.deepEqual(earlier.map((p) => p.id), [4, 5]);
  assert.deepEqual(phoneSections(polls, NOW + 3_600_000, 300_000).recent, [], "an hour later nothing is recent");
});

test("who sees results: hidden until revealed, after one's own vote, suppressed below k", () => {
  assert.deepEqual(resultsView({ visibility: "on_reveal", revealed: false }), { state: "hidden", reason: "on_reveal" });
  const afterVote = { visibility: "after_vote", status: "open" };
  assert.equal(resultsView(afterVote, { audience: "phone" }).reason, "after_vote");
  assert.equal(resultsView(afterVote, { audience: "phone", voted: true }).reason, "not_yet");
  assert.equal(resultsView({ results: { suppressed: true } }).state, "suppressed");
  assert.equal(resultsView({ results: { counts: [1] } }).state, "shown");
});

test("a tally sets the counts and never drops results the phone holds", () => {
  const state = { polls: [{ id: 1, ballots: 1, results: { counts: [1, 0] } }] };
  applyTally(state, { poll_id: 1, ballots: 2, present: 9, results: null });
  assert.deepEqual(state.polls[0], { id: 1, ballots: 2, present: 9, results: { counts: [1, 0] } });
  assert.equal(applyTally(state, { poll_id: 99, ballots: 1 }), null);
});

test("polls:changed keeps a phone's own after_vote results while the poll is open, and drops removed polls", () => {
  const state = { polls: [
    { id: 1, status: "open", visibility: "after_vote", results: { counts: [2] } },
    { id: 2, status: "open", visibility: "live" },
  ] };
  upsertPolls(state, { polls: [{ id: 1, status: "open", visibility: "after_vote", results: null }], removed: [2] });
  assert.deepEqual(state.polls.map((p) => p.id), [1]);
  assert.deepEqual(state.polls[0].results, { counts: [2] });
});

test("yes/no polls show Yes, No, Abstain unless the poll names them", () => {
  assert.deepEqual(optionTexts({ kind: "yesno" }), ["Yes", "No", "Abstain"]);
  assert.deepEqual(optionTexts({ kind: "single", options: ["a", "b"] }), ["a", "b"]);
});

test("rating chart numbers: every value of the scale, the top count and the average", () => {
  const tally = ratingTally({ scale_min: 1, scale_max: 3, results: { distribution: { 1: 2, 3: 5 }, average: 2.4 } });
  assert.deepEqual(tally.values, [{ value: 1, count: 2 }, { value: 2, count: 0 }, { value: 3, count: 5 }]);
  assert.equal(tally.top, 5);
  assert.equal(tally.average, 2.4);
  assert.equal(ratingTally({}).values.length, 5, "1 to 5 by default");
});

test("ranking results: by average rank when the server gives no order; bars fill by rank", () => {
  const poll = { kind: "ranking", options: ["a", "b", "c"], results: { average_rank: [2.5, 1.2, 2.3] } };
  assert.deepEqual(rankingRows(poll).map((r) => r.text), ["b", "c", "a"]);
  assert.deepEqual(rankingRows({ ...poll, results: { ...poll.results, order: [0, 2, 1] } }).map((r) => r.text), ["a", "c", "b"]);
  assert.equal(rankFill(1, 3), 100);
  assert.equal(rankFill(3, 3), 2);
});

test("word cloud: the commonest word in the middle, weights from rarest (0) to commonest (1)", () => {
  const words = cloudWords([["park", 5], ["bench", 1], ["trees", 3]]);
  assert.deepEqual(words.map((w) => w.word), ["trees", "park", "bench"]);
  assert.equal(words[1].weight, 1);
  assert.equal(words[2].weight, 0);
  assert.equal(cloudWords(undefined).length, 0);
});

test("answers per kind: what is sent, or why not yet", () => {
  assert.deepEqual(singleAnswer(2), { answer: { choice: 2 } });
  assert.equal(singleAnswer(null).error, "Pick an option first.");
  assert.deepEqual(multipleAnswer([0, 2], 2), { answer: { choices: [0, 2] } });
  assert.equal(multipleAnswer([0, 1, 2], 2).error, "Pick at most 2.");
  assert.equal(multipleAnswer([], 2).error, "Pick at least one option.");
  assert.deepEqual(textAnswer("  more trees "), { answer: { text: "more trees" } });
  assert.equal(textAnswer("   ").error, "Type your answer first.");
  assert.equal(textAnswer("x".repeat(201)).error, "At most 200 characters, please (now 201).");
});
