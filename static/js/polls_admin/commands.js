/**
 * The requests that run a poll and the words for its state, shared by the polls page (actions.js, card.js) and the
 * dashboard's polls panel (dashboard/polls_panel.js): the same API for both (docs/polls.md).
 */
import { t } from "../i18n.js";
import { api } from "../live.js";

export const STATUS_LABEL = { draft: t("Draft"), open: t("Open"), closed: t("Closed") };

/** What each command tells screen readers once done (launch: see launchMessage). */
export const DONE_MESSAGE = {
  close: t("Poll closed."), reveal: t("Results revealed to the room."), unreveal: t("Results hidden from the room again."),
};

/** POST .../polls/<id>/<action> (open, close, reveal, unreveal); resolves with the moderators' view of the poll. */
export function pollCommand(base, id, action, body = {}) {
  return api(`${base}/polls/${id}/${action}`, { method: "POST", body });
}

/** Launch a draft; seconds: its time limit (0: none, even if one was prepared). */
export function launchPoll(base, id, seconds) {
  return pollCommand(base, id, "open", { duration_seconds: seconds || null });
}

/** Which commands a poll offers now: the same rules on both pages. */
export function commandsFor(poll) {
  const draft = poll.status === "draft";
  return {
    launch: draft,
    close: poll.status === "open",
    reveal: poll.visibility === "on_reveal" && !poll.revealed && !draft,
    unreveal: Boolean(poll.revealed) && !draft,
  };
}
