/**
 * Polls, DOM-free: a phone's answer per kind, checked before it is sent. Re-exported by polls.js.
 */
import { t } from "../i18n.js";
import { textLength } from "../live/state.js";

// {answer} to send, or {error} (null: nothing picked).

export const TEXT_MAX = 200;

export function singleAnswer(choice) {
  return choice === null ? { error: t("Pick an option first.") } : { answer: { choice } };
}

export function multipleAnswer(picked, max) {
  if (!picked.length) return { error: t("Pick at least one option.") };
  if (picked.length > max) return { error: t("Pick at most %(max)s.", { max }) };
  return { answer: { choices: picked } };
}

export function yesnoAnswer(choice) {
  return choice === null ? { error: t("Choose Yes, No or Abstain first.") } : { answer: { choice } };
}

export function ratingAnswer(rating) {
  return rating === null ? { error: t("Choose a number first.") } : { answer: { rating } };
}

export function rankingAnswer(order) {
  return { answer: { order } };
}

/** text: trimmed, 1..TEXT_MAX characters as the server counts them. */
export function textAnswer(text) {
  const length = textLength(text);
  if (!length) return { error: t("Type your answer first.") };
  if (length > TEXT_MAX) return { error: t("At most %(max)s characters, please (now %(length)s).", { max: TEXT_MAX, length }) };
  return { answer: { text: text.trim() } };
}

/** The picks a multiple-choice poll allows: max_choices, or every option. */
export function pickLimit(poll, optionCount) {
  return poll.max_choices || optionCount;
}
