/**
 * A question card's "More" menu: the actions the card does not keep in view (question_rules.js primaryActions),
 * behind one button (a disclosure: aria-expanded, the panel follows it). Enter / Space opens it with the focus on
 * its first control; ↓ / ↑ move to the next / previous control (round at the ends), Home / End to the first /
 * last; Escape or a click outside closes it (the focus goes back to the button), so does Tab out of it, and it
 * closes once one of its controls acted. A list (select) in it opens with Alt+↓ or Space, so the arrows never
 * pick from it by mistake. One menu is open at a time.
 *
 * data-testid: question-menu-button (aria-expanded), question-menu (the panel, holding the action buttons,
 *   action-reason, action-edit, action-followup, question-move, question-merge and question-ban)
 */
import { t } from "../i18n.js";
import { h } from "../live.js";

let open = null; // the panel open now
const MOVES = { ArrowDown: 1, ArrowUp: -1, Home: "first", End: "last" };

export function createMenu(id, buttons, ...controls) {
  const panelId = `question-menu-${id}`;
  const button = h("button", {
    type: "button", class: "btn btn-small btn-secondary mod-menu-button", "data-testid": "question-menu-button",
    "aria-expanded": "false", "aria-controls": panelId, title: t("More actions for this question"),
  }, h("span", { "aria-hidden": "true", text: "⋯" }), h("span", { class: "visually-hidden", text: t("More actions") }));
  const panel = h("div", { class: "mod-menu-panel", id: panelId, "data-testid": "question-menu", hidden: true },
    h("div", { class: "mod-menu-actions" }, buttons),
    controls);
  button.addEventListener("click", () => (panel.hidden ? show(panel) : close(panel)));
  panel.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close(panel, true);
    } else if (e.key in MOVES && !e.altKey && !e.ctrlKey && !e.metaKey && !typing(e.target)) {
      e.preventDefault(); // (not the next card: question_keys.js leaves a handled key alone)
      move(panel, MOVES[e.key]);
    }
  });
  // A control that acted (a button clicked, an option picked): its work is done, so is the menu's.
  panel.addEventListener("click", (e) => {
    // (Not "Follow up…": its dialog gives the focus back to it when it closes.)
    if (e.target.closest("button") && !e.target.closest("[data-followup]")) queueMicrotask(() => close(panel, true));
  });
  panel.addEventListener("change", () => queueMicrotask(() => close(panel, true)));
  const menu = h("div", { class: "mod-menu" }, button, panel);
  // Tab out of it (to the next card, say): it closes behind the focus. (Not for a dialog it opened.)
  menu.addEventListener("focusout", (e) => {
    const to = e.relatedTarget;
    if (to && !menu.contains(to) && !to.closest("dialog")) close(panel);
  });
  return menu;
}

/** A field the keys write into (they move its caret there, not the focus). */
function typing(el) {
  return el.isContentEditable || el.tagName === "TEXTAREA"
    || (el.tagName === "INPUT" && !["checkbox", "radio", "button", "submit", "reset"].includes(el.type));
}

/** The panel's controls that can take the focus now, in order. */
function controls(panel) {
  return [...panel.querySelectorAll("button, select, input, a[href]")]
    .filter((el) => !el.disabled && el.getClientRects().length > 0);
}

function move(panel, step) {
  const items = controls(panel);
  if (!items.length) return;
  const here = items.indexOf(document.activeElement);
  let next;
  if (step === "first") next = 0;
  else if (step === "last") next = items.length - 1;
  else next = here < 0 ? 0 : (here + step + items.length) % items.length;
  items[next].focus();
}

function show(panel) {
  if (open && open !== panel) close(open);
  panel.hidden = false;
  toggle(panel).setAttribute("aria-expanded", "true");
  open = panel;
  move(panel, "first");
}

function toggle(panel) {
  return panel.parentElement.querySelector(".mod-menu-button");
}

export function close(panel, refocus = false) {
  if (!panel || panel.hidden) return;
  panel.hidden = true;
  const button = toggle(panel);
  button.setAttribute("aria-expanded", "false");
  if (open === panel) open = null;
  if (refocus && button.isConnected && panel.contains(document.activeElement)) button.focus();
  else if (refocus && button.isConnected && document.activeElement === document.body) button.focus();
}

/** Nothing in the menu to do (a merged question, a read-only role): no button. */
export function updateMenu(card) {
  const panel = card.querySelector(".mod-menu-panel");
  const any = [...panel.querySelectorAll("button, select")].some((el) => !el.hidden);
  card.querySelector(".mod-menu-button").hidden = !any;
  if (!any) close(panel);
}

document.addEventListener("pointerdown", (e) => {
  // (A dialog opened from the menu, e.g. "Follow up…", keeps it open: the focus comes back to it.)
  if (open && !open.parentElement.contains(e.target) && !e.target.closest("dialog")) close(open);
});
