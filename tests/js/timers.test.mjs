// Timers' arithmetic (static/js/timers.js): run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { clock, elapsedNow, remainingText } from "../../static/js/timers.js";

test("a stopped timer shows the seconds it ran", () => {
  assert.equal(elapsedNow({ running: false, elapsed_seconds: 42, elapsed_base_seconds: 0 }), 42);
});

test("a running timer counts on the server's clock, through the clock offset", () => {
  const since = new Date(Date.now() - 30_000).toISOString();
  const timer = { running: true, running_since: since, elapsed_base_seconds: 60, elapsed_seconds: 60 };
  assert.equal(elapsedNow(timer), 90);
  assert.equal(elapsedNow(timer, 10_000), 100, "the server's clock is 10 s ahead");
  assert.equal(elapsedNow(timer, -60_000), 60, "never below what it had run");
});

test("clock text: minutes and seconds, hours when needed", () => {
  assert.equal(clock(75), "1:15");
  assert.equal(clock(3725), "1:02:05");
  assert.equal(clock(0), "0:00");
});

test("time left, or how far over", () => {
  assert.equal(remainingText(300, 150), "2:30 left");
  assert.equal(remainingText(300, 345), "Over by 0:45");
});
