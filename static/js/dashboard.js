/**
 * Moderator dashboard (/dashboard/e/<code>): live moderation. Laptop, 1366x768 and up.
 *
 * data-testid:
 *   dashboard-page, event-title, event-open-badge, join-code, join-url, link-projector, link-poster, link-settings,
 *   counter-connected, counter-joined, counter-questions, counter-votes, connection-status, dashboard-error,
 *   answering-highlight (data-question-id), answering-done, answering-reopen,
 *   tab-incoming, tab-live, tab-other (aria-selected), count-incoming, count-live, count-other,
 *   sort-votes, sort-time (aria-pressed), list-incoming, list-live, list-other,
 *   mod-question (data-question-id, data-votes, data-status, data-progress), question-text, question-votes,
 *   question-original (the pre-edit text, inside a <details> "edited"),
 *   action-approve, action-reject, action-answering, action-answered, action-reopen,
 *   action-hide, action-archive, action-restore, action-edit,
 *   edit-text, edit-counter, edit-save, edit-cancel, question-error
 * Debug hook: window.townhall (see live.js); state.stats holds the counters.
 */
import {
  api, authorLabel, clearError, connectLive, formatWhen, h, localizeTimes, reconcile, showError, sortQuestions,
  textLength,
} from "./live.js";

const root = document.getElementById("dashboard");
const code = root.dataset.code;
const maxLength = Number(root.dataset.maxLength) || 300;
const $ = (role) => root.querySelector(`[data-role="${role}"]`);
const base = `/api/events/${encodeURIComponent(code)}`;

// action -> [label, button style]; which ones show depends on status/progress (see visible()).
const ACTIONS = {
  approve: ["Approve", "btn-ok"],
  reject: ["Reject", "btn-secondary"],
  answering: ["Answer now", "btn"],
  answered: ["Mark answered", "btn-secondary"],
  reopen: ["Reopen", "btn-secondary"],
  hide: ["Hide", "btn-secondary"],
  archive: ["Archive", "btn-secondary"],
  restore: ["Restore", "btn-secondary"],
};

function visible(action, q) {
  const published = q.status === "published";
  switch (action) {
    case "approve":
    case "reject":
      return q.status === "pending";
    case "answering":
      return published && q.progress === "open";
    case "answered":
      return published && q.progress !== "answered";
    case "reopen":
      return published && q.progress !== "open";
    case "hide":
      return published;
    case "archive":
      return published || q.status === "hidden";
    case "restore":
      return ["hidden", "rejected", "archived"].includes(q.status);
    default:
      return false;
  }
}

const STATUS_LABEL = { pending: "Waiting", published: "Live", hidden: "Hidden", rejected: "Rejected", archived: "Archived" };

let tab = "live";
let order = "votes";
const editing = new Map(); // question id -> draft text

localizeTimes(root);

const live = connectLive({
  code,
  audience: "moderator",
  snapshotUrl: `${base}/snapshot?view=moderator`,
  statusEl: root.querySelector('[data-testid="connection-status"]'),
  onChange: render,
  onError: (error) => showError($("page-error"), error),
});
const { state } = live;

// --- rendering -------------------------------------------------------------------

function render() {
  if (!state.loaded) return;
  clearError($("page-error"));
  const event = state.event;
  $("event-title").textContent = event.title;
  document.title = `${event.title} · Dashboard · Townhall`;
  const openBadge = $("open-badge");
  openBadge.textContent = event.is_open ? "Open" : "Closed";
  openBadge.classList.toggle("badge-ok", event.is_open);
  $("premod-badge").hidden = !event.premoderation;

  renderCounters();

  const all = Object.values(state.questions);
  const incoming = all.filter((q) => q.status === "pending")
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);
  const published = all.filter((q) => q.status === "published");
  const answering = published.find((q) => q.progress === "answering");
  const liveList = [
    ...(answering ? [answering] : []),
    ...sortQuestions(published.filter((q) => q.progress === "open"), order),
    ...sortQuestions(published.filter((q) => q.progress === "answered"), order),
  ];
  const other = sortQuestions(all.filter((q) => ["hidden", "rejected", "archived"].includes(q.status)), "time");

  renderAnswering(answering);
  const lists = { incoming, live: liveList, other };
  for (const [name, items] of Object.entries(lists)) {
    const count = root.querySelector(`[data-count="${name}"]`);
    count.textContent = items.length;
    count.classList.toggle("has-items", name === "incoming" && items.length > 0);
    root.querySelector(`[data-empty="${name}"]`).hidden = items.length > 0;
    reconcile(root.querySelector(`[data-list="${name}"]`), items, (q) => q.id, createCard, updateCard);
  }
  const emptyIncoming = root.querySelector('[data-empty="incoming"]');
  emptyIncoming.textContent = event.premoderation
    ? "No questions waiting for approval."
    : "No questions waiting. Pre-moderation is off: new questions go live directly (turn it on in Settings).";

  for (const button of root.querySelectorAll("[data-tab]")) {
    const selected = button.dataset.tab === tab;
    button.setAttribute("aria-selected", String(selected));
    button.tabIndex = selected ? 0 : -1;
  }
  for (const panel of root.querySelectorAll("[data-panel]")) panel.hidden = panel.dataset.panel !== tab;
  $("sort").hidden = tab !== "live";
  for (const button of root.querySelectorAll("[data-sort]")) {
    button.setAttribute("aria-pressed", String(button.dataset.sort === order));
  }
}

function renderCounters() {
  const stats = state.stats || {};
  for (const el of root.querySelectorAll("[data-counter]")) {
    const value = stats[el.dataset.counter];
    el.textContent = typeof value === "number" ? value : "–";
  }
}

function renderAnswering(question) {
  const box = $("answering");
  box.hidden = !question;
  if (!question) {
    delete box.dataset.questionId;
    return;
  }
  box.dataset.questionId = question.id;
  $("answering-text").textContent = question.text;
  $("answering-author").textContent = `— ${authorLabel(question)} · ${question.votes} ${question.votes === 1 ? "vote" : "votes"}`;
}

function createCard(q) {
  const id = q.id;
  const actions = h("div", { class: "mod-actions" },
    Object.entries(ACTIONS).map(([action, [label, style]]) =>
      h("button", {
        type: "button",
        class: `btn btn-small ${style}`,
        "data-action": action,
        "data-testid": `action-${action}`,
        onclick: (e) => act(id, action, e.currentTarget),
      }, label)),
    h("button", {
      type: "button", class: "btn btn-small btn-ghost", "data-action": "edit", "data-testid": "action-edit",
      onclick: () => startEdit(id),
    }, "Edit"));

  return h("li", { class: "mod-card", "data-testid": "mod-question" },
    h("div", { class: "mod-card-main" },
      h("div", { class: "mod-votes", "data-testid": "question-votes", title: "Votes" },
        h("span", { class: "vote-arrow", "aria-hidden": "true", text: "▲" }),
        h("span", { class: "mod-votes-n" })),
      h("div", { class: "mod-card-body" },
        h("p", { class: "mod-text question-text", "data-testid": "question-text" }),
        h("details", { class: "mod-original", hidden: true },
          h("summary", {}, "Edited — show the original"),
          h("p", { class: "prewrap", "data-testid": "question-original" })),
        h("div", { class: "mod-foot" },
          h("p", { class: "question-meta" },
            h("span", { class: "question-author" }),
            h("span", { class: "sep", "aria-hidden": "true", text: " · " }),
            h("time", { class: "question-time" }),
            h("span", { class: "badges" })),
          actions),
        h("p", { class: "question-error", "data-testid": "question-error", role: "alert", hidden: true }))));
}

/** The inline edit form exists only while a question is being edited. */
function createEditForm(id) {
  const textarea = h("textarea", { class: "input textarea", rows: 3, "data-testid": "edit-text", "aria-label": "Question text" });
  const counter = h("span", { class: "counter", "data-testid": "edit-counter" });
  const sync = () => {
    editing.set(id, textarea.value);
    const length = textLength(textarea.value);
    counter.textContent = `${length} / ${maxLength}`;
    counter.dataset.over = String(length > maxLength);
  };
  textarea.value = editing.get(id) ?? "";
  textarea.addEventListener("input", sync);
  textarea.addEventListener("keydown", (e) => {
    if (e.key === "Escape") cancelEdit(id);
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) saveEdit(id, e.currentTarget.closest(".mod-card"));
  });
  const form = h("form", {
    class: "mod-edit",
    onsubmit: (e) => {
      e.preventDefault();
      saveEdit(id, e.currentTarget.closest(".mod-card"));
    },
  },
  textarea,
  h("div", { class: "mod-edit-row" },
    counter,
    h("span", { class: "mod-edit-hint hint" }, "Ctrl+Enter saves · Esc cancels"),
    h("span", { class: "mod-edit-buttons" },
      h("button", { type: "button", class: "btn btn-small btn-secondary", "data-testid": "edit-cancel", onclick: () => cancelEdit(id) }, "Cancel"),
      h("button", { type: "submit", class: "btn btn-small", "data-testid": "edit-save" }, "Save"))));
  sync();
  return form;
}

function updateCard(el, q) {
  el.dataset.questionId = q.id;
  el.dataset.votes = q.votes;
  el.dataset.status = q.status;
  el.dataset.progress = q.progress;
  el.classList.toggle("is-answering", q.status === "published" && q.progress === "answering");
  el.classList.toggle("is-answered", q.status === "published" && q.progress === "answered");
  el.classList.toggle("is-pending", q.status === "pending");
  el.querySelector(".mod-votes-n").textContent = q.votes;
  el.querySelector(".mod-votes").setAttribute("aria-label", `${q.votes} ${q.votes === 1 ? "vote" : "votes"}`);

  const isEditing = editing.has(q.id);
  const text = el.querySelector(".mod-text");
  text.textContent = q.text;
  text.hidden = isEditing;
  const form = el.querySelector(".mod-edit");
  if (isEditing && !form) text.after(createEditForm(q.id));
  if (!isEditing && form) form.remove();

  const original = el.querySelector(".mod-original");
  original.hidden = !q.edited || !q.original_text;
  original.querySelector("p").textContent = q.original_text || "";
  original.title = q.original_text ? `Original: ${q.original_text}` : "";

  el.querySelector(".question-author").textContent = q.anonymous ? "Anonymous" : q.author || "No name";
  const time = el.querySelector(".question-time");
  time.dateTime = q.created_at || "";
  time.textContent = formatWhen(q.created_at, "time");

  const badges = [];
  if (q.status !== "published") badges.push(h("span", { class: `badge badge-${q.status}`, text: STATUS_LABEL[q.status] || q.status }));
  if (q.status === "published" && q.progress === "answering") badges.push(h("span", { class: "badge badge-answering", text: "Answering now" }));
  if (q.status === "published" && q.progress === "answered") badges.push(h("span", { class: "badge badge-answered", text: "Answered" }));
  if (q.edited && !q.original_text) badges.push(h("span", { class: "badge", text: "Edited" }));
  el.querySelector(".badges").replaceChildren(...badges);

  for (const button of el.querySelectorAll(".mod-actions [data-action]")) {
    const action = button.dataset.action;
    button.hidden = action === "edit" ? isEditing : !visible(action, q);
    button.disabled = button.dataset.busy === "1";
  }
}

// --- actions ----------------------------------------------------------------------

async function act(id, action, button) {
  const card = button.closest(".mod-card");
  const errorEl = card ? card.querySelector(".question-error") : $("page-error");
  clearError(errorEl);
  button.dataset.busy = "1";
  button.disabled = true;
  try {
    const { question } = await api(`${base}/questions/${id}/${action}`, { method: "POST" });
    live.upsert(question);
    if (action === "answering") {
      // The question moves to the highlight at the top: follow it there.
      queueMicrotask(() => $("answering").scrollIntoView({ block: "nearest", behavior: "smooth" }));
    }
  } catch (error) {
    showError(errorEl, error);
  } finally {
    delete button.dataset.busy;
    button.disabled = false;
    live.changed();
  }
}

function startEdit(id) {
  const q = state.questions[id];
  if (!q) return;
  editing.set(id, q.text);
  live.changed();
  queueMicrotask(() => {
    const textarea = root.querySelector(`.mod-card[data-question-id="${id}"] .mod-edit textarea`);
    if (textarea) textarea.focus();
  });
}

function cancelEdit(id) {
  editing.delete(id);
  live.changed();
  queueMicrotask(() => {
    const button = root.querySelector(`.mod-card[data-question-id="${id}"] [data-action="edit"]`);
    if (button) button.focus();
  });
}

async function saveEdit(id, card) {
  const errorEl = card.querySelector(".question-error");
  const save = card.querySelector('[data-testid="edit-save"]');
  clearError(errorEl);
  save.disabled = true;
  try {
    const { question } = await api(`${base}/questions/${id}`, { method: "PATCH", body: { text: editing.get(id) ?? "" } });
    editing.delete(id);
    live.upsert(question);
  } catch (error) {
    showError(errorEl, error);
  } finally {
    save.disabled = false;
  }
}

$("answering-done").addEventListener("click", (e) => {
  const id = Number($("answering").dataset.questionId);
  if (id) act(id, "answered", e.currentTarget);
});
$("answering-reopen").addEventListener("click", (e) => {
  const id = Number($("answering").dataset.questionId);
  if (id) act(id, "reopen", e.currentTarget);
});

// Tabs: click, or arrow keys between them (WAI-ARIA tabs pattern).
const tabButtons = [...root.querySelectorAll("[data-tab]")];
for (const button of tabButtons) {
  button.addEventListener("click", () => {
    tab = button.dataset.tab;
    render();
  });
  button.addEventListener("keydown", (e) => {
    const index = tabButtons.indexOf(button);
    let next = null;
    if (e.key === "ArrowRight") next = tabButtons[(index + 1) % tabButtons.length];
    if (e.key === "ArrowLeft") next = tabButtons[(index - 1 + tabButtons.length) % tabButtons.length];
    if (e.key === "Home") next = tabButtons[0];
    if (e.key === "End") next = tabButtons[tabButtons.length - 1];
    if (next) {
      e.preventDefault();
      tab = next.dataset.tab;
      render();
      next.focus();
    }
  });
}
for (const button of root.querySelectorAll("[data-sort]")) {
  button.addEventListener("click", () => {
    order = button.dataset.sort;
    render();
  });
}
