"""Following questions up at the service level: refer (office of the event's organization, due date rules, the
follow-up row kept when referred again), defer, close (public reason), reopen and refer again, the review's
split by votes, and its one step, all or nothing."""
from datetime import timedelta

import pytest
from followup_helpers import in_days, ledger_of, make_organization, organized
from helpers import question_row

from townhall.errors import Conflict, Forbidden, InvalidInput, NotFound
from townhall.extensions import db
from townhall.models import Followup, Operation
from townhall.models.base import today
from townhall.services import followups
from townhall.services.followups import due_date


@pytest.fixture
def offices(app, event, organizer):
    return organized(app, event, organizer.id)


def followup_row(app, question_id):
    with app.app_context():
        row = db.session.get(Followup, question_id)
        return None if row is None else {"office_id": row.office_id, "referred_at": row.referred_at,
                                         "first_due_on": row.first_due_on.isoformat(),
                                         "due_on": row.due_on.isoformat(), "note": row.note}


def operations_of(app, question_id):
    with app.app_context():
        return [(o.action, o.detail) for o in db.session.query(Operation).order_by(Operation.id)
                if o.targets.get("question_id") == question_id]


def refused(call, fn, error, **kwargs):
    with pytest.raises(error) as caught:
        call(fn, **kwargs)
    return caught.value


def test_refer_records_the_commitment_in_the_ledger_the_followup_and_the_log(app, event, organizer, offices,
                                                                             make_question, call):
    qid = make_question(event)
    answer = call(followups.refer, code=event, user_id=organizer.id, question_id=qid, office_id=offices["Planning"],
                  due_on=in_days(14), note="  We will send the figures.  ")
    assert answer["question"]["state"] == "referred"
    followup = answer["followup"]
    assert followup["office"] == "Planning" and followup["due_on"] == in_days(14) == followup["first_due_on"]
    assert followup["note"] == "We will send the figures." and followup["overdue"] is False
    assert ledger_of(app, qid)[-1] == {"kind": "refer", "state": "referred", "actor": "team", "user_id": organizer.id,
                                       "office_id": offices["Planning"], "due_on": in_days(14),
                                       "note": "We will send the figures."}
    assert followup_row(app, qid)["office_id"] == offices["Planning"]
    assert operations_of(app, qid)[-1] == ("refer", f"Planning, due {in_days(14)}")


def test_due_date_rules(app):
    with app.app_context():
        assert due_date(today().isoformat()) == today()
        assert due_date(in_days(700)) == today() + timedelta(days=700)
        for bad in (in_days(-1), in_days(2 * 366 + 1), "2026-02-30", "20261218", "18/12/2026", "", None, 20261218):
            with pytest.raises(InvalidInput) as caught:
                due_date(bad)
            assert caught.value.code == "invalid_due_date" and caught.value.field == "due_on", bad


@pytest.mark.parametrize("due_on", [None, "next week", "2026-13-01"])
def test_a_bad_due_date_refuses_the_referral_and_stores_nothing(app, event, organizer, offices, make_question, call,
                                                                 due_on):
    qid = make_question(event)
    assert refused(call, followups.refer, InvalidInput, code=event, user_id=organizer.id, question_id=qid,
                   office_id=offices["Parks"], due_on=due_on).code == "invalid_due_date"
    assert question_row(app, qid)["ledger_state"] == "published" and followup_row(app, qid) is None


def test_a_past_due_date_is_refused(app, event, organizer, offices, make_question, call):
    qid = make_question(event)
    error = refused(call, followups.refer, InvalidInput, code=event, user_id=organizer.id, question_id=qid,
                    office_id=offices["Parks"], due_on=in_days(-1))
    assert error.code == "invalid_due_date" and "past" in error.message
    assert [e["kind"] for e in ledger_of(app, qid)] == ["submit", "publish"]


def test_the_office_of_another_organization_is_refused(app, event, organizer, offices, make_question, call):
    other = make_organization(app, organizer.id, slug="other-town", offices=("Roads",))
    qid = make_question(event)
    error = refused(call, followups.refer, NotFound, code=event, user_id=organizer.id, question_id=qid,
                    office_id=other["offices"]["Roads"], due_on=in_days(7))
    assert error.code == "office_not_found"
    assert refused(call, followups.refer, NotFound, code=event, user_id=organizer.id, question_id=qid,
                   office_id=999999, due_on=in_days(7)).code == "office_not_found"
    assert question_row(app, qid)["ledger_state"] == "published" and followup_row(app, qid) is None


def test_an_event_without_an_organization_cannot_refer(app, event, organizer, make_question, call):
    other = make_organization(app, organizer.id)
    qid = make_question(event)
    error = refused(call, followups.refer, Conflict, code=event, user_id=organizer.id, question_id=qid,
                    office_id=other["offices"]["Planning"], due_on=in_days(7))
    assert error.code == "no_organization" and "settings" in error.message
    assert call(followups.offices, code=event, user_id=organizer.id) == {"organization": None, "offices": []}


def test_a_long_note_is_refused(app, event, organizer, offices, make_question, call):
    qid = make_question(event)
    assert refused(call, followups.refer, InvalidInput, code=event, user_id=organizer.id, question_id=qid,
                   office_id=offices["Parks"], due_on=in_days(3), note="x" * 1001).code == "too_long"
    assert followup_row(app, qid) is None


def test_the_state_machine_refuses_what_cannot_follow(app, event, organizer, offices, make_question, moderate, call):
    rejected = make_question(event, "Hidden one")
    moderate(event, organizer.id, rejected, "hide")
    for fn, extra in ((followups.refer, {"office_id": offices["Parks"], "due_on": in_days(3)}),
                      (followups.defer, {}), (followups.close, {"reason": "Out of scope"})):
        error = refused(call, fn, Conflict, code=event, user_id=organizer.id, question_id=rejected, **extra)
        assert error.code == "invalid_transition", fn
    closed = make_question(event, "Closed one")
    call(followups.close, code=event, user_id=organizer.id, question_id=closed, reason="Out of scope")
    assert refused(call, followups.close, Conflict, code=event, user_id=organizer.id, question_id=closed,
                   reason="Again").code == "invalid_transition"
    assert refused(call, followups.defer, Conflict, code=event, user_id=organizer.id,
                   question_id=closed).code == "invalid_transition"
    assert [e["kind"] for e in ledger_of(app, closed)] == ["submit", "publish", "close"]


def test_close_needs_a_public_reason(app, event, organizer, make_question, call):
    qid = make_question(event)
    for reason, code in ((None, "empty"), ("   ", "empty"), ("x" * 501, "too_long")):
        assert refused(call, followups.close, InvalidInput, code=event, user_id=organizer.id, question_id=qid,
                       reason=reason).code == code
    answer = call(followups.close, code=event, user_id=organizer.id, question_id=qid, reason="A private matter")
    assert answer["question"]["state"] == "closed" and answer["followup"]["office"] is None
    assert ledger_of(app, qid)[-1]["note"] == "A private matter" and ledger_of(app, qid)[-1]["actor"] == "team"


def test_defer_then_refer(app, event, organizer, offices, make_question, call):
    qid = make_question(event)
    deferred = call(followups.defer, code=event, user_id=organizer.id, question_id=qid, note="Next meeting")
    assert deferred["question"]["state"] == "deferred"
    assert ledger_of(app, qid)[-1] == {"kind": "defer", "state": "deferred", "actor": "team",
                                       "user_id": organizer.id, "office_id": None, "due_on": None,
                                       "note": "Next meeting"}
    assert call(followups.refer, code=event, user_id=organizer.id, question_id=qid, office_id=offices["Parks"],
                due_on=in_days(3))["question"]["state"] == "referred"


def test_a_reopened_followup_can_be_referred_again_keeping_its_clock_and_first_promise(
        app, event, organizer, offices, make_question, moderate, call):
    qid = make_question(event)
    call(followups.refer, code=event, user_id=organizer.id, question_id=qid, office_id=offices["Planning"],
         due_on=in_days(14), note="First")
    first = followup_row(app, qid)
    # Closed after all, then reopened by the moderator (the existing "reopen" action records the step).
    call(followups.close, code=event, user_id=organizer.id, question_id=qid, reason="Answered elsewhere")
    assert moderate(event, organizer.id, qid, "reopen")["state"] == "reopened"
    again = call(followups.refer, code=event, user_id=organizer.id, question_id=qid, office_id=offices["Parks"],
                 due_on=in_days(30), note="Second")
    assert again["followup"]["office"] == "Parks"
    row = followup_row(app, qid)
    assert row["referred_at"] == first["referred_at"] and row["first_due_on"] == in_days(14)
    assert row["due_on"] == in_days(30) and row["note"] == "Second" and row["office_id"] == offices["Parks"]
    # Reopened again, it may also be answered in the room, or closed.
    call(followups.close, code=event, user_id=organizer.id, question_id=qid, reason="Withdrawn")
    moderate(event, organizer.id, qid, "reopen")
    assert moderate(event, organizer.id, qid, "answered")["state"] == "answered_in_room"
    assert [e["kind"] for e in ledger_of(app, qid)] == [
        "submit", "publish", "refer", "close", "reopen", "refer", "close", "reopen", "answer_in_room"]


def test_only_those_who_moderate_questions_may_follow_up(app, event, organizer, offices, make_question, call,
                                                         make_organizer):
    from records_helpers import give_role

    qid = make_question(event)
    for role in ("presenter", "note_taker"):
        email = f"{role}@example.com"
        make_organizer(email=email, name=role)
        user_id = give_role(app, event, organizer.id, email, role)
        for fn, extra in ((followups.refer, {"question_id": qid, "office_id": offices["Parks"], "due_on": in_days(3)}),
                          (followups.defer, {"question_id": qid}),
                          (followups.close, {"question_id": qid, "reason": "No"}),
                          (followups.resolve, {"close": [{"question_id": qid, "reason": "No"}]}),
                          (followups.review, {})):
            assert refused(call, fn, Forbidden, code=event, user_id=user_id, **extra).code == "forbidden"
    assert [e["kind"] for e in ledger_of(app, qid)] == ["submit", "publish"]


def voted(app, qid, votes):
    with app.app_context():
        from townhall.models import Question
        db.session.get(Question, qid).vote_count = votes
        db.session.commit()


def test_the_review_splits_the_unanswered_by_votes_and_counts_the_rest(app, event, organizer, offices, make_question,
                                                                       moderate, call):
    popular, quiet, deferred, answered, referred, closed, hidden, pending_archived = (
        make_question(event, f"Question {n}") for n in range(8))
    voted(app, popular, 5)
    voted(app, deferred, 2)
    call(followups.defer, code=event, user_id=organizer.id, question_id=deferred)
    moderate(event, organizer.id, answered, "answered")
    call(followups.refer, code=event, user_id=organizer.id, question_id=referred, office_id=offices["Parks"],
         due_on=in_days(5))
    call(followups.close, code=event, user_id=organizer.id, question_id=closed, reason="Duplicate of another")
    moderate(event, organizer.id, hidden, "hide")
    moderate(event, organizer.id, pending_archived, "archive")  # archived, still unanswered: reviewed

    review = call(followups.review, code=event, user_id=organizer.id, min_votes=2)
    assert [q["id"] for q in review["offered"]] == [popular, deferred]
    assert sorted(q["id"] for q in review["below"]) == sorted([quiet, pending_archived])
    assert review["counts"] == {"unanswered": 4, "referred": 1, "answered_in_room": 1, "answered_in_writing": 0,
                                "closed": 1}
    assert {f["question_id"]: f["state"] for f in review["followups"]} == {
        deferred: "deferred", referred: "referred", closed: "closed"}
    everything = call(followups.review, code=event, user_id=organizer.id, min_votes=0)
    assert len(everything["offered"]) == 4 and everything["below"] == []
    for bad in (-1, "x", "1.5", True, 10**7):
        assert refused(call, followups.review, InvalidInput, code=event, user_id=organizer.id,
                       min_votes=bad).code == "invalid_min_votes"


def test_resolve_refers_and_closes_in_one_step(app, event, organizer, offices, make_question, call):
    a, b, c = (make_question(event, f"Q{n}") for n in range(3))
    result = call(followups.resolve, code=event, user_id=organizer.id,
                  refer=[{"question_id": a, "office_id": offices["Planning"], "due_on": in_days(14)},
                         {"question_id": b, "office_id": offices["Parks"], "due_on": in_days(20), "note": "Map"}],
                  close=[{"question_id": c, "reason": "Out of scope for this council"}])
    assert [f["question_id"] for f in result["referred"]] == [a, b]
    assert [f["question_id"] for f in result["closed"]] == [c]
    assert result["referred"][1]["office"] == "Parks" and result["referred"][1]["note"] == "Map"
    assert ledger_of(app, c)[-1]["note"] == "Out of scope for this council"
    review = call(followups.review, code=event, user_id=organizer.id)
    assert review["offered"] == review["below"] == [] and review["counts"]["referred"] == 2


@pytest.mark.parametrize("bad, field, code", [
    ({"close": [{"question_id": "B", "reason": ""}]}, "close[0].reason", "empty"),
    ({"refer": [{"question_id": "B", "office_id": "Planning", "due_on": "yesterday"}]}, "refer[1].due_on",
     "invalid_due_date"),
    ({"refer": [{"question_id": "B", "office_id": "Roads", "due_on": "soon"}]}, "refer[1].office_id",
     "office_not_found"),
    ({"close": [{"question_id": "A", "reason": "Twice"}]}, "close[0].question_id", "duplicate_question"),
    ({"close": [{"question_id": "hidden", "reason": "No"}]}, "close[0]", "invalid_transition"),
    ({"close": [{"question_id": 999999, "reason": "No"}]}, "close[0]", "question_not_found"),
])
def test_resolve_is_all_or_nothing_and_names_the_bad_item(app, event, organizer, offices, make_question, moderate,
                                                          call, bad, field, code):
    other = make_organization(app, organizer.id, slug="other-town", offices=("Roads",))
    ids = {"A": make_question(event, "A"), "B": make_question(event, "B"), "hidden": make_question(event, "H")}
    moderate(event, organizer.id, ids["hidden"], "hide")
    office_ids = {**offices, "Roads": other["offices"]["Roads"]}
    dates = {"yesterday": in_days(-1), "soon": in_days(3)}
    items = {"refer": [{"question_id": ids["A"], "office_id": offices["Planning"], "due_on": in_days(14)}], "close": []}
    for kind, entries in bad.items():
        for entry in entries:
            entry = dict(entry)
            entry["question_id"] = ids.get(entry["question_id"], entry["question_id"])
            if "office_id" in entry:
                entry["office_id"], entry["due_on"] = office_ids[entry["office_id"]], dates[entry["due_on"]]
            items[kind].append(entry)
    error = refused(call, followups.resolve, (InvalidInput, NotFound, Conflict), code=event, user_id=organizer.id,
                    **items)
    assert error.code == code and error.field == field, error.to_dict()
    assert error.message.startswith(field.split(".")[0])
    assert question_row(app, ids["A"])["ledger_state"] == "published" and followup_row(app, ids["A"]) is None
    assert [e["kind"] for e in ledger_of(app, ids["A"])] == ["submit", "publish"]
    assert operations_of(app, ids["A"]) == []


def test_resolve_with_nothing_is_refused(app, event, organizer, call):
    assert refused(call, followups.resolve, InvalidInput, code=event, user_id=organizer.id).code == \
        "nothing_to_resolve"


def test_the_offices_of_the_events_organization(app, event, organizer, offices, call):
    make_organization(app, organizer.id, slug="other-town", offices=("Roads",))
    listed = call(followups.offices, code=event, user_id=organizer.id)
    assert listed["organization"]["slug"] == "river-city"
    assert [o["name"] for o in listed["offices"]] == ["Parks", "Planning"]



def test_two_moderators_referring_the_same_question_at_once(app, event, organizer, offices, make_question):
    from records_helpers import run_together

    qid = make_question(event)
    step = dict(code=event, user_id=organizer.id, question_id=qid, due_on=in_days(7))
    results = run_together(app, [
        lambda: followups.refer(**step, office_id=offices["Planning"]),
        lambda: followups.refer(**step, office_id=offices["Parks"]),
    ])
    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["error", "ok"], results
    [error] = [value for kind, value in results if kind == "error"]
    assert isinstance(error, Conflict) and error.code == "invalid_transition"
    assert [e["kind"] for e in ledger_of(app, qid)].count("refer") == 1
    with app.app_context():
        assert db.session.query(Followup).filter_by(question_id=qid).count() == 1
