"""Written answers for receipt tests, before the offices' own code exists: refer a question to an office
(made here if need be) and answer it in writing, as the ledger's steps "refer" then "answer_in_writing"
inside one use case, pushed like every follow-up change (services/followup_push.announce)."""
from datetime import date, timedelta

from sqlalchemy import select

from townhall.extensions import db
from townhall.models import Event, Followup, Office, Organization, Question, utcnow
from townhall.services import followup_push, ledger
from townhall.services.transaction import use_case


@use_case
def _office(event_id: int, name: str) -> int:
    event = db.session.get(Event, event_id)
    organization = db.session.scalar(select(Organization).where(Organization.slug == f"org-{event.owner_id}"))
    if organization is None:
        organization = Organization(slug=f"org-{event.owner_id}", name="Riverside Council", owner_id=event.owner_id)
        db.session.add(organization)
        db.session.flush()
    office = db.session.scalar(select(Office).where(Office.organization_id == organization.id, Office.name == name))
    if office is None:
        office = Office(organization_id=organization.id, name=name)
        db.session.add(office)
        db.session.flush()
    return office.id


@use_case
def _refer(question_id: int, office_id: int, due_on: date, user_id: int | None) -> None:
    question = db.session.get(Question, question_id)
    db.session.add(Followup(question_id=question.id, event_id=question.event_id, office_id=office_id,
                            first_due_on=due_on, due_on=due_on, note="We will get back to you"))
    ledger.record(question, "refer", actor="team", user_id=user_id, office_id=office_id, due_on=due_on)
    followup_push.announce(question)


@use_case
def _answer(question_id: int, text: str, user_id: int | None) -> None:
    question = db.session.get(Question, question_id)
    followup = db.session.get(Followup, question_id)
    followup.answer_text, followup.answered_at, followup.answered_by = text, utcnow(), user_id
    ledger.record(question, "answer_in_writing", actor="office", user_id=user_id, office_id=followup.office_id)
    followup_push.announce(question)


def refer(app, question_id: int, *, office: str = "Planning", due_on: date | None = None,
          user_id: int | None = None) -> None:
    with app.app_context():
        event_id = db.session.get(Question, question_id).event_id
        _refer(question_id, _office(event_id, office), due_on or date.today() + timedelta(days=14), user_id)


def answer_in_writing(app, question_id: int, text: str = "The lights go up in March.", *,
                      office: str = "Planning", user_id: int | None = None, refer_first: bool = True) -> None:
    """Refer the question (unless refer_first=False: it is referred already) and answer it in writing."""
    if refer_first:
        refer(app, question_id, office=office, user_id=user_id)
    with app.app_context():
        _answer(question_id, text, user_id)
