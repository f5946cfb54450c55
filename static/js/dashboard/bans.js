/**
 * Bans and the moderation log on the dashboard: "Ban asker…" on a question card (with a reason), the list of
 * banned phones with Undo, and the moderation log (who did what, when, why). Only for roles that may moderate
 * questions; the server checks every request again.
 *
 * data-testid: question-ban (select on a card), bans-panel, ban-list, ban-entry (data-ban-id), ban-undo,
 *   bans-empty, bans-error, moderation-log, log-entry
 */
import { t } from "../i18n.js";
import { api, clearError, formatWhen, h, showError } from "../live.js";
import { $, announce, base, can } from "./context.js";
import { REASONS } from "./question_rules.js";

// A log entry's sentence, whole: who did what to question #id (p = {who, id}).
const ON_QUESTION = {
  approve: (p) => t("%(who)s approved #%(id)s", p),
  reject: (p) => t("%(who)s rejected #%(id)s", p),
  hide: (p) => t("%(who)s hid #%(id)s", p),
  restore: (p) => t("%(who)s restored #%(id)s", p),
  archive: (p) => t("%(who)s archived #%(id)s", p),
  merge: (p) => t("%(who)s merged #%(id)s", p),
  edit: (p) => t("%(who)s edited #%(id)s", p),
  ban: (p) => t("%(who)s banned the asker of #%(id)s", p),
  unban: (p) => t("%(who)s lifted the ban on the asker of #%(id)s", p),
  hold: (p) => t("%(who)s held for review #%(id)s", p),
};
// ... and without a question.
const ON_NOTHING = {
  approve: (p) => t("%(who)s approved", p),
  reject: (p) => t("%(who)s rejected", p),
  hide: (p) => t("%(who)s hid", p),
  restore: (p) => t("%(who)s restored", p),
  archive: (p) => t("%(who)s archived", p),
  merge: (p) => t("%(who)s merged", p),
  edit: (p) => t("%(who)s edited", p),
  ban: (p) => t("%(who)s banned an asker", p),
  unban: (p) => t("%(who)s lifted a ban", p),
  hold: (p) => t("%(who)s held for review", p),
  blocklist: (p) => t("%(who)s changed the blocklist", p),
};

function logText(entry, who) {
  const id = entry.targets && entry.targets.question_id;
  const sentence = id ? ON_QUESTION[entry.action] : ON_NOTHING[entry.action];
  if (sentence) return sentence({ who, id: String(id) });
  return id ? `${who} ${entry.action} #${id}` : `${who} ${entry.action}`; // an action this page does not know
}

/** The card's "Ban asker…" select: its options once, hidden where banning makes no sense. */
export function createBanSelect(id) {
  return h("select", {
    class: "input input-small mod-ban", "data-testid": "question-ban", "aria-label": t("Ban the asker of this question"),
    title: t("Ban the asker's phone from this event (their pending questions are hidden; undo in Banned phones)"),
    onchange: (e) => banAsker(id, e.currentTarget),
  }, h("option", { value: "" }, t("Ban asker…")),
  ...Object.entries(REASONS).map(([value, label]) => h("option", { value }, t("Ban: %(reason)s", { reason: label.toLowerCase() }))));
}

export function updateBanSelect(select, q, mayModerate) {
  select.hidden = !mayModerate || q.status === "merged";
  if (!select.disabled) select.value = "";
}

async function banAsker(id, select) {
  const reason = select.value;
  if (!reason) return;
  const errorEl = select.closest(".mod-card").querySelector(".question-error");
  clearError(errorEl);
  select.disabled = true;
  try {
    const { ban } = await api(`${base}/bans`, { method: "POST", body: { question_id: id, reason } });
    announce(t("The asker of question #%(id)s is banned (%(reason)s).",
      { id: String(id), reason: REASONS[ban.reason].toLowerCase() }));
    await loadBans();
  } catch (error) {
    showError(errorEl, error);
  } finally {
    select.disabled = false;
    select.value = "";
  }
}

async function unban(banId, button) {
  clearError($("bans-error"));
  button.disabled = true;
  try {
    await api(`${base}/bans/${banId}`, { method: "DELETE" });
    announce(t("Ban lifted."));
    await loadBans();
  } catch (error) {
    showError($("bans-error"), error);
    button.disabled = false;
  }
}

function banLabel(ban) {
  const who = ban.anonymous ? t("Anonymous asker") : `${ban.asker || t("Asker")}`;
  return ban.question_id ? t("%(asker)s of question #%(id)s", { asker: who, id: String(ban.question_id) }) : who;
}

function renderBans(bans) {
  $("bans-empty").hidden = bans.length > 0;
  $("ban-list").replaceChildren(...bans.map((ban) => h("li", {
    class: "ban-entry", "data-testid": "ban-entry", "data-ban-id": ban.id,
  },
  h("span", { class: "ban-who" }, banLabel(ban)),
  h("span", { class: "ban-why" }, `${REASONS[ban.reason] || ban.reason} · ${ban.by || "?"} · ${formatWhen(ban.at)}`),
  h("button", {
    type: "button", class: "btn btn-small btn-secondary", "data-testid": "ban-undo",
    onclick: (e) => unban(ban.id, e.currentTarget),
  }, t("Undo")))));
}

function renderLog(entries) {
  $("log-list").replaceChildren(...entries.map((entry) => {
    const who = entry.actor && entry.actor.name ? entry.actor.name : t("Blocklist");
    const why = entry.detail ? ` — ${entry.detail}` : "";
    return h("li", { class: "log-entry", "data-testid": "log-entry" },
      h("time", {}, formatWhen(entry.at)), ` ${logText(entry, who)}${why}`);
  }));
}

/** Fetch the bans and the log again (after a ban or an undo, and once the snapshot says my role). */
export async function loadBans() {
  const panel = $("bans");
  panel.hidden = !can("questions");
  if (panel.hidden) return;
  try {
    const [{ bans }, { log }] = await Promise.all([api(`${base}/bans`), api(`${base}/moderation/log`)]);
    renderBans(bans);
    renderLog(log);
  } catch (error) {
    showError($("bans-error"), error);
  }
}
