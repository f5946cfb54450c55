/**
 * Words for the counts among verified and in-room phones and for a burst of fresh phones voting one way
 * (services/vote_trust.py, services/vote_watch.py). DOM-free: the dashboard, the polls page and the
 * projector use them.
 */

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** "4 verified · 3 in the room" for a question's votes (null: no counts sent). */
export function trustText(trust) {
  if (!trust) return null;
  return `${trust.verified} verified · ${trust.in_room} in the room`;
}

/** The moderators' warning: "Suspicious: 150 of 154 votes within 60 s came from phones that joined in the last 5 min". */
export function suspiciousText(flag) {
  if (!flag) return null;
  return `Suspicious voting: ${flag.fresh_votes} of ${plural(flag.votes, "vote", "votes")} within ` +
    `${flag.window_seconds} s came from phones that joined less than ${Math.round(flag.fresh_seconds / 60)} min ` +
    "before. All votes are counted; compare with the verified and in-room counts.";
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
  return [poll.options[best], Math.round((100 * results.counts[best]) / total)];
}

/** "Among 40 in-room phones: Yes 55 %" per group with ballots (choice polls), for the room and moderators. */
export function amongLines(poll) {
  if (!poll.among) return [];
  const lines = [];
  for (const [group, label] of [["in_room", "in-room"], ["verified", "verified"]]) {
    const entry = poll.among[group];
    if (!entry || !entry.ballots) continue;
    const top = entry.results && !entry.results.suppressed ? leader(poll, entry.results) : null;
    lines.push(`among ${plural(entry.ballots, `${label} phone`, `${label} phones`)}` +
      (top ? `: ${top[0]} ${top[1]} %` : ""));
  }
  return lines;
}

export const VOTERS_LABEL = {
  everyone: "Everyone",
  verified: "Verified phones only (passcode or attendee code)",
  in_room: "Phones in the room only (scanned the in-room QR)",
};
