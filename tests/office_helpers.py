"""Follow-ups for tests, before (and apart from) the dashboard's referral: an organization with offices, and a
question referred to one of them (a Followup row with its ledger "refer" step, in one use case)."""
from datetime import date, timedelta

from townhall.extensions import db
from townhall.models import Followup, Office, OfficeMember, Organization, Question
from townhall.models.base import today
from townhall.services import ledger
from townhall.services.transaction import use_case


@use_case
def _refer(question_id: int, office_id: int, due_on: date, note: str | None, referred_at) -> None:
    question = db.session.get(Question, question_id)
    row = Followup(question_id=question_id, event_id=question.event_id, office_id=office_id, first_due_on=due_on,
                   due_on=due_on, note=note)
    if referred_at is not None:
        row.referred_at = referred_at
    db.session.add(row)
    ledger.record(question, "refer", actor="team", office_id=office_id, due_on=due_on, note=note)


def make_referred(app, question_id: int, office_id: int, due_on: date | None = None, *, note: str | None = None,
                  referred_at=None) -> None:
    """Refer the (published) question to the office, due on `due_on` (default: in 14 days)."""
    with app.app_context():
        _refer(question_id, office_id, due_on or today() + timedelta(days=14), note, referred_at)


@use_case
def _organization(owner_id: int, slug: str, offices: tuple[str, ...]) -> list[int]:
    org = Organization(name=slug.replace("-", " ").title(), slug=slug, owner_id=owner_id)
    db.session.add(org)
    db.session.flush()
    rows = [Office(organization_id=org.id, name=name) for name in offices]
    db.session.add_all(rows)
    db.session.flush()
    return [org.id, *(row.id for row in rows)]


def make_organization(app, owner_id: int, slug: str = "city-of-riverton",
                      offices: tuple[str, ...] = ("Parks", "Roads")) -> list[int]:
    """[organization id, office ids...] of a new organization owned by owner_id."""
    with app.app_context():
        return _organization(owner_id, slug, offices)


@use_case
def _member(office_id: int, user_id: int) -> None:
    db.session.add(OfficeMember(office_id=office_id, user_id=user_id))


def make_office_member(app, office_id: int, user_id: int) -> None:
    with app.app_context():
        _member(office_id, user_id)


def followup_row(app, question_id: int) -> dict | None:
    with app.app_context():
        row = db.session.get(Followup, question_id)
        return None if row is None else {c.name: getattr(row, c.name) for c in Followup.__table__.columns}
