"""Read models: what a client fetches on connect, reconnect or after a gap."""
from flask import current_app
from sqlalchemy import func, select

from .. import serializers
from ..extensions import db
from ..links import join_url
from ..models import Attendee, Event, Question, Vote, utcnow
from . import agenda, permissions, poll_results, polls, presence, records, room_view, speakers
from .attendees import known_in
from .events import get_event
from .secrets import author_tag

PUBLIC_STATUSES = room_view.PUBLIC_STATUSES


def _seq(event_id: int) -> int:
    # Read the sequence number first: content read after it is at least as new,
    # so a client never skips a change (it may re-apply one, which is harmless).
    return db.session.execute(select(Event.seq).where(Event.id == event_id)).scalar_one()


def event_id(code: str) -> int:
    """The id of the event with this join code (404 if none), without a query while its snapshot is kept."""
    return room_view.event_id(code)


def public_snapshot(*, code: str, attendee_id: int | None = None, token: str | None = None) -> dict:
    """The room's part (services/room_view.py: built once per state, shared) with the caller's own:
    ``me``, the speakers' ``mine`` and the results of after_vote polls it voted in (a phone that
    joined); server_now, the timers as of it and ``present`` (everyone)."""
    room, values, joined = _public(code, attendee_id, token)
    return room.plain(values, joined=joined)


def public_snapshot_json(*, code: str, attendee_id: int | None = None, token: str | None = None) -> str:
    """public_snapshot() as the JSON Flask would send for it, the room's part encoded once per state."""
    room, values, joined = _public(code, attendee_id, token)
    json = current_app.json
    if json.compact is False or (json.compact is None and current_app.debug):  # Flask indents: no splicing
        return json.dumps(room.plain(values, joined=joined), indent=2)
    return room.json(values, joined=joined, dumps=_compact)


def _compact(value) -> str:
    return current_app.json.dumps(value, separators=(",", ":"))


def _public(code: str, attendee_id: int | None, token: str | None) -> tuple[room_view.Room, dict, bool]:
    now = utcnow()
    room = room_view.current(code, now)  # reads the version first
    attendee = known_in(room.event_id, attendee_id, token)
    voted = poll_results.voted_in(room.event_id, attendee.id) if attendee else set()
    values = room.values(now=now, present=presence.attendees_connected(room.event_id), polls_voted=voted)
    if attendee:
        values["me"] = _me(room.event_id, attendee, token, voted)
        values["mine"] = room.mine(attendee.id)
    return room, values, attendee is not None


def _me(event_id: int, attendee: Attendee, token: str, polls_voted: set[int]) -> dict:
    """The phone's own view: its questions (found by the tag only its token makes) and votes."""
    voted = db.session.execute(
        select(Vote.question_id).join(Question).where(Vote.attendee_id == attendee.id, Question.event_id == event_id)
    ).scalars()
    mine = db.session.query(Question).filter(
        Question.event_id == event_id, Question.author_tag == author_tag(token, event_id)
    ).order_by(Question.id).all()
    return {
        **serializers.attendee(attendee),
        "mine": [q.id for q in mine],
        "voted": sorted(voted),
        # own questions the room cannot see: waiting, rejected, hidden, archived, merged
        "own": [serializers.question_public(q) for q in mine if not q.is_public],
        "polls_voted": sorted(polls_voted),
    }


def moderator_snapshot(*, code: str, user_id: int) -> dict:
    event = get_event(code)
    permissions.require(user_id, event, "view")
    seq = _seq(event.id)
    polls.resume_timers(event.id)
    questions = db.session.query(Question).filter_by(event_id=event.id).order_by(Question.id).all()
    return {
        "seq": seq,
        "event": serializers.event_moderator(event, join_url(event.code)),
        "server_now": serializers.iso(utcnow()),
        "questions": [serializers.question_moderator(q) for q in questions],
        "agenda": agenda.view(event, moderator=True),
        "speakers": speakers.view(event, moderator=True),
        "records": records.view(event),
        "polls": poll_results.views(event, audience="moderator"),
        "role": permissions.role_of(user_id, event),
        "capabilities": permissions.capabilities(user_id, event),
        "stats": stats(event.id),
    }


def stats(event_id: int) -> dict:
    by_status = dict(
        db.session.execute(
            select(Question.status, func.count()).where(Question.event_id == event_id).group_by(Question.status)
        ).all()
    )
    votes = db.session.execute(
        select(func.count(Vote.id)).join(Question).where(Question.event_id == event_id)
    ).scalar_one()
    connected = presence.attendees_connected(event_id)
    peak = db.session.execute(select(Event.peak_connected).where(Event.id == event_id)).scalar_one()
    joined = db.session.execute(select(func.count(Attendee.id)).where(Attendee.event_id == event_id)).scalar_one()
    return {
        "connected": connected,
        "peak_connected": max(peak, connected),
        "joined": joined,
        "questions": sum(by_status.values()),
        "by_status": by_status,
        "votes": votes,
    }


def tallies(event_id: int, question_ids) -> dict:
    rows = db.session.execute(
        select(Question.id, Question.vote_count, Question.status).where(
            Question.event_id == event_id, Question.id.in_(list(question_ids))
        )
    ).all()
    return {
        "seq": _seq(event_id),
        "public": {str(qid): count for qid, count, status in rows if status in PUBLIC_STATUSES},
        "all": {str(qid): count for qid, count, _status in rows},
    }

