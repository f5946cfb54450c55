// The dashboard's fair-queue order (static/js/dashboard/fair_queue.js): run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { fairQueue, isWaiting } from "../../static/js/dashboard/fair_queue.js";

let clock = 0;
/** A waiting question: id, votes, asker, agenda item; asked one minute after the previous one. */
function q(id, votes, asker, item = null, extra = {}) {
  clock += 1;
  return {
    id, votes, asker, agenda_item_id: item, status: "published", progress: "open", state: "published",
    created_at: new Date(Date.UTC(2026, 0, 1, 10, clock)).toISOString(), ...extra,
  };
}
const ids = (list) => list.map((x) => x.id);

test("one question per asker: plain votes order", () => {
  const list = [q(1, 2, "a"), q(2, 9, "b"), q(3, 5, "c")];
  assert.deepEqual(ids(fairQueue(list)), [2, 3, 1]);
});

test("no asker twice before every other asker waiting has had one", () => {
  const list = [q(1, 10, "a"), q(2, 9, "a"), q(3, 8, "a"), q(4, 1, "b"), q(5, 2, "c")];
  // round 0: a's best (10), c (2), b (1); round 1: a's 9; round 2: a's 8
  assert.deepEqual(ids(fairQueue(list)), [1, 5, 4, 2, 3]);
});

test("an asker who already had a question answered waits for the others", () => {
  const list = [
    q(1, 3, "a", null, { progress: "answered", state: "answered_in_room" }),
    q(2, 20, "a"), q(3, 1, "b"), q(4, 4, "c"),
  ];
  assert.deepEqual(ids(fairQueue(list)), [4, 3, 2]);
});

test("answered in writing, or on the floor now, counts as having had one", () => {
  const list = [
    q(1, 0, "a", null, { state: "answered_in_writing", progress: "open" }),
    q(2, 0, "b", null, { progress: "answering" }),
    q(3, 7, "a"), q(4, 6, "b"), q(5, 5, "c"),
  ];
  assert.deepEqual(ids(fairQueue(list)), [5, 3, 4]);
});

test("within a round, agenda items take turns, the item with the best question first", () => {
  const list = [q(1, 10, "a", 1), q(2, 9, "b", 1), q(3, 8, "c", 1), q(4, 3, "d", 2), q(5, 2, "e", null)];
  // round 0: item 1 (10, 9, 8), item 2 (3), no item (2): turns 1, 4, 5, then 2, then 3
  assert.deepEqual(ids(fairQueue(list)), [1, 4, 5, 2, 3]);
});

test("rounds come before items: a second question of an asker waits for round 1 whatever its item", () => {
  const list = [q(1, 10, "a", 1), q(2, 9, "a", 2), q(3, 1, "b", 1), q(4, 0, "c", 3)];
  // round 0: a's 10 (item 1), b's 1 (item 1), c's 0 (item 3) -> item 1 (1, 3), item 3 (4): 1, 4, 3
  // round 1: a's 9 (item 2)
  assert.deepEqual(ids(fairQueue(list)), [1, 4, 3, 2]);
});

test("ties in votes: the older question first; a question without an asker is its own asker", () => {
  const list = [q(1, 4, null), q(2, 4, null), q(3, 4, "x"), q(4, 4, "x")];
  assert.deepEqual(ids(fairQueue(list)), [1, 2, 3, 4]);
});

test("only waiting questions are queued: pending, hidden, answered, referred and closed are left out", () => {
  const list = [
    q(1, 5, "a", null, { status: "pending", state: "submitted" }),
    q(2, 5, "b", null, { status: "hidden", state: "rejected" }),
    q(3, 5, "c", null, { progress: "answered", state: "answered_in_room" }),
    q(4, 5, "d", null, { state: "referred" }),
    q(5, 5, "e", null, { state: "closed" }),
    q(6, 1, "f", null, { state: "deferred" }),
    q(7, 0, "g", null, { state: "reopened" }),
  ];
  assert.deepEqual(ids(fairQueue(list)), [6, 7]);
  assert.equal(isWaiting(list[3]), false);
  assert.deepEqual(ids(list), [1, 2, 3, 4, 5, 6, 7], "the list itself is not reordered");
});
