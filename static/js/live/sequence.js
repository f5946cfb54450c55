/**
 * The order of sequenced messages, DOM-free (tested with node --test): with several server processes
 * messages reach a page slightly out of order, and that is not a gap. A message ahead of the next one
 * expected is held; the missing ones usually follow within milliseconds, and then everything held is
 * applied in order. Only when one is still missing after GAP_WAIT_MS does the page fetch a snapshot.
 * Snapshots are spread: each page waits a random part of the spread it is given, and a page has at most
 * one fetch scheduled or in flight.
 */
export const GAP_WAIT_MS = 1000;
export const GAP_SPREAD_MS = 1000;

/**
 * holdBack({onMissing, waitMs, setTimer, clearTimer}):
 *   hold(type, msg, due): keep a message that can apply once the page's seq is `due` (msg.seq - 1 for a
 *     message that advances the sequence, msg.seq for a tally that carries it); onMissing() runs once
 *     if, waitMs later, messages are still held (nothing filled the gap);
 *   next(lastSeq): the held message to apply now (the lowest due, if it is at most lastSeq), taken out
 *     of the hold, or null; when the hold empties its timer stops;
 *   take(): every held message (in seq order), the hold emptied: after a snapshot, to be handled again.
 */
export function holdBack({ onMissing, waitMs = GAP_WAIT_MS, setTimer = setTimeout, clearTimer = clearTimeout }) {
  let held = [];
  let timer = null;

  function stop() {
    if (timer !== null) clearTimer(timer);
    timer = null;
  }

  return {
    get size() {
      return held.length;
    },
    hold(type, msg, due) {
      held.push([type, msg, due]);
      held.sort((a, b) => a[2] - b[2]); // stable: equal dues keep their order of arrival
      if (timer === null) {
        timer = setTimer(() => {
          timer = null;
          if (held.length) onMissing();
        }, waitMs);
      }
    },
    next(lastSeq) {
      if (!held.length || held[0][2] > lastSeq) {
        if (!held.length) stop();
        return null;
      }
      const [type, msg] = held.shift();
      if (!held.length) stop();
      return [type, msg];
    },
    take() {
      const all = held.map(([type, msg]) => [type, msg]);
      held = [];
      stop();
      return all;
    },
  };
}

/**
 * spreadCalls(fn, {random, setTimer}): schedule(maxMs) calls fn once after a random delay in
 * [0, maxMs); further schedule() calls before it ran do nothing (one scheduled at most).
 */
export function spreadCalls(fn, { random = Math.random, setTimer = setTimeout } = {}) {
  let scheduled = false;
  return {
    get scheduled() {
      return scheduled;
    },
    schedule(maxMs) {
      if (scheduled) return false;
      scheduled = true;
      setTimer(() => {
        scheduled = false;
        fn();
      }, Math.floor(random() * Math.max(0, maxMs)));
      return true;
    },
  };
}
