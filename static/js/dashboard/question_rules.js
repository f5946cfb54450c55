/**
 * The rules of the question cards, without the page: which moderation buttons a question shows, the reasons a
 * question is hidden or rejected for (the server's MODERATION_REASONS, counted in the minutes), status labels.
 */
import { t } from "../i18n.js";

// action -> [label, button style]; which ones show depends on status/progress (see visible()).
export const ACTIONS = {
  approve: [t("Approve"), "btn-ok"],
  reject: [t("Reject"), "btn-secondary"],
  answering: [t("Answer now"), "btn"],
  answered: [t("Mark answered"), "btn-secondary"],
  reopen: [t("Reopen"), "btn-secondary"],
  hide: [t("Hide"), "btn-secondary"],
  archive: [t("Archive"), "btn-secondary"],
  restore: [t("Restore"), "btn-secondary"],
};

/** "Reopen" reads "Back to open" for the question being answered, as the banner above the list says. */
export function actionLabel(action, q) {
  if (action === "reopen" && q.status === "published" && q.progress === "answering") return t("Back to open");
  return ACTIONS[action][0];
}

// Why a question was hidden or rejected (the server's MODERATION_REASONS), counted in the minutes.
export const REASONS = {
  off_topic: t("Off topic"), duplicate: t("Duplicate"), offensive: t("Offensive"), personal_data: t("Personal data"),
  spam: t("Spam"), other: t("Other"),
};
export const OTHER_STATUSES = ["hidden", "rejected", "archived", "merged"];

// Ledger states (models/ledger.py) in which a question is done with: closed without an answer or answered in
// writing. It is not answered in the room again (the server refuses it) unless a moderator reopens it.
const FINISHED = ["closed", "answered_in_writing"];

export function visible(action, q) {
  const published = q.status === "published";
  const finished = FINISHED.includes(q.state);
  switch (action) {
    case "approve":
    case "reject":
      return q.status === "pending";
    case "answering":
      return published && q.progress === "open" && !finished;
    case "answered":
      return published && q.progress !== "answered" && !finished;
    case "reopen":
      return published && (q.progress !== "open" || finished);
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

// The two actions a card keeps in view, by the question's state (the rest are in its "More" menu): what the chair
// does next to most questions in that state. Waiting: approve or reject; open on the live list: take it now, or
// hide it; on the floor: done, or back to the list; answered: back to the list or archive; set aside: restore.
const PRIMARY = {
  pending: ["approve", "reject"],
  open: ["answering", "hide", "reopen", "answered"],
  answering: ["answered", "reopen"],
  answered: ["reopen", "archive"],
  other: ["restore", "archive"],
};

export function primaryActions(q) {
  const key = q.status === "pending" ? "pending" : q.status === "published" ? q.progress : "other";
  return (PRIMARY[key] || []).filter((action) => visible(action, q)).slice(0, 2);
}

// What the chair searches by (text, asker, "#id") and filters by (status, as the tabs group them).
export const STATUS_FILTERS = ["pending", "open", "answering", "answered", "hidden", "rejected", "archived", "merged"];

export function statusKey(q) {
  return q.status === "published" ? q.progress : q.status;
}

export function matchesSearch(q, words) {
  if (!words.length) return true;
  const haystack = `#${q.id} ${q.text} ${q.anonymous ? "" : q.author || ""}`.toLocaleLowerCase();
  return words.every((word) => haystack.includes(word));
}

export function searchWords(text) {
  return text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
}

export const STATUS_LABEL = {
  pending: t("Waiting"), published: t("Live"), hidden: t("Hidden"), rejected: t("Rejected"), archived: t("Archived"), merged: t("Merged"),
};

/** One line of at most `length` characters, with "…" when cut. */
export function shorten(text, length) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
