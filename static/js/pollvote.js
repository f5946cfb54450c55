/**
 * The phone's polls (used by attendee.js): their state, kept from the room's messages from the start, and their
 * cards (pollvote/cards.js: the voting UI per kind, "Your answer is in", the results), loaded with the first
 * poll together with the charts (polls.js), the inputs per kind (pollvote/kinds.js) and the polls' stylesheet:
 * not in the phone's first load (60 KB budget, tests/test_http_compression.py). Contract: docs/polls.md. Test
 * ids: docs/testids-phone.md.
 */
import { moreStrings } from "./i18n.js";
import { applyTally, pollList, upsertPolls } from "./polls/state.js";

const RETRY_MS = 3000;

function loadStylesheet(href) {
  if (!href || document.querySelector(`link[rel="stylesheet"][href="${href}"]`)) return Promise.resolve();
  return new Promise((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.onload = link.onerror = () => resolve();
    document.head.append(link);
  });
}

export function createPhonePolls({ root, base }) {
  // after_vote polls this phone answered: the room's poll:tallied has results null, but the server puts this
  // phone's socket in the poll's voters' room (at connect, on poll:vote, on poll:follow), whose poll:tallied
  // carries them. The phone GETs its own view once, right after its own ballot; never per tally.
  const tallied = new Map(); // poll id -> number of tallies with results seen (a GET older than one loses)
  let live = null;
  let cards = null;
  let loading = null;

  function render() {
    if (!live || !live.state.loaded) return;
    if (cards) cards.render();
    else if (pollList(live.state).length) load();
  }

  function load() {
    loading = loading || Promise.all([
      loadStylesheet(root.dataset.pollsCss), moreStrings().then(() => import("./pollvote/cards.js"))])
      .then(([, { createPollCards }]) => {
        cards = createPollCards({ root, base, live, tallied });
        live.changed();
      }, () => {
        loading = null; // the connection dropped: tried again at the next render, or in a few seconds
        setTimeout(() => live.changed(), RETRY_MS);
      });
  }

  return {
    /** connectLive handlers (sequenced) */
    handlers: {
      "polls:changed": (msg, st) => upsertPolls(st, msg),
    },
    /** connectLive tallies (unsequenced, absolute) */
    tallies: {
      "poll:tallied": (msg, st) => {
        // The room's message (results null) and then the voters' room's (with results) for the same window:
        // applyTally takes results when present and never clears them on a null.
        const poll = applyTally(st, msg);
        if (poll && msg.results != null) tallied.set(poll.id, (tallied.get(poll.id) || 0) + 1);
      },
    },
    /** after connectLive: the live connection (refresh, changed) and its state */
    attach(connection) {
      live = connection;
    },
    render,
    tick: () => cards && cards.tick(),
  };
}
