/**
 * One polite live region per page (role="status"): what changed in the room, for screen readers, without
 * flooding. Announcements within `quietMs` of the last one wait and go out together: new questions are
 * counted ("3 new questions"), and of the other news only the latest of each kind is kept.
 */
import { t, tn } from "../i18n.js";

export function createAnnouncer(el, { quietMs = 4000 } = {}) {
  let last = -Infinity; // when the last announcement went out
  let timer = null;
  const newQuestions = [];
  const news = new Map(); // kind -> text: the latest of each kind

  function flush() {
    timer = null;
    const parts = [];
    if (newQuestions.length === 1) parts.push(t("New question: %(text)s", { text: newQuestions[0] }));
    else if (newQuestions.length > 1) parts.push(tn("%(n)s new question", "%(n)s new questions", newQuestions.length));
    parts.push(...news.values());
    newQuestions.length = 0;
    news.clear();
    if (!parts.length || !el) return;
    el.textContent = parts.join(" ");
    last = Date.now();
  }

  function schedule() {
    if (timer) return;
    timer = setTimeout(flush, Math.max(300, last + quietMs - Date.now()));
  }

  return {
    /** A question the room sees for the first time (not this phone's own). */
    question(text) {
      newQuestions.push(text);
      schedule();
    },
    /** Other news of a kind ("answering", "timer"): only the latest of each kind is read. */
    say(kind, text) {
      news.set(kind, text);
      schedule();
    },
  };
}

/**
 * Watches the room's state between renders and tells the announcer what is new: questions published
 * since the last look (after the first, which only learns what is there), the question now being
 * answered, and a speaker's time running out.
 */
export function createRoomWatch(announcer) {
  let known = null;
  let answeringId = null;
  let overFor = null;
  return {
    questions(published, mine) {
      const ids = new Set(published.map((q) => q.id));
      if (known) {
        for (const q of published) if (!known.has(q.id) && !mine.has(q.id)) announcer.question(q.text);
      }
      known = ids;
      const answering = published.find((q) => q.progress === "answering");
      const id = answering ? answering.id : null;
      if (id !== null && id !== answeringId) announcer.say("answering", t("Now answering: %(text)s", { text: answering.text }));
      answeringId = id;
    },
    timer(speakerId, over) {
      if (over && overFor !== speakerId) announcer.say("timer", t("The speaker's time is up."));
      overFor = over ? speakerId : null;
    },
  };
}
