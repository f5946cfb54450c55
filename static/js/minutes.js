/**
 * The minutes page (/dashboard/e/<code>/minutes): edit the draft, preview it, mark it final, publish.
 *
 * The draft autosaves 1.2 s after the last change (and on Save / Ctrl+S) with PUT .../minutes/draft
 * {base_revision, fields...}. A save based on an old revision is refused (409 "stale_revision"): the page
 * stops saving and offers to reload the draft as stored. Per-item notes start from the item's live notes;
 * only items whose text differs from their live notes are sent (the others keep following the live notes).
 * The preview is the print HTML (GET .../minutes/export.html) shown in a sandboxed frame, refreshed after
 * every save. "Mark final…" asks first (a <dialog>), saves what is typed, then POST .../minutes/finalize.
 * Versions: Publish (POST .../minutes/publish {version}) / Unpublish (DELETE), preview and downloads per version.
 *
 * data-testid:
 *   minutes-page (data-can-edit, data-can-publish), draft-version, save-status (data-state: saved | dirty |
 *   saving | stale | error), minutes-error, minutes-stale, minutes-reload, minutes-form, minutes-summary,
 *   minutes-chair, minutes-note-taker, minutes-item-notes, item-notes (data-item-id), item-notes-text,
 *   item-notes-state, item-notes-reset, minutes-no-items, minutes-next-steps, minutes-include-hidden,
 *   minutes-form-error, minutes-save, minutes-finalize, minutes-finalize-hint, finalize-dialog,
 *   finalize-confirm, finalize-cancel, minutes-versions, version (data-version, data-status, data-published),
 *   version-title, version-published, version-publish, version-unpublish, version-preview, version-download
 *   (data-format), minutes-no-versions, minutes-published-note, minutes-public-link, minutes-versions-error,
 *   minutes-downloads, download-pdf|docx|md|html, download-questions-csv, download-polls-csv,
 *   csv-include-hidden, minutes-preview, preview-label, preview-state, preview-frame, preview-refresh,
 *   preview-open, preview-draft
 * The preview frame: minutes/preview.js.
 * Debug hook: window.townhallMinutes = {state(), save(), dirty()}.
 */
import { t } from "./i18n.js";
import { ApiError, api, clearError, clearFormErrors, formatWhen, h, showError, showFormError } from "./live.js";
import { refreshPreview } from "./minutes/preview.js";

const root = document.getElementById("minutes-page");
const base = `${root.dataset.api}/minutes`;
const canPublish = root.dataset.canPublish === "true";
const SAVE_DELAY = 1200;
const FORMATS = [["pdf", t("PDF")], ["docx", t("DOCX")], ["md", t("Markdown")], ["html", t("HTML")]];
const $ = (role) => root.querySelector(`[data-role="${role}"]`);
const form = $("form");
const field = (name) => form.elements.namedItem(name);

let state = null; // the last answer of the server: {versions, draft, items, published, defaults, limits}
let saved = ""; // the payload (JSON) the stored draft corresponds to
let timer = null;
let saving = null; // the promise of the save in flight
let stale = false;
let previewVersion = null; // null: the draft

// --- the form ------------------------------------------------------------------------

function itemNotesFromForm() {
  const notes = {};
  for (const box of $("item-notes").querySelectorAll("[data-item-id]")) {
    const id = box.dataset.itemId;
    const item = state.items.find((i) => String(i.id) === id);
    const text = box.querySelector("textarea").value;
    if (!item || text !== item.live_notes) notes[id] = text;
  }
  return notes;
}

function payload() {
  return {
    summary: field("summary").value,
    chair: field("chair").value,
    note_taker: field("note_taker").value,
    next_steps: field("next_steps").value,
    include_hidden_text: field("include_hidden_text").checked,
    item_notes: itemNotesFromForm(),
  };
}

const isDirty = () => state !== null && JSON.stringify(payload()) !== saved;

function fillForm() {
  const { draft, items, defaults } = state;
  field("summary").value = draft.summary;
  field("chair").value = draft.chair;
  field("note_taker").value = draft.note_taker;
  field("next_steps").value = draft.next_steps;
  field("include_hidden_text").checked = draft.include_hidden_text;
  field("chair").placeholder = defaults.chair || t("Name");
  field("note_taker").placeholder = defaults.note_taker || t("Name");
  field("next_steps").placeholder = defaults.next_steps || "";
  const container = $("item-notes");
  container.replaceChildren(...items.map((item) => itemNotesBox(item, draft.item_notes[String(item.id)])));
  $("no-items").hidden = items.length > 0;
  saved = JSON.stringify(payload());
}

function itemNotesBox(item, override) {
  const id = `m-item-${item.id}`;
  const textarea = h("textarea", {
    id, class: "input textarea item-notes-text", rows: 3, maxlength: state.limits.item_notes,
    "data-testid": "item-notes-text", placeholder: t("No notes were taken for this item."),
  });
  textarea.value = override ?? item.live_notes;
  const status = h("span", { class: "item-notes-state", "data-testid": "item-notes-state" });
  const reset = h("button", {
    type: "button", class: "btn btn-ghost btn-small", "data-testid": "item-notes-reset",
    onclick: () => {
      textarea.value = item.live_notes;
      onEdit();
    },
  }, t("Use the live notes"));
  const box = h("div", { class: "item-notes-box", "data-item-id": item.id, "data-testid": "item-notes" },
    h("div", { class: "item-notes-head" },
      h("label", { class: "label", for: id }, h("span", { class: "item-number" }, `${item.position + 1}.`), " ", item.title),
      status),
    textarea,
    h("div", { class: "item-notes-foot" }, reset));
  const update = () => {
    const live = textarea.value === item.live_notes;
    status.textContent = live ? t("Live notes") : t("Edited for the minutes");
    status.dataset.state = live ? "live" : "edited";
    reset.hidden = live;
  };
  textarea.addEventListener("input", update);
  box.updateState = update;
  update();
  return box;
}

// --- rendering -------------------------------------------------------------------------

function render() {
  const { draft, versions, published } = state;
  const latestFinal = [...versions].reverse().find((v) => v.status === "final");
  $("version-chip").textContent = t("Draft · version %(version)s", { version: draft.version });
  $("form-version").textContent = draft.exists ? `· ${t("version %(version)s", { version: draft.version })}`
    : `· ${t("version %(version)s (opens when you save)", { version: draft.version })}`;
  for (const box of $("item-notes").children) box.updateState && box.updateState();
  renderFinalize(latestFinal);
  renderVersions(versions, published);
  renderStatus();
}

function renderFinalize(latestFinal) {
  const nothingNew = !state.draft.exists && latestFinal && !isDirty();
  const button = $("finalize");
  button.disabled = Boolean(nothingNew) || stale;
  $("finalize-hint").textContent = nothingNew
    ? t("Version %(final)s is final. Edit something to start version %(next)s.",
      { final: latestFinal.version, next: state.draft.version }) : "";
}

function renderStatus() {
  const el = $("save-status");
  let key;
  let text;
  if (stale) [key, text] = ["stale", t("Not saved: someone else saved")];
  else if (saving) [key, text] = ["saving", t("Saving…")];
  else if (el.dataset.error) [key, text] = ["error", t("Not saved")];
  else if (isDirty()) [key, text] = ["dirty", t("Unsaved changes")];
  else if (!state || !state.draft.exists) [key, text] = ["saved", t("Nothing to save")];
  else [key, text] = ["saved", state.draft.updated_at ? t("Saved %(time)s", { time: formatWhen(state.draft.updated_at, "time") }) : t("Saved")];
  el.dataset.state = key;
  el.textContent = text;
}

function renderVersions(versions, published) {
  const finals = versions.filter((v) => v.status === "final").reverse();
  $("no-versions").hidden = finals.length > 0;
  $("published-note").hidden = !published;
  if (published) $("published-version").textContent = published.version;
  $("versions").replaceChildren(...finals.map((v) => versionRow(v)));
}

function versionRow(v) {
  const isPublished = Boolean(v.published_at);
  const actions = [];
  if (canPublish) {
    actions.push(isPublished
      ? h("button", { type: "button", class: "btn btn-danger btn-small", "data-testid": "version-unpublish",
        onclick: () => act(() => api(`${base}/publish`, { method: "DELETE" })) }, t("Unpublish"))
      : h("button", { type: "button", class: "btn btn-small", "data-testid": "version-publish",
        onclick: () => act(() => api(`${base}/publish`, { method: "POST", body: { version: v.version } })) },
      t("Publish")));
  }
  actions.push(h("button", {
    type: "button", class: "btn btn-ghost btn-small", "data-testid": "version-preview",
    "aria-pressed": String(previewVersion === v.version), onclick: () => showPreview(v.version),
  }, t("Preview")));
  return h("li", {
    class: `version${isPublished ? " is-published" : ""}`, "data-testid": "version", "data-version": v.version,
    "data-status": v.status, "data-published": String(isPublished),
  },
  h("div", { class: "version-main" },
    h("p", { class: "version-title", "data-testid": "version-title" },
      h("strong", {}, t("Version %(version)s", { version: v.version })), " ",
      isPublished ? h("span", { class: "badge badge-ok", "data-testid": "version-published" }, t("Published")) : null),
    h("p", { class: "version-meta" }, isPublished
      ? t("Final %(finalized)s · published %(published)s", { finalized: formatWhen(v.finalized_at), published: formatWhen(v.published_at) })
      : t("Final %(finalized)s", { finalized: formatWhen(v.finalized_at) })),
    h("p", { class: "version-downloads" }, ...FORMATS.map(([fmt, label]) => h("a", {
      href: `${base}/export.${fmt}?version=${v.version}`, download: "", "data-testid": "version-download",
      "data-format": fmt,
    }, label)))),
  h("div", { class: "version-actions" }, ...actions));
}

// --- saving ------------------------------------------------------------------------------

function onEdit() {
  if (!state || stale) return;
  clearError($("page-error"));
  delete $("save-status").dataset.error;
  clearTimeout(timer);
  if (isDirty()) timer = setTimeout(() => save(), SAVE_DELAY);
  render();
}

/** Save what is typed; resolves true when the stored draft matches the form. */
async function save() {
  clearTimeout(timer);
  while (saving) await saving.catch(() => {}); // one save at a time: then save what is typed by now
  if (stale) return false;
  if (!isDirty()) return true;
  const body = payload();
  const sent = JSON.stringify(body);
  saving = (async () => {
    try {
      const answer = await api(`${base}/draft`, { method: "PUT", body: { base_revision: state.draft.revision, ...body } });
      const revisionChanged = answer.draft.revision !== state.draft.revision || !state.draft.exists;
      state = answer;
      saved = sent;
      delete $("save-status").dataset.error;
      clearFormErrors(form, $("form-error"));
      if (revisionChanged && previewVersion === null) refreshPreview(previewVersion);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === "stale_revision") {
        stale = true;
        $("stale").hidden = false;
      } else {
        $("save-status").dataset.error = "1";
        showFormError(form, error, $("form-error"));
      }
      return false;
    }
  })();
  render();
  const ok = await saving;
  saving = null;
  render();
  if (ok && isDirty()) timer = setTimeout(() => save(), SAVE_DELAY); // typed while saving
  return ok && !isDirty();
}

async function reload() {
  try {
    state = await api(base);
  } catch (error) {
    showError($("page-error"), error);
    return;
  }
  stale = false;
  $("stale").hidden = true;
  delete $("save-status").dataset.error;
  clearFormErrors(form, $("form-error"));
  fillForm();
  render();
  refreshPreview(previewVersion);
}

// --- mark final, publish -------------------------------------------------------------------

const dialog = $("confirm");

function askFinalize() {
  $("confirm-version").textContent = state.draft.version;
  $("confirm-next").textContent = state.draft.version + 1;
  if (typeof dialog.showModal === "function") dialog.showModal();
  else if (window.confirm(t("Mark version %(version)s final?", { version: state.draft.version }))) finalize();
}

dialog.addEventListener("close", () => {
  if (dialog.returnValue === "confirm") finalize();
  dialog.returnValue = "";
});

async function finalize() {
  const button = $("finalize");
  button.disabled = true;
  try {
    if (!(await save()) && isDirty()) return;
    if (!state.draft.exists) {
      // Nothing typed yet and no draft: open it as it would start, then freeze it.
      state = await api(`${base}/draft`, { method: "PUT", body: { base_revision: 0 } });
      saved = JSON.stringify(payload());
    }
    state = await api(`${base}/finalize`, { method: "POST", body: { base_revision: state.draft.revision } });
    fillForm();
    previewVersion = null;
    refreshPreview(previewVersion);
  } catch (error) {
    if (error instanceof ApiError && error.code === "stale_revision") {
      stale = true;
      $("stale").hidden = false;
    } else {
      showError($("page-error"), error);
    }
  } finally {
    render();
  }
}

async function act(call) {
  clearError($("versions-error"));
  for (const button of $("versions").querySelectorAll("button")) button.disabled = true;
  try {
    const answer = await call();
    // Keep what is being typed: only the versions and the publication come from the answer.
    state = { ...state, versions: answer.versions, published: answer.published };
  } catch (error) {
    showError($("versions-error"), error);
  } finally {
    render();
  }
}

// --- preview ------------------------------------------------------------------------------------

function showPreview(version) {
  previewVersion = version;
  render();
  refreshPreview(previewVersion);
}

// --- wiring ---------------------------------------------------------------------------------------

form.addEventListener("input", onEdit);
form.addEventListener("change", onEdit);
form.addEventListener("submit", (event) => {
  event.preventDefault();
  save().then(() => render());
});
document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
    event.preventDefault();
    save();
  }
});
$("finalize").addEventListener("click", () => askFinalize());
$("reload").addEventListener("click", () => reload());
$("preview-refresh").addEventListener("click", () => refreshPreview(previewVersion));
$("preview-draft").addEventListener("click", () => showPreview(null));
$("csv-hidden").addEventListener("change", (event) => {
  const link = $("questions-csv");
  link.href = link.href.split("?")[0] + (event.target.checked ? "?include_hidden=1" : "");
});
// A draft download gets what is typed: save first.
for (const link of root.querySelectorAll('[data-role="download"]')) {
  link.addEventListener("click", async (event) => {
    if (!isDirty()) return;
    event.preventDefault();
    if (await save()) window.location.href = link.href;
  });
}
window.addEventListener("beforeunload", (event) => {
  if (isDirty() || saving) event.preventDefault();
});

window.townhallMinutes = { state: () => state, save, dirty: isDirty };
reload();
