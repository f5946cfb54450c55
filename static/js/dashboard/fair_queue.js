/**
 * The "fair queue" order of the waiting questions (the dashboard's third sort). DOM-free; tested with
 * `node --test tests/js/fair_queue.test.mjs`.
 *
 * Waiting: published, open (not on the floor, not answered) and, by the question's ledger `state`, still
 * waiting for an answer (published, reopened or deferred), as services/queue_skips.py counts skips.
 *
 * Askers: a question's `asker` (an opaque per-event key in the moderators' view); a question without one
 * is its own asker. An asker has *had* a question when one of their questions is on the floor or was
 * answered (progress answering or answered, or ledger state answered_in_room / answered_in_writing).
 *
 * Rounds: an asker's waiting questions, best first (most votes, then oldest, then lowest id), get rounds
 * had, had + 1, had + 2, ... where `had` is how many questions that asker has had. The queue takes round 0
 * before round 1 and so on: nobody gets a second question before every asker with a question waiting has
 * had one.
 *
 * Within a round, agenda items take turns: the round's questions are grouped by agenda item (no item is a
 * group of its own), each group best first; the groups are ordered by their best question (same rule); then
 * the first question of each group in that order, then the second of each, and so on.
 */

export const WAITING_STATES = ["published", "reopened", "deferred"];
const ANSWERED_STATES = ["answered_in_room", "answered_in_writing"];

const time = (q) => Date.parse(q.created_at) || 0;
/** Most votes first, then the oldest, then the lowest id. */
export const better = (a, b) => (b.votes || 0) - (a.votes || 0) || time(a) - time(b) || a.id - b.id;
const askerOf = (q) => (q.asker ? `a:${q.asker}` : `q:${q.id}`);

export function isWaiting(q) {
  return q.status === "published" && q.progress === "open" && WAITING_STATES.includes(q.state || "published");
}

function hasHadOne(q) {
  return q.progress === "answering" || q.progress === "answered" || ANSWERED_STATES.includes(q.state);
}

/** The waiting questions among `questions` in fair-queue order (a new array; the others are left out). */
export function fairQueue(questions) {
  const had = new Map();
  for (const q of questions) {
    if (hasHadOne(q)) had.set(askerOf(q), (had.get(askerOf(q)) || 0) + 1);
  }
  const mine = new Map();
  for (const q of questions.filter(isWaiting).sort(better)) {
    const key = askerOf(q);
    if (!mine.has(key)) mine.set(key, []);
    mine.get(key).push(q);
  }
  const rounds = new Map();
  for (const [key, list] of mine) {
    list.forEach((q, index) => {
      const round = (had.get(key) || 0) + index;
      if (!rounds.has(round)) rounds.set(round, []);
      rounds.get(round).push(q);
    });
  }
  const out = [];
  for (const round of [...rounds.keys()].sort((a, b) => a - b)) out.push(...byItemTurns(rounds.get(round)));
  return out;
}

function byItemTurns(list) {
  const groups = new Map();
  for (const q of [...list].sort(better)) {
    const key = q.agenda_item_id ?? "none";
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(q);
  }
  const ordered = [...groups.values()]; // already in the order of their best question (sorted above)
  const out = [];
  for (let turn = 0; out.length < list.length; turn += 1) {
    for (const group of ordered) if (group[turn]) out.push(group[turn]);
  }
  return out;
}
