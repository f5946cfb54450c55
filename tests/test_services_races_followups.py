"""Follow-ups and receipts under real concurrency (threads, each in its own app context, one database;
run on PostgreSQL with TEST_DATABASE_URL=postgresql): an office's steps decided on the follow-up as
committed, one ledger step per decision, a receipt made once however many tabs open it at once."""
from datetime import timedelta

import pytest
from office_helpers import make_office_member, make_organization, make_referred
from records_helpers import run_together

from townhall.errors import DomainError
from townhall.extensions import db
from townhall.models import Followup, LedgerEntry
from townhall.models.base import today
from townhall.models.followup import Receipt
from townhall.services import office_work as work
from townhall.services import receipts


def outcomes(results) -> list[str]:
    for kind, value in results:
        assert kind == "ok" or isinstance(value, DomainError), value  # never a 500
    return sorted(kind if kind == "ok" else value.code for kind, value in results)


def entries(app, question_id, kind) -> int:
    with app.app_context():
        return db.session.query(LedgerEntry).filter_by(question_id=question_id, kind=kind).count()


@pytest.fixture
def referred(app, organizer, make_organizer, event, make_question):
    """(question id, parks office, roads office, member of parks)"""
    _org, parks, roads = make_organization(app, organizer.id)
    member = make_organizer(name="Pat Parks")
    make_office_member(app, parks, member)
    question_id = make_question(event, "When will the lights in the park be fixed?")
    make_referred(app, question_id, parks, today() + timedelta(days=10))
    return question_id, parks, roads, member


def test_two_transfers_at_once_move_the_follow_up_once(app, referred):
    question_id, _parks, roads, member = referred
    results = run_together(app, [
        lambda: work.transfer(user_id=member, question_id=question_id, office_id=roads)
    ] * 2)
    # The second waited for the first, then found the follow-up with Roads: no longer this member's.
    assert outcomes(results) == ["forbidden", "ok"]
    assert entries(app, question_id, "transfer") == 1
    with app.app_context():
        assert db.session.get(Followup, question_id).office_id == roads


def test_two_answers_at_once_record_one(app, referred):
    question_id, _parks, _roads, member = referred
    results = run_together(app, [
        (lambda t=t: work.answer(user_id=member, question_id=question_id, text=t)) for t in ("Monday.", "Friday.")
    ])
    assert outcomes(results) == ["invalid_transition", "ok"]
    assert entries(app, question_id, "answer_in_writing") == 1
    winner = next(value for kind, value in results if kind == "ok")
    with app.app_context():
        assert db.session.get(Followup, question_id).answer_text == winner["answer_text"]


def test_a_receipt_opened_in_many_tabs_at_once_is_made_once(app, event, make_question, make_attendee):
    attendee_id, token = make_attendee(event)
    make_question(event, asker=(attendee_id, token))
    results = run_together(app, [
        lambda: receipts.open_mine(code=event, attendee_id=attendee_id, token=token, key=None)
    ] * 6)
    assert outcomes(results) == ["ok"] * 6
    keys = {value[1] for _, value in results}
    with app.app_context():
        (stored,) = db.session.query(Receipt).all()
        # The link that works is one a tab was given (a later opening replaced the others' keys).
        assert stored.key_hash in {receipts.token_hash(key) for key in keys}


def test_the_ledger_takes_steps_decided_at_once_from_one_state_one_after_another(app, organizer, event,
                                                                                 make_question):
    """The moderator marks a question answered in the room while a team member defers it: each step is
    checked against the state as committed (a conditional UPDATE), so the ledger replays: every entry
    follows from the one before, and the stored state is the last entry's."""
    from townhall.models.ledger import next_state
    from townhall.services import followups, questions

    for round_ in range(4):
        question_id = make_question(event, f"Round {round_}: when does the pool open?")
        results = run_together(app, [
            lambda q=question_id: questions.moderate(code=event, user_id=organizer.id, question_id=q,
                                                     action="answered"),
            lambda q=question_id: followups.defer(code=event, user_id=organizer.id, question_id=q),
        ])
        assert "ok" in outcomes(results)
        assert set(outcomes(results)) <= {"ok", "invalid_transition"}
        with app.app_context():
            from townhall.models import Question
            from townhall.services import ledger

            history = ledger.history(question_id)
            state = None
            for entry in history:
                state = next_state(state, entry.kind)
                assert entry.state == state, [(e.kind, e.state) for e in history]
            assert db.session.get(Question, question_id).ledger_state == state
