/**
 * Putting a question on the floor: when a higher-voted question is still waiting (fair_queue.isWaiting, the
 * rule the server records skips by), a small dialog asks why first, with quick picks and free text (at most
 * 200 characters, optional: "" is recorded as "no reason given"); then POST .../answering {skip_reason}.
 * The top-voted waiting question goes straight on the floor.
 *
 * data-testid: skip-dialog, skip-over (the passed-over question), skip-pick (quick picks), skip-reason,
 *   skip-confirm, skip-cancel
 */
import { t, tn } from "../i18n.js";
import { $, state } from "./context.js";
import { act } from "./question_actions.js";
import { isWaiting } from "./fair_queue.js";

export const QUICK_PICKS = [t("On the current agenda item"), t("Asked earlier in writing"), t("Time-sensitive")];

let pending = null; // {id, button}: the question about to go on the floor

/** The waiting questions with more votes than question `id`, most votes first. */
export function higherWaiting(id) {
  const chosen = state.questions[id];
  if (!chosen) return [];
  return Object.values(state.questions)
    .filter((q) => q.id !== id && isWaiting(q) && q.votes > chosen.votes)
    .sort((a, b) => b.votes - a.votes || Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);
}

export function putOnTheFloor(id, button) {
  const chosen = state.questions[id];
  const over = chosen && chosen.progress !== "answering" ? higherWaiting(id) : [];
  if (!over.length) {
    act(id, "answering", button);
    return;
  }
  pending = { id, button };
  const top = over[0];
  const params = { text: top.text, votes: tn("%(n)s vote", "%(n)s votes", top.votes) };
  $("skip-over").textContent = over.length > 1
    ? tn("“%(text)s” (%(votes)s) and %(n)s more", "“%(text)s” (%(votes)s) and %(n)s more", over.length - 1, params)
    : t("“%(text)s” (%(votes)s)", params);
  $("skip-chosen").textContent = tn("%(n)s vote", "%(n)s votes", chosen.votes);
  $("skip-reason").value = "";
  const dialog = $("skip-dialog");
  if (typeof dialog.showModal === "function") dialog.showModal();
  else dialog.setAttribute("open", "");
  $("skip-reason").focus();
}

for (const button of document.querySelectorAll("[data-skip-pick]")) {
  button.addEventListener("click", () => {
    $("skip-reason").value = button.dataset.skipPick;
    $("skip-reason").focus();
  });
}

$("skip-dialog").addEventListener("close", () => {
  const dialog = $("skip-dialog");
  const go = dialog.returnValue === "confirm" && pending;
  const { id, button } = pending || {};
  pending = null;
  dialog.returnValue = "";
  if (!go) {
    if (button && button.isConnected) button.focus();
    return;
  }
  const reason = $("skip-reason").value.trim();
  act(id, "answering", button, reason ? { skip_reason: reason } : undefined);
});
