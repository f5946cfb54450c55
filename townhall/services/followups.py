"""What the event's team does to follow questions up, during the meeting and at its end: refer a question to
an office with a due date ("we will get back to you"), defer it, close it without an answer (the reason is
public), and the end-of-meeting review, where every unanswered question gets a follow-up or a closure.

Every step goes through the question's ledger (services/ledger.py, the one state machine: a refused step is
409 invalid_transition), the operation log, the room's question lists (questions.announce: questions carry
their `state`) and the followup:changed push (followup_push.announce).

A question referred again after it was reopened keeps its follow-up row: the clock still runs from the first
referral (referred_at) and the date first promised (first_due_on) stays, so "answered by the due date" is
measured against the first promise; the office, the date in force (due_on) and the note become the new ones.
"""
import re
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import serializers
from ..contracts.followups import CLOSE_REASON_MAX_LENGTH, NOTE_MAX_LENGTH
from ..errors import Conflict, DomainError, InvalidInput, NotFound
from ..extensions import db
from ..models import Event, Followup, Office, Organization, Question, utcnow
from ..models.base import today
from ..models.ledger import UNANSWERED
from ..models.statuses import LedgerState, QuestionStatus
from . import followup_push, ledger, operations, permissions
from .events import get_event
from .ids import is_id
from .questions import announce, question_in
from .rows import required_row
from .text import clean_text
from .transaction import use_case

MAX_YEARS_AHEAD = 2
MAX_MIN_VOTES = 1_000_000
# The questions the review looks at: those the room saw (not pending, rejected, hidden or merged).
REVIEWED_STATUSES = (QuestionStatus.PUBLISHED, QuestionStatus.ARCHIVED)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def latest_due(now: date) -> date:
    try:
        return now.replace(year=now.year + MAX_YEARS_AHEAD)
    except ValueError:  # 29 February
        return now.replace(year=now.year + MAX_YEARS_AHEAD, day=28)


def due_date(value) -> date:
    """An ISO date (YYYY-MM-DD), today (UTC) or later, at most two years ahead; else 400 invalid_due_date."""
    parsed = None
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            parsed = None
    if parsed is None:
        raise InvalidInput(_l("due_on must be a date written YYYY-MM-DD."), code="invalid_due_date", field="due_on")
    now = today()
    if parsed < now:
        raise InvalidInput(_l("The due date is in the past: give today or a later date."), code="invalid_due_date",
                           field="due_on")
    if parsed > latest_due(now):
        raise InvalidInput(_l("The due date is more than %(years)s years ahead.", years=MAX_YEARS_AHEAD),
                           code="invalid_due_date",
                           field="due_on")
    return parsed


def office_of(event: Event, office_id) -> Office:
    """An office of the event's organization: 409 no_organization, 404 office_not_found."""
    if not is_id(office_id):
        raise InvalidInput(_l("office_id must be an integer."), field="office_id")
    if event.organization_id is None:
        raise Conflict(_l("This event belongs to no organization, so it has no offices to refer questions to: attach "
                       "the event to an organization in its settings."), code="no_organization")
    office = db.session.get(Office, office_id)
    if office is None or office.organization_id != event.organization_id:
        raise NotFound(_l("No such office in this event's organization."), code="office_not_found", field="office_id")
    return office


def _note(value) -> str | None:
    return clean_text(value, field="note", max_length=NOTE_MAX_LENGTH, required=False) or None


def _reason(value) -> str:
    return clean_text(value, field="reason", max_length=CLOSE_REASON_MAX_LENGTH)


def _start(code: str, user_id: int | None) -> Event:
    event = get_event(code, lock=True)  # the team's writes on the event one after another
    permissions.require(user_id, event, "questions")
    return event


def _question(event: Event, question_id) -> Question:
    """The question, read again and locked for this transaction (PostgreSQL; SQLite's BEGIN IMMEDIATE already
    excludes other writers): two moderators following it up at once take their steps one after the other."""
    question = question_in(event, question_id)
    db.session.refresh(question, with_for_update=True)
    return question


def _answer(question: Question, item: dict) -> dict:
    return {"question": serializers.question_moderator(question), "followup": item}


# --- the steps, inside a use case -----------------------------------------------------------------


def _refer(event: Event, question: Question, office: Office, due_on: date, note: str | None,
           user_id: int | None) -> None:
    ledger.record(question, "refer", actor="team", user_id=user_id, office_id=office.id, due_on=due_on, note=note)
    followup = db.session.get(Followup, question.id)
    if followup is None:
        db.session.add(Followup(question_id=question.id, event_id=event.id, office_id=office.id,
                                referred_at=utcnow(), first_due_on=due_on, due_on=due_on, note=note))
    else:  # referred again after a reopening: the clock and the first promise stay; the answer that did not
        # settle it, and its verdict, stay in the ledger, and the follow-up waits for a new written answer
        followup.office_id, followup.due_on, followup.note = office.id, due_on, note
        followup.answer_text = followup.answered_at = followup.answered_by = None
        followup.feedback = followup.feedback_text = followup.feedback_at = None
    operations.record(event.id, user_id, "refer", f"{office.name}, due {due_on.isoformat()}",
                      question_id=question.id)


def _close(event: Event, question: Question, reason: str, user_id: int | None) -> None:
    ledger.record(question, "close", actor="team", user_id=user_id, note=reason)
    operations.record(event.id, user_id, "close", reason, question_id=question.id)


# --- the use cases ------------------------------------------------------------------------------


@use_case
def refer(*, code: str, user_id: int | None, question_id, office_id, due_on, note=None) -> dict:
    """Refer a question to an office with a due date. 403 forbidden, 404 question_not_found / office_not_found,
    409 no_organization / invalid_transition, 400 invalid_due_date / too_long."""
    event = _start(code, user_id)
    question = _question(event, question_id)
    office = office_of(event, office_id)
    due, note = due_date(due_on), _note(note)
    _refer(event, question, office, due, note, user_id)
    announce(event.id, [question], {question.id: question.is_public})
    return _answer(question, followup_push.announce(question))


@use_case
def defer(*, code: str, user_id: int | None, question_id, note=None) -> dict:
    """Defer a question (e.g. to the next meeting): it stays unanswered and in the review."""
    event = _start(code, user_id)
    question = _question(event, question_id)
    note = _note(note)
    ledger.record(question, "defer", actor="team", user_id=user_id, note=note)
    operations.record(event.id, user_id, "defer", note or "", question_id=question.id)
    announce(event.id, [question], {question.id: question.is_public})
    return _answer(question, followup_push.announce(question))


@use_case
def close(*, code: str, user_id: int | None, question_id, reason) -> dict:
    """Close a question without an answer; the reason (required) is public."""
    event = _start(code, user_id)
    question = _question(event, question_id)
    reason = _reason(reason)
    _close(event, question, reason, user_id)
    announce(event.id, [question], {question.id: question.is_public})
    return _answer(question, followup_push.announce(question))


def _item_error(exc: DomainError, where: str, question_id) -> DomainError:
    """The same refusal, naming the review's item it is about."""
    subject = f"question {question_id}" if is_id(question_id) else "an item"
    field = f"{where}.{exc.field}" if exc.field else where
    return type(exc)(f"{where} ({subject}): {exc.message}", code=exc.code, field=field)


@use_case
def resolve(*, code: str, user_id: int | None, refer=(), close=()) -> dict:
    """The end-of-meeting review in one step: refer some questions and close the others, all or nothing.
    refer: [{question_id, office_id, due_on, note?}]; close: [{question_id, reason}]. A refused item: its
    error, naming it (field "refer[2].due_on"), and nothing stored."""
    event = _start(code, user_id)
    if not refer and not close:
        raise InvalidInput(_l("Nothing to refer or close."), code="nothing_to_resolve")
    seen: set[int] = set()
    changed: list[Question] = []
    was_public: dict[int, bool] = {}

    def take(where: str, question_id) -> Question:
        question = _question(event, question_id)
        if question.id in seen:
            raise InvalidInput(_l("This question is in the list twice."), code="duplicate_question",
                               field="question_id")
        seen.add(question.id)
        was_public[question.id] = question.is_public
        changed.append(question)
        return question

    for i, item in enumerate(refer):
        where = f"refer[{i}]"
        try:
            question = take(where, item.get("question_id"))
            office = office_of(event, item.get("office_id"))
            due, note = due_date(item.get("due_on")), _note(item.get("note"))
            _refer(event, question, office, due, note, user_id)
        except DomainError as exc:
            raise _item_error(exc, where, item.get("question_id")) from None
    for i, item in enumerate(close):
        where = f"close[{i}]"
        try:
            question = take(where, item.get("question_id"))
            _close(event, question, _reason(item.get("reason")), user_id)
        except DomainError as exc:
            raise _item_error(exc, where, item.get("question_id")) from None
    announce(event.id, changed, was_public)
    items = {q.id: followup_push.announce(q) for q in changed}
    referred = [q.id for q in changed if q.ledger_state == LedgerState.REFERRED]
    return {"referred": [items[i] for i in referred],
            "closed": [items[q.id] for q in changed if q.id not in referred]}


def _min_votes(value) -> int:
    if isinstance(value, str):
        value = int(value) if value.isdigit() and len(value) <= 7 else None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_MIN_VOTES:
        raise InvalidInput(_l("min_votes must be a whole number from 0 to %(max)s.", max=MAX_MIN_VOTES),
                           code="invalid_min_votes",
                           field="min_votes")
    return value


def review(*, code: str, user_id: int | None, min_votes=1) -> dict:
    """The end-of-meeting review: the questions the room saw that still wait for an answer without a follow-up
    (published, deferred or reopened in the ledger), split by votes (at least min_votes: offered for referral;
    below: to be closed with a reason, or referred all the same), the counts of those referred, answered and
    closed without an answer, and the follow-ups of the questions that have one."""
    event = _start(code, user_id)
    threshold = _min_votes(min_votes)
    seen = select(Question).where(Question.event_id == event.id, Question.status.in_(REVIEWED_STATUSES))
    waiting = db.session.scalars(seen.where(Question.ledger_state.in_(UNANSWERED))
                                 .order_by(Question.vote_count.desc(), Question.id)).all()
    counts: dict[str, int] = dict(db.session.execute(
        select(Question.ledger_state, func.count()).where(Question.event_id == event.id,
                                                          Question.status.in_(REVIEWED_STATUSES))
        .group_by(Question.ledger_state)).all())
    followed = db.session.scalars(seen.where(Question.ledger_state.in_((
        LedgerState.REFERRED, LedgerState.ANSWERED_IN_WRITING, LedgerState.CLOSED, LedgerState.DEFERRED)))
        .order_by(Question.id)).all()
    return {
        "min_votes": threshold,
        "offered": [serializers.question_moderator(q) for q in waiting if q.vote_count >= threshold],
        "below": [serializers.question_moderator(q) for q in waiting if q.vote_count < threshold],
        "counts": {"unanswered": len(waiting), "referred": counts.get(LedgerState.REFERRED, 0),
                   "answered_in_room": counts.get(LedgerState.ANSWERED_IN_ROOM, 0),
                   "answered_in_writing": counts.get(LedgerState.ANSWERED_IN_WRITING, 0),
                   "closed": counts.get(LedgerState.CLOSED, 0)},
        "followups": [followup_push.item(q) for q in followed],
    }


def offices(*, code: str, user_id: int | None) -> dict:
    """The offices of the event's organization, for the team (null organization: none)."""
    event = get_event(code)
    permissions.require(user_id, event, "view")
    if event.organization_id is None:
        return {"organization": None, "offices": []}
    rows = db.session.scalars(select(Office).where(Office.organization_id == event.organization_id)
                              .order_by(Office.name, Office.id)).all()
    organization = required_row(Organization, event.organization_id)
    return {"organization": {"id": organization.id, "name": organization.name, "slug": organization.slug},
            "offices": [{"id": o.id, "name": o.name} for o in rows]}
