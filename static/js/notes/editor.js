/**
 * The notes editor of the notes page. Notes autosave while typing (800 ms after the last keystroke, on blur,
 * Ctrl+S, before switching items) with the socket command notes:save {item_id, text, base_version} (HTTP PUT
 * .../agenda/<id>/notes when the socket is down). A save based on an old version is refused ("notes_conflict"):
 * the page then shows their text next to ours and saves nothing until the user combines both, takes theirs or
 * keeps theirs out. Switching items (choose) waits for a save under way.
 */
import { t } from "../i18n.js";
import { ApiError, api, formatWhen } from "../live.js";
import {
  $, base, canWrite, currentItemId, ensureRecords, live, recordsOf, render, root, ui,
} from "./context.js";

const NOTES_MAX = Number(root.dataset.notesMax) || 20000;
const SAVE_DELAY = 800;
const RETRY_DELAY = 4000;
export const textarea = $("notes");
export const editor = {
  itemId: null, // the item whose notes are in the textarea
  base: 0, // the version the textarea's text started from
  saved: "", // the text of that version
  timer: null,
  inFlight: null, // {itemId, text, base, promise}
  again: false,
  conflict: null, // their notes {text, version, updated_at}
  error: null,
};

export const isDirty = () => editor.itemId !== null && textarea.value !== editor.saved;
const length = (text) => [...text].length;

export function loadEditor(id) {
  clearTimeout(editor.timer);
  Object.assign(editor, { itemId: id, timer: null, again: false, conflict: null, error: null });
  const notes = id == null ? { text: "", version: 0 } : recordsOf(id).notes;
  editor.base = notes.version;
  editor.saved = notes.text;
  textarea.value = notes.text;
}

/** Bring in other people's saves: silently when nothing is typed here, as a conflict otherwise. */
export function syncEditor() {
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

export function renderNotesStatus() {
  const status = $("save-status");
  const over = length(textarea.value) > NOTES_MAX;
  let mode;
  let text;
  if (!canWrite()) [mode, text] = ["readonly", t("Read-only")];
  else if (editor.conflict) [mode, text] = ["conflict", t("Conflict")];
  else if (over) [mode, text] = ["error", t("Too long: not saved")];
  else if (editor.error) [mode, text] = ["error", t("Not saved: %(error)s", { error: editor.error.message })];
  else if (editor.inFlight || editor.timer || isDirty()) [mode, text] = ["saving", t("Saving…")];
  else [mode, text] = ["saved", t("Saved")];
  status.dataset.state = mode;
  status.textContent = text;
  status.title = mode === "error" && editor.error ? editor.error.message : "";

  const counter = $("notes-counter");
  counter.textContent = `${length(textarea.value).toLocaleString()} / ${NOTES_MAX.toLocaleString()}`;
  counter.dataset.over = String(over);
  const updated = recordsOf(editor.itemId).notes.updated_at;
  $("notes-updated").textContent = updated ? t("Last saved %(time)s", { time: formatWhen(updated, "time") }) : "";

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
        if (timeout) reject(new ApiError(0, { code: "network", message: t("No answer from the server; retrying.") }));
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
export async function choose(id, { manual = false } = {}) {
  if (manual) ui.follow = id === currentItemId();
  if (id === ui.selectedId) return;
  for (let i = 0; i < 3 && (isDirty() || editor.inFlight) && !editor.conflict && !editor.error; i++) {
    await saveNow();
  }
  if (isDirty() || editor.conflict) {
    renderNotesStatus();
    textarea.focus();
    return;
  }
  ui.selectedId = id;
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
    ui.follow = true;
    choose(current);
  }
});
