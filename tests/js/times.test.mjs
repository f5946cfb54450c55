// Times in the event's own zone: formatWhen names the zone; the event form's datetime-local value is the
// wall clock in the event's zone, both ways, across daylight-saving changes.
import assert from "node:assert/strict";
import { test } from "node:test";

import { formatWhen, fromLocalInput, toLocalInput } from "../../static/js/live/page.js";

test("an evening meeting in Los Angeles is shown on its own date, the zone named", () => {
  const text = formatWhen("2026-12-04T04:00:00Z", "datetime", "America/Los_Angeles");
  assert.match(text, /Dec 3, 2026/);
  assert.match(text, /20:00/);
  assert.match(text, /PST/);
  assert.match(formatWhen("2026-12-04T04:00:00Z", "time", "Asia/Shanghai"), /12:00/);
  assert.equal(formatWhen("", "datetime", "UTC"), "");
  assert.equal(formatWhen("not a time", "datetime", "UTC"), "");
});

test("the form's wall clock is the event zone's, both ways", () => {
  assert.equal(toLocalInput("2026-12-04T04:00:00Z", "America/Los_Angeles"), "2026-12-03T20:00");
  assert.equal(fromLocalInput("2026-12-03T20:00", "America/Los_Angeles"), "2026-12-04T04:00:00.000Z");
  assert.equal(fromLocalInput("2026-07-01T09:30", "Europe/Berlin"), "2026-07-01T07:30:00.000Z"); // summer time
  assert.equal(fromLocalInput("2026-01-01T09:30", "Europe/Berlin"), "2026-01-01T08:30:00.000Z");
  assert.equal(fromLocalInput("2026-03-08T12:00", "America/New_York"), "2026-03-08T16:00:00.000Z"); // the day it changes
  assert.equal(fromLocalInput("2026-12-04T09:00", "Asia/Kolkata"), "2026-12-04T03:30:00.000Z");
  assert.equal(fromLocalInput("", "UTC"), null);
  for (const iso of ["2026-03-29T00:30:00.000Z", "2026-10-25T02:15:00.000Z", "2026-06-30T23:59:00.000Z"]) {
    assert.equal(fromLocalInput(toLocalInput(iso, "Europe/London"), "Europe/London"), iso);
  }
});
