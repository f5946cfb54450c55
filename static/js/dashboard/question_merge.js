/**
 * Merging one question into another from its card: the "Merge into…" select (the live questions, in the order
 * asked) and the confirmation shown after picking a target, since a merge is final. The requests are in
 * question_actions.js (askMerge, mergeQuestion).
 */
import { t } from "../i18n.js";
import { h } from "../live.js";
import { live, state } from "./context.js";
import { mergeQuestion, merging } from "./question_actions.js";
import { shorten } from "./question_rules.js";

/** "Merge into “…”? Its votes move there." with Merge / Cancel: shown after picking a target (a merge is final). */
export function createMergeConfirm(id) {
  return h("div", { class: "mod-merge-confirm confirm-inline", "data-testid": "merge-confirm", hidden: true },
    h("span", { class: "mod-merge-question", "data-testid": "merge-confirm-text" }),
    h("button", {
      type: "button", class: "btn btn-small", "data-testid": "merge-yes",
      onclick: (e) => mergeQuestion(id, e.currentTarget),
    }, t("Merge")),
    h("button", {
      type: "button", class: "btn btn-small btn-ghost", "data-testid": "merge-cancel",
      onclick: () => {
        merging.delete(id);
        live.changed();
      },
    }, t("Cancel")));
}

/**
 * Live questions this one could be a duplicate of: every other published question, in the order asked (not by
 * votes: the menu must not change under the moderator's pointer with every tally).
 */
function mergeTargets(q) {
  return Object.values(state.questions)
    .filter((t) => t.status === "published" && t.id !== q.id)
    .sort((a, b) => a.id - b.id);
}

export function updateMerge(el, q, mayModerate) {
  const select = el.querySelector(".mod-merge");
  const mergeable = q.status === "pending" || (q.status === "published" && q.progress === "open");
  const targets = mergeable ? mergeTargets(q) : [];
  select.hidden = !mayModerate || targets.length === 0;
  const options = [["", t("Merge into…")], ...targets.map((t) => [String(t.id), shorten(t.text, 80)])];
  const signature = JSON.stringify(options);
  if (select.dataset.signature !== signature) {
    select.replaceChildren(...options.map(([value, label]) => h("option", { value }, label)));
    select.dataset.signature = signature;
  }
  select.value = "";

  const confirm = el.querySelector(".mod-merge-confirm");
  const target = merging.has(q.id) ? state.questions[merging.get(q.id)] : null;
  if (merging.has(q.id) && (!target || target.status !== "published" || !mergeable)) merging.delete(q.id);
  confirm.hidden = !mayModerate || !merging.has(q.id);
  if (!confirm.hidden) {
    confirm.querySelector(".mod-merge-question").textContent =
      t("Merge into “%(text)s”? Its votes move there; this cannot be undone.", { text: shorten(target.text, 90) });
  }
}
