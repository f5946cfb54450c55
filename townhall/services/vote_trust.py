"""Votes counted among verified and in-room phones, and who may vote in a restricted poll.

A phone is VERIFIED when it joined with the event's passcode or a one-time attendee code
(attendees.joined_with), IN THE ROOM once it has scanned the projector's rotating in-room QR
(attendees.in_room_at). Both are set by joining (services/attendees.py and the in-room QR); here they
are only read.

- A question's votes among verified / in-room phones are counted from its Vote rows joined to their
  attendees as they are now (a phone that scans the in-room QR after voting counts as in the room).
- A poll ballot records what its phone was when it was cast (ballots.verified, ballots.in_room): a
  confidential ballot carries no attendee id, so the flags travel with the ballot. A phone that scans
  the QR after voting counts as in the room from its next ballot (where ballots may change).
"""
import threading
import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from ..errors import Forbidden
from ..extensions import db
from ..models import Attendee, Question, Vote
from ..models.statuses import JoinedWith, PollVoters
from .presence import attendees_connected, connected_attendee_ids

ELIGIBLE_CACHE_SECONDS = 1.0
_EXTENSION = "townhall_eligible_present"


def is_verified(attendee) -> bool:
    return attendee.joined_with != JoinedWith.OPEN


def is_in_room(attendee) -> bool:
    return attendee.in_room_at is not None


def check_eligible(attendee, voters: str) -> None:
    """Refuse a ballot from a phone the poll does not take (403 not_eligible), saying how to become
    eligible."""
    if voters == PollVoters.VERIFIED and not is_verified(attendee):
        raise Forbidden(_l("Only verified phones can answer this poll: join again with the event's passcode or "
                        "your attendee code (ask at the entrance)."), code="not_eligible")
    if voters == PollVoters.IN_ROOM and not is_in_room(attendee):
        raise Forbidden(_l("Only phones in the room can answer this poll: scan the QR code on the screen "
                        "in the room, then answer."), code="not_eligible")


def eligible_sql(voters: str):
    """SQL: the attendees a poll with these voters takes (None: everyone)."""
    conditions: dict[str, object] = {PollVoters.VERIFIED.value: Attendee.verified(),
                                     PollVoters.IN_ROOM.value: Attendee.in_room()}
    return conditions.get(voters)


def present(event_id: int, voters: str) -> int:
    """Phones connected now that the poll takes: all of them for everyone; otherwise counted in SQL
    among the connected ids, at most once a second per event and kind (it is read by every snapshot)."""
    if voters == PollVoters.EVERYONE:
        return attendees_connected(event_id)
    cache = current_app.extensions.setdefault(_EXTENSION, ({}, threading.Lock()))
    values, lock = cache
    now = time.monotonic()
    with lock:
        hit = values.get((event_id, voters))
    if hit is not None and now - hit[0] < ELIGIBLE_CACHE_SECONDS:
        return hit[1]
    ids = connected_attendee_ids(event_id)
    count = 0
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        count += db.session.execute(select(func.count(Attendee.id)).where(
            Attendee.id.in_(chunk), eligible_sql(voters))).scalar_one()
    with lock:
        values[(event_id, voters)] = (now, count)
    return count


def question_counts(event_id: int, question_ids=None) -> dict[int, dict]:
    """question id -> {verified, in_room}: its votes from verified phones and from in-room phones
    (every question of the event asked about, 0 when none)."""
    query = (select(Vote.question_id,
                    func.coalesce(func.sum(case((Attendee.verified(), 1), else_=0)), 0),
                    func.coalesce(func.sum(case((Attendee.in_room(), 1), else_=0)), 0))
             .join(Attendee, Attendee.id == Vote.attendee_id).join(Question, Question.id == Vote.question_id)
             .where(Question.event_id == event_id).group_by(Vote.question_id))
    if question_ids is not None:
        query = query.where(Vote.question_id.in_(list(question_ids)))
    counts = {qid: {"verified": int(verified), "in_room": int(in_room)}
              for qid, verified, in_room in db.session.execute(query)}
    ids = question_ids if question_ids is not None else db.session.execute(
        select(Question.id).where(Question.event_id == event_id)).scalars()
    return {qid: counts.get(qid, {"verified": 0, "in_room": 0}) for qid in ids}


def used(event_id: int) -> bool:
    """Did any phone of the event join verified or scan the in-room QR?"""
    return db.session.execute(select(Attendee.id).where(
        Attendee.event_id == event_id, Attendee.verified() | Attendee.in_room()).limit(1)).first() is not None
