"""The finished demo meeting's follow-up: an organization with offices, the questions the meeting did not
answer referred to them (one answered in writing and judged by its asker, one given more time, one
transferred), one closed with its public reason, and a few left for the end-of-meeting review."""
from datetime import timedelta

from sqlalchemy import select, update

from ..extensions import db
from ..models import Event, Followup, LedgerEntry, Organization, Question, utcnow
from ..models.base import today
from ..services import followups, ledger, office_work, organizations
from ..services.events import get_event, update_event
from ..services.transaction import use_case

SLUG = "riverton-demo"
OFFICES = ("Planning office", "Parks department", "Transport")


def _organization(owner_id: int) -> dict[str, int] | None:
    """The demo organization's offices by name (made once); None if its slug belongs to someone else."""
    row = db.session.scalars(select(Organization).filter_by(slug=SLUG).limit(1)).first()
    if row is None:
        row_id = organizations.create_organization(user_id=owner_id, name="City of Riverton (demo)", slug=SLUG)["id"]
        for name in OFFICES:
            organizations.create_office(user_id=owner_id, organization_id=row_id, name=name)
    elif row.owner_id != owner_id:
        return None
    else:
        row_id = row.id
    offices = organizations.detail(user_id=owner_id, organization_id=row_id)["offices"]
    return {office["name"]: office["id"] for office in offices} | {"_organization": row_id}


@use_case
def _verdict(question_id: int, verdict: str, text: str) -> None:
    """The asker's verdict as their phone would give it (services/feedback.py), without their phone."""
    question = db.session.get(Question, question_id)
    followup = db.session.get(Followup, question_id)
    followup.feedback, followup.feedback_text, followup.feedback_at = verdict, text, utcnow()
    ledger.record(question, "feedback", actor="asker", note=verdict)


def follow_up(*, code: str, owner_id: int) -> None:
    offices = _organization(owner_id)
    if offices is None:
        return
    update_event(code=code, user_id=owner_id, organization_id=offices.pop("_organization"))
    event_id = get_event(code).id
    waiting = db.session.scalars(select(Question.id).where(
        Question.event_id == event_id, Question.ledger_state == "published", Question.status == "published")
        .order_by(Question.vote_count.desc(), Question.id)).all()
    if len(waiting) < 4:
        return
    soon = today() + timedelta(days=14)
    answered, extended, transferred, closed = waiting[:4]
    for question_id, office, note in (
            (answered, "Planning office", "We will publish the timetable for the works."),
            (extended, "Parks department", "Costs and dates for the river park path."),
            (transferred, "Planning office", None)):
        followups.refer(code=code, user_id=owner_id, question_id=question_id, office_id=offices[office],
                        due_on=soon.isoformat(), note=note)
    office_work.answer(user_id=owner_id, question_id=answered, text=(
        "The works start on 12 January and finish by the end of March; the timetable is on the city's website "
        "and at the community centre."))
    _verdict(answered, "partly", "Thanks, but what about the weekend closures?")
    office_work.extend(user_id=owner_id, question_id=extended, due_on=(soon + timedelta(days=21)).isoformat(),
                       reason="The contractor's quote arrives after the council's budget meeting.")
    office_work.transfer(user_id=owner_id, question_id=transferred, office_id=offices["Transport"],
                         note="Bus stops are Transport's.")
    followups.close(code=code, user_id=owner_id, question_id=closed,
                    reason="A private matter: the council cannot discuss one household's case in public.")
    _after_the_meeting(event_id, [answered, extended, transferred, closed])


@use_case
def _after_the_meeting(event_id: int, question_ids: list[int]) -> None:
    """The referrals and the closure were made as the meeting ended (yesterday evening), the office's work
    today (Core updates: the demo rewrites time; the application only ever appends to the ledger)."""
    ended = db.session.get(Event, event_id).meeting_ended_at + timedelta(minutes=10)
    db.session.execute(update(Followup).where(Followup.question_id.in_(question_ids)).values(referred_at=ended))
    db.session.execute(update(LedgerEntry).where(LedgerEntry.question_id.in_(question_ids),
                                                 LedgerEntry.kind.in_(("refer", "close"))).values(at=ended))
