// The phone's live region: new questions, the answer being given and a speaker's time running out are read
// out politely, coalesced so that a busy room does not flood a screen reader.
import assert from "node:assert/strict";
import { mock, test } from "node:test";

import { createAnnouncer, createRoomWatch } from "../../static/js/live/announce.js";

const q = (id, text, progress = "open") => ({ id, text, progress });

test("what is there at first is not read; a new question is, by its text", () => {
  mock.timers.enable({ apis: ["setTimeout", "Date"] });
  const el = { textContent: "" };
  const watch = createRoomWatch(createAnnouncer(el));
  watch.questions([q(1, "First"), q(2, "Second")], new Set());
  mock.timers.tick(5000);
  assert.equal(el.textContent, "");
  watch.questions([q(1, "First"), q(2, "Second"), q(3, "Parking?")], new Set());
  mock.timers.tick(5000);
  assert.equal(el.textContent, "New question: Parking?");
  mock.timers.reset();
});

test("a burst is counted, one's own questions are not read, and only the latest answer is", () => {
  mock.timers.enable({ apis: ["setTimeout", "Date"] });
  const el = { textContent: "" };
  const watch = createRoomWatch(createAnnouncer(el, { quietMs: 4000 }));
  const list = [q(1, "Mine")];
  watch.questions(list, new Set([1]));
  for (let id = 2; id <= 6; id += 1) {
    list.push(q(id, `Question ${id}`));
    watch.questions([...list], new Set([1]));
  }
  list[1] = q(2, "Question 2", "answering");
  watch.questions([...list], new Set([1]));
  list[1] = q(2, "Question 2", "answered");
  list[2] = q(3, "Question 3", "answering");
  watch.questions([...list], new Set([1]));
  mock.timers.tick(400);
  assert.equal(el.textContent, "5 new questions Now answering: Question 3");
  mock.timers.reset();
});

test("a speaker's time running out is read once", () => {
  mock.timers.enable({ apis: ["setTimeout", "Date"] });
  const el = { textContent: "" };
  const watch = createRoomWatch(createAnnouncer(el, { quietMs: 1000 }));
  watch.timer(7, false);
  watch.timer(7, true);
  mock.timers.tick(400);
  assert.equal(el.textContent, "The speaker's time is up.");
  el.textContent = "";
  watch.timer(7, true);
  mock.timers.tick(5000);
  assert.equal(el.textContent, "");
  mock.timers.reset();
});
