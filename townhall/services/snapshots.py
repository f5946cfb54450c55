"""Read models: what a client fetches on connect, reconnect or after a gap."""
from sqlalchemy import func, select

from .. import serializers
from ..extensions import db
from ..links import join_url
from ..models import Attendee, Event, Question, Vote, utcnow
from . import agenda, permissions, poll_results, polls, presence, records, speakers
from .attendees import known
from .events import get_event
from .secrets import author_tag

PUBLIC_STATUSES = ("published",)


def _seq(event_id: int) -> int:
    # Read the sequence number first: content read after it is at least as new,
    # so a client never skips a change (it may re-apply one, which is harmless).
    return db.session.execute(select(Event.seq).where(Event.id == event_id)).scalar_one()


def public_snapshot(*, code: str, attendee_id: int | None = None, token: str | None = None) -> dict:
    event = get_event(code)
    seq = _seq(event.id)
    questions = (
        db.session.query(Question)
        .filter(Question.event_id == event.id, Question.status.in_(PUBLIC_STATUSES))
        .order_by(Question.id)
        .all()
    )
    attendee = known(event, attendee_id, token)
    polls.resume_timers(event.id)
    return {
        "seq": seq,
        "server_now": serializers.iso(utcnow()),
        "event": serializers.event_public(event, join_url(event.code)),
        "questions": [serializers.question_public(q) for q in questions],
        "agenda": agenda.view(event, moderator=False),
        "speakers": speakers.view(event, moderator=False, attendee_id=attendee.id if attendee else None),
        "polls": poll_results.views(event, audience="phone" if attendee else "room",
                                    attendee_id=attendee.id if attendee else None),
        "me": _me(event, attendee, token) if attendee else None,
    }


def _me(event: Event, attendee: Attendee, token: str) -> dict:
    """The phone's own view: its questions (found by the tag only its token makes) and votes."""
    voted = db.session.execute(
        select(Vote.question_id).join(Question).where(Vote.attendee_id == attendee.id, Question.event_id == event.id)
    ).scalars()
    mine = db.session.query(Question).filter(
        Question.event_id == event.id, Question.author_tag == author_tag(token, event.id)
    ).order_by(Question.id).all()
    return {
        **serializers.attendee(attendee),
        "mine": [q.id for q in mine],
        "voted": sorted(voted),
        # own questions the room cannot see: waiting, rejected, hidden, archived, merged
        "own": [serializers.question_public(q) for q in mine if not q.is_public],
        "polls_voted": sorted(poll_results.voted_in(event.id, attendee.id)),
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
    # Every Vote row is counted in its question's vote_count (merges move and recount them), so
    # the sum over the event's questions is the number of votes, without reading every vote.
    votes = db.session.execute(
        select(func.coalesce(func.sum(Question.vote_count), 0)).where(Question.event_id == event_id)
    ).scalar_one()
    connected = presence.attendees_connected(event_id)
    peak = db.session.execute(select(Event.peak_connected).where(Event.id == event_id)).scalar_one()
    joined = db.session.execute(select(func.count(Attendee.id)).where(Attendee.event_id == event_id)).scalar_one()
    return {
        "connected": connected,
        "peak_connected": max(peak, presence.peak_seen(event_id), connected),
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

