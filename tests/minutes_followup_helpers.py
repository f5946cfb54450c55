"""Follow-ups written straight into the database, for tests of what is made from the record (the minutes'
"Follow-up" section, the archive's ledger). The real refer / answer use cases are other modules'; this
writes the same rows (Organization, Office, Followup) and the same ledger steps (services/ledger.record)
inside one use case, with times in the past.

add_followups(app, code, owner_id, questions) on a meeting from meeting_helpers.make_held_meeting
(close=False, so one more question can be asked) makes, `now` being the time of the call:
- "chinese" (anonymous): referred to "Parks office" 20 days ago, due 2 days ago, note "We will check
  the bench budget.", answered in writing 5 days ago (on time), the asker's verdict "partly";
- "original" (Jonas): referred to "Roads office" 20 days ago, first due 6 days ago, more time to 3 days
  ago ("Waiting for the survey"): overdue now;
- "anonymous": deferred ("Next meeting");
- "general" (Jonas): closed without an answer, reason "The slides were sent to everyone by mail.";
- "left_open" (Ana, a new question): published, nothing decided.
Returns the labels -> question ids (with "left_open" added) and the office ids.
"""
from datetime import timedelta

from townhall.extensions import db
from townhall.models import Event, Followup, Office, Organization, Question, User, utcnow
from townhall.services import ledger, questions
from townhall.services.transaction import use_case

PARKS, ROADS = "Parks office", "Roads office"
NOTE = "We will check the bench budget."
ANSWER = "The budget has 40,000 for benches in 2027."
EXTEND_NOTE = "Waiting for the survey"
CLOSE_REASON = "The slides were sent to everyone by mail."
LEFT_OPEN = "Will the pool reopen in summer?"


@use_case
def _write(*, code: str, owner_id: int, ids: dict) -> dict:
    now = utcnow().replace(microsecond=0)
    ago = lambda days: now - timedelta(days=days)  # noqa: E731
    event = db.session.query(Event).filter_by(code=code).one()
    organization = Organization(slug=f"city-{code.lower()}", name="City of Riverside", owner_id=owner_id)
    db.session.add(organization)
    db.session.flush()
    event.organization_id = organization.id
    parks, roads = Office(organization_id=organization.id, name=PARKS), Office(organization_id=organization.id,
                                                                              name=ROADS)
    db.session.add_all([parks, roads, Office(organization_id=organization.id, name="Unused office")])
    db.session.flush()
    staff = db.session.get(User, owner_id)
    q = {label: db.session.get(Question, question_id) for label, question_id in ids.items()}

    ledger.record(q["chinese"], "refer", actor="team", user_id=staff.id, office_id=parks.id,
                  due_on=ago(2).date(), note=NOTE, at=ago(20))
    ledger.record(q["chinese"], "answer_in_writing", actor="office", user_id=staff.id, office_id=parks.id,
                  at=ago(5))
    ledger.record(q["chinese"], "feedback", actor="asker", at=ago(4))
    db.session.add(Followup(question_id=q["chinese"].id, event_id=event.id, office_id=parks.id,
                            referred_at=ago(20), first_due_on=ago(2).date(), due_on=ago(2).date(), note=NOTE,
                            answer_text=ANSWER, answered_at=ago(5), answered_by=staff.id, feedback="partly",
                            feedback_at=ago(4)))

    ledger.record(q["original"], "refer", actor="team", user_id=staff.id, office_id=roads.id,
                  due_on=ago(6).date(), at=ago(20))
    ledger.record(q["original"], "extend", actor="office", user_id=staff.id, office_id=roads.id,
                  due_on=ago(3).date(), note=EXTEND_NOTE, at=ago(7))
    db.session.add(Followup(question_id=q["original"].id, event_id=event.id, office_id=roads.id,
                            referred_at=ago(20), first_due_on=ago(6).date(), due_on=ago(3).date()))

    ledger.record(q["anonymous"], "defer", actor="team", user_id=staff.id, note="Next meeting", at=ago(19))
    ledger.record(q["general"], "close", actor="team", user_id=staff.id, note=CLOSE_REASON, at=ago(19))
    db.session.flush()
    return {"offices": {PARKS: parks.id, ROADS: roads.id}, "organization_id": organization.id}


def add_followups(app, code: str, owner_id: int, held: dict) -> dict:
    """held: what make_held_meeting(..., close=False) returned; its event is still open."""
    with app.app_context():
        attendee_id, token = held["attendee_ids"][0], held["tokens"][0]  # Ana
        left_open = questions.ask(code=code, attendee_id=attendee_id, token=token, text=LEFT_OPEN)["id"]
    ids = {**held["questions"], "left_open": left_open}
    with app.app_context():
        written = _write(code=code, owner_id=owner_id, ids={k: ids[k] for k in
                                                             ("chinese", "original", "anonymous", "general")})
    return {"questions": ids, **written}
