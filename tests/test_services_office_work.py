"""The office's written work (services/office_work.py): answer in writing, correct it, transfer, more time;
who may (services/office_permissions.py), every refusal with nothing changed, the ledger steps."""
from datetime import datetime, timedelta

import pytest
from office_helpers import followup_row, make_office_member, make_organization, make_referred

from townhall.errors import Conflict, Forbidden, InvalidInput, NotFound
from townhall.extensions import db
from townhall.models import LedgerEntry, Operation, Question
from townhall.models.base import today
from townhall.services import ledger
from townhall.services import office_work as work


@pytest.fixture
def offices(app, organizer, make_organizer):
    """(parks, roads, member of parks, member of roads)"""
    _org, parks, roads = make_organization(app, organizer.id)
    parks_member, roads_member = make_organizer(name="Pat Parks"), make_organizer(name="Rita Roads")
    make_office_member(app, parks, parks_member)
    make_office_member(app, roads, roads_member)
    return parks, roads, parks_member, roads_member


@pytest.fixture
def referred(app, event, make_question, offices):
    question_id = make_question(event, "When will the lights in the park be fixed?")
    make_referred(app, question_id, offices[0], today() + timedelta(days=10),
                  referred_at=datetime(2026, 1, 5, 9, 30))
    return question_id


def steps(app, question_id):
    with app.app_context():
        return [(e.kind, e.state, e.actor, e.office_id, e.due_on, e.note, e.user_id)
                for e in ledger.history(question_id)]


def state(app, question_id):
    with app.app_context():
        return db.session.get(Question, question_id).ledger_state


def refused(call, fn, error, code, **kwargs):
    with pytest.raises(error) as caught:
        call(fn, **kwargs)
    assert caught.value.code == code
    return caught.value


def test_a_member_answers_in_writing_and_the_ledger_records_it(app, call, referred, offices):
    parks_member = offices[2]
    body = call(work.answer, user_id=parks_member, question_id=referred, text="  Next week, by the 12th. ")
    assert body["state"] == "answered_in_writing" and body["answer_text"] == "Next week, by the 12th."
    row = followup_row(app, referred)
    assert row["answered_by"] == parks_member and row["answered_at"] is not None
    assert steps(app, referred)[-1] == ("answer_in_writing", "answered_in_writing", "office", offices[0], None, None,
                                        parks_member)
    with app.app_context():
        assert db.session.query(Operation).filter_by(action="answer_in_writing").count() == 1


def test_an_answer_out_of_turn_or_out_of_bounds_is_refused_and_changes_nothing(app, call, referred, offices):
    member = offices[2]
    for text, code in (("", "empty"), ("   \n ", "empty"), ("x" * 4001, "too_long"), (5, "invalid_input")):
        refused(call, work.answer, InvalidInput, code, user_id=member, question_id=referred, text=text)
    assert followup_row(app, referred)["answer_text"] is None and state(app, referred) == "referred"
    call(work.answer, user_id=member, question_id=referred, text="Done.")
    before = len(steps(app, referred))
    # Answered already: the state machine refuses a second answer (a correction is its own command).
    refused(call, work.answer, Conflict, "invalid_transition", user_id=member, question_id=referred, text="Again")
    assert len(steps(app, referred)) == before and followup_row(app, referred)["answer_text"] == "Done."


def test_a_correction_keeps_the_time_of_the_first_answer(app, call, referred, offices):
    member = offices[2]
    refused(call, work.correct_answer, Conflict, "invalid_transition", user_id=member, question_id=referred,
            text="Not answered yet")
    call(work.answer, user_id=member, question_id=referred, text="By the 12th.")
    first = followup_row(app, referred)["answered_at"]
    body = call(work.correct_answer, user_id=member, question_id=referred, text="By the 14th.")
    assert body["answer_text"] == "By the 14th."
    assert followup_row(app, referred)["answered_at"] == first
    assert state(app, referred) == "answered_in_writing"
    with app.app_context():
        assert db.session.query(Operation).filter_by(action="correct_answer").count() == 1
        # The history keeps what the office first wrote.
        last = db.session.query(LedgerEntry).filter_by(question_id=referred).order_by(LedgerEntry.id.desc()).first()
        assert (last.kind, last.actor, last.note) == ("correct_answer", "office", "Replaced: By the 12th.")


def test_only_the_offices_members_and_the_organizations_owner_act(app, call, referred, offices, organizer,
                                                                 make_organizer, event):
    _parks, _roads, _parks_member, roads_member = offices
    stranger = make_organizer()
    for user in (roads_member, stranger):
        refused(call, work.answer, Forbidden, "forbidden", user_id=user, question_id=referred, text="Mine")
        refused(call, work.extend, Forbidden, "forbidden", user_id=user, question_id=referred,
                due_on=(today() + timedelta(days=30)).isoformat(), reason="Busy")
        refused(call, work.transfer, Forbidden, "forbidden", user_id=user, question_id=referred, office_id=offices[1])
    refused(call, work.answer, NotFound, "followup_not_found", user_id=offices[2], question_id=99999, text="x")
    assert state(app, referred) == "referred" and followup_row(app, referred)["office_id"] == offices[0]
    # The organization's owner may act on every office of it.
    assert call(work.answer, user_id=organizer.id, question_id=referred, text="Owner's answer")["answer_text"] \
        == "Owner's answer"


def test_a_transfer_moves_the_follow_up_and_the_clock_keeps_running(app, call, referred, offices):
    parks, roads, parks_member, roads_member = offices
    before = followup_row(app, referred)
    body = call(work.transfer, user_id=parks_member, question_id=referred, office_id=roads, note="Street lights")
    after = followup_row(app, referred)
    assert after["office_id"] == roads and body["office"] == "Roads"
    assert (after["referred_at"], after["first_due_on"], after["due_on"]) == \
        (before["referred_at"], before["first_due_on"], before["due_on"])
    assert steps(app, referred)[-1] == ("transfer", "referred", "office", roads, None, "Street lights", parks_member)
    # Parks no longer has it; Roads has.
    refused(call, work.answer, Forbidden, "forbidden", user_id=parks_member, question_id=referred, text="x")
    assert [f["question_id"] for f in call(work.workspace, user_id=roads_member)["followups"]] == [referred]
    assert call(work.workspace, user_id=parks_member)["followups"] == []


def test_a_transfer_to_the_same_office_or_another_organization_is_refused(app, call, referred, offices,
                                                                         make_organizer):
    parks, _roads, member, _ = offices
    _other_org, elsewhere = make_organization(app, make_organizer(), slug="hillside", offices=("Parks",))
    refused(call, work.transfer, InvalidInput, "same_office", user_id=member, question_id=referred, office_id=parks)
    refused(call, work.transfer, InvalidInput, "office_not_in_organization", user_id=member, question_id=referred,
            office_id=elsewhere)
    refused(call, work.transfer, InvalidInput, "office_not_in_organization", user_id=member, question_id=referred,
            office_id=424242)
    refused(call, work.transfer, InvalidInput, "too_long", user_id=member, question_id=referred,
            office_id=_roads, note="x" * 501)
    assert followup_row(app, referred)["office_id"] == parks and steps(app, referred)[-1][0] == "refer"


def test_more_time_moves_the_due_date_but_never_the_first_one(app, call, referred, offices):
    member = offices[2]
    first = followup_row(app, referred)["first_due_on"]
    later = first + timedelta(days=21)
    body = call(work.extend, user_id=member, question_id=referred, due_on=later.isoformat(),
                reason="Waiting for the contractor's quote")
    row = followup_row(app, referred)
    assert (row["due_on"], row["first_due_on"]) == (later, first)
    assert body["due_on"] == later.isoformat() and body["first_due_on"] == first.isoformat()
    assert steps(app, referred)[-1] == ("extend", "referred", "office", offices[0], later,
                                        "Waiting for the contractor's quote", member)


@pytest.mark.parametrize("due_on, reason, code", [
    ("same", "Busy", "due_date_not_later"),
    ("earlier", "Busy", "due_date_not_later"),
    ("2026-02-30", "Busy", "invalid_input"),
    ("next week", "Busy", "invalid_input"),
    (None, "Busy", "invalid_input"),
    ("later", "", "empty"),
    ("later", None, "empty"),
    ("later", "x" * 501, "too_long"),
])
def test_more_time_without_a_later_date_or_a_reason_is_refused(app, call, referred, offices, due_on, reason, code):
    current = followup_row(app, referred)["due_on"]
    value = {"same": current.isoformat(), "earlier": (current - timedelta(days=1)).isoformat(),
             "later": (current + timedelta(days=5)).isoformat()}.get(due_on, due_on)
    refused(call, work.extend, InvalidInput, code, user_id=offices[2], question_id=referred, due_on=value,
            reason=reason)
    assert followup_row(app, referred)["due_on"] == current and steps(app, referred)[-1][0] == "refer"


def test_no_transfer_or_more_time_once_answered(app, call, referred, offices):
    parks, roads, member, _ = offices
    call(work.answer, user_id=member, question_id=referred, text="Done.")
    refused(call, work.transfer, Conflict, "invalid_transition", user_id=member, question_id=referred,
            office_id=roads)
    refused(call, work.extend, Conflict, "invalid_transition", user_id=member, question_id=referred,
            due_on=(today() + timedelta(days=60)).isoformat(), reason="More")
    assert followup_row(app, referred)["office_id"] == parks


def test_the_workspace_lists_open_follow_ups_first_overdue_flagged(app, call, event, make_question, offices):
    parks, roads, member, _ = offices
    overdue_q = make_question(event, "Overdue one")
    open_q = make_question(event, "Open one", anonymous=True)
    answered_q = make_question(event, "Answered one")
    roads_q = make_question(event, "Roads only")
    make_referred(app, overdue_q, parks, today() - timedelta(days=3))
    make_referred(app, open_q, parks, today() + timedelta(days=3))
    make_referred(app, answered_q, parks, today() + timedelta(days=1))
    make_referred(app, roads_q, roads)
    call(work.answer, user_id=member, question_id=answered_q, text="Yes.")
    items = call(work.workspace, user_id=member)["followups"]
    assert [i["question_id"] for i in items] == [overdue_q, open_q, answered_q]
    assert [(i["overdue"], i["days_overdue"]) for i in items] == [(True, 3), (False, 0), (False, 0)]
    assert items[1]["author"] is None
    assert [o["name"] for o in items[0]["transfer_to"]] == ["Roads"]
    assert [h["kind"] for h in items[0]["history"]] == ["submit", "publish", "refer"]
