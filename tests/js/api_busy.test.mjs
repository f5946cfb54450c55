// The pages' api() (static/js/live/page.js): a `busy` refusal is sent again, anything else is not.
import assert from "node:assert/strict";
import { test } from "node:test";

globalThis.document = { querySelector: () => ({ content: "token" }) };
globalThis.window = { dispatchEvent() {} };

const { api, ApiError } = await import("../../static/js/live/page.js");

function answers(...list) {
  const sent = [];
  globalThis.fetch = async (url, init) => {
    sent.push(init.method);
    const [status, body] = list.shift();
    return {
      status, ok: status < 400, json: async () => body,
      headers: { get: (name) => (name === "Retry-After" ? "0.01" : null) },
    };
  };
  return sent;
}

const busy = [503, { error: { code: "busy", message: "The server is busy." } }];

test("a busy refusal is sent again until it succeeds", async () => {
  const sent = answers(busy, busy, [200, { ok: 1 }]);
  assert.deepEqual(await api("/api/x", { method: "POST", body: {} }), { ok: 1 });
  assert.deepEqual(sent, ["POST", "POST", "POST"]);
});

test("busy after the retries: the error reaches the page", async () => {
  const sent = answers(busy, busy, busy);
  await assert.rejects(api("/api/x", { method: "POST", body: {} }), (e) => e instanceof ApiError && e.code === "busy");
  assert.equal(sent.length, 3);
});

test("other errors, 503 unavailable included, are not sent again", async () => {
  const sent = answers([503, { error: { code: "unavailable", message: "Not recorded." } }]);
  await assert.rejects(api("/api/x", { method: "POST", body: {} }), (e) => e.code === "unavailable");
  assert.equal(sent.length, 1);
});
