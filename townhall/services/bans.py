"""Banning a phone from an event: the moderator bans "the asker of question #12".

What a ban does: the asker's pending questions are hidden (with the ban's reason) and their waiting
request for the floor is removed, and from then on the phone's commands (ask, vote, answer a poll,
ask for the floor) are refused with `banned`. What the room already sees stays: a moderator who wants
a published question gone hides it separately. Lifting the ban (unban) puts back exactly what the ban
took out, if nothing else has changed it since.

Who is banned: a named asker by attendee id (a one-time attendee code that maps back to the same
attendee after a cookie reset keeps the ban); an anonymous asker by the author tag its question
already carries (an HMAC of the phone's cookie token), so the database still does not link an
anonymous question to an attendee, and the moderator learns nothing more than the question showed.
A cookie reset escapes a tag ban, and, in open joining, any ban (a new cookie is a new attendee).
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..errors import Conflict, InvalidInput, NotFound
from ..extensions import db
from ..models import MODERATION_REASONS, Ban, Question, SpeakerRequest, User, utcnow
from ..models.statuses import QuestionStatus, SpeakerStatus
from ..realtime import broadcast
from ..serializers import iso
from . import ledger, operations, permissions, speakers
from .events import get_event
from .ids import is_id
from .questions import announce, question_in
from .transaction import on_commit, use_case


def _reason(reason) -> str:
    if reason not in MODERATION_REASONS:  # also refuses a missing reason or one that is not text
        raise InvalidInput(_l("Give a reason: one of %(reasons)s.", reasons=", ".join(MODERATION_REASONS)),
                           code="invalid_reason",
                           field="reason")
    return reason


def entry(ban: Ban, question: Question | None = None) -> dict:
    """A ban as moderators see it: the question it came from, and its asker's name only where that
    question showed it."""
    if question is None and ban.question_id:
        question = db.session.get(Question, ban.question_id)
    by = db.session.get(User, ban.created_by) if ban.created_by else None
    hid = ban.hid or {}
    return {"id": ban.id, "question_id": ban.question_id, "anonymous": ban.attendee_id is None,
            "asker": question.author_name if question is not None and ban.attendee_id else None,
            "reason": ban.reason, "at": iso(ban.created_at), "by": by.name if by else None,
            "hid": {"questions": len(hid.get("questions", [])), "speakers": len(hid.get("speakers", []))}}


@use_case
def ban(*, code: str, user_id: int | None, question_id, reason) -> dict:
    """Ban the asker of a question. 403 forbidden, 404 question_not_found, 400 invalid_reason,
    409 already_banned / asker_unknown."""
    event = get_event(code, lock=True)  # bans and moderation of the event one after another
    permissions.require(user_id, event, "questions")
    reason = _reason(reason)
    question = question_in(event, question_id)
    if question.attendee_id:
        key = {"attendee_id": question.attendee_id}
        pending = select(Question).where(Question.attendee_id == question.attendee_id)
    elif question.author_tag:
        # Only the anonymous questions of that tag: hiding a named one would tell the moderator who asked.
        key = {"author_tag": question.author_tag}
        pending = select(Question).where(Question.author_tag == question.author_tag, Question.is_anonymous)
    else:
        raise Conflict(_l("This question's asker cannot be told apart any more (their phone left the event)."),
                       code="asker_unknown")
    clash = db.session.execute(select(Ban.id).filter_by(event_id=event.id, **key)).first()
    if clash is not None:
        raise Conflict(_l("The asker of this question is banned already."), code="already_banned")
    hidden = list(db.session.scalars(pending.where(Question.event_id == event.id,
                                                   Question.status == QuestionStatus.PENDING).order_by(Question.id)))
    for q in hidden:
        q.status, q.moderation_reason = QuestionStatus.HIDDEN, reason
        ledger.record(q, "reject", actor="team", user_id=user_id, note=reason)
    removed = list(db.session.scalars(select(SpeakerRequest).filter_by(
        event_id=event.id, attendee_id=question.attendee_id, status=SpeakerStatus.WAITING))) \
        if question.attendee_id else []
    now = utcnow()
    for request in removed:
        request.status, request.finished_at = SpeakerStatus.REMOVED, now
    row = Ban(event_id=event.id, question_id=question.id, reason=reason, created_at=now, created_by=user_id,
              hid={"questions": [q.id for q in hidden], "speakers": [r.id for r in removed]}, **key)
    db.session.add(row)
    db.session.flush()
    operations.record(event.id, user_id, "ban", reason, question_id=question.id, ban_id=row.id)
    if hidden:
        announce(event.id, hidden, {q.id: False for q in hidden})
    if removed:
        speakers.announce(event)
    _tell_phone(question)
    return entry(row, question)


def _tell_phone(question: Question | None) -> None:
    """After commit, the phone that asked the question (its author room) learns that its ban changed."""
    tag = question.author_tag if question is not None else None
    if tag:
        on_commit(lambda: broadcast.phone_banned(tag))


@use_case
def unban(*, code: str, user_id: int | None, ban_id) -> dict:
    """Lift a ban: what it hid comes back (pending questions still hidden for the ban's reason, removed
    requests for the floor that are still removed), nothing else. 404 ban_not_found."""
    event = get_event(code, lock=True)  # bans and moderation of the event one after another
    permissions.require(user_id, event, "questions")
    row = db.session.get(Ban, ban_id) if is_id(ban_id) else None
    if row is None or row.event_id != event.id:
        raise NotFound(_l("No such ban in this event."), code="ban_not_found")
    hid = row.hid or {}
    back = list(db.session.scalars(select(Question).where(
        Question.id.in_(hid.get("questions") or []), Question.status == QuestionStatus.HIDDEN,
        Question.moderation_reason == row.reason)))
    for q in back:
        q.status, q.moderation_reason = QuestionStatus.PENDING, None
        ledger.record(q, "restore", actor="team", user_id=user_id)
    requests = list(db.session.scalars(select(SpeakerRequest).where(
        SpeakerRequest.id.in_(hid.get("speakers") or []), SpeakerRequest.status == SpeakerStatus.REMOVED)))
    waiting = {r.attendee_id for r in db.session.scalars(select(SpeakerRequest).filter_by(
        event_id=event.id, status=SpeakerStatus.WAITING))}
    for request in requests:
        if request.attendee_id not in waiting:  # asked again meanwhile? then that request stands
            request.status, request.finished_at = SpeakerStatus.WAITING, None
            waiting.add(request.attendee_id)
    answer = {**entry(row), "restored": {"questions": len(back), "speakers": len(requests)}}
    targets = {"question_id": row.question_id} if row.question_id else {}
    operations.record(event.id, user_id, "unban", row.reason, ban_id=row.id, **targets)
    db.session.delete(row)
    if back:
        announce(event.id, back, {q.id: False for q in back})
    if requests:
        speakers.announce(event)
    _tell_phone(db.session.get(Question, row.question_id) if row.question_id else None)
    return answer


def listing(*, code: str, user_id: int | None) -> list[dict]:
    """The event's bans, newest first (owner and moderators)."""
    event = get_event(code)
    permissions.require(user_id, event, "questions")
    rows = db.session.scalars(select(Ban).filter_by(event_id=event.id).order_by(Ban.id.desc())).all()
    return [entry(row) for row in rows]
