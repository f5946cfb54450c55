/**
 * One agenda item in the list: built once (createItem), brought up to date on every render (updateItem): its
 * position, title, presenter, planned time, status and timer, the questions filed under it, its buttons (move,
 * run now, edit, delete with a confirmation), keyboard moves (Alt+ArrowUp / Alt+ArrowDown), dragging, and the
 * inline edit form. The requests are in editing.js.
 */
import { t, tn } from "../i18n.js";
import { clearError, formatWhen, h, showError } from "../live.js";
import { clock, remainingText } from "../timers.js";
import { confirmingDelete, duration, editing, elapsedOf, itemErrors, items, state, ui } from "./context.js";
import {
  askDelete, cancelDelete, cancelEdit, clearDropMarks, deleteItem, move, saveEdit, startEdit,
} from "./editing.js";
import { runAction } from "./run_of_show.js";

const STATUS_LABEL = { upcoming: t("Upcoming"), running: t("Now"), paused: t("Paused"), done: t("Done") };

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

export function createItem(item) {
  const id = item.id;
  const el = h("li", {
    class: "agenda-item", "data-testid": "agenda-item", tabindex: ui.canEdit ? "0" : null,
  },
  h("span", {
    class: "drag-handle", "data-testid": "item-drag-handle", "aria-hidden": "true", title: t("Drag to reorder"),
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
    ui.canEdit ? h("div", { class: "item-actions" },
      iconButton("item-move-up", t("Move up"), "↑", () => move(id, -1)),
      iconButton("item-move-down", t("Move down"), "↓", () => move(id, +1)),
      h("button", { type: "button", class: "btn btn-secondary btn-small", "data-testid": "item-run", onclick: () => runAction("start_item", id) }, t("Run now")),
      h("button", { type: "button", class: "btn btn-secondary btn-small", "data-testid": "item-edit", onclick: () => startEdit(id) }, t("Edit")),
      h("button", { type: "button", class: "btn btn-danger btn-small", "data-testid": "item-delete", onclick: () => askDelete(id) }, t("Delete")),
      h("span", { class: "confirm-inline item-confirm", hidden: true },
        h("span", { class: "confirm-text" }, t("Delete this item?")),
        h("button", { type: "button", class: "btn btn-danger btn-small", "data-testid": "item-delete-confirm", onclick: () => deleteItem(id) }, t("Delete")),
        h("button", { type: "button", class: "btn btn-ghost btn-small", "data-testid": "item-delete-cancel", onclick: () => cancelDelete(id) }, t("Cancel"))))
      : null),
  h("p", { class: "field-error item-error", "data-testid": "item-error", role: "alert", hidden: true }));

  if (ui.canEdit) {
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
      ui.dragId = id;
      el.classList.add("is-dragging");
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", String(id));
    });
    el.addEventListener("dragend", () => {
      el.draggable = false;
      el.classList.remove("is-dragging");
      ui.dragId = null;
      clearDropMarks();
    });
  }
  return el;
}

export function updateItem(el, item) {
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
  if (item.status === "upcoming") status.textContent = item.elapsed_seconds ? t("Interrupted") : t("Not reached");
  const presenter = el.querySelector(".item-presenter");
  presenter.textContent = item.presenter;
  presenter.hidden = !item.presenter;
  el.querySelector(".item-planned").textContent = t("%(duration)s planned", { duration: duration(item.planned_minutes) });
  const count = questionCount(id);
  const questions = el.querySelector(".item-questions");
  questions.textContent = tn("%(n)s question", "%(n)s questions", count);
  questions.hidden = count === 0;
  const times = el.querySelector(".item-times");
  const started = item.started_at ? formatWhen(item.started_at, "time") : "";
  const endedAt = item.ended_at ? formatWhen(item.ended_at, "time") : "";
  times.textContent = !started ? ""
    : endedAt ? t("Started %(start)s · ended %(end)s", { start: started, end: endedAt }) : t("Started %(start)s", { start: started });
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
    set("item-run", !confirming && !item.current && !isEditing, !ui.busy);
    set("item-edit", !confirming && !isEditing);
    set("item-delete", !confirming && !isEditing, !item.current);
    actions.querySelector('[data-testid="item-delete"]').title = item.current
      ? t("This item is on the floor: move on before deleting it") : "";
    actions.querySelector(".item-confirm").hidden = !confirming;
    const run = actions.querySelector('[data-testid="item-run"]');
    run.textContent = meeting === "not_started" ? t("Start here") : t("Run now");
    run.title = meeting === "not_started" ? t("Start the meeting with this item") : t("End the current item and run this one");
  }
  renderItemTimer(el, item);
}

export function renderItemTimer(el, item) {
  const timer = el.querySelector(".item-timer");
  const elapsed = elapsedOf(item);
  const over = elapsed > item.planned_seconds;
  el.dataset.overrun = String(over && item.status !== "upcoming");
  timer.classList.toggle("is-overrun", over);
  if (item.current) {
    timer.textContent = `${clock(elapsed)} · ${remainingText(item.planned_seconds, elapsed)}`;
  } else if (item.status === "done" || elapsed > 0) {
    timer.textContent = over
      ? t("Took %(time)s · %(over)s over", { time: clock(elapsed), over: clock(elapsed - item.planned_seconds) })
      : t("Took %(time)s", { time: clock(elapsed) });
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
  field(t("Title"), input("title", "edit-title", { attrs: { maxlength: 200, required: true } }), "title"),
  h("div", { class: "field-pair" },
    field(t("Presenter"), input("presenter", "edit-presenter", { attrs: { maxlength: 120 } }), "presenter"),
    field(t("Minutes"), input("planned_minutes", "edit-minutes",
      { attrs: { type: "number", min: 0, max: 600, step: 1, inputmode: "numeric" } }), "planned_minutes")),
  field(t("Description"), input("description", "edit-description", { tag: "textarea", attrs: { rows: 2 } }), "description"),
  errorEl,
  h("div", { class: "edit-buttons" },
    h("span", { class: "hint" }, t("Enter saves · Esc cancels")),
    h("button", { type: "button", class: "btn btn-secondary btn-small", "data-testid": "edit-cancel", onclick: () => cancelEdit(id) }, t("Cancel")),
    h("button", { type: "submit", class: "btn btn-small", "data-testid": "edit-save" }, t("Save"))));
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
