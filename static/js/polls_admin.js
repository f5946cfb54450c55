/**
 * Live polls for the moderator (/dashboard/e/<code>/polls). Laptop, 1366x768 and up.
 *
 * Reads the moderator snapshot (its `polls`, `agenda`, `stats`, `capabilities`) and over the socket (live.js)
 * "polls:changed" {seq, polls} (advances seq: created / edited / opened / closed / revealed / answer hidden),
 * "poll:tallied" {seq, poll_id, ballots, present, results} (absolute, does not advance seq: the `tallies`
 * option of connectLive), "agenda:changed" (for the agenda item picker) and "stats:updated" (people present).
 * Writes through the JSON API (/api/events/<code>/polls/...); a write's answer is applied at once (the socket's
 * message follows). Every error shows inline, as the server words it ({error: {code, message}}).
 * Without the "questions" capability (presenters, note-takers) the page is read-only: no form, no controls.
 * User text (questions, options, answers, labels) only ever goes in as text nodes.
 *
 * data-testid:
 *   polls-page (data-can-edit), back-to-dashboard, link-agenda, link-projector, event-title, present-count,
 *   connection-status, polls-error, polls-read-only, polls-announce (polite live region),
 *   count-open, count-draft, count-closed, empty-open, empty-draft, empty-closed,
 *   poll-list-open, poll-list-draft, poll-list-closed,
 *   poll (data-poll-id, data-status: draft | open | closed, data-kind, data-visibility, data-revealed,
 *     data-confidential, data-ballots, data-suppressed),
 *   poll-status ("Draft" / "Open" / "Closed"), poll-kind, poll-visibility ("Results live" / "Results after voting" /
 *   "Results on reveal" / "Results revealed"), poll-confidential ("Confidential · k 5"),
 *   poll-item (the agenda item, "2. Budget"), poll-question, poll-turnout (open: "7 of 12 present voted · 58%",
 *   closed: "7 voted · 12 present now"; data-ballots, data-present), poll-countdown ("Closes in 1:05" / "Closing…",
 *   data-seconds),
 *   poll-options (a draft's options / scale), poll-option,
 *   poll-results: the shared chart of static/js/polls.js (renderResults, audience "moderator"; see its header:
 *     data-state shown | suppressed, poll-results-suppressed, poll-bars, poll-bar (data-option, data-count,
 *     data-percent, data-leading), poll-bar-label, poll-bar-count, poll-bar-percent, poll-rating-average
 *     (data-average), poll-rating-bar (data-value, data-count), poll-rating-ends, poll-ranking, poll-rank
 *     (data-option, data-rank, data-average), poll-rank-label, poll-rank-average, poll-cloud, poll-word
 *     (data-word, data-count), poll-answers, poll-answer (data-answer-id, data-hidden), poll-empty);
 *     hidden for drafts. Text answers carry, from this page: answer-hidden-badge, answer-hide, answer-show;
 *   poll-actions, poll-launch-duration (select, seconds; "" = no limit), poll-launch, poll-close, poll-reveal,
 *   poll-edit, poll-delete, poll-delete-confirm, poll-delete-cancel, poll-error,
 *   poll-form (data-mode: create | edit, data-kind), poll-form-title, poll-form-kind (select), poll-form-question,
 *   poll-form-options, poll-option-row (data-index), poll-option-input, poll-option-up, poll-option-down,
 *   poll-option-remove, poll-option-add, poll-form-max-choices, poll-form-yesno-hint, poll-form-text-hint,
 *   poll-form-scale, poll-form-scale-min, poll-form-scale-max, poll-form-label-low, poll-form-label-high,
 *   poll-form-visibility (select: live | after_vote | on_reveal),
 *   poll-form-confidential, poll-form-k, poll-form-item (select: "" = none, or an agenda item id),
 *   poll-form-duration (select, seconds; "" = no limit), poll-form-error, poll-form-submit, poll-form-cancel
 * Debug hook: window.townhall (live.js); state.polls is the list of polls as the snapshot/messages give it.
 */
import {
  api, clearError, clearFormErrors, connectOrganizer, h, reconcile, showError, showFormError,
} from "./live.js";
import {
  applyTally, KIND_LABELS, optionTexts, percentOf, ratingEnds, renderResults, secondsLeft, upsertPolls,
} from "./polls.js";
import { clock } from "./timers.js";

const root = document.getElementById("polls-page");
const code = root.dataset.code;
const base = `/api/events/${encodeURIComponent(code)}`;
const $ = (role) => root.querySelector(`[data-role="${role}"]`);
const form = $("form");
const optionRows = $("option-rows");

const STATUS_LABEL = { draft: "Draft", open: "Open", closed: "Closed" };
const VISIBILITY_LABEL = { live: "Results live", after_vote: "Results after voting", on_reveal: "Results on reveal" };
const OPTION_LIMITS = { single: [2, 20], multiple: [2, 20], ranking: [2, 10] };
const SCALE = { min: 0, max: 10 };
// Time limits offered when preparing or launching a poll (seconds; 0 = none).
const DURATIONS = [0, 30, 60, 90, 120, 180, 300, 600, 900];
const SECTIONS = ["open", "draft", "closed"];

let editingId = null; // the draft being edited in the form
let canEdit = root.dataset.canEdit === "true";
const busy = new Set(); // poll ids with a request in flight: their buttons wait
const cardErrors = new Map(); // poll id -> message
const confirmingDelete = new Set(); // poll ids showing "Delete? Yes / Cancel"
const launchChoice = new Map(); // poll id -> seconds picked in the card's time limit select

const live = connectOrganizer(root, {
  code,
  onChange: render,
  errorEl: $("page-error"),
  handlers: {
    "polls:changed": (msg, st) => upsertPolls(st, msg),
    "agenda:changed": (msg, st) => {
      if (msg.agenda) st.agenda = msg.agenda;
    },
    // A member's role changed: mine may have, so fetch a snapshot (it carries my capabilities).
    "team:changed": () => queueMicrotask(() => live.refresh()),
  },
  tallies: {
    "poll:tallied": (msg, st) => {
      applyTally(st, msg);
    },
  },
});
const { state } = live;

// --- state helpers ---------------------------------------------------------------------

/** Apply the poll a write answered with (the socket's polls:changed follows and may carry newer data). */
function applyAnswer(answer, removedId = null) {
  const poll = answer && (answer.poll || (answer.id !== undefined && answer.kind ? answer : null));
  if (poll || removedId !== null) upsertPolls(state, { polls: poll ? [poll] : [], removed: removedId !== null ? [removedId] : [] });
  live.changed();
}

function polls() {
  return Array.isArray(state.polls) ? state.polls : [];
}

function pollById(id) {
  return polls().find((p) => p.id === id) || null;
}

function can(capability) {
  if (Array.isArray(state.capabilities)) return state.capabilities.includes(capability);
  return capability === "questions" && root.dataset.canEdit === "true";
}

function agendaItems() {
  return (state.agenda && Array.isArray(state.agenda.items)) ? state.agenda.items : [];
}

function itemLabel(id) {
  const item = agendaItems().find((i) => i.id === id);
  return item ? `${item.position + 1}. ${item.title}` : "";
}

const time = (iso) => (iso ? Date.parse(iso) || 0 : 0);
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

function durationLabel(seconds) {
  if (!seconds) return "No limit";
  if (seconds < 60) return `${seconds} s`;
  return seconds % 60 ? clock(seconds) : `${seconds / 60} min`;
}

function durationSelect(select, value) {
  const wanted = [...DURATIONS];
  if (value && !wanted.includes(value)) wanted.push(value);
  wanted.sort((a, b) => a - b);
  const current = [...select.options].map((o) => o.value).join(",");
  const next = wanted.map((s) => (s ? String(s) : "")).join(",");
  if (current !== next) {
    select.replaceChildren(...wanted.map((s) => h("option", { value: s ? String(s) : "" }, durationLabel(s))));
  }
  select.value = value ? String(value) : "";
}

function announce(text) {
  const el = $("announce");
  el.textContent = "";
  requestAnimationFrame(() => {
    el.textContent = text;
  });
}

// --- rendering -----------------------------------------------------------------------------

function render() {
  if (!state.loaded) return;
  clearError($("page-error"));
  const event = state.event;
  $("event-title").textContent = event.title;
  document.title = `Polls · ${event.title} · Townhall`;

  canEdit = can("questions");
  root.dataset.canEdit = String(canEdit);
  $("read-only").hidden = canEdit;
  $("side").hidden = !canEdit;
  $("empty-draft-hint").hidden = !canEdit;
  if (!canEdit && editingId !== null) stopEditing();

  const stats = state.stats || {};
  $("present").textContent = typeof stats.connected === "number" ? `${plural(stats.connected, "person", "people")} present` : "";

  const groups = { open: [], draft: [], closed: [] };
  for (const poll of polls()) (groups[poll.status] || groups.closed).push(poll);
  groups.open.sort((a, b) => time(b.opened_at) - time(a.opened_at) || b.id - a.id);
  groups.draft.sort((a, b) => a.id - b.id);
  groups.closed.sort((a, b) => time(b.closed_at) - time(a.closed_at) || b.id - a.id);
  for (const section of SECTIONS) {
    const list = root.querySelector(`[data-list="${section}"]`);
    reconcile(list, groups[section], (p) => p.id, createCard, updateCard);
    root.querySelector(`[data-empty="${section}"]`).hidden = groups[section].length > 0;
    root.querySelector(`[data-count="${section}"]`).textContent = groups[section].length ? String(groups[section].length) : "";
  }

  // The draft being edited was launched or deleted meanwhile (by someone else): stop editing it.
  if (editingId !== null) {
    const poll = pollById(editingId);
    if (!poll || poll.status !== "draft") {
      stopEditing();
      showError($("form-error"), poll ? "That poll was launched meanwhile: it can no longer be edited."
        : "That poll was deleted meanwhile.");
    }
  }
  renderItemPicker();
  tick();
}

// --- one poll ------------------------------------------------------------------------------------

function createCard(poll) {
  const id = poll.id;
  const act = (name, label, cls, handler) => h("button", {
    type: "button", class: `btn btn-small ${cls}`, "data-act": name, "data-testid": `poll-${name}`, onclick: handler,
  }, label);
  const launchSelect = h("select", {
    class: "input input-small", "data-role": "launch-duration", "data-testid": "poll-launch-duration",
    "aria-label": "Time limit", onchange: (e) => launchChoice.set(id, Number(e.target.value) || 0),
  });
  return h("li", { class: "poll-card", "data-testid": "poll", "data-poll-id": id },
    h("div", { class: "poll-card-head" },
      h("span", { class: "badge poll-status", "data-role": "status", "data-testid": "poll-status" }),
      h("span", { class: "poll-kind", "data-role": "kind", "data-testid": "poll-kind" }),
      h("span", { class: "badge badge-soft", "data-role": "visibility", "data-testid": "poll-visibility" }),
      h("span", { class: "badge badge-confidential", "data-role": "confidential", "data-testid": "poll-confidential", hidden: true }),
      h("span", { class: "poll-item", "data-role": "item", "data-testid": "poll-item", hidden: true }),
      h("span", { class: "poll-countdown", "data-role": "countdown", "data-testid": "poll-countdown", hidden: true })),
    h("p", { class: "poll-question", "data-role": "question", "data-testid": "poll-question" }),
    h("p", { class: "poll-turnout", "data-role": "turnout", "data-testid": "poll-turnout", hidden: true }),
    h("ul", { class: "poll-options", "data-role": "options", "data-testid": "poll-options", hidden: true }),
    h("div", { class: "poll-results", "data-role": "results", "data-testid": "poll-results", "data-state": "none" }),
    h("div", { class: "poll-actions", "data-role": "actions", "data-testid": "poll-actions" },
      h("label", { class: "launch-limit", "data-role": "launch-wrap" },
        h("span", { class: "launch-limit-label" }, "Time limit"), launchSelect),
      act("launch", "Launch", "btn-ok", () => launch(id)),
      act("close", "Close poll", "btn-danger", () => command(id, "close", "Poll closed.")),
      act("reveal", "Reveal results", "", () => command(id, "reveal", "Results revealed to the room.")),
      act("edit", "Edit", "btn-secondary", () => startEditing(id)),
      act("delete", "Delete…", "btn-ghost", () => {
        confirmingDelete.add(id);
        render();
        const yes = cardOf(id)?.querySelector('[data-testid="poll-delete-confirm"]');
        if (yes) yes.focus();
      }),
      h("span", { class: "confirm-inline", "data-role": "delete-confirm", hidden: true },
        h("span", { class: "confirm-text" }, "Delete this poll?"),
        h("button", {
          type: "button", class: "btn btn-danger btn-small", "data-testid": "poll-delete-confirm", onclick: () => remove(id),
        }, "Delete"),
        h("button", {
          type: "button", class: "btn btn-ghost btn-small", "data-testid": "poll-delete-cancel",
          onclick: () => {
            confirmingDelete.delete(id);
            render();
            cardOf(id)?.querySelector('[data-testid="poll-delete"]')?.focus();
          },
        }, "Cancel"))),
    h("p", { class: "question-error poll-error", "data-role": "error", "data-testid": "poll-error", role: "alert", hidden: true }));
}

function cardOf(id) {
  return root.querySelector(`[data-testid="poll"][data-poll-id="${id}"]`);
}

function updateCard(el, poll) {
  const part = (role) => el.querySelector(`[data-role="${role}"]`);
  const suppressed = Boolean(poll.results && poll.results.suppressed);
  Object.assign(el.dataset, {
    status: poll.status, kind: poll.kind, visibility: poll.visibility, revealed: String(Boolean(poll.revealed)),
    confidential: String(Boolean(poll.confidential)), ballots: String(poll.ballots ?? 0), suppressed: String(suppressed),
  });
  el.classList.toggle("is-open", poll.status === "open");
  el.classList.toggle("is-closed", poll.status === "closed");
  el.classList.toggle("is-editing", editingId === poll.id);

  const status = part("status");
  status.textContent = STATUS_LABEL[poll.status] || poll.status;
  status.className = `badge poll-status poll-status-${poll.status}`;
  part("kind").textContent = poll.kind === "multiple" && poll.max_choices
    ? `${KIND_LABELS.multiple} · up to ${poll.max_choices}` : (KIND_LABELS[poll.kind] || poll.kind);
  const visibility = part("visibility");
  visibility.textContent = poll.visibility === "on_reveal" && poll.revealed ? "Results revealed"
    : VISIBILITY_LABEL[poll.visibility] || poll.visibility;
  visibility.classList.toggle("badge-revealed", poll.visibility === "on_reveal" && poll.revealed);
  const confidential = part("confidential");
  confidential.hidden = !poll.confidential;
  confidential.textContent = `Confidential · k ${poll.k_threshold}`;
  confidential.title = `No numbers are shown until ${poll.k_threshold} ballots are in.`;
  const item = part("item");
  const label = poll.agenda_item_id != null ? itemLabel(poll.agenda_item_id) : "";
  item.hidden = !label;
  item.textContent = label;
  part("question").textContent = poll.question;

  const draft = poll.status === "draft";
  const turnout = part("turnout");
  turnout.hidden = draft;
  if (!draft) {
    // While open, the live count of phones present (stats:updated) is newer than the poll's last tally.
    const stats = state.stats || {};
    const ballots = poll.ballots ?? 0;
    const present = poll.status === "open" && typeof stats.connected === "number" ? stats.connected
      : typeof poll.present === "number" ? poll.present : null;
    turnout.dataset.ballots = String(ballots);
    turnout.dataset.present = present === null ? "" : String(present);
    if (poll.status === "open" && present !== null && present >= ballots && present > 0) {
      turnout.replaceChildren(h("strong", {}, String(ballots)),
        ` of ${present} present voted · ${percentOf(ballots, present)}%`);
    } else {
      turnout.replaceChildren(h("strong", {}, String(ballots)), " voted",
        present !== null ? ` · ${present} present${poll.status === "open" ? "" : " now"}` : "");
    }
  }

  renderOptionsPreview(part("options"), poll);
  updateResults(part("results"), poll);
  renderActions(el, poll);

  const error = part("error");
  if (cardErrors.has(poll.id)) showError(error, cardErrors.get(poll.id));
  else clearError(error);
}

/** A draft shows what people will answer; open and closed polls show their results instead. */
function renderOptionsPreview(list, poll) {
  let chips = [];
  if (poll.status === "draft") {
    if (poll.kind === "rating") {
      const labels = ratingEnds(poll);
      chips = [`${poll.scale_min}${labels[0] ? ` (${labels[0]})` : ""} to ${poll.scale_max}${labels[1] ? ` (${labels[1]})` : ""}`];
    } else if (poll.kind === "yesno") {
      chips = optionTexts(poll);
    } else if (poll.kind !== "text") {
      chips = poll.options || [];
    }
  }
  list.hidden = chips.length === 0;
  reconcile(list, chips.map((text, index) => ({ text, index })), (c) => `${c.index}:${c.text}`,
    () => h("li", { class: "poll-option", "data-testid": "poll-option" }),
    (li, c) => {
      li.textContent = c.text;
    });
}

function renderActions(el, poll) {
  const show = (name, visible) => {
    const button = el.querySelector(`[data-act="${name}"]`);
    button.hidden = !visible;
    button.disabled = busy.has(poll.id);
  };
  const actions = el.querySelector('[data-role="actions"]');
  actions.hidden = !canEdit;
  const confirming = confirmingDelete.has(poll.id);
  const draft = poll.status === "draft";
  show("launch", draft && !confirming);
  show("close", poll.status === "open");
  show("reveal", poll.visibility === "on_reveal" && !poll.revealed && !draft);
  show("edit", draft && !confirming && editingId !== poll.id);
  show("delete", (draft || poll.status === "closed") && !confirming);
  const confirm = el.querySelector('[data-role="delete-confirm"]');
  confirm.hidden = !confirming;
  for (const button of confirm.querySelectorAll("button")) button.disabled = busy.has(poll.id);
  const wrap = el.querySelector('[data-role="launch-wrap"]');
  wrap.hidden = !draft || confirming;
  if (draft) {
    const select = wrap.querySelector("select");
    const value = launchChoice.has(poll.id) ? launchChoice.get(poll.id) : poll.duration_seconds || 0;
    if (document.activeElement !== select) durationSelect(select, value);
    select.disabled = busy.has(poll.id);
  }
}

// --- results (charts: static/js/polls.js) ------------------------------------------------------------------

const answerControls = new Map(); // answer id -> its Hidden badge and Hide / Show buttons (kept: focus survives)

function answerExtras(pollId) {
  return (a) => {
    let node = answerControls.get(a.id);
    if (!node) {
      node = h("span", { class: "answer-controls" },
        h("span", { class: "badge badge-hidden", "data-testid": "answer-hidden-badge" }, "Hidden"),
        h("button", {
          type: "button", class: "btn btn-ghost btn-small", "data-testid": "answer-hide",
          onclick: () => toggleAnswer(pollId, a.id, "hide"),
        }, "Hide"),
        h("button", {
          type: "button", class: "btn btn-secondary btn-small", "data-testid": "answer-show",
          onclick: () => toggleAnswer(pollId, a.id, "show"),
        }, "Show"));
      answerControls.set(a.id, node);
    }
    const hidden = Boolean(a.hidden);
    const [badge, hide, show] = node.children;
    badge.hidden = !hidden;
    badge.textContent = a.pending ? "Awaiting approval" : "Hidden";
    show.textContent = a.pending ? "Approve" : "Show";
    hide.hidden = hidden || !canEdit;
    show.hidden = !hidden || !canEdit;
    hide.disabled = show.disabled = busy.has(`answer:${a.id}`);
    hide.setAttribute("aria-label", `Hide the answer “${a.text}”`);
    show.setAttribute("aria-label", `Show the answer “${a.text}” again`);
    return node;
  };
}

function updateResults(box, poll) {
  box.hidden = poll.status === "draft";
  if (box.hidden) return;
  renderResults(box, poll, { audience: "moderator", answerExtras: answerExtras(poll.id) });
  if (poll.kind === "text") {
    const hidden = ((poll.results && poll.results.answers) || []).filter((a) => a.hidden).length;
    const title = box.querySelector(".poll-answers-title");
    if (title && hidden) title.textContent += ` · ${hidden} hidden from the room`;
  }
}

// --- countdowns ------------------------------------------------------------------------------------------

function tick() {
  for (const el of root.querySelectorAll('[data-testid="poll"]')) {
    const poll = pollById(Number(el.dataset.pollId));
    const countdown = el.querySelector('[data-role="countdown"]');
    if (!poll || poll.status !== "open" || !poll.closes_at) {
      countdown.hidden = true;
      continue;
    }
    const left = secondsLeft(poll, state.clockOffset || 0);
    countdown.hidden = false;
    countdown.dataset.seconds = String(left);
    countdown.classList.toggle("is-ending", left <= 10);
    countdown.textContent = left > 0 ? `Closes in ${clock(left)}` : "Closing…";
  }
}
setInterval(tick, 500);

// --- actions ------------------------------------------------------------------------------------------------

async function run(id, request, done) {
  if (busy.has(id)) return;
  busy.add(id);
  cardErrors.delete(id);
  live.changed();
  try {
    const answer = await request();
    done(answer);
  } catch (error) {
    cardErrors.set(id, error);
  } finally {
    busy.delete(id);
    live.changed();
  }
}

function launch(id) {
  const card = cardOf(id);
  const select = card && card.querySelector('[data-role="launch-duration"]');
  const seconds = select ? Number(select.value) || 0 : 0;
  const body = { duration_seconds: seconds || null }; // null: no limit, even if one was prepared
  if (editingId === id) stopEditing();
  run(id, () => api(`${base}/polls/${id}/open`, { method: "POST", body }), (answer) => {
    launchChoice.delete(id);
    applyAnswer(answer);
    announce(seconds ? `Poll launched; it closes in ${durationLabel(seconds)}.` : "Poll launched.");
    queueMicrotask(() => cardOf(id)?.querySelector('[data-testid="poll-close"]')?.focus({ preventScroll: true }));
  });
}

function command(id, action, message) {
  run(id, () => api(`${base}/polls/${id}/${action}`, { method: "POST", body: {} }), (answer) => {
    applyAnswer(answer);
    announce(message);
  });
}

function remove(id) {
  run(id, () => api(`${base}/polls/${id}`, { method: "DELETE" }), () => {
    confirmingDelete.delete(id);
    if (editingId === id) stopEditing();
    applyAnswer(null, id);
    announce("Poll deleted.");
  });
}

async function toggleAnswer(pollId, answerId, action) {
  const key = `answer:${answerId}`;
  if (busy.has(key)) return;
  busy.add(key);
  cardErrors.delete(pollId);
  live.changed();
  try {
    const answer = await api(`${base}/polls/${pollId}/answers/${answerId}/${action}`, { method: "POST", body: {} });
    applyAnswer(answer);
    announce(action === "hide" ? "Answer hidden from the room and the word cloud." : "Answer shown again.");
  } catch (error) {
    cardErrors.set(pollId, error);
  } finally {
    busy.delete(key);
    live.changed();
  }
  // The button pressed was swapped for its opposite: keep the keyboard where it was.
  const li = cardOf(pollId)?.querySelector(`[data-testid="answer"][data-answer-id="${answerId}"]`);
  const next = li && li.querySelector(`[data-testid="answer-${action === "hide" ? "show" : "hide"}"]`);
  if (next && (!document.activeElement || document.activeElement === document.body)) next.focus({ preventScroll: true });
}

// --- the form: new poll / edit a draft ----------------------------------------------------------------------------

const field = (name) => form.elements.namedItem(name);

function kindOf() {
  return field("kind").value;
}

function adaptToKind() {
  const kind = kindOf();
  form.dataset.kind = kind;
  for (const el of form.querySelectorAll("[data-kinds]")) el.hidden = !el.dataset.kinds.split(" ").includes(kind);
  const [min, max] = OPTION_LIMITS[kind] || [2, 20];
  $("options-range").textContent = `(${min} to ${max})`;
  while (optionRows.children.length < min && OPTION_LIMITS[kind]) addOptionRow("", false);
  updateOptionRows();
}

function addOptionRow(text = "", focus = true) {
  const li = h("li", { class: "option-row", "data-testid": "poll-option-row" },
    h("span", { class: "option-number", "aria-hidden": "true" }),
    h("input", {
      class: "input", type: "text", maxlength: "200", autocomplete: "off", "data-testid": "poll-option-input",
      onkeydown: (e) => {
        if (e.key === "Enter") {
          e.preventDefault(); // Enter in an option adds the next one instead of submitting
          const rows = [...optionRows.children];
          if (rows.indexOf(li) === rows.length - 1) addOptionRow();
          else rows[rows.indexOf(li) + 1].querySelector("input").focus();
        }
      },
    }),
    h("button", { type: "button", class: "btn btn-ghost btn-icon", "data-testid": "poll-option-up", onclick: () => moveOption(li, -1) }, "↑"),
    h("button", { type: "button", class: "btn btn-ghost btn-icon", "data-testid": "poll-option-down", onclick: () => moveOption(li, 1) }, "↓"),
    h("button", { type: "button", class: "btn btn-ghost btn-icon option-remove", "data-testid": "poll-option-remove", onclick: () => removeOption(li) }, "✕"));
  li.querySelector("input").value = text;
  optionRows.append(li);
  updateOptionRows();
  if (focus) li.querySelector("input").focus();
  return li;
}

function moveOption(li, step) {
  const rows = [...optionRows.children];
  const at = rows.indexOf(li) + step;
  if (at < 0 || at >= rows.length) return;
  if (step < 0) optionRows.insertBefore(li, rows[at]);
  else optionRows.insertBefore(li, rows[at].nextSibling);
  updateOptionRows();
  const button = li.querySelector(`[data-testid="poll-option-${step < 0 ? "up" : "down"}"]`);
  (button.disabled ? li.querySelector("input") : button).focus();
}

function removeOption(li) {
  const rows = [...optionRows.children];
  const at = rows.indexOf(li);
  li.remove();
  updateOptionRows();
  const next = optionRows.children[Math.min(at, optionRows.children.length - 1)];
  if (next) next.querySelector("input").focus();
}

function updateOptionRows() {
  const [min, max] = OPTION_LIMITS[kindOf()] || [2, 20];
  const rows = [...optionRows.children];
  rows.forEach((li, i) => {
    li.dataset.index = String(i);
    li.querySelector(".option-number").textContent = `${i + 1}.`;
    const input = li.querySelector("input");
    input.setAttribute("aria-label", `Option ${i + 1}`);
    input.placeholder = `Option ${i + 1}`;
    li.querySelector('[data-testid="poll-option-up"]').disabled = i === 0;
    li.querySelector('[data-testid="poll-option-up"]').setAttribute("aria-label", `Move option ${i + 1} up`);
    li.querySelector('[data-testid="poll-option-down"]').disabled = i === rows.length - 1;
    li.querySelector('[data-testid="poll-option-down"]').setAttribute("aria-label", `Move option ${i + 1} down`);
    li.querySelector('[data-testid="poll-option-remove"]').disabled = rows.length <= min;
    li.querySelector('[data-testid="poll-option-remove"]').setAttribute("aria-label", `Remove option ${i + 1}`);
  });
  $("option-add").disabled = rows.length >= max;
  field("max_choices").max = String(Math.max(1, rows.length));
}

function setOptions(texts) {
  optionRows.replaceChildren();
  for (const text of texts) addOptionRow(text, false);
  const [min] = OPTION_LIMITS[kindOf()] || [2];
  while (optionRows.children.length < min) addOptionRow("", false);
  updateOptionRows();
}

function renderItemPicker() {
  const select = field("agenda_item_id");
  const wanted = [["", "None"], ...agendaItems().map((i) => [String(i.id), `${i.position + 1}. ${i.title}`])];
  const current = select.value;
  const now = [...select.options].map((o) => `${o.value}=${o.textContent}`).join("\n");
  if (now !== wanted.map(([v, t]) => `${v}=${t}`).join("\n")) {
    select.replaceChildren(...wanted.map(([value, text]) => h("option", { value }, text)));
    select.value = wanted.some(([v]) => v === current) ? current : "";
  }
}

function resetForm() {
  const kind = kindOf();
  form.reset();
  field("kind").value = kind;
  setOptions([]);
  durationSelect(field("duration_seconds"), 0);
  renderItemPicker();
  $("k-field").hidden = true;
  adaptToKind();
}

function fillForm(poll) {
  field("kind").value = poll.kind;
  field("question").value = poll.question;
  setOptions(OPTION_LIMITS[poll.kind] ? poll.options || [] : []);
  field("max_choices").value = String(poll.max_choices || 2);
  field("scale_min").value = String(poll.scale_min ?? 1);
  field("scale_max").value = String(poll.scale_max ?? 5);
  const [low, high] = ratingEnds(poll);
  field("label_low").value = low;
  field("label_high").value = high;
  field("visibility").value = poll.visibility;
  field("confidential").checked = Boolean(poll.confidential);
  field("k_threshold").value = String(poll.k_threshold || 5);
  $("k-field").hidden = !poll.confidential;
  renderItemPicker();
  field("agenda_item_id").value = poll.agenda_item_id != null ? String(poll.agenda_item_id) : "";
  durationSelect(field("duration_seconds"), poll.duration_seconds || 0);
  adaptToKind();
}

function startEditing(id) {
  const poll = pollById(id);
  if (!poll || poll.status !== "draft") return;
  editingId = id;
  clearFormErrors(form, $("form-error"));
  fillForm(poll);
  form.dataset.mode = "edit";
  $("form-title").textContent = "Edit poll";
  $("form-submit").textContent = "Save changes";
  $("form-cancel").hidden = false;
  render();
  form.closest(".card").scrollIntoView({ block: "nearest" });
  field("question").focus();
}

function stopEditing() {
  const id = editingId;
  editingId = null;
  form.dataset.mode = "create";
  $("form-title").textContent = "New poll";
  $("form-submit").textContent = "Save as draft";
  $("form-cancel").hidden = true;
  clearFormErrors(form, $("form-error"));
  resetForm();
  return id;
}

function whole(name) {
  const text = String(field(name).value ?? "").trim();
  return /^-?\d+$/.test(text) ? Number(text) : NaN;
}

/** The request body, or {error} (shown next to its field) when the form cannot be right. */
function formBody() {
  const kind = kindOf();
  const body = {
    kind,
    question: field("question").value.trim(),
    visibility: field("visibility").value || "live",
    confidential: field("confidential").checked,
    agenda_item_id: field("agenda_item_id").value ? Number(field("agenda_item_id").value) : null,
    duration_seconds: Number(field("duration_seconds").value) || null,
  };
  if (!body.question) return { error: { field: "question", message: "The poll needs a question." } };
  if (body.confidential) {
    const k = whole("k_threshold");
    if (!Number.isInteger(k) || k < 1) {
      return { error: { field: "k_threshold", message: "The threshold is a whole number of ballots, 1 or more." } };
    }
    body.k_threshold = k;
  }
  if (OPTION_LIMITS[kind]) {
    const [min, max] = OPTION_LIMITS[kind];
    const options = [...optionRows.querySelectorAll("input")].map((i) => i.value.trim()).filter(Boolean);
    if (options.length < min || options.length > max) {
      return { error: { field: "options", message: `Give ${min} to ${max} options (empty rows are left out).` } };
    }
    body.options = options;
    if (kind === "multiple") {
      const most = whole("max_choices");
      if (!Number.isInteger(most) || most < 1 || most > options.length) {
        return { error: { field: "max_choices", message: `People can pick from 1 to ${options.length} options.` } };
      }
      body.max_choices = most;
    }
  }
  if (kind === "rating") {
    const low = whole("scale_min");
    const high = whole("scale_max");
    if (!Number.isInteger(low) || !Number.isInteger(high) || low < SCALE.min || high > SCALE.max || low >= high) {
      return { error: { field: "scale_min", message: `The scale goes from a lower to a higher whole number, within ${SCALE.min} to ${SCALE.max}.` } };
    }
    body.scale_min = low;
    body.scale_max = high;
    const labels = [field("label_low").value.trim(), field("label_high").value.trim()];
    body.labels = labels.some(Boolean) ? labels : null;
  }
  return { body };
}

/** Errors about options ("options", "options.2", "options[2]") go next to the options editor. */
function fieldOf(error) {
  if (!error || !error.field) return error;
  const name = String(error.field);
  if (/^options\b/.test(name)) return { ...error, field: "options", message: error.message };
  if (/^labels\b/.test(name)) return { ...error, field: "labels", message: error.message };
  return error;
}

function showFieldError(error) {
  const target = form.querySelector(`[data-error-for="${CSS.escape(error.field || "")}"]`);
  if (!target) {
    showError($("form-error"), error);
    return;
  }
  showFormError(form, error, $("form-error"));
  if (error.field === "options") {
    const empty = [...optionRows.querySelectorAll("input")].find((i) => !i.value.trim());
    (empty || optionRows.querySelector("input"))?.focus();
  } else if (error.field === "labels") {
    field("label_low").focus();
  }
}

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  clearFormErrors(form, $("form-error"));
  const { body, error } = formBody();
  if (error) {
    showFieldError(error);
    return;
  }
  const editing = editingId;
  const button = $("form-submit");
  button.disabled = true;
  try {
    const answer = editing === null
      ? await api(`${base}/polls`, { method: "POST", body })
      : await api(`${base}/polls/${editing}`, { method: "PATCH", body });
    applyAnswer(answer);
    if (editing === null) {
      resetForm();
      announce("Poll saved as a draft.");
    } else {
      stopEditing();
      announce("Changes saved.");
      render();
      cardOf(editing)?.querySelector('[data-testid="poll-edit"]')?.focus({ preventScroll: true });
    }
    if (editing === null) field("question").focus();
  } catch (err) {
    showFieldError(fieldOf(err));
  } finally {
    button.disabled = false;
  }
});

field("kind").addEventListener("change", () => {
  clearFormErrors(form, $("form-error"));
  adaptToKind();
});
field("confidential").addEventListener("change", () => {
  $("k-field").hidden = !field("confidential").checked;
});
$("option-add").addEventListener("click", () => addOptionRow());
$("form-cancel").addEventListener("click", () => {
  const id = stopEditing();
  render();
  cardOf(id)?.querySelector('[data-testid="poll-edit"]')?.focus({ preventScroll: true });
});
form.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && editingId !== null) $("form-cancel").click();
});

durationSelect(field("duration_seconds"), 0);
adaptToKind();
