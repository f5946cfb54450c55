/**
 * Words for the counts among verified and in-room phones and for a burst of fresh phones voting one way
 * (services/vote_trust.py, services/vote_watch.py). DOM-free: the dashboard, the polls page and the
 * projector use them.
 */
import { t, tn } from "./i18n.js";
import { optionTexts } from "./polls/figures.js";

/** "4 verified · 3 in the room" for a question's votes (null: no counts sent). */
export function trustText(trust) {
  if (!trust) return null;
  return t("%(verified)s verified · %(in_room)s in the room", { verified: trust.verified, in_room: trust.in_room });
}

/** The moderators' warning: "Suspicious: 150 of 154 votes within 60 s came from phones that joined in the last 5 min". */
export function suspiciousText(flag) {
  if (!flag) return null;
  return tn("Suspicious voting: %(fresh)s of %(n)s vote within %(window)s s came from phones that joined less than "
    + "%(minutes)s min before. All votes are counted; compare with the verified and in-room counts.",
  "Suspicious voting: %(fresh)s of %(n)s votes within %(window)s s came from phones that joined less than "
    + "%(minutes)s min before. All votes are counted; compare with the verified and in-room counts.",
  flag.votes, { fresh: flag.fresh_votes, window: flag.window_seconds, minutes: Math.round(flag.fresh_seconds / 60) });
}

/** The leading answer of a choice poll's results: [label, percent] or null. */
export function leader(poll, results) {
  if (!results || !Array.isArray(results.counts)) return null;
  const total = results.counts.reduce((a, b) => a + b, 0);
  if (!total) return null;
  let best = 0;
  results.counts.forEach((n, i) => {
    if (n > results.counts[best]) best = i;
  });
  return [optionTexts(poll)[best], Math.round((100 * results.counts[best]) / total)];
}

/** "Among 40 in-room phones: Yes 55 %" per group with ballots (choice polls), for the room and moderators. */
export function amongLines(poll) {
  if (!poll.among) return [];
  const lines = [];
  const among = {
    in_room: (n) => tn("among %(n)s in-room phone", "among %(n)s in-room phones", n),
    verified: (n) => tn("among %(n)s verified phone", "among %(n)s verified phones", n),
  };
  for (const group of ["in_room", "verified"]) {
    const entry = poll.among[group];
    if (!entry || !entry.ballots) continue;
    const top = entry.results && !entry.results.suppressed ? leader(poll, entry.results) : null;
    lines.push(among[group](entry.ballots) + (top ? `: ${top[0]} ${top[1]} %` : ""));
  }
  return lines;
}

export const VOTERS_LABEL = {
  everyone: t("Everyone"),
  verified: t("Verified phones only (passcode or attendee code)"),
  in_room: t("Phones in the room only (scanned the in-room QR)"),
};
