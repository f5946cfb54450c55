/** DOM-free glue of the live pages (re-exported by live.js): questions, clock offset, agenda and speakers, acks. */
import { t } from "../i18n.js";

// --- Questions -----------------------------------------------------------------

const time = (q) => Date.parse(q.created_at) || 0;

/** Popular: votes desc, then older first. Recent: newest first. */
export function sortQuestions(list, order) {
  const copy = [...list];
  if (order === "recent" || order === "time") copy.sort((a, b) => time(b) - time(a) || b.id - a.id);
  else copy.sort((a, b) => b.votes - a.votes || time(a) - time(b) || a.id - b.id);
  return copy;
}

export function authorLabel(q) {
  return q.author || t("Anonymous");
}

/** A speaker's name as the page shows it: the server's "Speaker N" for an unnamed or hidden speaker
 * (serializers/speakers.py room_name, the same words for every reader) in the page's language.
 * name: which of the entry's names (a moderator's entry also has room_name). */
export function speakerLabel(entry, name = entry.name) {
  if (entry && name === `Speaker ${entry.number}`) return t("Speaker %(number)s", { number: entry.number });
  return name;
}

/** Length as the server counts it (code points, after trimming). */
export function textLength(value) {
  return [...value.replace(/\r\n/g, "\n").trim()].length;
}

// --- Clock: state.clockOffset = server clock - this clock (ms), from messages' server_now ------------

/** ms the server's clock is ahead, or null for a missing / unreadable time. */
export function offsetFrom(serverNow, localNow = Date.now()) {
  const at = Date.parse(serverNow || "");
  return Number.isNaN(at) ? null : at - localNow;
}

export function learnClock(msg, state, localNow = Date.now()) {
  const offset = offsetFrom(msg && msg.server_now, localNow);
  if (offset !== null) state.clockOffset = offset;
}

/** Now on the server's clock (ms). */
export function serverNow(state, localNow = Date.now()) {
  return localNow + ((state && state.clockOffset) || 0);
}

// --- Agenda and speakers ---------------------------------------------------------

/** connectLive handlers for agenda:changed / speakers:changed; beforeSpeakers(state) runs before the swap. */
export function roomHandlers({ beforeSpeakers } = {}) {
  return {
    "agenda:changed": (msg, st) => {
      st.agenda = msg.agenda;
      learnClock(msg, st);
    },
    "speakers:changed": (msg, st) => {
      if (beforeSpeakers) beforeSpeakers(st);
      st.speakers = msg.speakers;
      learnClock(msg, st);
    },
  };
}

export function agendaItems(agenda) {
  return (agenda && agenda.items) || [];
}

export function itemById(agenda, id) {
  if (id === null || id === undefined) return null;
  return agendaItems(agenda).find((i) => i.id === id) || null;
}

export function currentItem(agenda) {
  return agenda ? itemById(agenda, agenda.current_item_id) : null;
}

/** changed(event): did the settings names and order of speakers depend on change since last time? */
export function watchSpeakerSettings() {
  let last = null;
  return (event) => {
    const key = JSON.stringify([event.anonymous_speakers, event.first_time_speakers_first, event.speaker_time_limit]);
    const changed = last !== null && key !== last;
    last = key;
    return changed;
  };
}

// --- A write's answer (absolute; the room's message may still be on its way) ----------------------

export function withMember(ids, id, on) {
  const set = new Set(ids || []);
  if (on) set.add(id);
  else set.delete(id);
  return [...set];
}

/** state.me[key] (e.g. "voted", "polls_voted") with id in or out; nothing before joining. */
export function markMine(state, key, id, on = true) {
  if (!state.me) return;
  state.me[key] = withMember(state.me[key], id, on);
}

/** A question vote's answer {voted, votes}. */
export function applyVoteAnswer(state, id, result) {
  markMine(state, "voted", id, result.voted);
  if (state.questions[id]) state.questions[id].votes = result.votes;
}

/** A request to speak's answer: the list of speakers with it in its place, unless already there. */
export function placeRequest(speakers, request) {
  if (!speakers || speakers.queue.some((entry) => entry.id === request.id)) return speakers;
  const queue = [...speakers.queue];
  queue.splice(Math.max(0, (request.position || queue.length + 1) - 1), 0, request);
  return { ...speakers, queue, next: queue[0] };
}

/** An asked question's answer: mine; a pending one goes to state.me.own. -> {question (without `mine`), pending}. */
export function recordAsked(state, question) {
  const { mine: _mine, ...plain } = question;
  const pending = question.status === "pending";
  if (state.me && !state.me.mine.includes(question.id)) state.me.mine = [...state.me.mine, question.id];
  if (pending && state.me) state.me.own = [...(state.me.own || []).filter((q) => q.id !== plain.id), plain];
  return { question: plain, pending };
}
