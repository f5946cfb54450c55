/**
 * Moderator dashboard (/dashboard/e/<code>): the chair's cockpit. Laptop, 1366x768 and up.
 *
 * One moderator snapshot and the socket (live.js) feed four parts, one module each under dashboard/: the run
 * of show (run_of_show.js; agenda:changed), the list of speakers (speakers.js; speakers:changed), the questions
 * (questions.js with question_card.js, question_actions.js and question_rules.js; questions:changed /
 * questions:tallied; following them up: followups.js, followup_review.js, followup:changed; the fair-queue
 * sort: fair_queue.js; the skip reason asked: skip_prompt.js), the fairness panel (fairness.js: refetched when
 * questions change), the polls panel (polls_panel.js; polls:changed / poll:tallied) and, here, the event panel with its counters (stats:updated). records:changed is kept in
 * state; team:changed fetches a snapshot (my role may have changed): dashboard/context.js. What a user may do
 * comes from the snapshot's `capabilities`: without "agenda", "speakers" or "questions" the matching controls
 * are not shown at all (the server would refuse them anyway). Timers count locally (timers.js) between
 * messages; every message's server_now refreshes state.clockOffset.
 *
 * data-testid (this module; each panel's module lists its own):
 *   dashboard-page, event-title, event-open-badge, my-role, join-code, join-url,
 *   link-agenda, link-notes, link-team, link-polls (each shown only when the role may open it), link-projector,
 *   link-poster,
 *   link-settings (owner only), counter-connected, counter-peak (most phones connected at once), counter-joined,
 *   counter-questions, counter-votes,
 *   connection-status, dashboard-error, dashboard-read-only (presenters, note-takers), dashboard-announce
 * Debug hook: window.townhall (see live.js); state.stats holds the counters, state.agenda, state.speakers,
 * state.capabilities and state.role come from the snapshot and the messages.
 */
import { t, withNodes } from "./i18n.js";
import { h, localizeTimes } from "./live.js";
import { $, can, connect, root, showEvent, state } from "./dashboard/context.js";
import { loadBans } from "./dashboard/bans.js";
import { loadFollowups, onFollowupChanged } from "./dashboard/followups.js";
import { renderFollowupNotice } from "./dashboard/followup_review.js";
import { renderFairness } from "./dashboard/fairness.js";
import { renderPolls, tickPolls } from "./dashboard/polls_panel.js";
import { renderQuestions } from "./dashboard/questions.js";
import { renderRunBar, tickRunOfShow } from "./dashboard/run_of_show.js";
import { renderSpeakers, tickSpeakers } from "./dashboard/speakers.js";

const ROLE_LABEL = { owner: t("Owner"), moderator: t("Moderator"), note_taker: t("Note-taker"), presenter: t("Presenter") };
// The read-only notice, one sentence per role.
const READ_ONLY = {
  owner: t("You are the owner here: this dashboard is read-only for you."),
  moderator: t("You are a moderator here: this dashboard is read-only for you."),
  note_taker: t("You are a note-taker here: this dashboard is read-only for you."),
  presenter: t("You are a presenter here: this dashboard is read-only for you."),
};

localizeTimes(root);
connect(render).socket.on("followup:changed", onFollowupChanged);

function render() {
  if (!showEvent(state, (title) => t("%(title)s · Dashboard · Townhall", { title }))) return;
  const event = state.event;
  const openBadge = $("open-badge");
  openBadge.textContent = event.is_open ? t("Open") : t("Closed");
  openBadge.classList.toggle("badge-ok", event.is_open);
  $("premod-badge").hidden = !event.premoderation;

  renderRole();
  renderCounters();
  const bansKey = (state.capabilities || []).join(",");
  if ($("bans").dataset.key !== bansKey) {
    $("bans").dataset.key = bansKey; // once per role, and again after each ban or undo (bans.js)
    loadBans();
    loadFollowups(); // the offices and the follow-ups so far, once per role too
  }
  renderRunBar();
  renderSpeakers();
  renderQuestions();
  renderFollowupNotice();
  renderFairness();
  renderPolls();
  tick();
}

function renderRole() {
  const role = state.role;
  $("role-line").hidden = !role;
  $("role").textContent = ROLE_LABEL[role] || role || "";

  const view = can("view");
  const links = {
    agenda: [view, can("agenda") ? t("edit and run") : t("read-only")],
    notes: [can("notes") || view, can("notes") ? t("notes, decisions") : t("read-only")],
    team: [view, can("team") ? t("invite, roles") : t("who is who")],
    polls: [view, can("questions") ? t("prepare and run") : t("read-only")],
  };
  for (const [name, [show, hint]] of Object.entries(links)) {
    $(`link-${name}`).hidden = !show;
    $(`${name}-hint`).textContent = hint;
  }
  $("link-settings").hidden = !can("settings");

  const readOnly = $("read-only");
  const full = can("questions") && can("agenda") && can("speakers");
  readOnly.hidden = full || !role;
  const key = `${role}:${(state.capabilities || []).join(",")}`;
  if (!full && role && readOnly.dataset.key !== key) {
    readOnly.dataset.key = key; // built once per role: a re-render must not take the focus off its link
    const parts = [READ_ONLY[role] || t("You are a %(role)s here: this dashboard is read-only for you.", { role })];
    if (can("notes")) {
      parts.push(" ", ...withNodes(t("Notes, decisions and action items go on the %(link)s."),
        { link: h("a", { href: $("link-notes").getAttribute("href") }, t("Notes page")) }));
    } else if (role === "presenter") {
      parts.push(` ${t("Open the projector to show the meeting to the room.")}`);
    }
    readOnly.replaceChildren(...parts);
  }
}

function renderCounters() {
  const stats = state.stats || {};
  for (const el of root.querySelectorAll("[data-counter]")) {
    const value = stats[el.dataset.counter];
    el.textContent = typeof value === "number" ? value : "–";
  }
}

// --- timers: twice a second, only text and flags change ---------------------------------------

function tick() {
  if (!state.loaded) return;
  const offset = state.clockOffset || 0;
  tickRunOfShow(offset);
  tickSpeakers(offset);
  tickPolls();
}
setInterval(tick, 500);
