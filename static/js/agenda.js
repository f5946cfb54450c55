/**
 * Agenda editor and run of show (/dashboard/e/<code>/agenda). Laptop, 1366x768 and up.
 *
 * Reads the moderator snapshot and "agenda:changed" {seq, agenda} over the socket (live.js);
 * writes through the JSON API (/api/events/<code>/agenda/...). Write answers carry {seq, agenda}:
 * applied at once when newer than what the socket brought. Timers count locally between messages:
 * elapsed = elapsed_base_seconds + (server now - running_since) while an item runs, server now =
 * this clock + state.clockOffset. Users without the "agenda" capability get a read-only page.
 *
 * data-testid:
 *   agenda-page (data-can-edit), back-to-dashboard, link-notes, event-title, connection-status,
 *   planned-total (data-seconds), agenda-error, agenda-read-only, agenda-announce (polite live region),
 *   run-bar (data-state: not_started | running | ended; data-paused, data-overrun), meeting-state,
 *   current-title, run-sub, current-timer (data-overrun), current-elapsed, current-planned,
 *   current-remaining (text "12:30 left" / "Over by 1:05"), run-start, run-back, run-pause, run-resume,
 *   run-next (label "Next: <title> →" / "Finish and end meeting"), run-end, run-end-confirm, run-end-cancel,
 *   run-reopen, run-error,
 *   item-count, agenda-empty, agenda-list,
 *   agenda-item (data-item-id, data-status, data-position, data-current, data-overrun; focusable,
 *     Alt+ArrowUp / Alt+ArrowDown move it), item-drag-handle, item-position, item-title, item-presenter,
 *   item-planned, item-status, item-timer, item-times, item-description, item-question-count,
 *   item-move-up, item-move-down, item-run, item-edit, item-delete, item-delete-confirm, item-delete-cancel,
 *   item-error,
 *   edit-form, edit-title, edit-presenter, edit-minutes, edit-description, edit-save, edit-cancel,
 *   add-form, add-title, add-presenter, add-minutes, add-description, add-error, add-submit,
 *   template-save-form, template-name, template-save, template-error, template-saved,
 *   template-select, template-apply, template-delete, template-delete-confirm, template-delete-cancel,
 *   copy-event-select, copy-apply, apply-error, apply-done
 * Debug hook: window.townhall (live.js); state.agenda is the agenda as the snapshot/messages give it.
 */
import {
  api, clearError, clearFormErrors, connectOrganizer, formatWhen, h, reconcile, showError, showFormError,
} from "./live.js";
import { renderRunBar as drawRunBar, runAnnouncement, tickRunBar } from "./runbar.js";
import { clock, elapsedNow, remainingText } from "./timers.js";

const root = document.getElementById("agenda-page");
const code = root.dataset.code;
const base = `/api/events/${encodeURIComponent(code)}`;
const $ = (role) => root.querySelector(`[data-role="${role}"]`);

const STATUS_LABEL = { upcoming: "Upcoming", running: "Now", paused: "Paused", done: "Done" };

let canEdit = root.dataset.canEdit === "true";
const editing = new Map(); // item id -> draft {title, presenter, planned_minutes, description}
const confirmingDelete = new Set(); // item ids showing "Delete? Yes / Cancel"
const itemErrors = new Map(); // item id -> message
let busy = false; // a run-of-show action is under way
let dragId = null;

const live = connectOrganizer(root, {
  code,
  onChange: render,
  errorEl: $("page-error"),
  handlers: {
    "agenda:changed": (msg, st) => {
      st.agenda = msg.agenda;
    },
  },
});
const { state } = live;

/** Apply the agenda a write answered with, unless the socket already brought this change or a newer one. */
function applyAnswer(answer) {
  if (answer && answer.agenda && answer.seq > live.lastSeq) {
    state.agenda = answer.agenda;
    live.changed();
  }
}

function announce(text) {
  const el = $("announce");
  el.textContent = "";
  requestAnimationFrame(() => {
    el.textContent = text;
  });
}

// --- time --------------------------------------------------------------------------

/** Seconds the item has run, now. */
function elapsedOf(item) {
  return elapsedNow(item, state.clockOffset || 0);
}

/** 75 (minutes) -> "1 h 15 min". */
function duration(minutes) {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return `${rest} min`;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

// --- rendering ------------------------------------------------------------------------

function items() {
  return (state.agenda && state.agenda.items) || [];
}

function byId(id) {
  return items().find((i) => i.id === id) || null;
}

function render() {
  if (!state.loaded || !state.agenda) return;
  clearError($("page-error"));
  if (Array.isArray(state.capabilities)) canEdit = canEdit && state.capabilities.includes("agenda");
  if (state.event) $("event-title").textContent = state.event.title;

  const list = items();
  const planned = list.reduce((sum, i) => sum + i.planned_minutes, 0);
  const total = $("total");
  total.dataset.seconds = String(planned * 60);
  total.textContent = list.length ? `Planned: ${duration(planned)}` : "";
  $("count").textContent = list.length ? `(${list.length})` : "";
  $("empty").hidden = list.length > 0;

  for (const id of [...editing.keys(), ...confirmingDelete]) {
    if (!byId(id)) {
      editing.delete(id);
      confirmingDelete.delete(id);
    }
  }
  reconcile($("list"), list, (i) => i.id, createItem, updateItem);
  renderRunBar();
  renderTemplates();
  tick();
}

function renderRunBar() {
  drawRunBar($, state.agenda, {
    items: items(),
    byId,
    busy,
    confirming: !$("end-confirm").hidden,
    emptyTitle: "Add items to the agenda to run the meeting",
    subFor: (current, next) => [current.presenter, next ? `Next: ${next.title}` : "Last item"]
      .filter(Boolean).join(" · "),
  });
  if (state.agenda.meeting.state !== "running") $("end-confirm").hidden = true;
}

/** Timers: twice a second; only text changes. */
function tick() {
  if (!state.agenda) return;
  tickRunBar($, byId(state.agenda.current_item_id), state.clockOffset);
  for (const el of $("list").children) {
    const item = byId(Number(el.dataset.itemId));
    if (item) renderItemTimer(el, item);
  }
}
setInterval(tick, 500);

function questionCount(itemId) {
  return Object.values(state.questions || {}).filter((q) => q.agenda_item_id === itemId
    && !["rejected", "archived", "merged"].includes(q.status)).length;
}

function iconButton(testid, label, symbol, onclick) {
  return h("button", {
    type: "button", class: "btn btn-ghost btn-small btn-icon", "data-testid": testid, "aria-label": label,
    title: label, onclick,
  }, h("span", { "aria-hidden": "true" }, symbol));
}

function createItem(item) {
  const id = item.id;
  const el = h("li", {
    class: "agenda-item", "data-testid": "agenda-item", tabindex: canEdit ? "0" : null,
  },
  h("span", {
    class: "drag-handle", "data-testid": "item-drag-handle", "aria-hidden": "true", title: "Drag to reorder",
  }, "⠿"),
  h("span", { class: "item-position", "data-testid": "item-position" }),
  h("div", { class: "item-body" },
    h("div", { class: "item-view" },
      h("p", { class: "item-title-row" },
        h("span", { class: "item-title", "data-testid": "item-title" }),
        h("span", { class: "badge", "data-testid": "item-status" })),
      h("p", { class: "item-meta" },
        h("span", { class: "item-presenter", "data-testid": "item-presenter" }),
        h("span", { class: "item-planned", "data-testid": "item-planned" }),
        h("span", { class: "item-questions", "data-testid": "item-question-count" }),
        h("span", { class: "item-times", "data-testid": "item-times" })),
      h("p", { class: "item-description prewrap", "data-testid": "item-description" }))),
  h("div", { class: "item-side" },
    h("p", { class: "item-timer", "data-testid": "item-timer" }),
    canEdit ? h("div", { class: "item-actions" },
      iconButton("item-move-up", "Move up", "↑", () => move(id, -1)),
      iconButton("item-move-down", "Move down", "↓", () => move(id, +1)),
      h("button", { type: "button", class: "btn btn-secondary btn-small", "data-testid": "item-run", onclick: () => runAction("start_item", id) }, "Run now"),
      h("button", { type: "button", class: "btn btn-secondary btn-small", "data-testid": "item-edit", onclick: () => startEdit(id) }, "Edit"),
      h("button", { type: "button", class: "btn btn-danger btn-small", "data-testid": "item-delete", onclick: () => askDelete(id) }, "Delete"),
      h("span", { class: "confirm-inline item-confirm", hidden: true },
        h("span", { class: "confirm-text" }, "Delete this item?"),
        h("button", { type: "button", class: "btn btn-danger btn-small", "data-testid": "item-delete-confirm", onclick: () => deleteItem(id) }, "Delete"),
        h("button", { type: "button", class: "btn btn-ghost btn-small", "data-testid": "item-delete-cancel", onclick: () => cancelDelete(id) }, "Cancel")))
      : null),
  h("p", { class: "field-error item-error", "data-testid": "item-error", role: "alert", hidden: true }));

  if (canEdit) {
    el.addEventListener("keydown", (e) => {
      if (e.target !== el || !e.altKey) return;
      if (e.key === "ArrowUp" || e.key === "ArrowDown") {
        e.preventDefault();
        move(id, e.key === "ArrowUp" ? -1 : +1);
      }
    });
    const handle = el.querySelector(".drag-handle");
    // Only the handle starts a drag, so text in the item stays selectable and inputs stay usable.
    handle.addEventListener("pointerdown", () => {
      el.draggable = !editing.has(id);
    });
    handle.addEventListener("pointerup", () => {
      el.draggable = false;
    });
    el.addEventListener("dragstart", (e) => {
      if (!el.draggable) return;
      dragId = id;
      el.classList.add("is-dragging");
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", String(id));
    });
    el.addEventListener("dragend", () => {
      el.draggable = false;
      el.classList.remove("is-dragging");
      dragId = null;
      clearDropMarks();
    });
  }
  return el;
}

function updateItem(el, item) {
  const id = item.id;
  el.dataset.itemId = id;
  el.dataset.status = item.status;
  el.dataset.position = item.position;
  el.dataset.current = String(item.current);
  el.classList.toggle("is-current", item.current);
  el.classList.toggle("is-paused", item.status === "paused");
  el.classList.toggle("is-done", item.status === "done");
  el.setAttribute("aria-label", `${item.position + 1}. ${item.title}, ${STATUS_LABEL[item.status]}`);
  el.querySelector(".item-position").textContent = `${item.position + 1}`;
  el.querySelector(".item-title").textContent = item.title;
  const status = el.querySelector('[data-testid="item-status"]');
  status.textContent = STATUS_LABEL[item.status];
  status.className = `badge badge-item-${item.status}`;
  const ended = state.agenda.meeting.state === "ended";
  status.hidden = item.status === "upcoming" && !item.elapsed_seconds && !ended;
  if (item.status === "upcoming") status.textContent = item.elapsed_seconds ? "Interrupted" : "Not reached";
  const presenter = el.querySelector(".item-presenter");
  presenter.textContent = item.presenter;
  presenter.hidden = !item.presenter;
  el.querySelector(".item-planned").textContent = `${duration(item.planned_minutes)} planned`;
  const count = questionCount(id);
  const questions = el.querySelector(".item-questions");
  questions.textContent = `${count} ${count === 1 ? "question" : "questions"}`;
  questions.hidden = count === 0;
  const times = el.querySelector(".item-times");
  const started = item.started_at ? formatWhen(item.started_at, "time") : "";
  const endedAt = item.ended_at ? formatWhen(item.ended_at, "time") : "";
  times.textContent = started ? `Started ${started}${endedAt ? ` · ended ${endedAt}` : ""}` : "";
  times.hidden = !started;
  const description = el.querySelector(".item-description");
  description.textContent = item.description;
  description.hidden = !item.description;

  const isEditing = editing.has(id);
  el.querySelector(".item-view").hidden = isEditing;
  const form = el.querySelector(".edit-form");
  if (isEditing && !form) el.querySelector(".item-body").append(createEditForm(id));
  if (!isEditing && form) form.remove();
  el.classList.toggle("is-editing", isEditing);

  const errorEl = el.querySelector(".item-error");
  if (itemErrors.has(id)) showError(errorEl, itemErrors.get(id));
  else clearError(errorEl);

  const actions = el.querySelector(".item-actions");
  if (actions) {
    const list = items();
    const confirming = confirmingDelete.has(id);
    const set = (testid, visible, enabled = true) => {
      const button = actions.querySelector(`[data-testid="${testid}"]`);
      button.hidden = !visible;
      button.disabled = !enabled;
    };
    const meeting = state.agenda.meeting.state;
    set("item-move-up", !confirming, item.position > 0);
    set("item-move-down", !confirming, item.position < list.length - 1);
    set("item-run", !confirming && !item.current && !isEditing, !busy);
    set("item-edit", !confirming && !isEditing);
    set("item-delete", !confirming && !isEditing, !item.current);
    actions.querySelector('[data-testid="item-delete"]').title = item.current
      ? "This item is on the floor: move on before deleting it" : "";
    actions.querySelector(".item-confirm").hidden = !confirming;
    const run = actions.querySelector('[data-testid="item-run"]');
    run.textContent = meeting === "not_started" ? "Start here" : "Run now";
    run.title = meeting === "not_started" ? "Start the meeting with this item" : "End the current item and run this one";
  }
  renderItemTimer(el, item);
}

function renderItemTimer(el, item) {
  const timer = el.querySelector(".item-timer");
  const elapsed = elapsedOf(item);
  const over = elapsed > item.planned_seconds;
  el.dataset.overrun = String(over && item.status !== "upcoming");
  timer.classList.toggle("is-overrun", over);
  if (item.current) {
    timer.textContent = `${clock(elapsed)} · ${remainingText(item.planned_seconds, elapsed)}`;
  } else if (item.status === "done" || elapsed > 0) {
    timer.textContent = over ? `Took ${clock(elapsed)} · ${clock(elapsed - item.planned_seconds)} over`
      : `Took ${clock(elapsed)}`;
  } else {
    timer.textContent = "";
  }
  timer.hidden = !timer.textContent;
}

function createEditForm(id) {
  const draft = editing.get(id);
  const field = (label, input, name) => h("div", { class: `field${name === "planned_minutes" ? " field-minutes" : ""}` },
    h("label", { for: input.id }, label), input,
    h("p", { class: "field-error", "data-error-for": name, hidden: true }));
  const input = (name, testid, props = {}) => {
    const el = h(props.tag || "input", {
      id: `edit-${name}-${id}`, name, class: props.tag === "textarea" ? "input textarea textarea-short" : "input",
      "data-testid": testid, autocomplete: "off", ...props.attrs,
    });
    el.value = draft[name] ?? "";
    el.addEventListener("input", () => {
      draft[name] = el.value;
    });
    return el;
  };
  const errorEl = h("p", { class: "notice notice-error", role: "alert", hidden: true });
  const form = h("form", {
    class: "edit-form", "data-testid": "edit-form", novalidate: true,
    onsubmit: (e) => {
      e.preventDefault();
      saveEdit(id, form, errorEl);
    },
  },
  field("Title", input("title", "edit-title", { attrs: { maxlength: 200, required: true } }), "title"),
  h("div", { class: "field-pair" },
    field("Presenter", input("presenter", "edit-presenter", { attrs: { maxlength: 120 } }), "presenter"),
    field("Minutes", input("planned_minutes", "edit-minutes",
      { attrs: { type: "number", min: 0, max: 600, step: 1, inputmode: "numeric" } }), "planned_minutes")),
  field("Description", input("description", "edit-description", { tag: "textarea", attrs: { rows: 2 } }), "description"),
  errorEl,
  h("div", { class: "edit-buttons" },
    h("span", { class: "hint" }, "Enter saves · Esc cancels"),
    h("button", { type: "button", class: "btn btn-secondary btn-small", "data-testid": "edit-cancel", onclick: () => cancelEdit(id) }, "Cancel"),
    h("button", { type: "submit", class: "btn btn-small", "data-testid": "edit-save" }, "Save")));
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      cancelEdit(id);
    }
    if (e.key === "Enter" && e.target.tagName === "TEXTAREA" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      saveEdit(id, form, errorEl);
    }
  });
  return form;
}

// --- editing ----------------------------------------------------------------------------

function focusItem(id, selector) {
  queueMicrotask(() => {
    const el = $("list").querySelector(`[data-item-id="${id}"]`);
    const target = el && (selector ? el.querySelector(selector) : el);
    if (target) target.focus();
  });
}

function startEdit(id) {
  const item = byId(id);
  if (!item) return;
  editing.set(id, {
    title: item.title, presenter: item.presenter, planned_minutes: String(item.planned_minutes),
    description: item.description,
  });
  confirmingDelete.delete(id);
  render();
  focusItem(id, '[data-testid="edit-title"]');
}

function cancelEdit(id) {
  editing.delete(id);
  render();
  focusItem(id, '[data-testid="item-edit"]');
}

function minutesValue(text) {
  const trimmed = String(text ?? "").trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed; // the server explains what is wrong
}

async function saveEdit(id, form, errorEl) {
  const draft = editing.get(id);
  if (!draft) return;
  const save = form.querySelector('[data-testid="edit-save"]');
  clearFormErrors(form, errorEl);
  save.disabled = true;
  try {
    const answer = await api(`${base}/agenda/items/${id}`, {
      method: "PATCH",
      body: { ...draft, planned_minutes: minutesValue(draft.planned_minutes) },
    });
    editing.delete(id);
    applyAnswer(answer);
    render();
    announce(`Saved “${byId(id) ? byId(id).title : draft.title}”.`);
    focusItem(id, '[data-testid="item-edit"]');
  } catch (error) {
    showFormError(form, error, errorEl);
  } finally {
    save.disabled = false;
  }
}

function askDelete(id) {
  confirmingDelete.add(id);
  render();
  focusItem(id, '[data-testid="item-delete-confirm"]');
}

function cancelDelete(id) {
  confirmingDelete.delete(id);
  render();
  focusItem(id, '[data-testid="item-delete"]');
}

async function deleteItem(id) {
  const item = byId(id);
  itemErrors.delete(id);
  try {
    const answer = await api(`${base}/agenda/items/${id}`, { method: "DELETE" });
    confirmingDelete.delete(id);
    applyAnswer(answer);
    announce(`Deleted “${item ? item.title : "the item"}”.`);
    // Focus goes to the item that took its place (or the add form when the list is empty).
    queueMicrotask(() => {
      const list = $("list").children;
      const next = list[Math.min(item ? item.position : 0, list.length - 1)];
      const fallback = addForm && addForm.elements.title;
      if (next) next.focus();
      else if (fallback) fallback.focus();
    });
  } catch (error) {
    confirmingDelete.delete(id);
    itemErrors.set(id, error.message || "Could not delete the item.");
    render();
    setTimeout(() => {
      itemErrors.delete(id);
      live.changed();
    }, 8000);
  }
}

/** Move an item one place up (-1) or down (+1). */
function move(id, delta) {
  const ids = items().map((i) => i.id);
  const from = ids.indexOf(id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= ids.length) return;
  ids.splice(from, 1);
  ids.splice(to, 0, id);
  reorder(ids, id);
}

async function reorder(ids, movedId) {
  const before = state.agenda.items;
  const lookup = new Map(before.map((i) => [i.id, i]));
  // Show the new order at once; the server's answer (or a fresh snapshot on failure) settles it.
  state.agenda = { ...state.agenda, items: ids.map((itemId, position) => ({ ...lookup.get(itemId), position })) };
  render();
  const moved = lookup.get(movedId);
  announce(`Moved “${moved.title}” to position ${ids.indexOf(movedId) + 1} of ${ids.length}.`);
  try {
    applyAnswer(await api(`${base}/agenda/order`, { method: "PUT", body: { item_ids: ids } }));
  } catch (error) {
    showError($("page-error"), error);
    live.refresh();
  }
}

// drag and drop over the list
function clearDropMarks() {
  for (const el of $("list").querySelectorAll(".drop-before, .drop-after")) {
    el.classList.remove("drop-before", "drop-after");
  }
}

function dropTarget(e) {
  const el = e.target.closest && e.target.closest(".agenda-item");
  if (!el || Number(el.dataset.itemId) === dragId) return null;
  const rect = el.getBoundingClientRect();
  return { el, after: e.clientY > rect.top + rect.height / 2 };
}

$("list").addEventListener("dragover", (e) => {
  if (dragId === null) return;
  e.preventDefault();
  e.dataTransfer.dropEffect = "move";
  clearDropMarks();
  const target = dropTarget(e);
  if (target) target.el.classList.add(target.after ? "drop-after" : "drop-before");
});
$("list").addEventListener("dragleave", (e) => {
  if (!$("list").contains(e.relatedTarget)) clearDropMarks();
});
$("list").addEventListener("drop", (e) => {
  if (dragId === null) return;
  e.preventDefault();
  const target = dropTarget(e);
  clearDropMarks();
  if (!target) return;
  const ids = items().map((i) => i.id).filter((itemId) => itemId !== dragId);
  const at = ids.indexOf(Number(target.el.dataset.itemId)) + (target.after ? 1 : 0);
  ids.splice(at, 0, dragId);
  if (ids.join() !== items().map((i) => i.id).join()) reorder(ids, dragId);
});

// adding
const addForm = $("add-form");
if (addForm) {
  addForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const errorEl = $("add-error");
    clearFormErrors(addForm, errorEl);
    const data = Object.fromEntries(new FormData(addForm));
    const submit = addForm.querySelector('[type="submit"]');
    submit.disabled = true;
    try {
      const answer = await api(`${base}/agenda/items`, {
        method: "POST", body: { ...data, planned_minutes: minutesValue(data.planned_minutes) },
      });
      applyAnswer(answer);
      addForm.reset();
      announce(`Added “${data.title.trim()}”.`);
      addForm.elements.title.focus();
    } catch (error) {
      showFormError(addForm, error, errorEl);
    } finally {
      submit.disabled = false;
    }
  });
}

// --- run of show --------------------------------------------------------------------------

async function runAction(action, itemId) {
  const errorEl = $("run-error");
  clearError(errorEl);
  busy = true;
  render();
  try {
    const body = action === "start_item" ? { item_id: itemId } : undefined;
    applyAnswer(await api(`${base}/agenda/run/${action}`, { method: "POST", body }));
    announce(runAnnouncement(state.agenda, byId));
  } catch (error) {
    showError(errorEl, error);
  } finally {
    busy = false;
    $("end-confirm").hidden = true;
    render();
  }
}

const controls = $("run-controls");
if (controls) {
  for (const button of controls.querySelectorAll("[data-run]")) {
    button.addEventListener("click", () => runAction(button.dataset.run));
  }
  $("end").addEventListener("click", () => {
    $("end-confirm").hidden = false;
    render();
    controls.querySelector('[data-testid="run-end-confirm"]').focus();
  });
  $("end-cancel").addEventListener("click", () => {
    $("end-confirm").hidden = true;
    render();
    $("end").focus();
  });
}

// --- templates and copies -------------------------------------------------------------------

let templates = [];
let otherEvents = [];

function renderTemplates() {
  const select = $("template-select");
  if (!select) return;
  const chosen = select.value;
  select.replaceChildren(...(templates.length
    ? templates.map((t) => h("option", { value: t.id },
      `${t.name} — ${t.items.length} ${t.items.length === 1 ? "item" : "items"}, ${duration(t.planned_minutes)}`))
    : [h("option", { value: "" }, "No templates yet")]));
  if (templates.some((t) => String(t.id) === chosen)) select.value = chosen;
  select.disabled = !templates.length;
  $("template-apply").disabled = !templates.length;
  $("template-delete").hidden = !templates.length || !$("template-delete-confirm").hidden;
  if (!templates.length) $("template-delete-confirm").hidden = true;

  const copy = $("copy-select");
  const picked = copy.value;
  copy.replaceChildren(...(otherEvents.length
    ? otherEvents.map((e) => h("option", { value: e.code }, `${e.title} (${e.code})`))
    : [h("option", { value: "" }, "No other events")]));
  if (otherEvents.some((e) => e.code === picked)) copy.value = picked;
  copy.disabled = !otherEvents.length;
  $("copy-apply").disabled = !otherEvents.length;
}

async function loadTemplates() {
  try {
    templates = (await api("/api/agenda-templates")).templates;
    if (canEdit) {
      otherEvents = (await api("/api/events")).events.filter((e) => e.code !== code);
    }
  } catch (error) {
    showError($("apply-error"), error);
  }
  renderTemplates();
}

$("template-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  const errorEl = $("template-error");
  clearError(errorEl);
  $("template-saved").textContent = "";
  const submit = form.querySelector('[type="submit"]');
  submit.disabled = true;
  try {
    const { template } = await api(`${base}/agenda/template`, { method: "POST", body: { name: form.elements.name.value } });
    form.reset();
    $("template-saved").textContent = `Saved as “${template.name}”.`;
    await loadTemplates();
    if ($("template-select")) $("template-select").value = String(template.id);
  } catch (error) {
    showError(errorEl, error);
  } finally {
    submit.disabled = false;
  }
});

async function applyFrom(body, label) {
  const errorEl = $("apply-error");
  clearError(errorEl);
  $("apply-done").textContent = "";
  try {
    const answer = await api(`${base}/agenda/apply`, { method: "POST", body });
    applyAnswer(answer);
    const count = answer.item_ids.length;
    $("apply-done").textContent = `Added ${count} ${count === 1 ? "item" : "items"} from ${label}.`;
  } catch (error) {
    showError(errorEl, error);
  }
}

if ($("template-apply")) {
  $("template-apply").addEventListener("click", () => {
    const template = templates.find((t) => String(t.id) === $("template-select").value);
    if (template) applyFrom({ template_id: template.id }, `“${template.name}”`);
  });
  $("copy-apply").addEventListener("click", () => {
    const source = otherEvents.find((e) => e.code === $("copy-select").value);
    if (source) applyFrom({ from_event: source.code }, `“${source.title}”`);
  });
  $("template-delete").addEventListener("click", () => {
    $("template-delete-confirm").hidden = false;
    renderTemplates();
    $("template-delete-yes").focus();
  });
  $("template-delete-no").addEventListener("click", () => {
    $("template-delete-confirm").hidden = true;
    renderTemplates();
    $("template-delete").focus();
  });
  $("template-delete-yes").addEventListener("click", async () => {
    const template = templates.find((t) => String(t.id) === $("template-select").value);
    $("template-delete-confirm").hidden = true;
    if (!template) return;
    try {
      await api(`/api/agenda-templates/${template.id}`, { method: "DELETE" });
      $("apply-done").textContent = `Deleted the template “${template.name}”.`;
    } catch (error) {
      showError($("apply-error"), error);
    }
    await loadTemplates();
  });
}

loadTemplates();
