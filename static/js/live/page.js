/** Page helpers, re-exported by live.js: JSON over HTTP (ApiError), DOM building (text stays text), errors, times. */
import { t } from "../i18n.js";

export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

export class ApiError extends Error {
  constructor(status, error) {
    super(error.message || t("Something went wrong."));
    this.name = "ApiError";
    this.status = status;
    this.code = error.code || "error";
    this.field = error.field || null;
  }
}

const FRIENDLY = {
  network: t("No connection to the server. Check your network and try again."),
  rate_limited: t("Too many requests in a short time. Please wait a moment and try again."),
  csrf_failed: t("Your session has expired. Reload the page and try again."),
  not_authenticated: t("You are not logged in any more. Reload the page to log in."),
};

/** A message for people: the server's own message, except where it is too technical. */
export function friendlyMessage(error) {
  if (error && FRIENDLY[error.code]) return FRIENDLY[error.code];
  return (error && error.message) || t("Something went wrong. Please try again.");
}

// A `busy` refusal (503: the server's database stayed locked, nothing was changed) is sent again
// after its Retry-After, spread a little so a room's phones do not all come back at once.
const BUSY_RETRIES = 2;
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function retryDelay(response) {
  const seconds = Math.min(Number(response.headers.get("Retry-After")) || 1, 10);
  return seconds * 1000 * (1 + Math.random() / 2);
}

export async function api(url, options = {}, retries = BUSY_RETRIES) {
  try {
    return await once(url, options);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== "busy" || retries <= 0) throw error;
    await pause(error.retryAfterMs);
    return api(url, options, retries - 1);
  }
}

async function once(url, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  if (!["GET", "HEAD", "OPTIONS"].includes(method)) headers["X-CSRFToken"] = csrfToken();
  const form = body instanceof FormData;  // a file upload: the browser writes its multipart type
  if (body !== undefined && !form) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined || form ? body : JSON.stringify(body),
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
      : { code: `http_${response.status}`, message: t("The server answered with an error (%(status)s).", { status: response.status }) };
    // A banned phone's page shows why, whichever command was refused (attendee.js listens).
    if (error.code === "banned") window.dispatchEvent(new CustomEvent("townhall:banned"));
    const failure = new ApiError(response.status, error);
    if (error.code === "busy") failure.retryAfterMs = retryDelay(response);
    throw failure;
  }
  return data;
}

// --- DOM ------------------------------------------------------------------

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

// --- Time -----------------------------------------------------------------
// Every time is shown in the event's own zone (<html data-timezone>, set by the server for an event's
// pages; the browser's own zone elsewhere), in the page's language, with the zone named ("20:00 PST").

const FORMATS = {
  datetime: { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" },
  long: { weekday: "long", year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit" },
  date: { year: "numeric", month: "short", day: "numeric" },
  time: { hour: "2-digit", minute: "2-digit" },
};

/** The page's time zone: the event's (IANA name), or undefined for the browser's own. */
export function pageZone() {
  return (typeof document !== "undefined" && document.documentElement?.dataset.timezone) || undefined;
}

function pageLang() {
  return (typeof document !== "undefined" && document.documentElement?.lang) || undefined;
}

export function formatWhen(iso, style = "datetime", zone = pageZone()) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const options = { ...(FORMATS[style] || FORMATS.datetime), hourCycle: "h23", timeZone: zone };
  if (style !== "date") options.timeZoneName = "short";
  try {
    return new Intl.DateTimeFormat(pageLang(), options).format(date);
  } catch {
    return date.toISOString().replace("T", " ").slice(0, 16) + " UTC";
  }
}

/** <time datetime="...Z" data-localize="datetime|long|date|time">: the server's UTC time in the page's zone. */
export function localizeTimes(root = document) {
  for (const el of root.querySelectorAll("time[data-localize]")) {
    const text = formatWhen(el.getAttribute("datetime"), el.dataset.localize);
    if (text) el.textContent = text;
  }
}

/** The wall-clock parts of a moment in a zone: {year, month, day, hour, minute, second}. */
function wallClock(date, zone) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit",
    minute: "2-digit", second: "2-digit",
  }).formatToParts(date);
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"),
    second: get("second") };
}

/** "2026-11-21T18:00:00Z" -> value for <input type=datetime-local>: the wall clock in `zone`. */
export function toLocalInput(iso, zone = pageZone()) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n) => String(n).padStart(2, "0");
  if (!zone) {
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }
  const w = wallClock(d, zone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** Value of <input type=datetime-local>, a wall clock in `zone` -> ISO 8601 in UTC, or null when empty. */
export function fromLocalInput(value, zone = pageZone()) {
  if (!value) return null;
  if (!zone) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? value : d.toISOString();
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return value;
  const wanted = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // The zone's offset at that moment, found by reading the guess back through the zone (twice: the first
  // guess may sit on the other side of a daylight-saving change).
  let guess = wanted;
  for (let i = 0; i < 2; i += 1) {
    const w = wallClock(new Date(guess), zone);
    guess += wanted - Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  }
  return new Date(guess).toISOString();
}
