/**
 * Notes, decisions and action items per agenda item (/dashboard/e/<code>/notes). Laptop, 1366x768 and up.
 *
 * Notes autosave while typing (800 ms after the last keystroke, on blur, Ctrl+S, before switching items)
 * with the socket command notes:save {item_id, text, base_version} (HTTP PUT .../agenda/<id>/notes when
 * the socket is down). A save based on an old version is refused ("notes_conflict"): the page then shows
 * their text next to ours and saves nothing until the user combines both, takes theirs or keeps theirs out.
 * Other note-takers' changes arrive as "records:changed" {seq, item_id, records} and replace the text when
 * nothing is being typed here. Decisions and action items use the JSON API.
 *
 * data-testid:
 *   notes-page (data-can-write), back-to-dashboard, link-team, event-title, connection-status, notes-error,
 *   notes-read-only, item-list, no-items, item-option (data-item-id, aria-current, data-now), follow-current,
 *   item-title, item-now, notes-text, notes-status (data-state: saved | saving | conflict | error | readonly;
 *   text "Saved" / "Saving…" / "Conflict" / "Not saved: …"), notes-updated, notes-counter,
 *   notes-conflict, notes-conflict-theirs, notes-combine, notes-take-theirs, notes-keep-mine,
 *   decision-count, decision-list, no-decisions,
 *   decision (data-decision-id), decision-body, decision-vote-result, decision-edit, decision-delete,
 *   decision-edit-text, decision-edit-vote, decision-edit-save, decision-edit-cancel, decision-item-error,
 *   decision-form, decision-text, decision-vote, decision-add, decision-error,
 *   action-count, action-list, no-actions,
 *   action (data-action-id), action-body, action-who, action-when, action-overdue, action-edit, action-delete,
 *   action-edit-what, action-edit-owner, action-edit-due, action-edit-save, action-edit-cancel, action-item-error,
 *   action-form, action-what, action-owner, action-due, action-add, action-error
 * Debug hook: window.townhall (live.js) and window.townhallNotes = {editor, selected()}.
 */
import {
  ApiError, api, clearError, clearFormErrors, connectOrganizer, formatWhen, h, reconcile, showError, showFormError,
} from "./live.js";

const root = document.getElementById("notes-page");
const code = root.dataset.code;
const base = `/api/events/${encodeURIComponent(code)}`;
const NOTES_MAX = Number(root.dataset.notesMax) || 20000;
const SAVE_DELAY = 800;
const RETRY_DELAY = 4000;
const $ = (role) => root.querySelector(`[data-role="${role}"]`);
const textarea = $("notes");

let selectedId = null;
let follow = true; // follow the item on the floor until the user picks another one
const editor = {
  itemId: null, // the item whose notes are in the textarea
  base: 0, // the version the textarea's text started from
  saved: "", // the text of that version
  timer: null,
  inFlight: null, // {itemId, text, base, promise}
  again: false,
  conflict: null, // their notes {text, version, updated_at}
  error: null,
};
const drafts = { decision: new Map(), action: new Map() }; // id -> fields being edited

const live = connectOrganizer(root, {
  code,
  onChange: render,
  errorEl: $("page-error"),
  handlers: {
    "records:changed": (msg, st) => {
      st.records = st.records || { items: {} };
      st.records.items[msg.item_id] = msg.records;
    },
    "agenda:changed": (msg, st) => {
      if (msg.agenda) st.agenda = msg.agenda;
    },
    // A member's role changed: mine may have, so fetch a snapshot (it carries my capabilities).
    "team:changed": () => queueMicrotask(() => live.refresh()),
  },
});
const { state } = live;
window.townhallNotes = { editor, selected: () => selectedId };

// --- reading the state -------------------------------------------------------------

function items() {
  const agenda = state.agenda && Array.isArray(state.agenda.items) ? state.agenda.items : [];
  if (agenda.length) return agenda.map((i) => ({ id: i.id, position: i.position, title: i.title, status: i.status }));
  return Object.values((state.records && state.records.items) || {})
    .map((r) => ({ id: r.item_id, position: r.position, title: r.title, status: null }))
    .sort((a, b) => a.position - b.position || a.id - b.id);
}

function recordsOf(id) {
  const found = state.records && state.records.items && state.records.items[id];
  return found || { item_id: id, notes: { text: "", version: 0, updated_at: null }, decisions: [], actions: [] };
}

function ensureRecords(id) {
  state.records = state.records || { items: {} };
  if (!state.records.items[id]) state.records.items[id] = recordsOf(id);
  return state.records.items[id];
}

function currentItemId() {
  if (state.agenda && state.agenda.current_item_id != null) return state.agenda.current_item_id;
  return state.event ? state.event.current_item_id ?? null : null;
}

function canWrite() {
  if (Array.isArray(state.capabilities)) return state.capabilities.includes("notes");
  return root.dataset.canWrite === "true";
}

const isDirty = () => editor.itemId !== null && textarea.value !== editor.saved;
const length = (text) => [...text].length;
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

// --- rendering -----------------------------------------------------------------------

function render() {
  if (!state.loaded) return;
  clearError($("page-error"));
  document.title = `Notes · ${state.event.title} · Townhall`;
  $("event-title").textContent = state.event.title;
  const writable = canWrite();
  root.dataset.canWrite = String(writable);
  $("read-only").hidden = writable;

  const list = items();
  const ids = list.map((i) => i.id);
  const current = currentItemId();
  const idle = !isDirty() && !editor.inFlight && !editor.conflict;
  if (follow && current != null && ids.includes(current) && current !== selectedId && idle) selectedId = current;
  if (selectedId == null || !ids.includes(selectedId)) {
    if (editor.itemId != null && !ids.includes(editor.itemId)) editor.itemId = null; // item deleted
    selectedId = current != null && ids.includes(current) ? current : ids[0] ?? null;
  }
  if (selectedId !== editor.itemId) loadEditor(selectedId);

  $("no-items").hidden = list.length > 0;
  $("main").hidden = selectedId == null;
  reconcile($("items"), list, (i) => i.id, createOption, (el, i) => updateOption(el, i, current));
  $("follow").hidden = current == null || current === selectedId || !ids.includes(current);
  if (selectedId == null) return;

  const item = list.find((i) => i.id === selectedId);
  $("item-title").textContent = item.title;
  $("item-number").textContent = item.position + 1;
  $("item-now").hidden = selectedId !== current;

  textarea.readOnly = !writable;
  syncEditor();
  renderNotesStatus();
  renderRecords(recordsOf(selectedId), writable);
}

function createOption(item) {
  return h("li", {},
    h("button", {
      type: "button", class: "picker-item", "data-testid": "item-option",
      onclick: () => choose(item.id, { manual: true }),
    },
    h("span", { class: "picker-number" }),
    h("span", { class: "picker-name" }),
    h("span", { class: "picker-meta" })));
}

function updateOption(el, item, current) {
  const button = el.firstElementChild;
  button.dataset.itemId = item.id;
  button.dataset.now = String(item.id === current);
  button.setAttribute("aria-current", String(item.id === selectedId));
  button.classList.toggle("is-done", item.status === "done");
  button.querySelector(".picker-number").textContent = `${item.position + 1}.`;
  button.querySelector(".picker-name").textContent = item.title;
  const records = recordsOf(item.id);
  const meta = [];
  if (item.id === current) meta.push(h("span", { class: "badge badge-answering", text: "Now" }));
  else if (item.status === "done") meta.push(h("span", { class: "badge", text: "Done" }));
  if (records.decisions.length) meta.push(h("span", { text: plural(records.decisions.length, "decision", "decisions") }));
  if (records.actions.length) meta.push(h("span", { text: plural(records.actions.length, "action", "actions") }));
  if (!meta.length && records.notes.text) meta.push(h("span", { text: "Notes" }));
  button.querySelector(".picker-meta").replaceChildren(...meta);
}

// --- the notes editor ------------------------------------------------------------------

function loadEditor(id) {
  clearTimeout(editor.timer);
  Object.assign(editor, { itemId: id, timer: null, again: false, conflict: null, error: null });
  const notes = id == null ? { text: "", version: 0 } : recordsOf(id).notes;
  editor.base = notes.version;
  editor.saved = notes.text;
  textarea.value = notes.text;
}

/** Bring in other people's saves: silently when nothing is typed here, as a conflict otherwise. */
function syncEditor() {
  const remote = recordsOf(editor.itemId).notes;
  if (remote.version <= editor.base) return;
  const job = editor.inFlight;
  if (job && job.itemId === editor.itemId && remote.version === job.base + 1 && remote.text === job.text) return; // ours
  if (editor.conflict) {
    if (remote.version > editor.conflict.version) editor.conflict = remote;
  } else if (!isDirty() && !job) {
    replaceText(remote.text);
    editor.base = remote.version;
    editor.saved = remote.text;
  } else if (!job) {
    startConflict(remote);
  } // else: our save is on its way and will be refused with the current text
}

function replaceText(text) {
  if (textarea.value === text) return;
  const focused = document.activeElement === textarea;
  const { selectionStart, selectionEnd } = textarea;
  textarea.value = text;
  if (focused) textarea.setSelectionRange(Math.min(selectionStart, text.length), Math.min(selectionEnd, text.length));
}

function startConflict(theirs) {
  clearTimeout(editor.timer);
  editor.timer = null;
  editor.conflict = { ...theirs };
}

function renderNotesStatus() {
  const status = $("save-status");
  const over = length(textarea.value) > NOTES_MAX;
  let mode;
  let text;
  if (!canWrite()) [mode, text] = ["readonly", "Read-only"];
  else if (editor.conflict) [mode, text] = ["conflict", "Conflict"];
  else if (over) [mode, text] = ["error", "Too long: not saved"];
  else if (editor.error) [mode, text] = ["error", `Not saved: ${editor.error.message}`];
  else if (editor.inFlight || editor.timer || isDirty()) [mode, text] = ["saving", "Saving…"];
  else [mode, text] = ["saved", "Saved"];
  status.dataset.state = mode;
  status.textContent = text;
  status.title = mode === "error" && editor.error ? editor.error.message : "";

  const counter = $("notes-counter");
  counter.textContent = `${length(textarea.value).toLocaleString()} / ${NOTES_MAX.toLocaleString()}`;
  counter.dataset.over = String(over);
  const updated = recordsOf(editor.itemId).notes.updated_at;
  $("notes-updated").textContent = updated ? `Last saved ${formatWhen(updated, "time")}` : "";

  counter.hidden = !canWrite();
  const conflict = Boolean(editor.conflict);
  $("conflict").hidden = !conflict;
  $("theirs-pane").hidden = !conflict;
  $("notes-body").classList.toggle("is-conflict", conflict);
  $("mine-label").hidden = !conflict;
  $("notes-label").hidden = conflict;
  if (conflict && $("theirs").value !== editor.conflict.text) $("theirs").value = editor.conflict.text;
}

function scheduleSave(delay = SAVE_DELAY) {
  clearTimeout(editor.timer);
  editor.timer = setTimeout(() => {
    editor.timer = null;
    saveNow();
  }, delay);
}

function send(job) {
  const payload = { item_id: job.itemId, text: job.text, base_version: job.base };
  const socket = live.socket;
  if (socket && socket.connected) {
    return new Promise((resolve, reject) => {
      socket.timeout(10000).emit("notes:save", payload, (timeout, ack) => {
        if (timeout) reject(new ApiError(0, { code: "network", message: "No answer from the server; retrying." }));
        else if (ack && ack.ok) resolve(ack.data);
        else {
          const error = new ApiError(ack && ack.error && ack.error.code === "notes_conflict" ? 409 : 400,
            (ack && ack.error) || {});
          error.current = ack && ack.error ? ack.error.current : null;
          reject(error);
        }
      });
    });
  }
  // Over HTTP the item is in the path; the body holds the rest (an unknown field is refused).
  return api(`${base}/agenda/${job.itemId}/notes`, { method: "PUT", body: { text: job.text, base_version: job.base } })
    .then((r) => r.notes);
}

/** Save the textarea now (if it changed); resolves when this save (or the one under way) is done. */
function saveNow() {
  clearTimeout(editor.timer);
  editor.timer = null;
  if (editor.inFlight) {
    editor.again = true;
    return editor.inFlight.promise;
  }
  const text = textarea.value;
  if (!canWrite() || editor.conflict || editor.itemId == null || text === editor.saved
      || length(text) > NOTES_MAX) {
    renderNotesStatus();
    return Promise.resolve();
  }
  const job = { itemId: editor.itemId, text, base: editor.base };
  editor.inFlight = job;
  editor.error = null;
  renderNotesStatus();
  job.promise = (async () => {
    try {
      saved(job, await send(job));
    } catch (error) {
      await failed(job, error);
    } finally {
      editor.inFlight = null;
      if (editor.again && !editor.conflict) {
        editor.again = false;
        if (isDirty()) scheduleSave(0);
      }
      editor.again = false;
      renderNotesStatus();
      live.changed();
    }
  })();
  return job.promise;
}

function storeNotes(itemId, notes) {
  const records = ensureRecords(itemId);
  if (notes.version >= records.notes.version) {
    records.notes = { text: notes.text, version: notes.version, updated_at: notes.updated_at };
  }
}

function saved(job, notes) {
  storeNotes(job.itemId, notes);
  if (editor.itemId !== job.itemId) return;
  if (textarea.value === job.text && notes.text !== job.text) textarea.value = notes.text; // cleaned by the server
  editor.base = notes.version;
  editor.saved = notes.text;
}

async function failed(job, error) {
  if (error.code === "notes_conflict") {
    let current = error.current;
    if (!current) { // over HTTP the error body is not kept: read the notes as they are now
      try {
        current = recordsOf(job.itemId).notes;
        const { items: all } = await api(`${base}/records`);
        if (all[job.itemId]) current = all[job.itemId].notes;
      } catch {
        // keep what we have
      }
    }
    storeNotes(job.itemId, current);
    if (editor.itemId !== job.itemId) return;
    if (current.text === textarea.value || current.text === job.text) {
      // The same text is stored already (e.g. an earlier save whose answer was lost): no conflict.
      editor.base = current.version;
      editor.saved = current.text;
      if (isDirty()) editor.again = true;
      return;
    }
    startConflict(current);
    return;
  }
  editor.error = error;
  if (error.status === 0 || error.status === 429 || error.status >= 500) scheduleSave(RETRY_DELAY);
}

/** Show another item, saving this one's notes first; stays here if they cannot be saved. */
async function choose(id, { manual = false } = {}) {
  if (manual) follow = id === currentItemId();
  if (id === selectedId) return;
  for (let i = 0; i < 3 && (isDirty() || editor.inFlight) && !editor.conflict && !editor.error; i++) {
    await saveNow();
  }
  if (isDirty() || editor.conflict) {
    renderNotesStatus();
    textarea.focus();
    return;
  }
  selectedId = id;
  render();
}

textarea.addEventListener("input", () => {
  if (!canWrite()) return;
  editor.error = null;
  if (!editor.conflict) scheduleSave();
  renderNotesStatus();
});
textarea.addEventListener("blur", () => {
  if (isDirty()) saveNow();
});
textarea.addEventListener("keydown", (e) => {
  if (e.key === "s" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    saveNow();
  }
});
window.addEventListener("beforeunload", (e) => {
  if (isDirty() || editor.inFlight) {
    saveNow();
    e.preventDefault();
    e.returnValue = "";
  }
});

/** Lines of ours that theirs does not have, appended to theirs: nobody's text is dropped. */
function combine(theirs, mine) {
  const have = new Set(theirs.split("\n"));
  const extra = mine.split("\n").filter((line) => line.trim() && !have.has(line));
  if (!extra.length) return theirs;
  return `${theirs.replace(/\n+$/, "")}${theirs.trim() ? "\n" : ""}${extra.join("\n")}`;
}

function resolveConflict(text, { save }) {
  const theirs = editor.conflict;
  if (!theirs) return;
  editor.conflict = null;
  editor.base = theirs.version;
  editor.saved = theirs.text;
  textarea.value = text;
  renderNotesStatus();
  textarea.focus();
  if (save) saveNow();
}

$("combine").addEventListener("click", () => {
  if (editor.conflict) resolveConflict(combine(editor.conflict.text, textarea.value), { save: true });
});
$("take-theirs").addEventListener("click", () => {
  if (editor.conflict) resolveConflict(editor.conflict.text, { save: false });
});
$("keep-mine").addEventListener("click", () => {
  if (editor.conflict) resolveConflict(textarea.value, { save: true });
});
$("follow").addEventListener("click", () => {
  const current = currentItemId();
  if (current != null) {
    follow = true;
    choose(current);
  }
});

// --- decisions and action items ------------------------------------------------------------

function renderRecords(records, writable) {
  $("decision-count").textContent = records.decisions.length ? `(${records.decisions.length})` : "";
  $("action-count").textContent = records.actions.length ? `(${records.actions.length})` : "";
  $("no-decisions").hidden = records.decisions.length > 0;
  $("no-actions").hidden = records.actions.length > 0;
  reconcile($("decisions"), records.decisions, (d) => d.id, createDecision, (el, d) => updateDecision(el, d, writable));
  reconcile($("actions"), records.actions, (a) => a.id, createAction, (el, a) => updateAction(el, a, writable));
  $("decision-form").hidden = !writable;
  $("action-form").hidden = !writable;
}

function rowButtons(kind, id) {
  return h("span", { class: "record-actions" },
    h("button", {
      type: "button", class: "btn btn-small btn-ghost", "data-testid": `${kind}-edit`,
      onclick: () => startEdit(kind, id),
    }, "Edit"),
    h("button", {
      type: "button", class: "btn btn-small btn-danger", "data-testid": `${kind}-delete`,
      onclick: (e) => remove(kind, id, e.currentTarget),
    }, "Delete"));
}

function createDecision(d) {
  return h("li", { class: "record", "data-testid": "decision" },
    h("p", { class: "record-text", "data-testid": "decision-body" }),
    h("div", { class: "record-meta" },
      h("span", { class: "badge badge-vote", "data-testid": "decision-vote-result" }),
      rowButtons("decision", d.id)),
    h("p", { class: "field-error", "data-testid": "decision-item-error", role: "alert", hidden: true }));
}

function updateDecision(el, d, writable) {
  el.dataset.decisionId = d.id;
  const draft = drafts.decision.get(d.id);
  const text = el.querySelector(".record-text");
  text.textContent = d.text;
  text.hidden = Boolean(draft);
  const vote = el.querySelector(".badge-vote");
  vote.textContent = d.vote_result;
  vote.hidden = !d.vote_result || Boolean(draft);
  el.querySelector(".record-actions").hidden = !writable || Boolean(draft);
  toggleEditForm(el, "decision", d.id, draft, () => [
    field("Decision", h("textarea", { class: "input textarea", name: "text", rows: 2, "data-testid": "decision-edit-text" })),
    field("Vote result", h("input", { class: "input", name: "vote_result", "data-testid": "decision-edit-vote",
      placeholder: "For 14 · Against 3 · Abstain 2" })),
  ]);
}

function createAction(a) {
  return h("li", { class: "record", "data-testid": "action" },
    h("p", { class: "record-text", "data-testid": "action-body" }),
    h("div", { class: "record-meta" },
      h("span", { class: "action-owner", "data-testid": "action-who" }),
      h("span", { class: "sep", "aria-hidden": "true", text: "·" }),
      h("span", { class: "action-due", "data-testid": "action-when" }),
      h("span", { class: "badge badge-overdue", "data-testid": "action-overdue", text: "Overdue" }),
      rowButtons("action", a.id)),
    h("p", { class: "field-error", "data-testid": "action-item-error", role: "alert", hidden: true }));
}

function formatDate(iso) {
  if (!iso) return "";
  try {
    return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
  } catch {
    return iso;
  }
}

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function updateAction(el, a, writable) {
  el.dataset.actionId = a.id;
  const draft = drafts.action.get(a.id);
  const what = el.querySelector(".record-text");
  what.textContent = a.what;
  what.hidden = Boolean(draft);
  const owner = el.querySelector(".action-owner");
  owner.textContent = a.owner ? `Who: ${a.owner}` : "Who: not set";
  const due = el.querySelector(".action-due");
  due.textContent = a.due_date ? `Due ${formatDate(a.due_date)}` : "No due date";
  if (a.due_date) due.setAttribute("title", a.due_date);
  el.querySelector(".badge-overdue").hidden = !a.due_date || a.due_date >= today() || Boolean(draft);
  el.querySelector(".record-meta").hidden = Boolean(draft);
  el.querySelector(".record-actions").hidden = !writable;
  toggleEditForm(el, "action", a.id, draft, () => [
    field("What", h("input", { class: "input", name: "what", "data-testid": "action-edit-what" })),
    h("div", { class: "field-row" },
      field("Who", h("input", { class: "input", name: "owner", "data-testid": "action-edit-owner" })),
      field("Due", h("input", { class: "input", type: "date", name: "due_date", "data-testid": "action-edit-due" }))),
  ]);
}

function field(label, input) {
  const id = `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  return h("div", { class: "field" },
    h("label", { class: "label", for: id, text: label }),
    input,
    h("p", { class: "field-error", "data-error-for": input.name, role: "alert", hidden: true }));
}

/** The inline edit form exists only while a record is being edited; drafts survive live re-renders. */
function toggleEditForm(el, kind, id, draft, fields) {
  let form = el.querySelector("form");
  if (!draft) {
    if (form) form.remove();
    return;
  }
  if (form) return;
  form = h("form", { class: "record-edit", novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    saveEdit(kind, id, form);
  } },
  ...fields(),
  h("div", { class: "edit-buttons" },
    h("button", { type: "button", class: "btn btn-small btn-secondary", "data-testid": `${kind}-edit-cancel`,
      onclick: () => cancelEdit(kind, id) }, "Cancel"),
    h("button", { type: "submit", class: "btn btn-small", "data-testid": `${kind}-edit-save` }, "Save")));
  for (const [name, value] of Object.entries(draft)) {
    const input = form.elements.namedItem(name);
    if (input) input.value = value ?? "";
  }
  form.addEventListener("input", (e) => {
    if (e.target.name) draft[e.target.name] = e.target.value;
  });
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape") cancelEdit(kind, id);
  });
  el.querySelector(".record-meta").before(form);
  queueMicrotask(() => form.elements[0].focus());
}

function recordOf(kind, id) {
  const list = recordsOf(selectedId)[kind === "decision" ? "decisions" : "actions"];
  return list.find((r) => r.id === id);
}

function startEdit(kind, id) {
  const record = recordOf(kind, id);
  if (!record) return;
  drafts[kind].set(id, kind === "decision"
    ? { text: record.text, vote_result: record.vote_result }
    : { what: record.what, owner: record.owner, due_date: record.due_date || "" });
  live.changed();
}

function cancelEdit(kind, id) {
  drafts[kind].delete(id);
  live.changed();
}

function upsert(kind, record) {
  const records = ensureRecords(record.item_id);
  const key = kind === "decision" ? "decisions" : "actions";
  const list = records[key].filter((r) => r.id !== record.id);
  list.push(record);
  list.sort((a, b) => a.id - b.id);
  records[key] = list;
  live.changed();
}

async function saveEdit(kind, id, form) {
  const card = form.closest(".record");
  const errorEl = card.querySelector(`[data-testid="${kind}-item-error"]`);
  const button = form.querySelector('[type="submit"]');
  const body = { ...drafts[kind].get(id) };
  if (kind === "action") body.due_date = body.due_date || null;
  clearFormErrors(form, errorEl);
  button.disabled = true;
  try {
    const path = kind === "decision" ? "decisions" : "actions";
    const answer = await api(`${base}/${path}/${id}`, { method: "PATCH", body });
    drafts[kind].delete(id);
    upsert(kind, answer[kind]);
  } catch (error) {
    showFormError(form, error, errorEl);
  } finally {
    button.disabled = false;
  }
}

async function remove(kind, id, button) {
  const record = recordOf(kind, id);
  if (!record) return;
  const label = kind === "decision" ? "decision" : "action item";
  if (!window.confirm(`Delete this ${label}?\n\n${kind === "decision" ? record.text : record.what}`)) return;
  const card = button.closest(".record");
  const errorEl = card.querySelector(`[data-testid="${kind}-item-error"]`);
  clearError(errorEl);
  button.disabled = true;
  try {
    await api(`${base}/${kind === "decision" ? "decisions" : "actions"}/${id}`, { method: "DELETE" });
    const records = ensureRecords(record.item_id);
    const key = kind === "decision" ? "decisions" : "actions";
    records[key] = records[key].filter((r) => r.id !== id);
    live.changed();
  } catch (error) {
    showError(errorEl, error);
    button.disabled = false;
  }
}

function wireAddForm(kind, collect, validate) {
  const form = $(`${kind}-form`);
  const errorEl = form.querySelector('[data-role="form-error"]');
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFormErrors(form, errorEl);
    const body = collect(form);
    const problem = validate(body);
    if (problem) {
      showFormError(form, problem, errorEl);
      return;
    }
    const itemId = selectedId;
    const button = form.querySelector('[type="submit"]');
    button.disabled = true;
    try {
      const path = kind === "decision" ? "decisions" : "actions";
      const answer = await api(`${base}/agenda/${itemId}/${path}`, { method: "POST", body });
      upsert(kind, answer[kind]);
      form.reset();
      form.elements[0].focus();
    } catch (error) {
      showFormError(form, error, errorEl);
    } finally {
      button.disabled = false;
    }
  });
}

wireAddForm("decision",
  (form) => ({ text: form.elements.text.value, vote_result: form.elements.vote_result.value }),
  (body) => (body.text.trim() ? null : { field: "text", message: "Write down what was decided." }));
wireAddForm("action",
  (form) => ({ what: form.elements.what.value, owner: form.elements.owner.value,
    due_date: form.elements.due_date.value || null }),
  (body) => (body.what.trim() ? null : { field: "what", message: "Say what needs doing." }));
// Ctrl+Enter in the decision's textarea adds it.
$("decision-form").elements.text.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) $("decision-form").requestSubmit();
});
