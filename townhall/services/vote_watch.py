"""Suspicious voting: a burst of fresh phone identities voting the same way, flagged to the moderators.

The rule (one target is one question, or one poll; "the same way" is the same question upvoted, or
the same answer of the poll: the option chosen, the set of options, the rating, the first of a
ranking; text answers are not watched):

- a vote is FRESH when its phone joined the event less than FRESH_SECONDS before it;
- a target is flagged when, within the last WINDOW_SECONDS, at least MIN_FRESH fresh votes went the
  same way AND they are more than SHARE of all the votes the target got in that window.

So a room that joins at the door and votes at once (a hundred honest phones in a minute) is flagged
too when most of its votes go one way: the flag asks a moderator to look, it proves nothing. Votes
are never dropped or hidden: the flag is a field beside the count, a socket event to the moderators'
room and one entry in the operation log per burst. A burst lasts while such votes keep coming; after
WINDOW_SECONDS without a fresh vote the same way it is over, and the next one is a new burst.

Cost: each vote is appended to its target's window and the window's old end dropped, O(1) amortised,
after its batch commits (vote_batches.apply, polls.vote); nothing is read from the database (the
phone's joined_at comes with the rows the batch reads anyway).

Limits: the windows live in this process's memory. With several processes each sees only its own
phones' votes (sticky sessions spread a script's sockets over them), so a burst split across N
processes needs N times the votes to be flagged; a restart forgets the windows and the live flag (the
operation log keeps the entry). A patient attacker who joins phones and waits FRESH_SECONDS before
voting is not flagged by this rule: the counts among verified and in-room phones are the defence then.
"""
import logging
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app

from ..models import utcnow
from ..realtime import broadcast
from . import operations

log = logging.getLogger(__name__)

WINDOW_SECONDS = 60
FRESH_SECONDS = 300
MIN_FRESH = 20
SHARE = 0.5
_EXTENSION = "townhall_vote_watch"


@dataclass
class Burst:
    """One flagged burst on a target, as the moderators see it."""

    way: object
    since: datetime  # the first fresh vote of the window in which it was flagged (UTC)
    fresh_votes: int  # fresh votes the same way during the burst
    votes: int  # every vote on the target during the burst
    last: float  # monotonic time of its last fresh vote the same way

    def wire(self) -> dict:
        return {"fresh_votes": self.fresh_votes, "votes": self.votes, "window_seconds": WINDOW_SECONDS,
                "fresh_seconds": FRESH_SECONDS, "since": self.since.isoformat() + "Z"}


@dataclass
class _Target:
    recent: deque = field(default_factory=deque)  # (monotonic t, utc datetime, fresh, way)
    fresh: dict = field(default_factory=dict)  # way -> fresh votes in the window
    burst: Burst | None = None


class Watch:
    """The windows of one app's process: {(event_id, kind, target_id): _Target}."""

    def __init__(self):
        self._lock = threading.Lock()
        self._targets: dict[tuple, _Target] = {}

    def saw(self, key: tuple, way, fresh: bool, *, now: float | None = None,
            at: datetime | None = None) -> tuple[bool, Burst] | None:
        """Count one vote; (new burst?, the burst) while its target is flagged, else None."""
        now = time.monotonic() if now is None else now
        at = at or utcnow()
        with self._lock:
            target = self._targets.get(key)
            if target is None:
                target = self._targets[key] = _Target()
            recent, counts = target.recent, target.fresh
            while recent and recent[0][0] <= now - WINDOW_SECONDS:
                _t, _at, was_fresh, old_way = recent.popleft()
                if was_fresh:
                    counts[old_way] -= 1
                    if not counts[old_way]:
                        del counts[old_way]
            recent.append((now, at, fresh, way))
            if fresh:
                counts[way] = counts.get(way, 0) + 1
            burst = target.burst
            if burst is not None and now - burst.last > WINDOW_SECONDS:
                burst = target.burst = None  # over: the next one is a new burst
            if burst is not None:
                burst.votes += 1
                if fresh and way == burst.way:
                    burst.fresh_votes += 1
                    burst.last = now
                return False, burst
            same = counts.get(way, 0) if fresh else 0
            if same >= MIN_FRESH and same > SHARE * len(recent):
                since = next(entry[1] for entry in recent if entry[2] and entry[3] == way)
                target.burst = Burst(way=way, since=since, fresh_votes=same, votes=len(recent), last=now)
                return True, target.burst
            return None

    def flag(self, key: tuple, *, now: float | None = None) -> dict | None:
        """The target's burst as the moderators see it, while it lasts; None otherwise."""
        now = time.monotonic() if now is None else now
        with self._lock:
            target = self._targets.get(key)
            burst = target.burst if target else None
            if burst is None or now - burst.last > WINDOW_SECONDS:
                return None
            return burst.wire()

    def flags(self, event_id: int, kind: str) -> dict[int, dict]:
        """target id -> its flag, for every flagged target of this kind in the event."""
        with self._lock:
            keys = [key for key, target in self._targets.items()
                    if key[0] == event_id and key[1] == kind and target.burst is not None]
        return {key[2]: flag for key in keys if (flag := self.flag(key)) is not None}

    def forget(self, event_id: int) -> None:
        with self._lock:
            for key in [key for key in self._targets if key[0] == event_id]:
                del self._targets[key]


def watch() -> Watch:
    """This app's watch, made on first use."""
    extensions = current_app.extensions
    found = extensions.get(_EXTENSION)
    return found if found is not None else extensions.setdefault(_EXTENSION, Watch())


def is_fresh(joined_at: datetime | None, at: datetime) -> bool:
    return joined_at is not None and at - joined_at < timedelta(seconds=FRESH_SECONDS)


def observe(seen: Sequence[tuple[int, str, int, object, bool]]) -> None:
    """After commit: count these votes, (event_id, "question" or "poll", target id, way, fresh); a new
    burst is logged (its own short transaction) and announced to the moderators. Never raises: the
    votes are stored, a failed flag must not make them look failed."""
    try:
        found = watch()
        new = []
        for event_id, kind, target_id, way, fresh in seen:
            outcome = found.saw((event_id, kind, target_id), way, fresh)
            if outcome is not None and outcome[0]:
                new.append((event_id, kind, target_id, outcome[1].wire()))
        for event_id, kind, target_id, flag in new:
            _log(event_id, kind, target_id, flag)
            broadcast.votes_suspicious(event_id, {"target": kind, "id": target_id, "suspicious": flag})
    except Exception:  # noqa: BLE001 - logged; the votes stand
        log.exception("Could not watch %d votes for bursts", len(seen))


def _log(event_id: int, kind: str, target_id: int, flag: dict) -> None:
    detail = (f"{flag['fresh_votes']} of {flag['votes']} votes within {WINDOW_SECONDS} s came from phones "
              f"that joined less than {FRESH_SECONDS // 60} min before")
    operations.record_alone(event_id, None, "suspicious_votes", detail, **{f"{kind}_id": target_id})
