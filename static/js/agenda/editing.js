/**
 * Changing the agenda: editing an item in place, deleting it (after a confirmation), moving it (buttons, keys,
 * drag and drop over the list; shown at once, settled by the server's answer) and adding one.
 */
import { t } from "../i18n.js";
import { api, clearFormErrors, showError, showFormError } from "../live.js";
import {
  $, announce, applyAnswer, base, byId, confirmingDelete, editing, itemErrors, items, live, minutesValue, render,
  state, ui,
} from "./context.js";

function focusItem(id, selector) {
  queueMicrotask(() => {
    const el = $("list").querySelector(`[data-item-id="${id}"]`);
    const target = el && (selector ? el.querySelector(selector) : el);
    if (target) target.focus();
  });
}

export function startEdit(id) {
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

export function cancelEdit(id) {
  editing.delete(id);
  render();
  focusItem(id, '[data-testid="item-edit"]');
}

export async function saveEdit(id, form, errorEl) {
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
    announce(t("Saved “%(title)s”.", { title: byId(id) ? byId(id).title : draft.title }));
    focusItem(id, '[data-testid="item-edit"]');
  } catch (error) {
    showFormError(form, error, errorEl);
  } finally {
    save.disabled = false;
  }
}

export function askDelete(id) {
  confirmingDelete.add(id);
  render();
  focusItem(id, '[data-testid="item-delete-confirm"]');
}

export function cancelDelete(id) {
  confirmingDelete.delete(id);
  render();
  focusItem(id, '[data-testid="item-delete"]');
}

export async function deleteItem(id) {
  const item = byId(id);
  itemErrors.delete(id);
  try {
    const answer = await api(`${base}/agenda/items/${id}`, { method: "DELETE" });
    confirmingDelete.delete(id);
    applyAnswer(answer);
    announce(item ? t("Deleted “%(title)s”.", { title: item.title }) : t("Deleted the item."));
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
    itemErrors.set(id, error.message || t("Could not delete the item."));
    render();
    setTimeout(() => {
      itemErrors.delete(id);
      live.changed();
    }, 8000);
  }
}

/** Move an item one place up (-1) or down (+1). */
export function move(id, delta) {
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
  announce(t("Moved “%(title)s” to position %(position)s of %(count)s.",
    { title: moved.title, position: ids.indexOf(movedId) + 1, count: ids.length }));
  try {
    applyAnswer(await api(`${base}/agenda/order`, { method: "PUT", body: { item_ids: ids } }));
  } catch (error) {
    showError($("page-error"), error);
    live.refresh();
  }
}

// drag and drop over the list
export function clearDropMarks() {
  for (const el of $("list").querySelectorAll(".drop-before, .drop-after")) {
    el.classList.remove("drop-before", "drop-after");
  }
}

function dropTarget(e) {
  const el = e.target.closest && e.target.closest(".agenda-item");
  if (!el || Number(el.dataset.itemId) === ui.dragId) return null;
  const rect = el.getBoundingClientRect();
  return { el, after: e.clientY > rect.top + rect.height / 2 };
}

$("list").addEventListener("dragover", (e) => {
  if (ui.dragId === null) return;
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
  if (ui.dragId === null) return;
  e.preventDefault();
  const target = dropTarget(e);
  clearDropMarks();
  if (!target) return;
  const ids = items().map((i) => i.id).filter((itemId) => itemId !== ui.dragId);
  const at = ids.indexOf(Number(target.el.dataset.itemId)) + (target.after ? 1 : 0);
  ids.splice(at, 0, ui.dragId);
  if (ids.join() !== items().map((i) => i.id).join()) reorder(ids, ui.dragId);
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
      announce(t("Added “%(title)s”.", { title: data.title.trim() }));
      addForm.elements.title.focus();
    } catch (error) {
      showFormError(addForm, error, errorEl);
    } finally {
      submit.disabled = false;
    }
  });
}
