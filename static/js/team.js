/**
 * The event's team (/dashboard/e/<code>/team): GET /api/events/<code>/team; the owner also adds members by
 * account (POST .../team), changes roles (PATCH .../team/<user id>), removes members (DELETE), creates
 * one-time invitation links (POST .../invitations) and withdraws them (DELETE .../invitations/<id>).
 * Other organizers of the event see the members read-only. Live: "team:changed" reloads the list.
 *
 * data-testid:
 *   team-page (data-can-manage), back-to-dashboard, link-notes, event-title, connection-status, team-error,
 *   team-read-only, member-list, member-row (data-user-id, data-role), member-name, member-email,
 *   member-role (text, read-only view or the owner's row), member-role-select, member-remove, member-error,
 *   add-member-form, add-member-email, add-member-role, add-member-error, add-member-submit, add-member-done,
 *   invite-link-form, invite-link-role, invite-link-error, invite-link-create,
 *   invite-link-box, invite-link-url, invite-link-copy, invite-link-copy-status,
 *   no-invitations, invitation-list, invitation-row (data-invitation-id, data-role), invitation-revoke,
 *   roles-help
 */
import { t } from "./i18n.js";
import { api, clearError, clearFormErrors, connectLive, copyText, formatWhen, h, showError, showFormError } from "./live.js";

const root = document.getElementById("team-page");
const code = root.dataset.code;
const base = `/api/events/${encodeURIComponent(code)}`;
const $ = (role) => root.querySelector(`[data-role="${role}"]`);
const ROLES = { moderator: t("Moderator"), note_taker: t("Note-taker"), presenter: t("Presenter"), owner: t("Owner") };
// Sentences naming a role, whole per role (p: the values; the generic one for a role this page does not know).
const ADDED_AS = {
  moderator: (p) => t("%(name)s is on the team as moderator.", p),
  note_taker: (p) => t("%(name)s is on the team as note-taker.", p),
  presenter: (p) => t("%(name)s is on the team as presenter.", p),
  other: (p) => t("%(name)s is on the team as %(role)s.", p),
};
const LINK_VALID = {
  moderator: (p) => t("Moderator link, valid until %(until)s.", p),
  note_taker: (p) => t("Note-taker link, valid until %(until)s.", p),
  presenter: (p) => t("Presenter link, valid until %(until)s.", p),
  other: (p) => t("%(role)s link, valid until %(until)s.", p),
};
const WITHDRAW_LINK = {
  moderator: () => t("Withdraw the moderator invitation link"),
  note_taker: () => t("Withdraw the note-taker invitation link"),
  presenter: () => t("Withdraw the presenter invitation link"),
  other: (p) => t("Withdraw the %(role)s invitation link", p),
};
const forRole = (sentences, role, params) => (sentences[role] || sentences.other)({ role: ROLES[role] || role, ...params });
let team = null;

const live = connectLive({
  code,
  audience: "moderator",
  snapshotUrl: `${base}/snapshot?view=moderator`,
  statusEl: root.querySelector('[data-testid="connection-status"]'),
  onChange: () => {
    if (live.state.event) $("event-title").textContent = live.state.event.title;
  },
  onError: (error) => showError($("page-error"), error),
  handlers: { "team:changed": () => queueMicrotask(load) },
});

async function load() {
  try {
    team = await api(`${base}/team`);
    clearError($("page-error"));
    render();
  } catch (error) {
    showError($("page-error"), error);
  }
}

function render() {
  root.dataset.canManage = String(team.can_manage);
  const rows = [team.owner, ...team.members].map(memberRow);
  $("members").replaceChildren(...rows);
  if (!team.can_manage) return;
  const invitations = team.invitations || [];
  $("no-invitations").hidden = invitations.length > 0;
  $("invitations-table").hidden = invitations.length === 0;
  $("invitations").replaceChildren(...invitations.map(invitationRow));
}

function memberRow(m) {
  const isOwner = m.role === "owner";
  const errorEl = h("p", { class: "field-error", "data-testid": "member-error", role: "alert", hidden: true });
  let roleCell;
  if (team.can_manage && !isOwner) {
    const select = h("select", {
      class: "input select team-role-select", "data-testid": "member-role-select",
      "aria-label": t("Role of %(name)s", { name: m.name }),
    }, ...["moderator", "note_taker", "presenter"].map((r) => h("option", { value: r, selected: r === m.role }, ROLES[r])));
    select.addEventListener("change", () => changeRole(m, select, errorEl));
    roleCell = h("td", {}, select, errorEl);
  } else {
    roleCell = h("td", {},
      h("span", { class: isOwner ? "badge badge-info" : "badge", "data-testid": "member-role", text: ROLES[m.role] || m.role }));
  }
  const remove = team.can_manage && !isOwner
    ? h("button", {
      type: "button", class: "btn btn-small btn-danger", "data-testid": "member-remove",
      "aria-label": t("Remove %(name)s from the team", { name: m.name }),
      onclick: (e) => removeMember(m, e.currentTarget, errorEl),
    }, t("Remove"))
    : null;
  return h("tr", { "data-testid": "member-row", dataset: { userId: m.user_id, role: m.role } },
    h("td", {},
      h("div", { class: "team-name", "data-testid": "member-name", text: m.name }),
      h("div", { class: "team-email", "data-testid": "member-email", text: m.email })),
    roleCell,
    h("td", {}, m.since ? h("time", { datetime: m.since, text: formatWhen(m.since) }) : h("span", { class: "hint", text: t("Created the event") })),
    h("td", { class: "cell-actions" }, remove));
}

async function changeRole(m, select, errorEl) {
  clearError(errorEl);
  select.disabled = true;
  try {
    await api(`${base}/team/${m.user_id}`, { method: "PATCH", body: { role: select.value } });
    m.role = select.value;
    select.closest("tr").dataset.role = select.value;
  } catch (error) {
    select.value = m.role;
    showError(errorEl, error);
  } finally {
    select.disabled = false;
  }
}

async function removeMember(m, button, errorEl) {
  if (!window.confirm(t("Remove %(name)s from the team? Their open pages of this event are disconnected at once.", { name: m.name }))) return;
  clearError(errorEl);
  button.disabled = true;
  try {
    await api(`${base}/team/${m.user_id}`, { method: "DELETE" });
    await load();
  } catch (error) {
    showError(errorEl, error);
    button.disabled = false;
  }
}

function invitationRow(inv) {
  return h("tr", { "data-testid": "invitation-row", dataset: { invitationId: inv.id, role: inv.role } },
    h("td", {}, h("span", { class: "badge", text: ROLES[inv.role] || inv.role })),
    h("td", {}, h("time", { datetime: inv.created_at, text: formatWhen(inv.created_at) })),
    h("td", {}, h("time", { datetime: inv.expires_at, text: formatWhen(inv.expires_at) })),
    h("td", { class: "cell-actions" },
      h("button", {
        type: "button", class: "btn btn-small btn-danger", "data-testid": "invitation-revoke",
        "aria-label": forRole(WITHDRAW_LINK, inv.role),
        onclick: (e) => revokeInvitation(inv, e.currentTarget),
      }, t("Withdraw"))));
}

async function revokeInvitation(inv, button) {
  if (!window.confirm(t("Withdraw this invitation link? Whoever has it can no longer join the team with it."))) return;
  button.disabled = true;
  try {
    await api(`${base}/invitations/${inv.id}`, { method: "DELETE" });
    await load();
  } catch (error) {
    showError($("page-error"), error);
    button.disabled = false;
  }
}

// --- the owner's forms ------------------------------------------------------------

const addForm = document.getElementById("add-form");
if (addForm) {
  const errorEl = addForm.querySelector('[data-role="form-error"]');
  addForm.addEventListener("input", () => {
    $("added").textContent = "";
  });
  addForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFormErrors(addForm, errorEl);
    $("added").textContent = "";
    const email = addForm.elements.email.value.trim();
    if (!email) {
      showFormError(addForm, { field: "email", message: t("Enter the e-mail address of their organizer account.") }, errorEl);
      return;
    }
    const button = addForm.querySelector('[type="submit"]');
    button.disabled = true;
    try {
      const { member } = await api(`${base}/team`, {
        method: "POST", body: { email, role: addForm.elements.role.value },
      });
      addForm.elements.email.value = "";
      $("added").textContent = forRole(ADDED_AS, member.role, { name: member.name });
      await load();
    } catch (error) {
      showFormError(addForm, error, errorEl);
    } finally {
      button.disabled = false;
    }
  });
}

const linkForm = document.getElementById("link-form");
if (linkForm) {
  const errorEl = linkForm.querySelector('[data-role="form-error"]');
  linkForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFormErrors(linkForm, errorEl);
    const button = linkForm.querySelector('[type="submit"]');
    button.disabled = true;
    try {
      const { invitation } = await api(`${base}/invitations`, {
        method: "POST", body: { role: linkForm.elements.role.value },
      });
      $("link-box").hidden = false;
      const value = $("link-value");
      value.value = invitation.url;
      $("copy-status").textContent = forRole(LINK_VALID, invitation.role, { until: formatWhen(invitation.expires_at) });
      value.focus();
      value.select();
      await load();
    } catch (error) {
      showFormError(linkForm, error, errorEl);
    } finally {
      button.disabled = false;
    }
  });

  $("copy").addEventListener("click", async () => {
    const ok = await copyText($("link-value"));
    $("copy-status").textContent = ok ? t("Copied to the clipboard.") : t("Select the link and copy it (Ctrl+C / ⌘C).");
  });
}

load();
