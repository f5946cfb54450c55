/**
 * The run-of-show bar on the agenda page (drawn by ../runbar.js, shared with the dashboard) and its buttons:
 * start, back, pause, resume, next, end (with a confirmation), reopen; and "Run now" on an item.
 */
import { t } from "../i18n.js";
import { api, clearError, showError } from "../live.js";
import { renderRunBar as drawRunBar, runAnnouncement } from "../runbar.js";
import { $, announce, applyAnswer, base, byId, items, render, state, ui } from "./context.js";

export function renderRunBar() {
  drawRunBar($, state.agenda, {
    items: items(),
    byId,
    busy: ui.busy,
    confirming: !$("end-confirm").hidden,
    emptyTitle: t("Add items to the agenda to run the meeting"),
    subFor: (current, next) => [current.presenter, next ? t("Next: %(title)s", { title: next.title }) : t("Last item")]
      .filter(Boolean).join(" · "),
  });
  if (state.agenda.meeting.state !== "running") $("end-confirm").hidden = true;
}

export async function runAction(action, itemId) {
  const errorEl = $("run-error");
  clearError(errorEl);
  ui.busy = true;
  render();
  try {
    const body = action === "start_item" ? { item_id: itemId } : undefined;
    applyAnswer(await api(`${base}/agenda/run/${action}`, { method: "POST", body }));
    announce(runAnnouncement(state.agenda, byId));
  } catch (error) {
    showError(errorEl, error);
  } finally {
    ui.busy = false;
    $("end-confirm").hidden = true;
    render();
  }
}

/** On the last item Next ends the meeting too ("Finish and end meeting"). */
function endsMeeting(action) {
  return action === "next" && state.agenda.meeting.state === "running" && !state.agenda.next_item_id;
}

const controls = $("run-controls");
if (controls) {
  const askToEnd = () => {
    $("end-confirm").hidden = false;
    render();
    controls.querySelector('[data-testid="run-end-confirm"]').focus();
  };
  // It asks first, as End does; its Yes sends "end", the same change.
  for (const button of controls.querySelectorAll("[data-run]")) {
    button.addEventListener("click", () => (endsMeeting(button.dataset.run) ? askToEnd() : runAction(button.dataset.run)));
  }
  $("end").addEventListener("click", askToEnd);
  $("end-cancel").addEventListener("click", () => {
    $("end-confirm").hidden = true;
    render();
    $("end").focus();
  });
}
