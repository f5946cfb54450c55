"""Read models: what a client fetches on connect, reconnect or after a gap."""
from typing import cast

from flask import current_app
from flask.json.provider import DefaultJSONProvider
from sqlalchemy import bindparam, case, func, literal, or_, select, union_all

from .. import serializers
from ..extensions import db
from ..links import join_url
from ..models import Attendee, Ban, Event, Participation, Poll, Question, Vote, utcnow
from . import (
    agenda,
    permissions,
    poll_results,
    presence,
    records,
    room_view,
    similar_questions,
    speakers,
    vote_trust,
    vote_watch,
)
from .attendees import phone
from .events import get_event
from .secrets import author_tag

PUBLIC_STATUSES = room_view.PUBLIC_STATUSES

_votes, _questions = Vote.__table__, Question.__table__
_participations, _polls, _bans = Participation.__table__, Poll.__table__, Ban.__table__
# A phone's own ids in one statement, built once (every phone fetches a snapshot on every connect):
# ("voted", question id, 0), ("poll", poll id, 0), ("asked", question id, 1 if the room cannot see it),
# ("banned", ban id, 0) while a ban names the phone (by attendee or by its tag: services/ban_checks.py).
_OWN = union_all(
    select(literal("voted"), _votes.c.question_id, literal(0))
    .join(_questions, _questions.c.id == _votes.c.question_id)
    .where(_votes.c.attendee_id == bindparam("attendee_id"), _questions.c.event_id == bindparam("event_id")),
    select(literal("poll"), _participations.c.poll_id, literal(0))
    .join(_polls, _polls.c.id == _participations.c.poll_id)
    .where(_participations.c.attendee_id == bindparam("attendee_id"), _polls.c.event_id == bindparam("event_id")),
    select(literal("asked"), _questions.c.id, case((_questions.c.status.in_(PUBLIC_STATUSES), 0), else_=1))
    .where(_questions.c.event_id == bindparam("event_id"), _questions.c.author_tag == bindparam("tag")),
    select(literal("banned"), _bans.c.id, literal(0))
    .where(_bans.c.event_id == bindparam("event_id"),
           or_(_bans.c.attendee_id == bindparam("attendee_id"), _bans.c.author_tag == bindparam("tag"))),
)


def _seq(event_id: int) -> int:
    # Read the sequence number first: content read after it is at least as new,
    # so a client never skips a change (it may re-apply one, which is harmless).
    return db.session.execute(select(Event.seq).where(Event.id == event_id)).scalar_one()


def public_snapshot(*, code: str, attendee_id: int | None = None, token: str | None = None) -> dict:
    """The room's part (services/room_view.py: built once per state, shared) with the caller's own:
    ``me``, the speakers' ``mine`` and the results of after_vote polls it voted in (a phone that
    joined); server_now, the timers as of it and ``present`` (everyone)."""
    room, values, joined = _public(code, attendee_id, token)
    return room.plain(values, joined=joined)


def public_snapshot_json(*, code: str, attendee_id: int | None = None, token: str | None = None) -> str:
    """public_snapshot() as the JSON Flask would send for it, the room's part encoded once per state."""
    room, values, joined = _public(code, attendee_id, token)
    json = cast(DefaultJSONProvider, current_app.json)
    if json.compact is False or (json.compact is None and current_app.debug):  # Flask indents: no splicing
        return json.dumps(room.plain(values, joined=joined), indent=2)
    return room.json(values, joined=joined, dumps=_compact)


def _compact(value) -> str:
    return current_app.json.dumps(value, separators=(",", ":"))


def _public(code: str, attendee_id: int | None, token: str | None) -> tuple[room_view.Room, dict, bool]:
    now = utcnow()
    room = room_view.current(code, now)  # reads the version first
    me = phone(room.event_id, attendee_id, token)
    own = _own(room.event_id, me.id, token) if me and token else {"poll": []}  # phone() matched the token
    values = room.values(now=now, present=presence.attendees_connected(room.event_id), polls_voted=set(own["poll"]))
    if me:
        values["me"] = {**_me(me, own), "banned": bool(own["banned"])}
        values["mine"] = room.mine(me.id)
    return room, values, me is not None


def _own(event_id: int, attendee_id: int, token: str) -> dict[str, list[int]]:
    """The phone's own ids, each list in order: voted (questions), poll (polls voted in), asked
    (questions, found by the tag only its token makes), hidden (those asked the room cannot see), banned
    (bans that name the phone)."""
    own: dict[str, list[int]] = {"voted": [], "poll": [], "asked": [], "hidden": [], "banned": []}
    rows = db.session.execute(_OWN, {"attendee_id": attendee_id, "event_id": event_id,
                                     "tag": author_tag(token, event_id)})
    for kind, row_id, hidden in rows:
        own[kind].append(row_id)
        if hidden:
            own["hidden"].append(row_id)
    return {kind: sorted(ids) for kind, ids in own.items()}


def _me(attendee, own: dict[str, list[int]]) -> dict:
    """The phone's own view: its questions and votes."""
    hidden = db.session.execute(
        select(Question).where(Question.id.in_(own["hidden"])).order_by(Question.id)
    ).scalars().all() if own["hidden"] else []
    return {
        **serializers.attendee(attendee),
        "mine": own["asked"],
        "voted": own["voted"],
        # own questions the room cannot see: waiting, rejected, hidden, archived, merged
        "own": [serializers.question_public(q) for q in hidden if not q.is_public],
        "polls_voted": own["poll"],
    }


def moderator_snapshot(*, code: str, user_id: int) -> dict:
    event = get_event(code)
    permissions.require(user_id, event, "view")
    seq = _seq(event.id)
    questions = db.session.scalars(select(Question).filter_by(event_id=event.id).order_by(Question.id)).all()
    return {
        "seq": seq,
        "event": serializers.event_moderator(event, join_url(event.code)),
        "server_now": serializers.iso(utcnow()),
        "questions": similar_questions.in_snapshot(event.id, seq, _with_trust(
            event.id, [serializers.question_moderator(q) for q in questions])),
        "agenda": agenda.view(event, moderator=True),
        "speakers": speakers.view(event, moderator=True),
        "records": records.view(event),
        "polls": poll_results.views(event, audience="moderator"),
        "role": permissions.role_of(user_id, event),
        "capabilities": permissions.capabilities(user_id, event),
        "stats": stats(event.id),
    }


def _with_trust(event_id: int, questions: list[dict]) -> list[dict]:
    """The moderators' questions with their votes among verified and in-room phones (``trust``) and
    the burst of fresh phones voting for them, while one lasts (``suspicious``, vote_watch.py)."""
    counts = vote_trust.question_counts(event_id)
    flags = vote_watch.watch().flags(event_id, "question")
    return [{**q, "trust": counts.get(q["id"], {"verified": 0, "in_room": 0}), "suspicious": flags.get(q["id"])}
            for q in questions]


# Built once: stats are read after every burst of votes, and statements built per call leave their
# SQL elements in reference cycles (tests/test_socket_garbage.py counts them per vote).
_BY_STATUS = (select(Question.status, func.count()).where(Question.event_id == bindparam("event_id"))
              .group_by(Question.status))
# Every Vote row is counted in its question's vote_count (merges move and recount them), so the sum
# over the event's questions is the number of votes, without reading every vote.
_VOTES = select(func.coalesce(func.sum(Question.vote_count), 0)).where(Question.event_id == bindparam("event_id"))
# joined: the phones still known and those whose identity retention deleted (services/retention.py)
_PEAK_AND_JOINED = select(
    Event.peak_connected,
    Event.forgotten_attendees
    + select(func.count(Attendee.id)).where(Attendee.event_id == bindparam("event_id")).scalar_subquery(),
).where(Event.id == bindparam("event_id"))


def stats(event_id: int) -> dict:
    params = {"event_id": event_id}
    by_status: dict[str, int] = dict(db.session.execute(_BY_STATUS, params).all())
    votes = db.session.execute(_VOTES, params).scalar_one()
    connected = presence.attendees_connected(event_id)
    peak, joined = db.session.execute(_PEAK_AND_JOINED, params).one()
    return {
        "connected": connected,
        "peak_connected": max(peak, presence.peak_seen(event_id), connected),
        "joined": joined,
        "questions": sum(by_status.values()),
        "by_status": by_status,
        "votes": votes,
    }


def tallies(event_id: int, question_ids, *, moderators: bool = False) -> dict:
    """The coalesced questions:tallied: {seq, public, all} (question id -> votes); for the moderators
    also trust (id -> {verified, in_room}) and suspicious (id -> the burst, or null)."""
    rows = db.session.execute(
        select(Question.id, Question.vote_count, Question.status).where(
            Question.event_id == event_id, Question.id.in_(list(question_ids))
        )
    ).all()
    body = {
        "seq": _seq(event_id),
        "public": {str(qid): count for qid, count, status in rows if status in PUBLIC_STATUSES},
        "all": {str(qid): count for qid, count, _status in rows},
    }
    if moderators:
        ids = [qid for qid, _count, _status in rows]
        watch = vote_watch.watch()
        body["trust"] = {str(qid): counts for qid, counts in vote_trust.question_counts(event_id, ids).items()}
        body["suspicious"] = {str(qid): watch.flag((event_id, "question", qid)) for qid in ids}
    return body

