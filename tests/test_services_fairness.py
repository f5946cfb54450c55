"""The fairness of the queue: skips recorded when a higher-voted question is passed over (with the
moderator's reason), and the figures (services/fairness.py) on known data, exactly."""
import pytest

from townhall.errors import InvalidInput
from townhall.extensions import db
from townhall.models import Question, QueueSkip
from townhall.services import agenda, fairness, ledger, questions
from townhall.services.transaction import use_case


@pytest.fixture
def code(make_event, organizer):
    return make_event(organizer.id, allow_anonymous=True)


def set_votes(app, votes: dict[int, int]) -> None:
    with app.app_context():
        for qid, n in votes.items():
            db.session.get(Question, qid).vote_count = n
        db.session.commit()


def skips(app) -> list[tuple]:
    with app.app_context():
        return [(s.chosen_id, s.chosen_votes, s.passed_over_id, s.passed_over_votes, s.passed_over_count, s.reason)
                for s in db.session.query(QueueSkip).order_by(QueueSkip.id)]


def floor(call, code, user_id, qid, **kw):
    return call(questions.moderate, code=code, user_id=user_id, question_id=qid, action="answering", **kw)


@pytest.fixture
def three(app, code, make_question):
    """Three published questions with 5, 3 and 1 votes."""
    ids = [make_question(code, text=f"Question {n}?") for n in range(3)]
    set_votes(app, dict(zip(ids, (5, 3, 1), strict=True)))
    return ids


def test_a_lower_voted_question_on_the_floor_is_a_skip_with_its_reason(app, call, code, organizer, three):
    top, middle, low = three
    floor(call, code, organizer.id, low, skip_reason="  On the current agenda item ")
    assert skips(app) == [(low, 1, top, 5, 2, "On the current agenda item")]


def test_the_top_voted_question_is_no_skip_and_a_reason_then_is_not_kept(app, call, code, organizer, three):
    floor(call, code, organizer.id, three[0], skip_reason="Time-sensitive")
    assert skips(app) == []


def test_no_reason_is_recorded_empty(app, call, code, organizer, three):
    floor(call, code, organizer.id, three[1])
    assert skips(app) == [(three[1], 3, three[0], 5, 1, "")]


def test_only_waiting_questions_count_as_passed_over(app, call, code, organizer, moderate, make_question, three):
    top, middle, low = three
    tie = make_question(code, text="As popular as the middle one?")
    set_votes(app, {tie: 3})
    moderate(code, organizer.id, top, "answered")  # answered: not waiting
    moderate(code, organizer.id, middle, "hide")  # hidden: not waiting
    floor(call, code, organizer.id, tie)  # nothing waiting has more than 3 votes (the low one has 1)
    assert skips(app) == []
    floor(call, code, organizer.id, low)  # the tie was on the floor, not waiting: no skip
    assert skips(app) == []
    unvoted = make_question(code, text="Nobody voted for this one?")
    floor(call, code, organizer.id, unvoted)  # the tie (back to open) waits; the low one is on the floor
    assert skips(app) == [(unvoted, 0, tie, 3, 1, "")]


def test_the_question_already_on_the_floor_is_not_a_second_skip(app, call, code, organizer, three):
    floor(call, code, organizer.id, three[2], skip_reason="Asked earlier in writing")
    floor(call, code, organizer.id, three[2], skip_reason="again")
    assert len(skips(app)) == 1


def test_a_reopened_question_waits_again(app, call, code, organizer, moderate, three):
    top, middle, low = three
    moderate(code, organizer.id, top, "answered")
    moderate(code, organizer.id, top, "reopen")
    floor(call, code, organizer.id, middle)
    assert skips(app) == [(middle, 3, top, 5, 1, "")]


@pytest.mark.parametrize(("action", "reason", "error"), [
    ("answering", "x" * 201, "too_long"),
    ("answering", 42, "invalid_input"),
    ("answered", "Time-sensitive", "skip_reason_not_allowed"),
])
def test_a_bad_skip_reason_is_refused_and_nothing_changes(app, call, code, organizer, three, action, reason, error):
    with pytest.raises(InvalidInput) as caught:
        call(questions.moderate, code=code, user_id=organizer.id, question_id=three[2], action=action,
             skip_reason=reason)
    assert caught.value.code == error and caught.value.field == "skip_reason"
    assert skips(app) == []
    with app.app_context():
        assert db.session.get(Question, three[2]).progress == "open"


def test_the_figures_on_known_data(app, call, code, organizer, make_attendee, make_question, moderate):
    user = organizer.id
    item1 = call(agenda.add_item, code=code, user_id=user, title="Budget")["item_id"]
    item2 = call(agenda.add_item, code=code, user_id=user, title="Parks")["item_id"]
    ann, bob, cat = make_attendee(code, "Ann"), make_attendee(code, "Bob"), make_attendee(code, "Cat")

    def ask(asker, text, item, anonymous=False):
        with app.app_context():
            return questions.ask(code=code, attendee_id=asker[0], token=asker[1], text=text, anonymous=anonymous,
                                 agenda_item_id=item)["id"]

    a1 = ask(ann, "Ann's first question?", item1)  # named, first-time
    b1 = ask(bob, "Bob's first question?", item1, anonymous=True)  # anonymous, first-time
    a2 = ask(ann, "Ann's second question?", item2)  # named, repeat
    c1 = ask(cat, "Cat's first question?", None)  # named, first-time
    b2 = ask(bob, "Bob's second question?", None, anonymous=True)  # anonymous, repeat
    a3 = ask(ann, "Ann's third question?", item2)  # hidden below: not counted, still makes Ann a repeat asker
    set_votes(app, {a1: 4, b1: 6, a2: 2, c1: 1, b2: 3, a3: 9})
    moderate(code, user, a3, "hide")

    floor(call, code, user, a1, skip_reason="On the current agenda item")  # b1 (6) waits: skip 1
    moderate(code, user, a1, "answered")
    floor(call, code, user, b1)  # the top one: no skip
    moderate(code, user, b1, "answered")
    floor(call, code, user, c1)  # b2 (3) and a2 (2) wait: skip 2, no reason
    moderate(code, user, c1, "answered")
    moderate(code, user, c1, "reopen")  # reopened: no longer answered

    @use_case
    def in_writing():
        question = db.session.get(Question, b2)
        ledger.record(question, "refer", actor="team", user_id=user)
        ledger.record(question, "answer_in_writing", actor="office", user_id=user)

    @use_case
    def answered_then_referred():
        ledger.record(db.session.get(Question, a1), "refer", actor="team", user_id=user)

    with app.app_context():
        in_writing()
        answered_then_referred()

    figures = call(fairness.figures, code=code, user_id=user)
    assert figures["skips"]["count"] == 2 and figures["skips"]["on_floor"] == 3
    assert [(s["chosen"]["id"], s["chosen_votes"], s["passed_over"]["id"], s["passed_over_votes"],
             s["passed_over_count"], s["reason"]) for s in figures["skips"]["items"]] == [
        (a1, 4, b1, 6, 1, "On the current agenda item"), (c1, 1, b2, 3, 2, "")]
    assert figures["skips"]["items"][0]["chosen"]["text"] == "Ann's first question?"
    # Counted: a1, b1, a2, c1, b2 (a3 hidden). Answered: a1 (in the room, then referred), b1 (in the room),
    # b2 (in writing); not c1 (reopened), not a2.
    assert figures["askers"] == {
        "named": {"questions": 3, "answered": 1, "share": 0.3333},  # a1, a2, c1
        "anonymous": {"questions": 2, "answered": 2, "share": 1.0},  # b1, b2
        "first_time": {"questions": 3, "answered": 2, "share": 0.6667},  # a1, b1, c1
        "repeat": {"questions": 2, "answered": 1, "share": 0.5},  # a2, b2
    }
    assert figures["items"] == [
        {"item_id": item1, "title": "Budget", "questions": 2, "answered_in_room": 2},  # a1, b1
        {"item_id": item2, "title": "Parks", "questions": 1, "answered_in_room": 0},  # a2 (a3 hidden)
        {"item_id": None, "title": "No item", "questions": 2, "answered_in_room": 0},  # c1 reopened, b2 in writing
    ]


def test_an_event_without_questions_has_no_shares(call, code, organizer):
    figures = call(fairness.figures, code=code, user_id=organizer.id)
    assert figures["skips"] == {"count": 0, "on_floor": 0, "items": []}
    assert figures["askers"]["named"] == {"questions": 0, "answered": 0, "share": None}
    assert figures["items"] == [{"item_id": None, "title": "No item", "questions": 0, "answered_in_room": 0}]
