/**
 * Shared browser module for Townhall pages (no framework, no build step): connectLive (here), the real-time
 * protocol (Socket.IO + snapshots + sequence numbers); re-exported: live/page.js (api, ApiError, h, errors,
 * reconcile, times) and live/state.js (DOM-free: question order, clock offset, agenda / speakers, acks).
 * Debug / test hook: window.townhall = {state, lastSeq, socket, refresh()}.
 * state = {event, questions: {<id>: question}, me, stats, loaded}.
 */
import { t } from "./i18n.js";
import { api, showError } from "./live/page.js";
import { GAP_SPREAD_MS, holdBack, spreadCalls } from "./live/sequence.js";
import { socketQuery } from "./live/node.js";
import { learnClock } from "./live/state.js";

export {
  ApiError, api, clearError, clearFormErrors, copyText, csrfToken, formatWhen, friendlyMessage, fromLocalInput, h,
  localizeTimes, reconcile, showError, showFormError, toLocalInput,
} from "./live/page.js";
export {
  agendaItems, applyVoteAnswer, authorLabel, currentItem, itemById, learnClock, markMine, offsetFrom, placeRequest,
  recordAsked, roomHandlers, serverNow, sortQuestions, speakerLabel, textLength, watchSpeakerSettings, withMember,
} from "./live/state.js";

// --- Real time ----------------------------------------------------------------

const STATUS_TEXT = {
  connecting: () => t("Connecting…"),
  live: () => t("Live"),
  reconnecting: () => t("Reconnecting…"),
  offline: () => t("Disconnected — reload the page"),
};

export function setConnectionStatus(el, state, detail) {
  if (!el) return;
  el.dataset.state = state;
  el.textContent = detail || STATUS_TEXT[state]?.() || state;
}

/**
 * Connect to the event's room and keep `state` in step with the server.
 *
 * Protocol: a snapshot replaces the state (lastSeq = snapshot.seq, lastTally =
 * snapshot.tally_seq); messages that arrive while one is fetched are buffered and
 * applied afterwards. One is fetched when the page opens and, for organizers, on every
 * "connect". Phones and projectors are greeted on connect with "hello" {seq, tally_seq}
 * (how new the room's state is, read after the socket joined the room) and fetch one only
 * when that is newer than what they hold: after a restart in which nothing changed, a
 * full hall reconnects without a single snapshot. "questions:changed" / "event:updated" advance the
 * sequence: seq <= lastSeq is old news, seq === lastSeq + 1 is applied,
 * anything later is held (live/sequence.js): with several server processes messages arrive slightly
 * out of order; held ones are applied in order once the missing ones come, and only if one is still
 * missing a second later is a snapshot fetched (after a random delay: at most one scheduled or in flight).
 * "questions:tallied" carries absolute counts and the current seq without
 * advancing it: seq > lastSeq -> held likewise; seq === lastSeq -> apply unless its tally_seq is older
 * than the counts we hold; older -> ignore (a newer structural message already carried newer counts).
 * "sync:needed" {spread_ms} (the server's message queue came back after an outage: messages may have
 * been lost): a snapshot after a random delay up to spread_ms.
 * "stats:updated" (moderators) is absolute and unsequenced.
 *
 * onChange() is called (batched) after every change of state.
 */
/**
 * handlers: extra sequenced messages, e.g. {"agenda:changed": (msg, state) => {...}}: called
 * with the same gap rules as questions:changed; "seq:advanced" (a change this audience may
 * not see) only moves the sequence on. Snapshot parts other than questions (agenda,
 * speakers, records, role, capabilities, polls) are copied onto state as they are.
 * state.clockOffset = server clock - this device's clock (ms), for timers.
 * tallies: extra absolute, unsequenced messages that carry the current seq without advancing
 * it, e.g. {"poll:tallied": (msg, state) => {...}}: called with the same rules as
 * questions:tallied (seq > lastSeq -> snapshot; seq === lastSeq -> apply; older -> ignore).
 */
const REFETCH_SPREAD_MS = 2000;
const EVENT_DELETED = t("This event was deleted by its organizer.");
const HELLO_WAIT_MS = 3000; // no greeting by then (an older server): fetch a snapshot anyway

export function connectLive({ code, audience, snapshotUrl, onChange, onError, statusEl, handlers = {}, tallies = {} }) {
  const state = { event: null, questions: {}, me: null, stats: null, loaded: false, clockOffset: 0 };
  let lastSeq = -1;
  let lastTally = -1; // how new the counts are: the room's tally version they came with
  let hello = null; // the server's greeting, until compared with what we hold
  let helloTimer = null;
  let greetedNow = false; // this connection's greeting has come
  const greeted = audience !== "moderator";
  let fetching = false;
  let again = false;
  let buffer = [];
  let quiet = false; // a deliberate reconnect (after joining): don't flash "Reconnecting…"
  let scheduled = false;
  const spread = spreadCalls(() => refresh()); // a snapshot after a random delay, one scheduled at most
  const held = holdBack({ onMissing: () => spread.schedule(GAP_SPREAD_MS) });

  const changed = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      onChange && onChange();
    });
  };

  function applySnapshot(snapshot) {
    state.event = snapshot.event || state.event;
    state.questions = {};
    for (const q of snapshot.questions || []) state.questions[q.id] = q;
    if ("me" in snapshot) state.me = snapshot.me;
    if ("stats" in snapshot) state.stats = snapshot.stats;
    for (const part of ["agenda", "speakers", "records", "role", "capabilities", "polls"]) {
      if (part in snapshot) state[part] = snapshot[part];
    }
    learnClock(snapshot, state);
    state.loaded = true;
    lastSeq = snapshot.seq;
    if (typeof snapshot.tally_seq === "number") lastTally = snapshot.tally_seq;
    changed();
  }

  /** After a greeting: fetch a snapshot only if the room's state is newer than ours. */
  function checkHello() {
    if (!hello || fetching) return; // refresh() checks again once its fetch is done
    const version = hello;
    hello = null;
    if (!state.loaded || version.seq > lastSeq || version.tally_seq > lastTally) refresh();
  }

  function upsert(question) {
    state.questions[question.id] = { ...state.questions[question.id], ...question };
    changed();
  }

  /** A tally's absolute counts; the moderators' also carries trust and suspicious (vote_trust.js). */
  function setVotes(votes, { trust = {}, suspicious = {} } = {}) {
    for (const [id, count] of Object.entries(votes)) {
      if (state.questions[id]) state.questions[id].votes = count;
    }
    for (const [id, counts] of Object.entries(trust)) {
      if (state.questions[id]) state.questions[id].trust = counts;
    }
    for (const [id, flag] of Object.entries(suspicious)) {
      if (state.questions[id]) state.questions[id].suspicious = flag;
    }
    changed();
  }

  function handle(type, msg) {
    if (fetching) {
      buffer.push([type, msg]);
      return;
    }
    if (type === "stats:updated") {
      state.stats = msg;
      changed();
      return;
    }
    if (type === "question:own") {
      // What became of one of my questions the room cannot see (absolute state).
      if (state.me && msg.question) {
        const others = (state.me.own || []).filter((q) => q.id !== msg.question.id);
        state.me.own = msg.question.status === "published" ? others : [...others, msg.question];
        changed();
      }
      return;
    }
    if (type === "phone:banned") {
      refresh(); // a moderator banned this phone or lifted its ban: the snapshot's me.banned says which
      return;
    }
    if (typeof msg.seq !== "number") return;
    if (type === "questions:tallied" || tallies[type]) {
      if (msg.seq > lastSeq) {
        held.hold(type, msg, msg.seq); // its structural message is on its way
        return;
      }
      if (typeof msg.tally_seq === "number" && msg.tally_seq < lastTally) return; // older counts than ours
      if (msg.seq === lastSeq && tallies[type]) {
        tallies[type](msg, state);
        changed();
      } else if (msg.seq === lastSeq) {
        setVotes(msg.votes || {}, msg);
      }
      if (msg.seq === lastSeq && typeof msg.tally_seq === "number" && msg.tally_seq > lastTally) {
        lastTally = msg.tally_seq;
      }
      return;
    }
    if (msg.seq <= lastSeq) return;
    if (msg.seq > lastSeq + 1) {
      held.hold(type, msg, msg.seq - 1); // wait a moment for the ones before it
      return;
    }
    if (type === "questions:changed") {
      for (const q of msg.questions || []) {
        // trust and suspicious come with the moderators' snapshot and tallies only: kept until the next.
        const { trust, suspicious } = state.questions[q.id] || {};
        state.questions[q.id] = trust === undefined ? q : { trust, suspicious, ...q };
      }
      for (const id of msg.removed || []) delete state.questions[id];
      // A question this phone voted for left the room: merged (the vote moved to the question
      // kept) or hidden. Only a snapshot says where the vote is now; spread the fetches out.
      const voted = new Set((state.me && state.me.voted) || []);
      if ((msg.removed || []).some((id) => voted.has(id))) spread.schedule(REFETCH_SPREAD_MS);
    } else if (type === "event:updated") {
      state.event = { ...state.event, ...msg.event };
    } else if (handlers[type]) {
      handlers[type](msg, state);
    }
    lastSeq = msg.seq;
    changed();
    for (let next = held.next(lastSeq); next && !fetching; next = held.next(lastSeq)) handle(...next);
  }

  async function fetchSnapshot() {
    for (let attempt = 0; ; attempt++) {
      try {
        return await api(snapshotUrl);
      } catch (error) {
        if (onError) onError(error);
        // Not logged in / not allowed / no such event: retrying will not help.
        if ([401, 403, 404].includes(error.status)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** attempt, 15000)));
      }
    }
  }

  async function refresh() {
    if (fetching) {
      again = true; // something newer happened while we were fetching: fetch once more
      return;
    }
    fetching = true;
    let snapshot = null;
    try {
      do {
        again = false;
        snapshot = await fetchSnapshot();
      } while (again);
    } catch {
      snapshot = null;
    } finally {
      fetching = false;
    }
    if (snapshot) applySnapshot(snapshot);
    const pending = [...held.take(), ...buffer]; // held ones first: handle() holds again what is still ahead
    buffer = [];
    for (const [type, msg] of pending) {
      // Anything older than the snapshot is already in it.
      if (!["stats:updated", "question:own"].includes(type) && snapshot && msg.seq < snapshot.seq) continue;
      handle(type, msg); // re-buffers by itself if handle() started another fetch
    }
    checkHello();
  }

  // WebSocket first: one connection instead of a long-polling handshake and an upgrade (four
  // requests) per phone; long-polling only where a network blocks WebSocket.
  // eslint-disable-next-line no-undef
  const socket = io({ auth: { event: code, audience }, query: socketQuery(), transports: ["websocket", "polling"],
    tryAllTransports: true });

  // The device lost its network: close the socket now (it would notice only at its next ping, ~25 s), so the
  // page says "Reconnecting…" and socket.io tries again until the network is back.
  window.addEventListener("offline", () => socket.io.engine && socket.io.engine.close());
  socket.on("connect", () => {
    quiet = false;
    setConnectionStatus(statusEl, "live");
    if (!greeted) {
      refresh();
      return;
    }
    clearTimeout(helloTimer);
    if (!greetedNow) helloTimer = setTimeout(() => refresh(), HELLO_WAIT_MS);
  });
  socket.on("hello", (msg) => {
    clearTimeout(helloTimer);
    greetedNow = true;
    if (msg && typeof msg.seq === "number" && typeof msg.tally_seq === "number") {
      hello = msg;
      checkHello();
    } else {
      refresh();
    }
  });
  socket.on("disconnect", (reason) => {
    greetedNow = false;
    if (quiet) return;
    // The server ended this connection on purpose (e.g. logout): socket.io won't retry.
    setConnectionStatus(statusEl, reason === "io server disconnect" ? "offline" : "reconnecting");
  });
  socket.on("connect_error", (error) => {
    quiet = false;
    if (!socket.active) {
      // Refused by the server (not allowed / unknown event): no automatic retry.
      const message = error && error.message;
      setConnectionStatus(statusEl, "offline", message ? t("Not connected: %(message)s", { message }) : undefined);
    } else {
      setConnectionStatus(statusEl, "reconnecting");
    }
  });
  // The server's message queue is back after an outage (or lost messages): resync, spread out.
  socket.on("sync:needed", (msg) => {
    const spreadMs = msg && typeof msg.spread_ms === "number" ? msg.spread_ms : GAP_SPREAD_MS;
    spread.schedule(Math.min(spreadMs, 60000));
  });
  // The organizer deleted the event: nothing more will come. Stop reconnecting and say so.
  socket.on("event:deleted", () => {
    quiet = true;
    socket.disconnect();
    setConnectionStatus(statusEl, "offline", EVENT_DELETED);
    if (onError) onError(EVENT_DELETED);
  });
  const types = ["questions:changed", "event:updated", "questions:tallied", "stats:updated", "question:own",
    "phone:banned", "seq:advanced", ...Object.keys(handlers), ...Object.keys(tallies)];
  for (const type of types) {
    socket.on(type, (msg) => handle(type, msg || {}));
  }

  /** Reconnect so the server reads the (new) identity from the cookie, e.g. after joining. */
  function reconnect() {
    quiet = true;
    socket.disconnect();
    socket.connect();
  }

  const live = {
    state,
    socket,
    get lastSeq() {
      return lastSeq;
    },
    get lastTally() {
      return lastTally;
    },
    refresh,
    applySnapshot,
    upsert,
    setVotes,
    reconnect,
    changed,
  };
  window.townhall = live;
  refresh(); // show something right away; the "connect" handler fetches again once in the room
  return live;
}

/** connectLive for an organizer page: the moderator audience and view, the page's status and error spots. */
export function connectOrganizer(root, { code, onChange, errorEl, handlers = {}, tallies = {} }) {
  return connectLive({
    code,
    audience: "moderator",
    snapshotUrl: `/api/events/${encodeURIComponent(code)}/snapshot?view=moderator`,
    statusEl: root.querySelector('[data-testid="connection-status"]'),
    onChange,
    onError: (error) => showError(errorEl, error),
    handlers,
    tallies,
  });
}

