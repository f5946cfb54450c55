/**
 * One question's card in the moderator's lists: built once (createCard) and brought up to date on every render
 * (updateCard): its checkbox (question_selection.js), the two actions used most for its state in view
 * (primaryActions, question_rules.js) and the rest in its "⋯" menu (question_menu.js): the other moderation
 * buttons, "Hide / Reject with a reason…", Edit, Follow up…, the "Move to…" and "Merge into…" selects
 * (question_merge.js) and "Ban asker…"; the inline edit form and the answer / next-step boxes. The card takes the focus for the
 * keyboard (tabindex -1, question_keys.js). The requests are in question_actions.js.
 *
 * data-testid: mod-question (data-question-id, data-votes, data-status, data-progress, data-item-id, data-reason),
 *   question-text, question-votes, question-item (the agenda item, "2. Budget", or "General"), question-move
 *   (select: "Move to…"), question-original (the pre-edit text, inside a <details> "edited"),
 *   action-approve, action-reject, action-answering, action-answered, action-reopen,
 *   action-hide, action-archive, action-restore, action-edit,
 *   question-select (checkbox), question-menu-button, question-menu (question_menu.js),
 *   action-reason (select "Hide / Reject with a reason…" in the menu: picking a reason hides / rejects with it;
 *     the button itself hides / rejects without one), question-reason (badge: the reason of a hidden / rejected
 *     question),
 *   question-merge (select "Merge into…": the live questions), merge-confirm, merge-confirm-text, merge-yes,
 *   merge-cancel, question-merged-into ("Merged into: …" on a merged question), question-similar ("Similar to #12 …":
 *   similar.js),
 *   answer-box (<details>, on answering / answered questions), answer-summary, answer-text, answer-save,
 *   next-step-box (<details>, on open live questions), next-step-summary, next-step-text, next-step-save,
 *   record-status ("Saved"), edit-text, edit-counter, edit-save, edit-cancel, question-error;
 *   the follow-up line and button (question-followup, action-followup): followups.js
 */
import { t, tn } from "../i18n.js";
import { suspiciousText, trustText } from "../vote_trust.js";
import { formatWhen, h, textLength } from "../live.js";
import { agendaItems, can, itemById, itemLabel, maxLength, state } from "./context.js";
import {
  act, askMerge, cancelEdit, editing, moderateWithReason, moveQuestion, saveEdit, saveRecord,
  startEdit,
} from "./question_actions.js";
import { ACTIONS, REASONS, STATUS_LABEL, actionLabel, primaryActions, shorten, visible } from "./question_rules.js";
import { createMenu, updateMenu } from "./question_menu.js";
import { createMergeConfirm, updateMerge } from "./question_merge.js";
import { selected, toggleSelected } from "./question_selection.js";
import { createBanSelect, updateBanSelect } from "./bans.js";
import { createSimilarLine, updateSimilar } from "./similar.js";
import { createFollowupAction, createFollowupLine, updateFollowup } from "./followups.js";
import { putOnTheFloor } from "./skip_prompt.js";

export function createCard(q) {
  const id = q.id;
  const move = h("select", {
    class: "input input-small mod-move", "data-testid": "question-move", "aria-label": t("Move to another agenda item"),
    onchange: (e) => moveQuestion(id, e.currentTarget),
  });
  const mergeSelect = h("select", {
    class: "input input-small mod-move mod-merge", "data-testid": "question-merge",
    "aria-label": t("Merge this duplicate into another question"),
    onchange: (e) => askMerge(id, e.currentTarget),
  });
  const reason = h("select", {
    class: "input input-small mod-reason", "data-testid": "action-reason",
    onchange: (e) => moderateWithReason(id, e.currentTarget),
  });
  const buttons = Object.entries(ACTIONS).map(([action, [label, style]]) =>
    h("button", {
      type: "button",
      class: `btn btn-small ${style}`,
      "data-action": action,
      "data-testid": `action-${action}`,
      // On the floor before a higher-voted waiting question: the moderator is asked why (skip_prompt.js).
      onclick: (e) => (action === "answering" ? putOnTheFloor(id, e.currentTarget) : act(id, action, e.currentTarget)),
    }, label));
  // The two actions used most stay in view (updateCard moves them); the rest are in the card's menu.
  const actions = h("div", { class: "mod-actions" },
    h("div", { class: "mod-primary" }),
    createMenu(id,
      buttons,
      reason,
      h("button", {
        type: "button", class: "btn btn-small btn-ghost", "data-action": "edit", "data-testid": "action-edit",
        onclick: () => startEdit(id),
      }, t("Edit")),
      createFollowupAction(id),
      move,
      mergeSelect,
      createBanSelect(id)));

  return h("li", { class: "mod-card", "data-testid": "mod-question", tabindex: "-1" },
    h("div", { class: "mod-card-main" },
      h("input", {
        type: "checkbox", class: "mod-check", "data-testid": "question-select",
        "aria-label": t("Select question #%(id)s", { id: String(id) }),
        onchange: (e) => toggleSelected(id, e.currentTarget.checked),
      }),
      h("div", { class: "mod-votes", "data-testid": "question-votes", title: t("Votes") },
        h("span", { class: "vote-arrow", "aria-hidden": "true", text: "▲" }),
        h("span", { class: "mod-votes-n" })),
      h("div", { class: "mod-card-body" },
        h("p", { class: "mod-text question-text", "data-testid": "question-text" }),
        h("details", { class: "mod-original", hidden: true },
          h("summary", {}, t("Edited — show the original")),
          h("p", { class: "prewrap", "data-testid": "question-original" })),
        h("p", { class: "mod-merged-into", "data-testid": "question-merged-into", hidden: true }),
        createFollowupLine(),
        createSimilarLine(),
        h("p", { class: "notice notice-warning mod-suspicious", "data-testid": "question-suspicious", role: "status",
          hidden: true }),
        h("p", { class: "question-meta" },
          h("span", { class: "question-author" }),
          h("span", { class: "sep", "aria-hidden": "true", text: " · " }),
          h("time", { class: "question-time" }),
          h("span", { class: "mod-trust", "data-testid": "question-trust", title: t("Votes from verified phones and "
            + "from phones that scanned the in-room QR"), hidden: true }),
          h("span", { class: "mod-item", "data-testid": "question-item" }),
          h("span", { class: "badges" })),
        createMergeConfirm(id),
        h("div", { class: "mod-record" },
          createRecordBox(id, "answer_text", "answer", t("Answer")),
          createRecordBox(id, "next_step", "next-step", t("Next step"))),
        h("p", { class: "question-error", "data-testid": "question-error", role: "alert", hidden: true })),
      actions));
}

/**
 * A collapsed box for the record of a question: the answer given (answering / answered questions) or the next
 * step (open ones). Saved on blur or with the Save button; the summary shows what is saved.
 */
function createRecordBox(id, field, testid, label) {
  const multiline = field === "answer_text";
  const input = h(multiline ? "textarea" : "input", {
    class: `input ${multiline ? "textarea" : "input-small"}`, "data-testid": `${testid}-text`,
    "aria-label": field === "answer_text" ? t("What the panel answered") : t("What happens next to this question"),
    maxlength: field === "answer_text" ? 4000 : 1000,
    placeholder: field === "answer_text" ? t("What the panel answered, for the minutes")
      : t("e.g. Written reply within 14 days"),
    ...(multiline ? { rows: 3 } : { type: "text" }),
  });
  const save = () => saveRecord(id, field, box);
  input.addEventListener("input", () => {
    box.querySelector(".mod-box-status").textContent = "";
  });
  input.addEventListener("blur", () => {
    if (input.value !== (box.dataset.saved || "")) save();
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (!multiline || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      save();
    }
  });
  const box = h("details", { class: `mod-box mod-box-${testid}`, "data-testid": `${testid}-box`, "data-field": field },
    h("summary", { "data-testid": `${testid}-summary` },
      h("span", { class: "mod-box-label", text: label }),
      h("span", { class: "mod-box-preview" })),
    h("div", { class: "mod-box-body" },
      input,
      h("div", { class: "mod-box-row" },
        h("span", { class: "hint mod-box-status", "data-testid": "record-status", role: "status" }),
        h("button", { type: "button", class: "btn btn-small btn-secondary", "data-testid": `${testid}-save`, onclick: save },
          t("Save")))));
  return box;
}

/** The inline edit form exists only while a question is being edited. */
function createEditForm(id) {
  const textarea = h("textarea", { class: "input textarea", rows: 3, "data-testid": "edit-text", "aria-label": t("Question text") });
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
    h("span", { class: "mod-edit-hint hint" }, t("Ctrl+Enter saves · Esc cancels")),
    h("span", { class: "mod-edit-buttons" },
      h("button", { type: "button", class: "btn btn-small btn-secondary", "data-testid": "edit-cancel", onclick: () => cancelEdit(id) }, t("Cancel")),
      h("button", { type: "submit", class: "btn btn-small", "data-testid": "edit-save" }, t("Save")))));
  sync();
  return form;
}

/** The "Move to…" select: every agenda item but the question's own, and "General" (no item). */
function updateMove(select, q) {
  const items = agendaItems();
  const options = [
    ["", t("Move to…")],
    ...items.filter((i) => i.id !== q.agenda_item_id).map((i) => [String(i.id), itemLabel(i)]),
    ...(q.agenda_item_id === null || q.agenda_item_id === undefined ? [] : [["general", t("General (no agenda item)")]]),
  ];
  const signature = JSON.stringify(options);
  if (select.dataset.signature !== signature) {
    select.replaceChildren(...options.map(([value, label]) => h("option", { value }, label)));
    select.dataset.signature = signature;
    select.value = "";
  }
  select.hidden = !can("questions") || items.length === 0;
}

export function updateCard(el, q) {
  el.dataset.questionId = q.id;
  el.dataset.reason = q.moderation_reason || "";
  el.dataset.votes = q.votes;
  el.dataset.status = q.status;
  el.dataset.progress = q.progress;
  el.dataset.itemId = q.agenda_item_id ?? "";
  el.classList.toggle("is-answering", q.status === "published" && q.progress === "answering");
  el.classList.toggle("is-answered", q.status === "published" && q.progress === "answered");
  el.classList.toggle("is-pending", q.status === "pending");
  el.querySelector(".mod-votes-n").textContent = q.votes;
  el.querySelector(".mod-votes").setAttribute("aria-label", tn("%(n)s vote", "%(n)s votes", q.votes));

  const trust = el.querySelector(".mod-trust");
  trust.hidden = !q.trust || !q.votes; // "0 votes: 0 verified" says nothing
  trust.textContent = q.trust ? `${tn("%(n)s vote", "%(n)s votes", q.votes)}: ${trustText(q.trust)}` : "";
  const flag = el.querySelector(".mod-suspicious");
  flag.hidden = !q.suspicious;
  flag.textContent = suspiciousText(q.suspicious) || "";
  el.classList.toggle("is-suspicious", Boolean(q.suspicious));

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
  original.title = q.original_text ? t("Original: %(text)s", { text: q.original_text }) : "";

  const mergedInto = el.querySelector(".mod-merged-into");
  const target = q.status === "merged" ? state.questions[q.merged_into_id] : null;
  mergedInto.hidden = q.status !== "merged";
  mergedInto.textContent = target ? t("Merged into: “%(text)s”", { text: target.text }) : t("Merged into another question.");

  el.querySelector(".question-author").textContent = q.anonymous ? t("Anonymous") : q.author || t("No name");
  const time = el.querySelector(".question-time");
  time.dateTime = q.created_at || "";
  time.textContent = formatWhen(q.created_at, "time");

  const item = q.agenda_item_id === null || q.agenda_item_id === undefined ? null : itemById(q.agenda_item_id);
  const itemEl = el.querySelector(".mod-item");
  itemEl.textContent = item ? itemLabel(item) : t("General");
  itemEl.title = item ? t("Agenda item: %(title)s", { title: item.title }) : t("Not filed under an agenda item");
  itemEl.classList.toggle("is-none", !item);
  itemEl.hidden = agendaItems().length === 0;

  const badges = [];
  if (q.status !== "published") badges.push(h("span", { class: `badge badge-${q.status}`, text: STATUS_LABEL[q.status] || q.status }));
  if (q.moderation_reason && q.status !== "published") {
    badges.push(h("span", {
      class: "badge badge-reason", "data-testid": "question-reason", title: t("Why it was hidden or rejected"),
      text: REASONS[q.moderation_reason] || q.moderation_reason,
    }));
  }
  if (q.status === "published" && q.progress === "answering") badges.push(h("span", { class: "badge badge-answering", text: t("Answering now") }));
  if (q.status === "published" && q.progress === "answered") badges.push(h("span", { class: "badge badge-answered", text: t("Answered") }));
  if (q.edited && !q.original_text) badges.push(h("span", { class: "badge", text: t("Edited") }));
  if (q.blocklist_term) {
    badges.push(h("span", {
      class: "badge badge-blocklist", "data-testid": "question-blocklist", title: t("Held for review by the blocklist"),
      text: t("Blocklist: %(term)s", { term: q.blocklist_term }),
    }));
  }
  el.querySelector(".badges").replaceChildren(...badges);

  const mayModerate = can("questions");
  el.querySelector(".mod-actions").hidden = !mayModerate;
  el.querySelector(".mod-check").hidden = !mayModerate;
  el.querySelector(".mod-check").checked = selected.has(q.id);
  el.classList.toggle("is-selected", selected.has(q.id));
  for (const button of el.querySelectorAll(".mod-actions [data-action]")) {
    const action = button.dataset.action;
    button.hidden = !mayModerate || (action === "edit" ? isEditing || q.status === "merged" : !visible(action, q));
    button.disabled = button.dataset.busy === "1";
    if (button.tagName === "BUTTON" && action in ACTIONS) button.textContent = actionLabel(action, q); // (not the reason list)
  }
  placePrimary(el, primaryActions(q));
  updateMove(el.querySelector(".mod-move:not(.mod-merge)"), q);
  updateReason(el.querySelector(".mod-reason"), q, mayModerate);
  updateBanSelect(el.querySelector(".mod-ban"), q, mayModerate);
  updateMerge(el, q, mayModerate);
  updateFollowup(el, q, mayModerate);
  updateSimilar(el, q, mayModerate);
  updateRecord(el.querySelector('[data-field="answer_text"]'), q,
    q.status === "published" && q.progress !== "open");
  updateRecord(el.querySelector('[data-field="next_step"]'), q, q.status === "published" && q.progress === "open");
  updateMenu(el);
}

/** The card's primary actions in view, in their own order; every other action button back in the menu. */
function placePrimary(el, primary) {
  const slot = el.querySelector(".mod-primary");
  const menu = el.querySelector(".mod-menu-actions");
  const signature = primary.join(",");
  if (slot.dataset.actions === signature) return;
  slot.dataset.actions = signature;
  for (const button of [...slot.querySelectorAll("[data-action]")]) menu.append(button);
  for (const action of Object.keys(ACTIONS)) {
    const button = el.querySelector(`.mod-menu-actions [data-action="${action}"]`);
    if (!button) continue;
    if (primary.includes(action)) slot.append(button);
    else menu.append(button);
  }
}

/** "Hide / Reject with a reason…" in the card's menu: the same action as the button, with a reason for the minutes. */
function updateReason(select, q, mayModerate) {
  const action = q.status === "pending" ? "reject" : q.status === "published" ? "hide" : null;
  select.hidden = !mayModerate || !action;
  if (!action) return;
  const hide = action === "hide";
  if (select.dataset.action !== action) {
    select.replaceChildren(
      h("option", { value: "", hidden: true }, hide ? t("Hide with a reason…") : t("Reject with a reason…")),
      ...Object.entries(REASONS).map(([value, label]) => {
        const reason = label.toLowerCase();
        return h("option", { value }, hide ? t("Hide: %(reason)s", { reason }) : t("Reject: %(reason)s", { reason }));
      }));
    select.dataset.action = action;
    select.setAttribute("aria-label", hide ? t("Hide with a reason") : t("Reject with a reason"));
    select.title = hide ? t("Hide with a reason (counted in the minutes)") : t("Reject with a reason (counted in the minutes)");
  }
  select.disabled = select.dataset.busy === "1";
  if (!select.disabled) select.value = "";
}

/** The answer / next-step box: its input follows the server unless someone is typing in it. */
function updateRecord(box, q, shown) {
  const field = box.dataset.field;
  const saved = q[field] || "";
  const input = box.querySelector("input, textarea");
  const mayEdit = can("questions");
  box.hidden = !shown || (!mayEdit && !saved);
  if (input.value === (box.dataset.saved || "") && document.activeElement !== input) input.value = saved;
  box.dataset.saved = saved;
  const preview = box.querySelector(".mod-box-preview");
  preview.textContent = saved ? shorten(saved, 90) : t("not recorded");
  preview.classList.toggle("is-empty", !saved);
  input.readOnly = !mayEdit;
  box.querySelector("button").hidden = !mayEdit;
}
