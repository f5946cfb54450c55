/**
 * The question list by keyboard: j / k (or ↓ / ↑ on a card) move to the next / previous card of the tab on
 * screen, a approves, r rejects, n puts the question on the floor ("Answer now"), d marks it answered, h hides
 * it, x selects it, / goes to the search, ? shows the list of shortcuts. Keys typed into a field, with Ctrl / Alt /
 * ⌘, or while a dialog is open do nothing here. After approving or rejecting by keyboard the focus goes to the
 * next waiting question, so the same key works through the queue.
 *
 * data-testid: shortcuts-open (the button that shows the list), shortcuts-dialog, shortcuts-list, shortcuts-close
 */
import { $, root } from "./context.js";
import { toggleSelected, selected } from "./question_selection.js";

const ACTION_KEYS = { a: "approve", r: "reject", n: "answering", d: "answered", h: "hide" };
const ADVANCE = ["approve", "reject"]; // the card leaves the list: the next one takes the focus

function typing(el) {
  if (!el || !el.tagName) return false;
  if (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
  return el.tagName === "INPUT" && !["checkbox", "radio", "button", "submit", "reset"].includes(el.type);
}

/** The cards of the tab on screen, in order. */
function cards() {
  const panel = root.querySelector("[data-panel]:not([hidden])");
  return panel ? [...panel.querySelectorAll(".mod-list > .mod-card")] : [];
}

function currentCard() {
  const active = document.activeElement;
  const card = active && active.closest ? active.closest(".mod-card") : null;
  return card && cards().includes(card) ? card : null;
}

function focusCard(card) {
  if (!card) return;
  card.focus({ preventScroll: true });
  card.scrollIntoView({ block: "nearest" });
}

function step(delta) {
  const list = cards();
  if (!list.length) return;
  const index = list.indexOf(currentCard());
  const next = index < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.min(Math.max(index + delta, 0), list.length - 1);
  focusCard(list[next]);
}

function actOn(action) {
  const card = currentCard();
  if (!card) return;
  const button = card.querySelector(`.mod-actions [data-action="${action}"]`);
  if (!button || button.hidden || button.disabled) return;
  const list = cards();
  const index = list.indexOf(card);
  const after = ADVANCE.includes(action) ? list[index + 1] || list[index - 1] : null;
  button.click();
  if (after) focusCard(after);
}

document.addEventListener("keydown", (e) => {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
  if (document.querySelector("dialog[open]")) return;
  const key = e.key;
  const onCard = currentCard();
  let done = true;
  if (key === "?") showHelp();
  else if (key === "/") $("search").focus();
  else if (key === "j" || (key === "ArrowDown" && onCard)) step(1);
  else if (key === "k" || (key === "ArrowUp" && onCard)) step(-1);
  else if (key === "x" && onCard) {
    const id = Number(onCard.dataset.questionId);
    toggleSelected(id, !selected.has(id));
  } else if (ACTION_KEYS[key] && onCard) actOn(ACTION_KEYS[key]);
  else done = false;
  if (done) e.preventDefault();
});

function showHelp() {
  const dialog = $("keys-dialog");
  if (!dialog.open) dialog.showModal();
}

$("keys-open").addEventListener("click", showHelp);
