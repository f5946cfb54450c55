// The live pages' DOM-free glue (static/js/live/state.js): run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  applyVoteAnswer, currentItem, itemById, learnClock, markMine, offsetFrom, placeRequest, recordAsked, roomHandlers,
  serverNow, sortQuestions, speakerLabel, textLength, watchSpeakerSettings,
} from "../../static/js/live/state.js";

const q = (id, votes, created) => ({ id, votes, created_at: created });

test("popular order: most votes first, ties by the older question", () => {
  const list = [q(1, 2, "2026-01-01T10:00:00Z"), q(2, 5, "2026-01-01T10:05:00Z"), q(3, 2, "2026-01-01T09:00:00Z")];
  assert.deepEqual(sortQuestions(list, "popular").map((x) => x.id), [2, 3, 1]);
});

test("recent order: newest first, whatever the votes", () => {
  const list = [q(1, 9, "2026-01-01T10:00:00Z"), q(2, 0, "2026-01-01T10:05:00Z")];
  assert.deepEqual(sortQuestions(list, "recent").map((x) => x.id), [2, 1]);
  assert.deepEqual(list.map((x) => x.id), [1, 2], "the list itself is not reordered");
});

test("text length counts characters as the server does (trimmed, code points)", () => {
  assert.equal(textLength("  héllo 👋 \r\n"), 7);
});

test("the clock offset follows a message's server_now and ignores a missing one", () => {
  const state = { clockOffset: 0 };
  const local = Date.parse("2026-01-01T10:00:00Z");
  learnClock({ server_now: "2026-01-01T10:00:05Z" }, state, local);
  assert.equal(state.clockOffset, 5000);
  learnClock({}, state, local);
  assert.equal(state.clockOffset, 5000);
  assert.equal(offsetFrom("not a time", local), null);
  assert.equal(serverNow(state, local), local + 5000);
});

test("agenda and speakers messages replace the state and refresh the clock", () => {
  const seen = [];
  const handlers = roomHandlers({ beforeSpeakers: (st) => seen.push(st.speakers) });
  const state = { speakers: { queue: [], mine: { waiting: { id: 4 } } } };
  handlers["agenda:changed"]({ agenda: { items: [] }, server_now: new Date(Date.now() + 60000).toISOString() }, state);
  assert.deepEqual(state.agenda, { items: [] });
  assert.ok(state.clockOffset > 55000);
  handlers["speakers:changed"]({ speakers: { queue: [{ id: 5 }] } }, state);
  assert.deepEqual(seen[0].mine, { waiting: { id: 4 } }, "the phone sees its `mine` before the room's view");
  assert.deepEqual(state.speakers.queue, [{ id: 5 }]);
});

test("the current agenda item is found by id; none for no id", () => {
  const agenda = { current_item_id: 2, items: [{ id: 1 }, { id: 2, title: "Budget" }] };
  assert.equal(currentItem(agenda).title, "Budget");
  assert.equal(currentItem({ ...agenda, current_item_id: null }), null);
  assert.equal(itemById(agenda, undefined), null);
  assert.equal(currentItem(null), null);
});

test("a change of the speaker settings asks for a fresh view, the first look does not", () => {
  const changed = watchSpeakerSettings();
  const event = { anonymous_speakers: false, first_time_speakers_first: true, speaker_time_limit: 120 };
  assert.equal(changed(event), false);
  assert.equal(changed({ ...event }), false);
  assert.equal(changed({ ...event, anonymous_speakers: true }), true);
});

test("a vote's answer sets this phone's vote and the question's count", () => {
  const state = { me: { voted: [3] }, questions: { 7: { id: 7, votes: 1 } } };
  applyVoteAnswer(state, 7, { voted: true, votes: 2 });
  assert.deepEqual(state.me.voted, [3, 7]);
  assert.equal(state.questions[7].votes, 2);
  applyVoteAnswer(state, 3, { voted: false, votes: 0 });
  assert.deepEqual(state.me.voted, [7]);
  const guest = { me: null, questions: {} };
  markMine(guest, "voted", 1);
  assert.equal(guest.me, null, "nothing to mark before joining");
});

test("a request to speak shows at its place until the room's list has it", () => {
  const speakers = { current: null, queue: [{ id: 1 }, { id: 2 }], next: { id: 1 } };
  const placed = placeRequest(speakers, { id: 9, position: 2 });
  assert.deepEqual(placed.queue.map((e) => e.id), [1, 9, 2]);
  assert.deepEqual(speakers.queue.map((e) => e.id), [1, 2], "the held list is not changed in place");
  const first = placeRequest({ current: null, queue: [], next: null }, { id: 9 });
  assert.equal(first.next.id, 9);
  assert.equal(placeRequest(placed, { id: 9, position: 1 }), placed, "already there: as it is");
});

test("an asked question: published ones are mine, pending ones wait in my own list", () => {
  const state = { me: { mine: [], own: [] } };
  const published = recordAsked(state, { id: 1, status: "published", mine: true, text: "a" });
  assert.equal(published.pending, false);
  assert.equal("mine" in published.question, false);
  const pending = recordAsked(state, { id: 2, status: "pending", mine: true, text: "b" });
  assert.equal(pending.pending, true);
  assert.deepEqual(state.me.mine, [1, 2]);
  assert.deepEqual(state.me.own.map((x) => x.id), [2]);
});

test("a speaker the room knows by number is labelled through the catalogue; a typed name is left alone", () => {
  assert.equal(speakerLabel({ name: "Speaker 3", number: 3 }), "Speaker 3"); // t(): English without a catalogue
  assert.equal(speakerLabel({ name: "Ana", number: 3 }), "Ana");
  assert.equal(speakerLabel({ name: "Speaker 9", number: 3 }), "Speaker 9"); // someone typed it: their name
  assert.equal(speakerLabel({ name: "Ana", room_name: "Speaker 4", number: 4 }, "Speaker 4"), "Speaker 4");
});
