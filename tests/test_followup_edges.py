"""Edges of following up, where the pieces must agree: a referred question hidden for personal data leaves
every public and office view; a question referred again after a written answer waits for a new one; a
follow-up the team settled is no longer open for its office; an asker's step never carries a name."""
import pytest
from followup_helpers import in_days, ledger_of, organized
from office_helpers import make_office_member
from sqlalchemy import select

from townhall.extensions import db
from townhall.models import Event, Followup, LedgerEntry
from townhall.services import followups, minutes_record, office_work, questions, retention, tracker


@pytest.fixture
def offices(app, event, organizer):
    return organized(app, event, organizer.id)


@pytest.fixture
def clerk(app, make_organizer, offices):
    user_id = make_organizer(email="clerk@example.com", name="Cleo Clerk")
    make_office_member(app, offices["Planning"], user_id)
    return user_id


def refer(call, event, organizer, question_id, office_id):
    return call(followups.refer, code=event, user_id=organizer.id, question_id=question_id, office_id=office_id,
                due_on=in_days(14))


def minutes_section(app, code) -> dict:
    with app.app_context():
        event_id = db.session.query(Event.id).filter_by(code=code).scalar()
        return minutes_record.document(event_id)["followup"]


def test_a_referred_question_hidden_for_personal_data_leaves_the_tracker_the_minutes_and_the_office(
        app, event, organizer, offices, clerk, make_question, call):
    text = "My neighbour at 12 Elm Street, John Smith, dumps rubbish: when will the city act?"
    private, kept = make_question(event, text), make_question(event, "When is the next clean-up day?")
    refer(call, event, organizer, private, offices["Planning"])
    refer(call, event, organizer, kept, offices["Planning"])
    call(questions.moderate, code=event, user_id=organizer.id, question_id=private, action="hide",
         reason="personal_data")
    assert ledger_of(app, private)[-1]["kind"] == "reject"
    listed = call(tracker.event_tracker, code=event, office=None, status=None)
    assert [row["question_id"] for row in listed["followups"]] == [kept]
    assert listed["figures"]["overall"]["count"] == 1
    section = minutes_section(app, event)
    assert [item["id"] for item in section["referred"]] == [kept]
    assert "John Smith" not in str(section)
    work = call(office_work.workspace, user_id=clerk)
    assert [item["question_id"] for item in work["followups"]] == [kept]
    # Restored, it is back where it stood: referred, with its office.
    call(questions.moderate, code=event, user_id=organizer.id, question_id=private, action="restore")
    assert ledger_of(app, private)[-1]["kind"] == "restore" and ledger_of(app, private)[-1]["state"] == "referred"


def test_referred_again_after_a_written_answer_it_waits_for_a_new_one(app, event, organizer, offices, clerk,
                                                                     make_question, call):
    question_id = make_question(event)
    refer(call, event, organizer, question_id, offices["Planning"])
    call(office_work.answer, user_id=clerk, question_id=question_id, text="Next spring.")
    call(questions.moderate, code=event, user_id=organizer.id, question_id=question_id, action="reopen")
    answer = refer(call, event, organizer, question_id, offices["Planning"])
    assert answer["followup"]["state"] == "referred" and answer["followup"]["answer_text"] is None
    with app.app_context():
        row = db.session.get(Followup, question_id)
        assert (row.answered_at, row.feedback) == (None, None)
    # The answer that did not settle it is kept in the history.
    kinds = [step["kind"] for step in ledger_of(app, question_id)]
    assert kinds[-4:] == ["refer", "answer_in_writing", "reopen", "refer"]
    work = call(office_work.workspace, user_id=clerk)
    assert work["followups"][0]["answered"] is False  # open again for the office, with an answer form
    listed = call(tracker.event_tracker, code=event, office=None, status=None)
    assert listed["figures"]["overall"]["waiting"] == 1 and listed["figures"]["overall"]["answered"] == 0


def test_a_follow_up_the_team_answered_in_the_room_is_no_longer_open_for_its_office(
        app, event, organizer, offices, clerk, make_question, call):
    question_id = make_question(event)
    refer(call, event, organizer, question_id, offices["Planning"])
    call(questions.moderate, code=event, user_id=organizer.id, question_id=question_id, action="answered")
    [item] = call(office_work.workspace, user_id=clerk)["followups"]
    assert (item["state"], item["answered"]) == ("answered_in_room", True)
    listed = call(tracker.event_tracker, code=event, office=None, status=None)
    figures = listed["figures"]["overall"]
    assert (figures["waiting"], figures["left_without_written_answer"]) == (0, 1)
    assert listed["chart"]["days"][-1]["open"] == 0


def test_retention_leaves_no_askers_name_in_any_ledger(app, event, organizer, make_attendee, call):
    attendee_id, token = make_attendee(event, name="Alice Named")
    question_id = call(questions.ask, code=event, attendee_id=attendee_id, token=token, text="Named question")["id"]
    call(questions.moderate, code=event, user_id=organizer.id, question_id=question_id, action="answered")
    with app.app_context():
        event_id = db.session.query(Event.id).filter_by(code=event).scalar()
        retention.forget(event_id=event_id)
        names = db.session.execute(select(LedgerEntry.actor, LedgerEntry.actor_name).filter_by(
            question_id=question_id)).all()
    # The asker's steps never had a name; the moderator's keeps the staff member's.
    assert names == [("asker", None), ("system", None), ("team", "Olga Organizer")]
