// Out-of-order messages are not a gap (static/js/live/sequence.js): run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { GAP_WAIT_MS, holdBack, spreadCalls } from "../../static/js/live/sequence.js";

/** Timers a test advances by hand. */
function clock() {
  let now = 0;
  let timers = [];
  return {
    setTimer(fn, ms) {
      const t = { at: now + ms, fn };
      timers.push(t);
      return t;
    },
    clearTimer(t) {
      timers = timers.filter((x) => x !== t);
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.fn();
    },
    get pending() {
      return timers.length;
    },
  };
}

/** A page's sequence as live.js runs it: applied in order, held when ahead. */
function page(lastSeq, timers, onMissing = () => {}) {
  const applied = [];
  const held = holdBack({ onMissing, setTimer: timers.setTimer, clearTimer: timers.clearTimer });
  const handle = (type, msg) => {
    if (msg.seq <= lastSeq) return;
    if (msg.seq > lastSeq + 1) {
      held.hold(type, msg, msg.seq - 1);
      return;
    }
    applied.push(msg.seq);
    lastSeq = msg.seq;
    for (let next = held.next(lastSeq); next; next = held.next(lastSeq)) handle(...next);
  };
  return { applied, handle, held };
}

test("messages arriving out of order are applied in order, with no snapshot", () => {
  const timers = clock();
  let missing = 0;
  const p = page(10, timers, () => missing++);
  for (const seq of [13, 11, 14, 12, 15]) p.handle("questions:changed", { seq });
  assert.deepEqual(p.applied, [11, 12, 13, 14, 15]);
  assert.equal(p.held.size, 0);
  assert.equal(timers.pending, 0, "the wait stopped once nothing was held");
  timers.advance(GAP_WAIT_MS * 2);
  assert.equal(missing, 0);
});

test("a message still missing after the wait asks for a snapshot, once", () => {
  const timers = clock();
  let missing = 0;
  const p = page(10, timers, () => missing++);
  p.handle("questions:changed", { seq: 12 });
  p.handle("questions:changed", { seq: 13 });
  timers.advance(GAP_WAIT_MS - 1);
  assert.equal(missing, 0, "not before the wait is over");
  timers.advance(1);
  assert.equal(missing, 1);
  assert.deepEqual(p.applied, []);
  assert.deepEqual(p.held.take().map(([, m]) => m.seq), [12, 13], "held for after the snapshot, in order");
});

test("the missing message arriving within the wait releases the held ones and cancels the snapshot", () => {
  const timers = clock();
  let missing = 0;
  const p = page(10, timers, () => missing++);
  p.handle("questions:changed", { seq: 12 });
  timers.advance(GAP_WAIT_MS / 2);
  p.handle("questions:changed", { seq: 11 });
  timers.advance(GAP_WAIT_MS);
  assert.deepEqual(p.applied, [11, 12]);
  assert.equal(missing, 0);
});

test("a tally ahead waits for the structural message of its seq and applies right after it", () => {
  const timers = clock();
  const held = holdBack({ onMissing: () => {}, setTimer: timers.setTimer, clearTimer: timers.clearTimer });
  held.hold("questions:tallied", { seq: 11 }, 11);
  held.hold("questions:changed", { seq: 11 }, 10);
  assert.equal(held.next(9), null, "nothing is due before seq 10");
  assert.deepEqual(held.next(10), ["questions:changed", { seq: 11 }]);
  assert.equal(held.next(10), null, "the tally is due at 11 only");
  assert.deepEqual(held.next(11), ["questions:tallied", { seq: 11 }]);
});

test("snapshots are spread: a random delay within the spread, one scheduled at most", () => {
  const timers = clock();
  let fetched = 0;
  const calls = spreadCalls(() => fetched++, { random: () => 0.5, setTimer: timers.setTimer });
  assert.equal(calls.schedule(4000), true);
  assert.equal(calls.schedule(4000), false, "a second reason before the first fetch: no second fetch");
  timers.advance(1999);
  assert.equal(fetched, 0);
  timers.advance(1);
  assert.equal(fetched, 1);
  assert.equal(calls.schedule(4000), true, "after it ran, a new one may be scheduled");
});

test("spread delays differ from page to page", () => {
  const delays = [];
  for (const r of [0, 0.25, 0.999]) {
    spreadCalls(() => {}, { random: () => r, setTimer: (fn, ms) => delays.push(ms) }).schedule(1000);
  }
  assert.deepEqual(delays, [0, 250, 999]);
});
