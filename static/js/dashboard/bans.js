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

const ACTION_LABEL = {
  approve: "approved", reject: "rejected", hide: "hid", restore: "restored", archive: "archived", merge: "merged",
  edit: "edited", ban: t("banned the asker of"), unban: t("lifted the ban on the asker of"), hold: t("held for review"),
  blocklist: "changed the blocklist",
};

/** The card's "Ban asker…" select: its options once, hidden where banning makes no sense. */
export function createBanSelect(id) {
  return h("select", {
    class: "input input-small mod-ban", "data-testid": "question-ban", "aria-label": t("Ban the asker of this question"),
    title: t("Ban the asker's phone from this event (their pending questions are hidden; undo in Banned phones)"),
    onchange: (e) => banAsker(id, e.currentTarget),
  }, h("option", { value: "" }, t("Ban asker…")),
  ...Object.entries(REASONS).map(([value, label]) => h("option", { value }, `Ban: ${label.toLowerCase()}`)));
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
    announce(`The asker of question #${id} is banned (${REASONS[ban.reason].toLowerCase()}).`);
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
  return ban.question_id ? `${who} of question #${ban.question_id}` : who;
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
    const target = entry.targets && entry.targets.question_id ? ` #${entry.targets.question_id}` : "";
    const who = entry.actor && entry.actor.name ? entry.actor.name : "Blocklist";
    const why = entry.detail ? ` — ${entry.detail}` : "";
    return h("li", { class: "log-entry", "data-testid": "log-entry" },
      h("time", {}, formatWhen(entry.at)), ` ${who} ${ACTION_LABEL[entry.action] || entry.action}${target}${why}`);
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
