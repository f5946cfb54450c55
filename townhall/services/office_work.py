"""An office's written work on the follow-ups referred to it: answer in writing (and correct the answer),
transfer to another office of the same organization, ask for more time. Each is one use case: checked by
services/office_permissions.py first, then by the ledger's state machine, recorded as a ledger step with
the office as the actor, logged in the event's operation log, and pushed to everyone following the
question (services/followup_push.py). The workspace (/offices) reads the follow-ups of the user's offices.
"""
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..contracts.offices import ANSWER_MAX, EXTEND_REASON_MAX, TRANSFER_NOTE_MAX
from ..errors import Conflict, InvalidInput
from ..extensions import db
from ..models import Event, Followup, Office, Organization, Question, utcnow
from ..models.base import today
from ..models.questions import VISIBLE_STATUSES
from ..models.statuses import LedgerState
from ..serializers.followups import followup_public
from . import followup_push, ledger, operations
from .followups import MAX_YEARS_AHEAD, latest_due
from .ids import is_id
from .office_permissions import followup_for, office_ids
from .rows import required_row
from .text import clean_text, long_text
from .transaction import lock_rows, use_case


def _answer_text(value) -> str:
    text = long_text(value, field="text", max_length=ANSWER_MAX, subject=_l("The answer")).strip()
    if not text:
        raise InvalidInput(_l("The answer is empty."), code="empty", field="text")
    return text


def _question(followup: Followup) -> Question:
    """The follow-up's question, locked for the step (two steps at once on PostgreSQL take turns), after
    its event's row: the order every use case takes them in (services/events.get_event, lock=True)."""
    question = required_row(Question, followup.question_id)
    lock_rows(Event, [question.event_id])
    db.session.refresh(question, with_for_update=True)
    return question


def _locked(user_id: int, question_id) -> tuple[Followup, Question]:
    """The follow-up and its question, the question locked first; the follow-up then read again and the
    office's right checked again on it as committed (a transfer or an extension that committed while
    this step waited is seen: the step decides on the due date and office in force)."""
    question = _question(followup_for(user_id, question_id))
    db.session.refresh(required_row(Followup, question.id))
    return followup_for(user_id, question_id), question


# --- reading: the workspace ------------------------------------------------------------------

def workspace(*, user_id: int) -> dict:
    """The follow-ups of the user's offices (and, for an organization's owner, of all its offices): open
    ones first, the most overdue first; answered ones after, newest first. With each, its history for the
    team, and the offices of its organization it may be transferred to."""
    ids = office_ids(user_id)
    offices = list(db.session.scalars(select(Office).where(Office.id.in_(ids)).order_by(Office.name))) if ids else []
    org_ids = {o.organization_id for o in offices}
    orgs = {o.id: o for o in db.session.scalars(select(Organization).where(Organization.id.in_(org_ids)))} \
        if org_ids else {}
    siblings = list(db.session.scalars(select(Office).where(Office.organization_id.in_(org_ids))
                                       .order_by(Office.name))) if org_ids else []
    names = {o.id: o.name for o in siblings}
    rows = db.session.execute(
        select(Followup, Question, Event).join(Question, Question.id == Followup.question_id)
        .join(Event, Event.id == Followup.event_id).where(
            Followup.office_id.in_(ids), Question.status.in_(VISIBLE_STATUSES), Question.ledger_state != "rejected")
    ).all() if ids else []
    now, day = utcnow(), today()
    ledgers = ledger.histories([question.id for _f, question, _e in rows]) if rows else {}
    items = []
    for followup, question, event in rows:
        body = followup_public(question, followup, names.get(followup.office_id), day)
        office = next(o for o in siblings if o.id == followup.office_id)
        body.update({
            "office_id": followup.office_id,
            "organization_id": office.organization_id,
            "event_code": event.code,
            "event_title": event.title,
            # No longer waiting for the office: answered in writing, or answered in the room or closed by the team.
            "answered": question.ledger_state != LedgerState.REFERRED,
            "days_overdue": (day - followup.due_on).days if body["overdue"] else 0,
            "age_days": (now - followup.referred_at).days,
            "history": [ledger.team_entry(e, names) for e in ledgers.get(question.id, [])],
            # the dates "more time" may ask for: after the date in force, as far as a referral may promise
            "extend_from": (followup.due_on + timedelta(days=1)).isoformat(),
            "extend_until": latest_due(day).isoformat(),
            "transfer_to": [{"id": o.id, "name": o.name} for o in siblings
                            if o.organization_id == office.organization_id and o.id != followup.office_id],
        })
        items.append(body)
    open_items = sorted((i for i in items if not i["answered"]), key=lambda i: (i["due_on"], i["referred_at"]))
    answered = sorted((i for i in items if i["answered"]), key=lambda i: i["answered_at"] or i["referred_at"],
                      reverse=True)
    return {"offices": [{"id": o.id, "name": o.name, "organization": orgs[o.organization_id].name}
                        for o in offices],
            "followups": open_items + answered}


# --- the office's steps --------------------------------------------------------------------

@use_case
def answer(*, user_id: int, question_id, text) -> dict:
    """The first written answer: published at once (the tracker, the asker); the clock stops here."""
    followup, question = _locked(user_id, question_id)
    ledger.check(question, "answer_in_writing")
    followup.answer_text = _answer_text(text)
    followup.answered_at = followup.answered_at or utcnow()
    followup.answered_by = user_id
    ledger.record(question, "answer_in_writing", actor="office", user_id=user_id, office_id=followup.office_id)
    operations.record(question.event_id, user_id, "answer_in_writing", question_id=question.id,
                      office_id=followup.office_id)
    return followup_push.announce(question)


@use_case
def correct_answer(*, user_id: int, question_id, text) -> dict:
    """A correction of a published written answer: the text changes, the time of the first answer stays
    (response times count to it). A ledger step of its own, whose public note keeps the words replaced;
    logged in the event's operation log with the office."""
    followup, question = _locked(user_id, question_id)
    if question.ledger_state != LedgerState.ANSWERED_IN_WRITING or followup.answered_at is None:
        raise Conflict(_l("Only a written answer already given can be corrected."), code="invalid_transition")
    new = _answer_text(text)
    if new != followup.answer_text:
        ledger.record(question, "correct_answer", actor="office", user_id=user_id, office_id=followup.office_id,
                      note=f"Replaced: {followup.answer_text}")
        followup.answer_text = new
        followup.answered_by = user_id
        operations.record(question.event_id, user_id, "correct_answer", question_id=question.id,
                          office_id=followup.office_id)
    return followup_push.announce(question)


@use_case
def transfer(*, user_id: int, question_id, office_id, note=None) -> dict:
    """To another office of the same organization; the clock keeps running (referred_at and the due
    dates stay)."""
    followup, question = _locked(user_id, question_id)
    ledger.check(question, "transfer")
    current = required_row(Office, followup.office_id)
    target = db.session.get(Office, office_id) if is_id(office_id) else None
    if target is None or target.organization_id != current.organization_id:
        raise InvalidInput(_l("Choose another office of the same organization."), code="office_not_in_organization",
                           field="office_id")
    if target.id == current.id:
        raise InvalidInput(_l("The follow-up is with this office already."), code="same_office", field="office_id")
    text = clean_text(note, field="note", max_length=TRANSFER_NOTE_MAX, required=False) or None
    followup.office_id = target.id
    ledger.record(question, "transfer", actor="office", user_id=user_id, office_id=target.id, note=text)
    operations.record(question.event_id, user_id, "transfer", f"{current.name} -> {target.name}",
                      question_id=question.id, office_id=target.id)
    return followup_push.announce(question)


def _due_on(value, current: date) -> date:
    try:
        due = date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        due = None
    if due is None:
        raise InvalidInput(_l("due_on must be a date (YYYY-MM-DD)."), field="due_on")
    if due <= current:
        raise InvalidInput(_l("The new due date must be later than the one in force (%(date)s).",
                              date=current.isoformat()),
                           code="due_date_not_later", field="due_on")
    if due > latest_due(today()):  # as far as a referral may promise, no farther: no date that never comes
        raise InvalidInput(_l("The new due date is more than %(years)s years ahead.", years=MAX_YEARS_AHEAD),
                           code="invalid_due_date",
                           field="due_on")
    return due


@use_case
def extend(*, user_id: int, question_id, due_on, reason) -> dict:
    """More time: a later due date with a public reason. The date first promised never changes."""
    followup, question = _locked(user_id, question_id)
    ledger.check(question, "extend")
    due = _due_on(due_on, followup.due_on)
    why = clean_text(reason, field="reason", max_length=EXTEND_REASON_MAX)
    followup.due_on = due
    ledger.record(question, "extend", actor="office", user_id=user_id, office_id=followup.office_id, due_on=due,
                  note=why)
    operations.record(question.event_id, user_id, "extend", due.isoformat(), question_id=question.id,
                      office_id=followup.office_id)
    return followup_push.announce(question)
