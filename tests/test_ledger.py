"""The question's ledger: one state machine for every step (models/ledger.py), and the steps the meeting's
own actions record (services/ledger.py hooked into asking, moderating, merging and bans)."""
import pytest
from sqlalchemy import select

from townhall.errors import Conflict
from townhall.extensions import db
from townhall.models import LedgerEntry, Question
from townhall.models.ledger import KINDS, STATES, RefusedTransition, initial_state, next_state
from townhall.services import bans, ledger, merge, questions
from townhall.services.transaction import use_case

# Every step the state machine allows, written out by hand: (state before, step) -> state after.
# Any pair not listed here must be refused.
ALLOWED = {
    ("submitted", "publish"): "published",
    ("submitted", "reject"): "rejected",
    ("submitted", "merge"): "closed",
    ("published", "reject"): "rejected",
    ("published", "answer_in_room"): "answered_in_room",
    ("published", "defer"): "deferred",
    ("published", "refer"): "referred",
    ("published", "close"): "closed",
    ("published", "merge"): "closed",
    ("rejected", "restore"): "published",  # (to the state before the rejection: see the next test)
    ("rejected", "merge"): "closed",
    ("deferred", "reject"): "rejected",
    ("deferred", "answer_in_room"): "answered_in_room",
    ("deferred", "refer"): "referred",
    ("deferred", "close"): "closed",
    ("deferred", "merge"): "closed",
    ("reopened", "reject"): "rejected",
    ("reopened", "answer_in_room"): "answered_in_room",
    ("reopened", "defer"): "deferred",
    ("reopened", "refer"): "referred",
    ("reopened", "close"): "closed",
    ("reopened", "merge"): "closed",
    ("answered_in_room", "reject"): "rejected",
    ("answered_in_room", "refer"): "referred",
    ("answered_in_room", "reopen"): "reopened",
    ("answered_in_room", "close"): "closed",
    ("referred", "reject"): "rejected",
    ("answered_in_writing", "reject"): "rejected",
    ("closed", "reject"): "rejected",
    ("referred", "answer_in_room"): "answered_in_room",
    ("referred", "transfer"): "referred",
    ("referred", "extend"): "referred",
    ("referred", "answer_in_writing"): "answered_in_writing",
    ("referred", "close"): "closed",
    ("answered_in_writing", "feedback"): "answered_in_writing",
    ("answered_in_writing", "correct_answer"): "answered_in_writing",
    ("answered_in_writing", "reopen"): "reopened",
    ("answered_in_writing", "close"): "closed",
    ("closed", "reopen"): "reopened",
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_step_from_every_state_is_allowed_or_refused_as_written(state, kind):
    expected = ALLOWED.get((state, kind))
    if expected is None:
        with pytest.raises(RefusedTransition):
            next_state(state, kind)
    else:
        assert next_state(state, kind, "published" if kind == "restore" else None) == expected


def test_the_ledger_starts_with_submit_and_restore_returns_to_the_state_before_the_rejection():
    assert next_state(None, "submit") == "submitted"
    for kind in KINDS:
        if kind != "submit":
            with pytest.raises(RefusedTransition):
                next_state(None, kind)
    assert next_state("rejected", "restore", "answered_in_room") == "answered_in_room"
    assert next_state("rejected", "restore", "submitted") == "submitted"
    with pytest.raises(RefusedTransition):
        next_state("published", "unknown")


def test_rows_stored_without_a_ledger_start_where_their_status_says():
    assert [initial_state(s, p) for s, p in (("pending", "open"), ("published", "open"), ("published", "answered"),
                                             ("hidden", "open"), ("rejected", "open"), ("merged", "open"),
                                             ("archived", "open"))] == [
        "submitted", "published", "answered_in_room", "rejected", "rejected", "closed", "published"]


def steps(app, question_id) -> list[tuple]:
    with app.app_context():
        return [(e.kind, e.state, e.actor, e.actor_name, e.note) for e in db.session.scalars(
            select(LedgerEntry).filter_by(question_id=question_id).order_by(LedgerEntry.id))]


def state(app, question_id) -> str:
    with app.app_context():
        return db.session.get(Question, question_id).ledger_state


def moderate(app, code, user_id, question_id, action, **kwargs):
    with app.app_context():
        return questions.moderate(code=code, user_id=user_id, question_id=question_id, action=action, **kwargs)


def test_a_question_asked_is_submitted_by_its_asker_and_published_by_townhall(app, event, make_attendee):
    attendee_id, token = make_attendee(event, name="Ana")
    with app.app_context():
        named = questions.ask(code=event, attendee_id=attendee_id, token=token, text="Named one")
        anonymous = questions.ask(code=event, attendee_id=attendee_id, token=token, text="Quiet one",
                                  anonymous=True)
    assert named["state"] == "published"
    # An asker's step never carries a name (the question does, until retention deletes it).
    assert steps(app, named["id"]) == [("submit", "submitted", "asker", None, None),
                                       ("publish", "published", "system", None, None)]
    # The anonymous asker stays anonymous in the history.
    assert steps(app, anonymous["id"]) == [("submit", "submitted", "asker", None, None),
                                           ("publish", "published", "system", None, None)]


def test_the_moderators_actions_are_recorded_with_who_took_them(app, make_event, organizer, make_question):
    code = make_event(organizer.id, premoderation=True)
    first, second = make_question(code, "One"), make_question(code, "Two")
    assert state(app, first) == "submitted"
    moderate(app, code, organizer.id, first, "approve")
    moderate(app, code, organizer.id, second, "reject", reason="off_topic")
    moderate(app, code, organizer.id, first, "answering")
    moderate(app, code, organizer.id, first, "answered")
    moderate(app, code, organizer.id, first, "answered")  # recorded once
    moderate(app, code, organizer.id, first, "hide", reason="offensive")
    moderate(app, code, organizer.id, first, "restore")
    assert [s[:3] for s in steps(app, first)] == [
        ("submit", "submitted", "asker"), ("publish", "published", "team"),
        ("answer_in_room", "answered_in_room", "team"), ("reject", "rejected", "team"),
        ("restore", "answered_in_room", "team")]
    assert steps(app, first)[1][3] == "Olga Organizer"
    assert steps(app, second)[-1] == ("reject", "rejected", "team", "Olga Organizer", "off_topic")
    # Restoring a rejected question publishes it: back to submitted, then published.
    moderate(app, code, organizer.id, second, "restore")
    assert [s[:2] for s in steps(app, second)][-2:] == [("restore", "submitted"), ("publish", "published")]
    moderate(app, code, organizer.id, first, "reopen")
    assert state(app, first) == "reopened"


@use_case
def _close(question_id: int, note: str) -> None:
    ledger.record(db.session.get(Question, question_id), "close", actor="team", note=note)


def test_a_closed_question_cannot_be_answered_in_the_room_until_reopened(app, event, organizer, make_question):
    question_id = make_question(event)
    with app.app_context():
        _close(question_id, "Outside the council's remit")
    for action in ("answering", "answered"):
        with pytest.raises(Conflict) as refused:
            moderate(app, event, organizer.id, question_id, action)
        assert refused.value.code == "invalid_transition"
    assert state(app, question_id) == "closed"
    moderate(app, event, organizer.id, question_id, "reopen")
    moderate(app, event, organizer.id, question_id, "answered")
    assert [s[0] for s in steps(app, question_id)][-3:] == ["close", "reopen", "answer_in_room"]


def test_merging_closes_the_duplicate_and_names_where_it_went(app, event, organizer, make_question):
    duplicate, target = make_question(event, "Bus line?"), make_question(event, "Where is the bus line?")
    with app.app_context():
        merge.merge(code=event, user_id=organizer.id, question_id=duplicate, into_id=target)
    assert steps(app, duplicate)[-1] == ("merge", "closed", "team", "Olga Organizer",
                                         f"Merged into question #{target}")


def test_a_ban_rejects_the_askers_waiting_questions_and_lifting_it_puts_them_back(
        app, make_event, organizer, make_attendee):
    code = make_event(organizer.id, premoderation=True)
    attendee_id, token = make_attendee(code, name="Troll")
    with app.app_context():
        question_id = questions.ask(code=code, attendee_id=attendee_id, token=token, text="Spam")["id"]
        ban = bans.ban(code=code, user_id=organizer.id, question_id=question_id, reason="spam")
        assert state(app, question_id) == "rejected"
        bans.unban(code=code, user_id=organizer.id, ban_id=ban["id"])
    assert [s[:2] for s in steps(app, question_id)] == [("submit", "submitted"), ("reject", "rejected"),
                                                        ("restore", "submitted")]


def test_the_ledger_is_append_only(app, event, make_question):
    question_id = make_question(event)
    with app.app_context():
        entry = db.session.scalars(select(LedgerEntry).filter_by(question_id=question_id)).first()
        entry.note = "rewritten"
        with pytest.raises(RuntimeError, match="append-only"):
            db.session.flush()
        db.session.rollback()
    assert steps(app, question_id)[0][4] is None
