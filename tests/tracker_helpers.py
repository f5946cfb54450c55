"""Follow-ups made for the tracker's tests (plain functions, ids in, ids out): an organization with offices,
questions asked on a given day, and their ledger steps recorded through services/ledger.record inside a use
case (the refer / answer use cases are built elsewhere; these write only what they would)."""
from datetime import date, datetime, timedelta

from townhall.extensions import db
from townhall.models import Event, Followup, Office, Organization, Question
from townhall.models.base import utcnow
from townhall.services import events, followup_push, ledger
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
    followup_push.announce(question)  # as every use case that changes a follow-up does


def step(app, question_id, kind, *, at, office_id=None, due_on: date | None = None, note=None, answer=None,
         user_id=None) -> None:
    """One ledger step at `at`, and what it does to the Followup row (refer creates it; transfer, extend,
    answer_in_writing and feedback (answer = yes | partly | no) change it); followup:changed goes out after."""
    with app.app_context():
        _step(question_id, kind, at, office_id, due_on, note, answer, user_id)


def make_riverton(app, owner_id, event):
    """Eight questions of one event: answered late, overdue, waiting, deferred, closed, answered on time
    by an anonymous asker, rejected; and one never followed up."""
    now = utcnow()
    org_id, offices = organization(app, owner_id, [event])
    parks, roads = offices["Parks"], offices["Roads"]
    today = now.date()
    q = {}

    def asked(key, text, days, **kw):
        q[key] = ask(app, event, text, at=days_ago(days, now), **kw)

    asked("late", "When do the park lights come on?", 21, author="Pia Park")
    step(app, q["late"], "refer", at=days_ago(20, now), office_id=parks, due_on=today - timedelta(days=10))
    step(app, q["late"], "answer_in_writing", at=days_ago(5, now), office_id=parks, answer="In March.")
    asked("overdue", "Who fixes the potholes on Elm Street?", 11, author="Rui Road")
    step(app, q["overdue"], "refer", at=days_ago(10, now), office_id=roads, due_on=today - timedelta(days=3),
         note="We will check the budget")
    asked("waiting", "Can the bus stop get a shelter?", 5)
    step(app, q["waiting"], "refer", at=days_ago(4, now), office_id=roads, due_on=today + timedelta(days=10))
    asked("deferred", "A bench by the river?", 3)
    step(app, q["deferred"], "defer", at=days_ago(2, now))
    asked("closed", "Will the mayor sing?", 3)
    step(app, q["closed"], "close", at=days_ago(1, now), note="Out of scope for this meeting")
    asked("anonymous", "Why are the toilets locked at night?", 9, author="Secret Sam", anonymous=True)
    step(app, q["anonymous"], "refer", at=days_ago(8, now), office_id=parks, due_on=today + timedelta(days=6))
    step(app, q["anonymous"], "answer_in_writing", at=days_ago(2, now), office_id=parks,
         answer="Vandalism; they open at 6.")
    step(app, q["anonymous"], "feedback", at=days_ago(1, now), answer="yes")
    asked("rejected", "Something rude", 3)
    step(app, q["rejected"], "reject", at=days_ago(2, now), note="offensive")
    asked("untouched", "Never followed up", 3)
    return {"code": event, "org": org_id, "parks": parks, "roads": roads, "q": q, "today": today}


def event_id(app, code) -> int:
    with app.app_context():
        return db.session.query(Event.id).filter(Event.code == code).scalar()
