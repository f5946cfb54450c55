/**
 * Polls, DOM-free: the state the socket's messages update and the phone's sections of polls; all the phone needs
 * before its first poll is drawn (its first load: 60 KB budget, tests/test_http_compression.py). The numbers and
 * words of the charts are in polls/figures.js, a phone's answer per kind in polls/answers.js; all three are
 * re-exported by polls.js.
 */
/** How long a closed (or revealed) poll stays on top of a phone's list or on a big screen. */
export const RECENT_SECONDS = 300;

// --- state ---------------------------------------------------------------------------

export function pollList(state) {
  return Array.isArray(state.polls) ? state.polls : [];
}

/** polls:changed: upsert each poll (this audience's view), drop `removed` ids. */
export function upsertPolls(state, msg) {
  const byId = new Map(pollList(state).map((p) => [p.id, p]));
  const now = Date.now() + (state.clockOffset || 0);
  for (const poll of msg.polls || []) {
    const before = byId.get(poll.id);
    const next = { ...poll };
    if (before) {
      // A reveal has no time on the wire: remember when we saw it (for featuredPoll).
      next.revealed_seen_at = before.revealed_seen_at || null;
      if (poll.revealed && !before.revealed) next.revealed_seen_at = new Date(now).toISOString();
      // A phone's own view (after_vote) is not in the room's broadcast: keep it while the poll is open.
      if (next.results == null && before.results != null && next.status === "open" && before.status === "open"
        && next.visibility === "after_vote" && before.visibility === "after_vote") {
        next.results = before.results;
      }
    }
    byId.set(poll.id, next);
  }
  for (const id of msg.removed || []) byId.delete(id);
  state.polls = [...byId.values()];
}

/** poll:tallied: absolute ballots / present / results for one poll. */
export function applyTally(state, msg) {
  const poll = pollList(state).find((p) => p.id === msg.poll_id);
  if (!poll) return null;
  if (typeof msg.ballots === "number") poll.ballots = msg.ballots;
  if (typeof msg.present === "number") poll.present = msg.present;
  if (msg.results != null) poll.results = msg.results;
  if (msg.among != null) poll.among = msg.among; // counts among verified / in-room phones, where shown
  if ("suspicious" in msg) poll.suspicious = msg.suspicious; // the moderators' only
  return poll;
}

// --- the phone's sections ---------------------------------------------------------------------

/** When a poll was closed or revealed last (ms). */
export function momentOf(poll) {
  const at = (iso) => Date.parse(iso || "") || 0;
  return Math.max(at(poll.closed_at), at(poll.revealed_at), at(poll.revealed_seen_at));
}

/** The phone's {open (latest opened first), recent (closed last, within recentMs), earlier} polls at `now`. */
export function phoneSections(polls, now, recentMs = RECENT_SECONDS * 1000) {
  const shown = polls.filter((p) => p.status === "open" || p.status === "closed");
  const isRecent = (p) => p.status === "closed" && now - momentOf(p) <= recentMs;
  const byOpened = (a, b) => (Date.parse(b.opened_at || "") || 0) - (Date.parse(a.opened_at || "") || 0) || b.id - a.id;
  const open = shown.filter((p) => p.status === "open").sort(byOpened);
  const recent = shown.filter(isRecent).sort((a, b) => momentOf(b) - momentOf(a)).slice(0, 1);
  const earlier = shown.filter((p) => p.status === "closed" && !recent.includes(p))
    .sort((a, b) => momentOf(b) - momentOf(a) || b.id - a.id);
  return { open, recent, earlier };
}
