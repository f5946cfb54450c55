// The dashboard's question buttons (static/js/dashboard/question_rules.js), DOM-free: run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { visible } from "../../static/js/dashboard/question_rules.js";

const live = (state, progress = "open") => ({ status: "published", progress, state });

test("a question closed without answer or answered in writing is not answered in the room, but may be reopened", () => {
  for (const state of ["closed", "answered_in_writing"]) {
    assert.equal(visible("answering", live(state)), false, state);
    assert.equal(visible("answered", live(state)), false, state);
    assert.equal(visible("reopen", live(state)), true, state);
  }
});

test("open, deferred, referred and reopened questions keep their buttons", () => {
  for (const state of ["published", "deferred", "referred", "reopened"]) {
    assert.equal(visible("answering", live(state)), true, state);
    assert.equal(visible("answered", live(state)), true, state);
    assert.equal(visible("reopen", live(state)), false, state);
  }
  assert.equal(visible("reopen", live("answered_in_room", "answered")), true);
});
