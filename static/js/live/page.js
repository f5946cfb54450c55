/** Page helpers, re-exported by live.js: JSON over HTTP (ApiError), DOM building (text stays text), errors, times. */

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
