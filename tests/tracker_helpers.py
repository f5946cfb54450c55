"""Follow-ups made for the tracker's tests (plain functions, ids in, ids out): an organization with offices,
questions asked on a given day, and their ledger steps recorded through services/ledger.record inside a use
case (the refer / answer use cases are built elsewhere; these write only what they would)."""
from datetime import date, datetime, timedelta

from townhall.extensions import db
from townhall.models import Event, Followup, Office, Organization, Question
from townhall.models.base import utcnow
from townhall.services import events, ledger
from townhall.services.transaction import use_case


def days_ago(days: float, now: datetime | None = None) -> datetime:
    return (now or utcnow()) - timedelta(days=days)


@use_case
def _organization(owner_id, slug, name, offices, codes) -> tuple[int, dict[str, int]]:
    organization = Organization(slug=slug, name=name, owner_id=owner_id)
    db.session.add(organization)
    db.session.flush()
    made = {}
    for office in offices:
        row = Office(organization_id=organization.id, name=office)
        db.session.add(row)
        db.session.flush()
        made[office] = row.id
    for code in codes:
        events.get_event(code).organization_id = organization.id
    return organization.id, made


def organization(app, owner_id, codes=(), *, slug="riverton", name="City of Riverton",
                 offices=("Parks", "Roads")) -> tuple[int, dict[str, int]]:
    """(organization id, {office name: id}); the events of `codes` become the organization's."""
    with app.app_context():
        return _organization(owner_id, slug, name, offices, codes)


@use_case
def _ask(code, text, at, author, anonymous, votes) -> int:
    event = events.get_event(code)
    question = Question(event_id=event.id, text=text, author_name=None if anonymous else author,
                        is_anonymous=anonymous, author_tag="t" * 64 if anonymous else None, created_at=at,
                        published_at=at, vote_count=votes, ledger_state="submitted")
    db.session.add(question)
    db.session.flush()
    ledger.start(question, published=True)
    return question.id


def ask(app, code, text, *, at, author=None, anonymous=False, votes=0) -> int:
    """A published question asked at `at` (its submit and publish steps then too)."""
    with app.app_context():
        return _ask(code, text, at, author, anonymous, votes)


@use_case
def _step(question_id, kind, at, office_id, due_on, note, answer, user_id):
    question = db.session.get(Question, question_id)
    actor = "office" if kind in ("answer_in_writing", "transfer", "extend") else "asker" if kind == "feedback" \
        else "team"
    ledger.record(question, kind, actor=actor, user_id=user_id, office_id=office_id, due_on=due_on, note=note,
                  at=at)
    followup = db.session.get(Followup, question_id)
    if kind == "refer" and followup is None:
        db.session.add(Followup(question_id=question_id, event_id=question.event_id, office_id=office_id,
                                referred_at=at, first_due_on=due_on, due_on=due_on, note=note))
    elif kind in ("refer", "transfer") and followup is not None:
        followup.office_id = office_id
    elif kind == "extend":
        followup.due_on = due_on
    elif kind == "answer_in_writing":
        followup.answer_text = answer
        if followup.answered_at is None:
            followup.answered_at = at
    elif kind == "feedback":
        followup.feedback, followup.feedback_at = answer, at


def step(app, question_id, kind, *, at, office_id=None, due_on: date | None = None, note=None, answer=None,
         user_id=None) -> None:
    """One ledger step at `at`, and what it does to the Followup row (refer creates it; transfer, extend,
    answer_in_writing and feedback (answer = yes | partly | no) change it)."""
    with app.app_context():
        _step(question_id, kind, at, office_id, due_on, note, answer, user_id)


def event_id(app, code) -> int:
    with app.app_context():
        return db.session.query(Event.id).filter(Event.code == code).scalar()
