"""Which polls' voters' rooms a phone's socket joins as it connects, without a query per connect.

A voters' room carries the results of an after_vote poll to the phones that voted in it while the
room may not see them yet: open, after_vote, not revealed. Most of the time an event has no such
poll, and a join storm of thousands of phones then asks the database nothing. The list of those
polls is kept per event for a moment (TTL_SECONDS), and forgotten at once when this process changes
an event's polls; a phone that votes joins the room there and then (realtime/commands_polls.py).
"""
import time

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Participation, Poll
from ..models.statuses import PollStatus

TTL_SECONDS = 2.0


def polls_to_join(event_id: int, attendee_id: int) -> list[int]:
    private = _private_polls(event_id)
    if not private:
        return []
    return list(db.session.execute(
        select(Participation.poll_id).where(Participation.attendee_id == attendee_id,
                                            Participation.poll_id.in_(private))
    ).scalars())


def forget(event_id: int) -> None:
    """The event's polls changed here: read them again on the next connect."""
    _cache().pop(event_id, None)


def _cache() -> dict:
    return current_app.extensions.setdefault("townhall_voter_rooms", {})


def _private_polls(event_id: int) -> tuple[int, ...]:
    cache, now = _cache(), time.monotonic()
    hit = cache.get(event_id)
    if hit is not None and hit[0] > now:
        return hit[1]
    ids = tuple(db.session.execute(
        select(Poll.id).where(Poll.event_id == event_id, Poll.status == PollStatus.OPEN,
                              Poll.visibility == "after_vote", Poll.revealed.is_(False))
    ).scalars())
    if len(cache) > 10_000:
        cache.clear()
    cache[event_id] = (now + TTL_SECONDS, ids)
    return ids
