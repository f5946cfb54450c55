/**
 * Selecting questions on the dashboard and acting on all of them at once: a checkbox on each card, "Select all
 * shown" (the cards of the tab as searched and filtered), and the bar with "N selected" and the actions every
 * selected question allows (approve, reject, archive) and "Move to…". Each is one socket command
 * (questions:moderate, questions:move): the server checks every id first and changes all or none.
 *
 * data-testid: bulk-bar, select-all (checked / indeterminate), bulk-count ("3 selected"), bulk-approve,
 *   bulk-reject, bulk-archive, bulk-move (select "Move to…"), bulk-clear, bulk-error
 */
import { t, tn } from "../i18n.js";
import { ApiError, clearError, h, showError } from "../live.js";
import { $, agendaItems, announce, can, itemById, itemLabel, live, render } from "./context.js";
import { visible } from "./question_rules.js";

export const selected = new Set(); // question ids
let shown = []; // the questions of the tab on screen, as searched and filtered
const ACTIONS = ["approve", "reject", "archive"];

export function toggleSelected(id, on) {
  if (on) selected.add(id);
  else selected.delete(id);
  render();
}

/** The bar for the tab's list (the cards on screen, in order); a selection never reaches past them. */
export function renderSelection(list) {
  shown = list;
  const ids = new Set(list.map((q) => q.id));
  for (const id of [...selected]) if (!ids.has(id)) selected.delete(id);
  const picked = list.filter((q) => selected.has(q.id));
  const bar = $("bulk");
  bar.hidden = !can("questions") || list.length === 0;
  const all = $("select-all");
  all.checked = picked.length > 0 && picked.length === list.length;
  all.indeterminate = picked.length > 0 && picked.length < list.length;
  $("bulk-count").textContent = picked.length
    ? tn("%(n)s selected", "%(n)s selected", picked.length)
    : tn("%(n)s shown", "%(n)s shown", list.length);
  $("bulk-actions").hidden = picked.length === 0;
  for (const action of ACTIONS) {
    const button = $(`bulk-${action}`);
    button.hidden = !picked.length || !picked.every((q) => visible(action, q));
    button.disabled = bar.dataset.busy === "1";
  }
  renderMove(picked);
}

function renderMove(picked) {
  const select = $("bulk-move");
  const options = [["", t("Move to…")], ...agendaItems().map((i) => [String(i.id), itemLabel(i)]),
    ["general", t("General (no agenda item)")]];
  const signature = JSON.stringify(options);
  if (select.dataset.signature !== signature) {
    select.replaceChildren(...options.map(([value, label]) => h("option", { value }, label)));
    select.dataset.signature = signature;
  }
  select.hidden = !picked.length || agendaItems().length === 0 || picked.some((q) => q.status === "merged");
  select.disabled = $("bulk").dataset.busy === "1";
  select.value = "";
}

/** One socket command with its ack, as a promise: the ack's data, or an ApiError with the server's code. */
function command(name, payload) {
  return new Promise((resolve, reject) => {
    live.socket.timeout(15000).emit(name, payload, (timeout, ack) => {
      if (timeout) reject(new ApiError(0, { code: "network" }));
      else if (ack && ack.ok) resolve(ack.data);
      else reject(new ApiError(400, (ack && ack.error) || {}));
    });
  });
}

const DONE = {
  approve: (n) => tn("%(n)s question approved.", "%(n)s questions approved.", n),
  reject: (n) => tn("%(n)s question rejected.", "%(n)s questions rejected.", n),
  archive: (n) => tn("%(n)s question archived.", "%(n)s questions archived.", n),
};

async function send(name, payload, said) {
  const bar = $("bulk");
  clearError($("bulk-error"));
  bar.dataset.busy = "1";
  render();
  try {
    const { questions } = await command(name, payload);
    for (const question of questions) live.upsert(question);
    selected.clear();
    announce(said(questions.length));
  } catch (error) {
    showError($("bulk-error"), error);
  } finally {
    delete bar.dataset.busy;
    live.changed();
  }
}

function pickedIds() {
  return shown.filter((q) => selected.has(q.id)).map((q) => q.id);
}

for (const action of ACTIONS) {
  $(`bulk-${action}`).addEventListener("click", () => {
    const ids = pickedIds();
    if (ids.length) send("questions:moderate", { question_ids: ids, action }, DONE[action]);
  });
}
$("bulk-move").addEventListener("change", (e) => {
  const value = e.currentTarget.value;
  const ids = pickedIds();
  if (!value || !ids.length) return;
  const itemId = value === "general" ? null : Number(value);
  const item = itemById(itemId);
  send("questions:move", { question_ids: ids, agenda_item_id: itemId }, (n) => (item
    ? tn("%(n)s question moved to “%(title)s”.", "%(n)s questions moved to “%(title)s”.", n, { title: item.title })
    : tn("%(n)s question moved to the general questions.", "%(n)s questions moved to the general questions.", n)));
});
$("bulk-clear").addEventListener("click", () => {
  selected.clear();
  render();
});
$("select-all").addEventListener("change", (e) => {
  if (e.currentTarget.checked) for (const q of shown) selected.add(q.id);
  else selected.clear();
  render();
});
