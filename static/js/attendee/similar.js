/**
 * Similar questions while a phone's person types one (attendee page, ask form): after a pause in typing, the
 * server's published questions like the text (GET /api/events/<code>/similar, rate-limited per phone), up to
 * three, each with its votes and an "Upvote instead" button. The person can still send their own.
 * Loaded by attendee.js with the first keystroke, so it is not part of the page's first load.
 *
 * data-testid: similar-questions (the box, hidden when there is nothing to show), similar-question (each, with
 *   data-question-id), similar-text, similar-votes, similar-upvote (the button; aria-pressed once voted),
 *   similar-status (the polite live region: how many were found, what a vote did)
 */
import { t, tn } from "../i18n.js";
import { api, applyVoteAnswer, friendlyMessage, h, markMine, reconcile } from "../live.js";

const PAUSE_MS = 400; // after the last keystroke
const MIN_WEIGHT = 12; // characters, a CJK character counting two: "公园何时开放" or "When will the park…"
const QUIET_MS = 30000; // after the server said "too many": stop asking for a while
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/u;

/** Enough text to look for similar questions: what a question's first words weigh. */
export function worthLooking(text, maxLength) {
  const chars = [...text.trim()];
  if (chars.length > maxLength) return false;
  return chars.reduce((weight, char) => weight + (CJK.test(char) ? 2 : 1), 0) >= MIN_WEIGHT;
}

/**
 * root: the ask form's box for suggestions; textarea: the question being typed; base: the event's API URL;
 * live: the page's connection (state, changed()); maxLength: the question's limit.
 */
export function createSimilar({ root, textarea, base, live, maxLength }) {
  const { state } = live;
  const list = root.querySelector('[data-role="similar-list"]');
  const status = document.querySelector('[data-role="similar-status"]');
  let found = []; // the server's last answer: questions as the room sees them, with their score
  let timer = null;
  let asked = ""; // the text of the last look-up (sent or answered)
  let latest = 0; // the number of the last look-up sent: older answers are dropped
  let quietUntil = 0;
  let announced = "";

  function key(text) {
    return text.trim().toLowerCase().replace(/\s+/g, " ");
  }

  async function lookUp() {
    const text = textarea.value;
    if (!worthLooking(text, maxLength) || Date.now() < quietUntil) {
      if (!worthLooking(text, maxLength)) show([]);
      return;
    }
    if (key(text) === asked) return;
    asked = key(text);
    const number = ++latest;
    try {
      const answer = await api(`${base}/similar?text=${encodeURIComponent(text.trim())}`);
      if (number === latest) show(answer.questions);
    } catch (error) {
      if (number !== latest) return;
      if (error.code === "rate_limited") quietUntil = Date.now() + QUIET_MS;
      asked = "";
      show([]); // a help, not a step: say nothing and let the person ask
    }
  }

  /** The suggestions as they stand now: the room's current copy of each (its votes), while it is published. */
  function current() {
    return found
      .map((q) => ({ ...q, ...(state.questions[q.id] || {}) }))
      .filter((q) => q.status === "published" && (state.questions[q.id] || !state.loaded));
  }

  function show(questions) {
    found = questions;
    render();
  }

  function render() {
    const shown = current();
    root.hidden = shown.length === 0;
    const voted = new Set((state.me && state.me.voted) || []);
    const mine = new Set((state.me && state.me.mine) || []);
    reconcile(list, shown, (q) => q.id, createItem, (el, q) => updateItem(el, q, voted.has(q.id), mine.has(q.id)));
    const ids = shown.map((q) => q.id).join(",");
    if (ids !== announced) {
      announced = ids;
      if (shown.length) {
        say(tn("%(n)s similar question was already asked. You can upvote it instead.",
          "%(n)s similar questions were already asked. You can upvote one instead.", shown.length));
      }
    }
  }

  function say(text) {
    status.textContent = text;
  }

  function createItem(q) {
    const button = h("button", {
      type: "button", class: "btn btn-small btn-secondary similar-upvote", "data-testid": "similar-upvote",
      onclick: () => upvote(q.id, button),
    });
    return h("li", { class: "similar-item", "data-testid": "similar-question", dataset: { questionId: q.id } },
      h("p", { class: "similar-text", "data-testid": "similar-text" }),
      h("p", { class: "similar-meta" },
        h("span", { class: "similar-votes", "data-testid": "similar-votes" }),
        h("span", { class: "badge similar-badge", hidden: true })),
      button);
  }

  function updateItem(el, q, hasVoted, isMine) {
    const count = tn("%(n)s vote", "%(n)s votes", q.votes);
    el.querySelector(".similar-text").textContent = q.text;
    el.querySelector(".similar-votes").textContent = `▲ ${count}`;
    const answered = q.progress === "answered";
    const badge = el.querySelector(".similar-badge");
    badge.hidden = !(isMine || answered);
    badge.textContent = isMine ? t("Yours") : answered ? t("Answered") : "";
    const button = el.querySelector(".similar-upvote");
    button.hidden = isMine || answered;
    button.textContent = hasVoted ? t("Upvoted ✓") : t("Upvote instead");
    button.setAttribute("aria-pressed", String(hasVoted));
    button.setAttribute("aria-label", hasVoted ? t("Upvoted ✓, you upvoted: %(text)s (%(count)s)", { text: q.text, count })
      : t("Upvote instead: %(text)s (%(count)s)", { text: q.text, count }));
    button.disabled = hasVoted || button.dataset.busy === "1" || !state.event || !state.event.is_open;
  }

  async function upvote(id, button) {
    button.dataset.busy = "1";
    button.disabled = true;
    try {
      const result = await api(`${base}/questions/${id}/vote`, { method: "POST" });
      applyVoteAnswer(state, id, result);
      say(t("Upvoted. You can still send your own question, or clear it."));
    } catch (error) {
      if (error.code === "already_voted") markMine(state, "voted", id, true);
      else say(friendlyMessage(error));
    } finally {
      delete button.dataset.busy;
      live.changed();
    }
  }

  return {
    /** The person typed: look again once they pause. */
    typed() {
      clearTimeout(timer);
      if (!worthLooking(textarea.value, maxLength)) {
        show([]);
        asked = "";
        return;
      }
      timer = setTimeout(lookUp, PAUSE_MS);
    },
    /** The page's state changed (votes, a question hidden): draw the suggestions again. */
    render,
    /** The question was sent: nothing to suggest any more. */
    clear() {
      clearTimeout(timer);
      latest += 1;
      asked = "";
      show([]);
    },
  };
}
