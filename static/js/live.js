/**
 * Shared browser module for Townhall pages. No framework, no build step.
 *
 *  - api(url, {method, body}): fetch JSON; every non-GET request carries the
 *    X-CSRFToken header read from <meta name="csrf-token">. Errors arrive as
 *    {error: {code, message, field}} and are thrown as ApiError.
 *  - h(tag, props, ...children): builds DOM. Text always goes in through
 *    textContent / text nodes, never through innerHTML: user text stays text.
 *  - connectLive({...}): the real-time protocol (Socket.IO + snapshots +
 *    sequence numbers), shared by the attendee page, projector and dashboard.
 *
 * Debug / test hook: window.townhall = {state, lastSeq, socket, refresh()}.
 * state = {event, questions: {<id>: question}, me, stats, loaded}.
 */

// --- HTTP -----------------------------------------------------------------

export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

export class ApiError extends Error {
  constructor(status, error) {
    super(error.message || "Something went wrong.");
    this.name = "ApiError";
    this.status = status;
    this.code = error.code || "error";
    this.field = error.field || null;
  }
}

const FRIENDLY = {
  network: "No connection to the server. Check your network and try again.",
  rate_limited: "Too many requests in a short time. Please wait a moment and try again.",
  csrf_failed: "Your session has expired. Reload the page and try again.",
  not_authenticated: "You are not logged in any more. Reload the page to log in.",
};

/** A message for people: the server's own message, except where it is too technical. */
export function friendlyMessage(error) {
  if (error && FRIENDLY[error.code]) return FRIENDLY[error.code];
  return (error && error.message) || "Something went wrong. Please try again.";
}

export async function api(url, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  if (!["GET", "HEAD", "OPTIONS"].includes(method)) headers["X-CSRFToken"] = csrfToken();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { code: "network", message: FRIENDLY.network });
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = data && data.error ? data.error
      : { code: `http_${response.status}`, message: `The server answered with an error (${response.status}).` };
    throw new ApiError(response.status, error);
  }
  return data;
}

// --- DOM --------------------------------------------------------------------

/**
 * h("button", {class: "btn", type: "button", onclick: fn, dataset: {id: 3}}, "Text", childNode)
 * Strings become text nodes. Boolean attributes: true sets, false/null omits.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Show an error (ApiError, Error or string) in an element, as text. */
export function showError(el, error) {
  if (!el) return;
  el.textContent = typeof error === "string" ? error : friendlyMessage(error);
  el.hidden = false;
}

export function clearError(el) {
  if (!el) return;
  el.textContent = "";
  el.hidden = true;
}

/** Show per-field API errors next to inputs marked data-error-for="<field>"; others go to fallbackEl. */
export function showFormError(form, error, fallbackEl) {
  clearFormErrors(form, fallbackEl);
  const target = error && error.field ? form.querySelector(`[data-error-for="${CSS.escape(error.field)}"]`) : null;
  if (target) {
    showError(target, error);
    const input = form.elements.namedItem(error.field);
    if (input && input.setAttribute) {
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
  } else {
    showError(fallbackEl, error);
  }
}

export function clearFormErrors(form, fallbackEl) {
  for (const el of form.querySelectorAll("[data-error-for]")) clearError(el);
  for (const el of form.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute("aria-invalid");
  clearError(fallbackEl);
}

/**
 * Keep container's children in the order of items, reusing elements by key so
 * focus and in-progress edits survive re-renders. create(item) -> element,
 * update(element, item). Elements get data-key.
 */
export function reconcile(container, items, keyOf, create, update) {
  const active = document.activeElement;
  const existing = new Map();
  for (const el of container.children) existing.set(el.dataset.key, el);
  const wanted = items.map((item) => {
    const key = String(keyOf(item));
    let el = existing.get(key);
    if (el) existing.delete(key);
    else {
      el = create(item);
      el.dataset.key = key;
    }
    update(el, item);
    return el;
  });
  for (const el of existing.values()) el.remove();
  wanted.forEach((el, index) => {
    const at = container.children[index];
    if (at !== el) container.insertBefore(el, at || null);
  });
  if (active && active !== document.activeElement && active.isConnected && container.contains(active)) {
    active.focus({ preventScroll: true });
  }
}

// --- Time -------------------------------------------------------------------

const FORMATS = {
  datetime: { dateStyle: "medium", timeStyle: "short" },
  long: { dateStyle: "full", timeStyle: "short" },
  time: { timeStyle: "short" },
};

export function formatWhen(iso, style = "datetime") {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  try {
    return new Intl.DateTimeFormat(undefined, FORMATS[style] || FORMATS.datetime).format(date);
  } catch {
    return date.toLocaleString();
  }
}

/** <time datetime="...Z" data-localize="datetime|long|time">: show the server's UTC time in local time. */
export function localizeTimes(root = document) {
  for (const el of root.querySelectorAll("time[data-localize]")) {
    const text = formatWhen(el.getAttribute("datetime"), el.dataset.localize);
    if (text) el.textContent = text;
  }
}

/** "2026-11-21T18:00:00Z" -> value for <input type=datetime-local> in local time. */
export function toLocalInput(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Value of <input type=datetime-local> (local time) -> ISO 8601 in UTC, or null when empty. */
export function fromLocalInput(value) {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

// --- Real time ----------------------------------------------------------------

const STATUS_TEXT = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  offline: "Disconnected — reload the page",
};

export function setConnectionStatus(el, state, detail) {
  if (!el) return;
  el.dataset.state = state;
  el.textContent = detail || STATUS_TEXT[state] || state;
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
 * anything later means we missed something -> fresh snapshot.
 * "questions:tallied" carries absolute counts and the current seq without
 * advancing it: seq > lastSeq -> snapshot; seq === lastSeq -> apply; older ->
 * ignore (a newer structural message already carried newer counts).
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
    if (snapshot.server_now) state.clockOffset = Date.parse(snapshot.server_now) - Date.now();
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

  function setVotes(votes) {
    for (const [id, count] of Object.entries(votes)) {
      if (state.questions[id]) state.questions[id].votes = count;
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
    if (typeof msg.seq !== "number") return;
    if (type === "questions:tallied" || tallies[type]) {
      if (msg.seq > lastSeq) refresh();
      else if (msg.seq === lastSeq && tallies[type]) {
        tallies[type](msg, state);
        changed();
      } else if (msg.seq === lastSeq) {
        setVotes(msg.votes || {});
      }
      if (msg.seq === lastSeq && typeof msg.tally_seq === "number" && msg.tally_seq > lastTally) {
        lastTally = msg.tally_seq;
      }
      return;
    }
    if (msg.seq <= lastSeq) return;
    if (msg.seq > lastSeq + 1) {
      refresh();
      return;
    }
    if (type === "questions:changed") {
      for (const q of msg.questions || []) state.questions[q.id] = q;
      for (const id of msg.removed || []) delete state.questions[id];
      // A question this phone voted for left the room: merged (the vote moved to the question
      // kept) or hidden. Only a snapshot says where the vote is now; spread the fetches out.
      const voted = new Set((state.me && state.me.voted) || []);
      if ((msg.removed || []).some((id) => voted.has(id))) setTimeout(refresh, Math.random() * REFETCH_SPREAD_MS);
    } else if (type === "event:updated") {
      state.event = { ...state.event, ...msg.event };
    } else if (handlers[type]) {
      handlers[type](msg, state);
    }
    lastSeq = msg.seq;
    changed();
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
    const pending = buffer;
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
  const socket = io({ auth: { event: code, audience }, transports: ["websocket", "polling"], tryAllTransports: true });

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
      setConnectionStatus(statusEl, "offline", message ? `Not connected: ${message}` : undefined);
    } else {
      setConnectionStatus(statusEl, "reconnecting");
    }
  });
  const types = ["questions:changed", "event:updated", "questions:tallied", "stats:updated", "question:own",
    "seq:advanced", ...Object.keys(handlers), ...Object.keys(tallies)];
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

// --- Questions ---------------------------------------------------------------

const time = (q) => Date.parse(q.created_at) || 0;

/** Popular: votes desc, then older first. Recent: newest first. */
export function sortQuestions(list, order) {
  const copy = [...list];
  if (order === "recent" || order === "time") copy.sort((a, b) => time(b) - time(a) || b.id - a.id);
  else copy.sort((a, b) => b.votes - a.votes || time(a) - time(b) || a.id - b.id);
  return copy;
}

export function authorLabel(q) {
  return q.author || "Anonymous";
}

/** Length as the server counts it (code points, after trimming). */
export function textLength(value) {
  return [...value.replace(/\r\n/g, "\n").trim()].length;
}

/** Copy an input's value; on plain-http LAN addresses (no clipboard API) select it and use execCommand. */
export async function copyText(input) {
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    input.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    }
  }
}
