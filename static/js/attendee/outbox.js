/**
 * Through a dropped connection: the phone keeps the question being typed (sessionStorage, across a reload too)
 * and the taps made meanwhile, and sends each once it is back. Every question and vote carries an
 * idempotency key made here, so a retry after a lost answer is answered with what was stored the first time
 * (never a second question, never a vote counted twice: tests/test_idempotency.py).
 */
import { api } from "../live.js";

/** A random key: a UUID, or 128 random bits in base64url where randomUUID is missing (plain HTTP). */
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Worth trying again: no answer at all (offline, dropped) or the server not ready. */
const retryable = (error) => !error || !error.status || error.status >= 500;

/**
 * api(url, {method, body}) with body.idempotency_key, tried again with the same key until an answer comes.
 * onWait(): the first try found no connection (say it will be sent); socket: tried again on its "connect".
 */
export async function sendOnce(url, { method, body }, { socket, onWait } = {}) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await api(url, { method, body });
    } catch (error) {
      if (!retryable(error)) throw error;
      if (attempt === 0 && onWait) onWait();
      await whenBack(socket, Math.min(1000 * 2 ** attempt, 15000));
    }
  }
}

function whenBack(socket, ms) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener("online", done);
      if (socket) socket.off("connect", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    window.addEventListener("online", done);
    if (socket) socket.on("connect", done);
  });
}

/** The question being typed, kept per event in sessionStorage: {text, key} (the key of its sending). */
export function draftStore(code) {
  const name = `townhall:draft:${code}`;
  const read = () => {
    try {
      return JSON.parse(sessionStorage.getItem(name)) || {};
    } catch {
      return {};
    }
  };
  const write = (draft) => {
    try {
      if (draft.text) sessionStorage.setItem(name, JSON.stringify(draft));
      else sessionStorage.removeItem(name);
    } catch {
      /* private mode: the draft lives as long as the page */
    }
  };
  return {
    read,
    /** Typed: the text kept, with the key it will be sent with (kept: a resend after a reload is the same). */
    save(text) {
      write({ text, key: read().key });
    },
    /** The key to send the current draft with. */
    key() {
      const draft = read();
      if (!draft.key) {
        draft.key = newKey();
        write(draft);
      }
      return draft.key;
    },
    clear() {
      write({});
    },
  };
}
