/**
 * "Similar to #12 …" on a waiting or live question's card: its likely duplicates, as the server found them when
 * it arrived (the question's `similar`, in the moderators' messages and snapshot) and the questions that named it
 * when they arrived after it. A button starts the merge into one that is live (the card's merge confirmation
 * follows: a merge cannot be undone).
 *
 * data-testid: question-similar (the line, hidden when there is none), similar-to (each, data-question-id: the
 *   other question), similar-merge (its "Merge into #12" button)
 */
import { t, tn } from "../i18n.js";
import { h } from "../live.js";
import { state } from "./context.js";
import { askMerge } from "./question_actions.js";
import { STATUS_LABEL, shorten } from "./question_rules.js";

const SHOWN = 3;
let links = new Map(); // question id -> Map(other id -> score), both ways

/** Called once per render, before the cards are updated: who names whom. */
export function linkSimilar(questions) {
  links = new Map();
  const link = (a, b, score) => {
    if (!links.has(a)) links.set(a, new Map());
    const known = links.get(a);
    known.set(b, Math.max(score, known.get(b) || 0));
  };
  for (const q of questions) {
    for (const other of q.similar || []) {
      link(q.id, other.id, other.score);
      link(other.id, q.id, other.score);
    }
  }
}

function mergeable(q) {
  return q.status === "pending" || (q.status === "published" && q.progress === "open");
}

/** The card's likely duplicates still to be seen (not merged), most alike first. */
function similarTo(q) {
  return [...(links.get(q.id) || [])]
    .map(([id, score]) => ({ other: state.questions[id], score }))
    .filter(({ other }) => other && other.status !== "merged")
    .sort((a, b) => b.score - a.score || a.other.id - b.other.id)
    .slice(0, SHOWN);
}

export function createSimilarLine() {
  return h("div", { class: "mod-similar", "data-testid": "question-similar", hidden: true });
}

export function updateSimilar(el, q, mayModerate) {
  const line = el.querySelector(".mod-similar");
  const found = q.status === "pending" || q.status === "published" ? similarTo(q) : [];
  line.hidden = found.length === 0;
  const signature = JSON.stringify(found.map(({ other }) => [other.id, other.text, other.status, other.votes])) +
    String(mayModerate && mergeable(q));
  if (line.dataset.signature === signature) return;
  line.dataset.signature = signature;
  line.replaceChildren(...found.map(({ other }) => {
    const votes = tn("%(n)s vote", "%(n)s votes", other.votes);
    const where = other.status === "published" ? votes : `${STATUS_LABEL[other.status] || other.status}`;
    const canMerge = mayModerate && mergeable(q) && other.status === "published";
    return h("p", { class: "mod-similar-item", "data-testid": "similar-to", dataset: { questionId: other.id } },
      h("span", { class: "mod-similar-label", text: t("Similar to #%(id)s", { id: String(other.id) }) }),
      h("span", { class: "mod-similar-text", title: other.text, text: ` “${shorten(other.text, 90)}” · ${where}` }),
      canMerge ? h("button", {
        type: "button", class: "btn btn-small btn-secondary", "data-testid": "similar-merge",
        "aria-label": t("Merge this question into #%(id)s: %(text)s", { id: String(other.id), text: shorten(other.text, 60) }),
        onclick: () => askMerge(q.id, { value: String(other.id) }),
      }, t("Merge into #%(id)s", { id: String(other.id) })) : null);
  }));
}
