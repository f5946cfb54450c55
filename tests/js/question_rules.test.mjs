// The dashboard's question buttons (static/js/dashboard/question_rules.js), DOM-free: run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { actionLabel, matchesSearch, primaryActions, searchWords, visible } from "../../static/js/dashboard/question_rules.js";

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

test("a card keeps two actions in view: approve / reject while waiting, answer now / hide while open", () => {
  assert.deepEqual(primaryActions({ status: "pending", progress: "open", state: "submitted" }), ["approve", "reject"]);
  assert.deepEqual(primaryActions(live("published")), ["answering", "hide"]);
  assert.deepEqual(primaryActions(live("published", "answering")), ["answered", "reopen"]);
  assert.deepEqual(primaryActions(live("answered_in_room", "answered")), ["reopen", "archive"]);
  assert.deepEqual(primaryActions(live("closed")), ["hide", "reopen"]); // not answered in the room any more
  assert.deepEqual(primaryActions({ status: "hidden", progress: "open" }), ["restore", "archive"]);
  assert.deepEqual(primaryActions({ status: "rejected", progress: "open" }), ["restore"]);
  assert.deepEqual(primaryActions({ status: "merged", progress: "open" }), []);
});

test("the search finds every word, in the text, the asker's name or the #id, whatever the case", () => {
  const q = { id: 42, text: "When does the outdoor Pool reopen?", author: "Ana Lima", anonymous: false };
  assert.equal(matchesSearch(q, searchWords("  pool   ANA ")), true);
  assert.equal(matchesSearch(q, searchWords("#42")), true);
  assert.equal(matchesSearch(q, searchWords("pool bus")), false);
  assert.equal(matchesSearch({ ...q, anonymous: true }, searchWords("ana")), false); // anonymous stays anonymous
  assert.equal(matchesSearch(q, searchWords("")), true);
});

test("the question on the floor goes 'Back to open', as the banner says; an answered one is reopened", () => {
  assert.equal(actionLabel("reopen", live("published", "answering")), "Back to open");
  assert.equal(actionLabel("reopen", live("answered_in_room", "answered")), "Reopen");
  assert.equal(actionLabel("approve", { status: "pending", progress: "open" }), "Approve");
});
