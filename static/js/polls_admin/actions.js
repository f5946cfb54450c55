/**
 * The polls page's requests about one poll (launch, close, reveal, delete; hide or show a text answer), one at
 * a time per poll: the card's buttons wait, an error shows on the card, the answer is applied at once.
 */
import { t } from "../i18n.js";
import { api } from "../live.js";
import { launchPoll, pollCommand } from "./commands.js";
import { announce, applyAnswer, base, cardOf, durationLabel, live, ui } from "./context.js";
import { stopEditing } from "./form.js";

async function run(id, request, done) {
  if (ui.busy.has(id)) return;
  ui.busy.add(id);
  ui.cardErrors.delete(id);
  live.changed();
  try {
    const answer = await request();
    done(answer);
  } catch (error) {
    ui.cardErrors.set(id, error);
  } finally {
    ui.busy.delete(id);
    live.changed();
  }
}

export function launch(id) {
  const card = cardOf(id);
  const select = card && card.querySelector('[data-role="launch-duration"]');
  const seconds = select ? Number(select.value) || 0 : 0;
  if (ui.editingId === id) stopEditing();
  run(id, () => launchPoll(base, id, seconds), (answer) => {
    ui.launchChoice.delete(id);
    applyAnswer(answer);
    announce(seconds ? t("Poll launched; it closes in %(duration)s.", { duration: durationLabel(seconds) }) : t("Poll launched."));
    queueMicrotask(() => cardOf(id)?.querySelector('[data-testid="poll-close"]')?.focus({ preventScroll: true }));
  });
}

export function command(id, action, message) {
  run(id, () => pollCommand(base, id, action), (answer) => {
    applyAnswer(answer);
    announce(message);
  });
}

export function remove(id) {
  run(id, () => api(`${base}/polls/${id}`, { method: "DELETE" }), () => {
    ui.confirmingDelete.delete(id);
    if (ui.editingId === id) stopEditing();
    applyAnswer(null, id);
    announce(t("Poll deleted."));
  });
}

export async function toggleAnswer(pollId, answerId, action) {
  const key = `answer:${answerId}`;
  if (ui.busy.has(key)) return;
  ui.busy.add(key);
  ui.cardErrors.delete(pollId);
  live.changed();
  try {
    const answer = await api(`${base}/polls/${pollId}/answers/${answerId}/${action}`, { method: "POST", body: {} });
    applyAnswer(answer);
    announce(action === "hide" ? t("Answer hidden from the room and the word cloud.") : t("Answer shown again."));
  } catch (error) {
    ui.cardErrors.set(pollId, error);
  } finally {
    ui.busy.delete(key);
    live.changed();
  }
  // The button pressed was swapped for its opposite: keep the keyboard where it was.
  const li = cardOf(pollId)?.querySelector(`[data-testid="answer"][data-answer-id="${answerId}"]`);
  const next = li && li.querySelector(`[data-testid="answer-${action === "hide" ? "show" : "hide"}"]`);
  if (next && (!document.activeElement || document.activeElement === document.body)) next.focus({ preventScroll: true });
}
