"""Asking and voting: every rule, at the service level."""
import pytest
from helpers import question_row

from townhall.errors import (
    Conflict,
    EventClosed,
    Forbidden,
    InvalidInput,
    NotAuthenticated,
    NotFound,
)
from townhall.extensions import db
from townhall.models import Question, Vote
from townhall.services import events, questions

row = question_row


def stored_questions(app) -> int:
    with app.app_context():
        return db.session.query(Question).count()


def vote_rows(app, question_id) -> int:
    with app.app_context():
        return db.session.query(Vote).filter_by(question_id=question_id).count()


@pytest.fixture
def asker(make_attendee, event):
    return make_attendee(event, name="Ana")


def ask(app, code, asker, text="Where does the new bus line stop?", **kwargs):
    attendee_id, token = asker
    with app.app_context():
        return questions.ask(code=code, attendee_id=attendee_id, token=token, text=text, **kwargs)


def vote(app, code, voter, question_id, undo=False):
    attendee_id, token = voter
    with app.app_context():
        fn = questions.unvote if undo else questions.vote
        return fn(code=code, attendee_id=attendee_id, token=token, question_id=question_id)


# --- asking --------------------------------------------------------------------

def test_ask_publishes_a_named_question(app, event, asker):
    result = ask(app, event, asker)
    assert result["mine"] is True and result["author"] == "Ana"
    stored = row(app, result["id"])
    assert stored["text"] == "Where does the new bus line stop?"
    assert (stored["status"], stored["progress"], stored["vote_count"]) == ("published", "open", 0)
    assert stored["attendee_id"] == asker[0] and stored["published_at"] is not None


def test_question_at_the_length_limit_is_accepted_one_more_is_not(app, event, asker):
    limit = app.config["QUESTION_MAX_LENGTH"]
    assert len(row(app, ask(app, event, asker, text="a" * limit)["id"])["text"]) == limit
    with pytest.raises(InvalidInput) as caught:
        ask(app, event, asker, text="a" * (limit + 1))
    assert caught.value.code == "too_long"
    assert stored_questions(app) == 1


@pytest.mark.parametrize("text", ["", "   \n\t ", None, "\u200b\u200b"])
def test_empty_question_is_rejected(app, event, asker, text):
    with pytest.raises(InvalidInput) as caught:
        ask(app, event, asker, text=text)
    assert caught.value.code == "empty"
    assert stored_questions(app) == 0


def test_non_text_question_is_rejected(app, event, asker):
    with pytest.raises(InvalidInput):
        ask(app, event, asker, text={"text": "hi"})
    with pytest.raises(InvalidInput):
        ask(app, event, asker, text="hi", anonymous="yes")
    assert stored_questions(app) == 0


def test_control_and_invisible_characters_are_stripped(app, event, asker):
    text = "  Why\x00 is the\u202e pool\x1b closed?\r\nSecond line\u200b  "
    assert row(app, ask(app, event, asker, text=text)["id"])["text"] == "Why is the pool closed?\nSecond line"


def test_anonymous_question_refused_when_event_disallows_it(app, organizer, make_event, make_attendee):
    code = make_event(organizer.id, allow_anonymous=False)
    with pytest.raises(Forbidden) as caught:
        ask(app, code, make_attendee(code), anonymous=True)
    assert caught.value.code == "anonymous_not_allowed"
    assert stored_questions(app) == 0


def test_named_question_needs_a_name_when_names_are_required(app, organizer, event, make_attendee):
    nameless = make_attendee(event)  # joined before names became required
    with app.app_context():
        events.update_event(code=event, user_id=organizer.id, names_required=True)
    with pytest.raises(InvalidInput) as caught:
        ask(app, event, nameless)
    assert caught.value.code == "name_required"
    assert stored_questions(app) == 0
    assert ask(app, event, nameless, anonymous=True)["author"] is None  # anonymity still allowed


def test_ask_in_closed_event(app, organizer, event, asker):
    with app.app_context():
        events.update_event(code=event, user_id=organizer.id, is_open=False)
    with pytest.raises(EventClosed):
        ask(app, event, asker)
    assert stored_questions(app) == 0


def test_ask_needs_a_valid_attendee_of_this_event(app, organizer, event, asker, make_event, make_attendee):
    attendee_id, token = asker
    other_event = make_event(organizer.id)
    for bad in [(attendee_id, token + "x"), (attendee_id, None), (None, None), make_attendee(other_event)]:
        with pytest.raises(NotAuthenticated) as caught:
            ask(app, event, bad)
        assert caught.value.code == "not_joined"
    assert stored_questions(app) == 0


def test_premoderated_question_waits_as_pending(app, organizer, make_event, make_attendee):
    code = make_event(organizer.id, premoderation=True)
    stored = row(app, ask(app, code, make_attendee(code))["id"])
    assert stored["status"] == "pending" and stored["published_at"] is None


# --- voting --------------------------------------------------------------------

@pytest.fixture
def question(make_question, event):
    return make_question(event)


@pytest.fixture
def voter(make_attendee, event):
    return make_attendee(event)


def test_vote_once(app, event, question, voter):
    assert vote(app, event, voter, question) == {"id": question, "votes": 1, "voted": True}
    assert row(app, question)["vote_count"] == 1 == vote_rows(app, question)


def test_second_vote_is_refused_and_count_stays(app, event, question, voter):
    vote(app, event, voter, question)
    with pytest.raises(Conflict) as caught:
        vote(app, event, voter, question)
    assert caught.value.code == "already_voted"
    assert row(app, question)["vote_count"] == 1 == vote_rows(app, question)


def test_unvote_takes_the_vote_back(app, event, question, voter):
    vote(app, event, voter, question)
    assert vote(app, event, voter, question, undo=True) == {"id": question, "votes": 0, "voted": False}
    assert row(app, question)["vote_count"] == 0 == vote_rows(app, question)
    assert vote(app, event, voter, question)["votes"] == 1  # and can vote again


def test_unvote_without_a_vote(app, event, question, voter, make_attendee):
    vote(app, event, make_attendee(event), question)
    with pytest.raises(Conflict) as caught:
        vote(app, event, voter, question, undo=True)
    assert caught.value.code == "not_voted"
    assert row(app, question)["vote_count"] == 1 == vote_rows(app, question)


@pytest.mark.parametrize("action", ["hide", "archive"])
def test_vote_on_a_question_the_room_cannot_see(app, organizer, event, question, voter, moderate, action):
    moderate(event, organizer.id, question, action)
    with pytest.raises(NotFound):
        vote(app, event, voter, question)
    assert vote_rows(app, question) == 0


def test_vote_on_a_pending_question(app, organizer, make_event, make_attendee, make_question):
    code = make_event(organizer.id, premoderation=True)
    pending = make_question(code)
    with pytest.raises(NotFound):
        vote(app, code, make_attendee(code), pending)
    assert vote_rows(app, pending) == 0


def test_vote_on_another_events_question(app, organizer, event, voter, make_event, make_question):
    elsewhere = make_question(make_event(organizer.id))
    with pytest.raises(NotFound) as caught:
        vote(app, event, voter, elsewhere)
    assert caught.value.code == "question_not_found"
    with pytest.raises(NotFound):
        vote(app, event, voter, 10_000)
    assert vote_rows(app, elsewhere) == 0


@pytest.mark.parametrize("bad_id", ["1", 1.0, True, None, [1]])
def test_question_id_must_be_an_integer(app, event, question, voter, bad_id):
    with pytest.raises(InvalidInput):
        vote(app, event, voter, bad_id)
    assert vote_rows(app, question) == 0


@pytest.mark.parametrize("anonymous", [False, True])
def test_cannot_vote_for_own_question(app, event, asker, voter, anonymous):
    question_id = ask(app, event, asker, anonymous=anonymous)["id"]
    with pytest.raises(Forbidden) as caught:
        vote(app, event, asker, question_id)
    assert caught.value.code == "own_question"
    assert vote(app, event, voter, question_id)["votes"] == 1  # others can


def test_vote_in_closed_event(app, organizer, event, question, voter):
    vote(app, event, voter, question)
    with app.app_context():
        events.update_event(code=event, user_id=organizer.id, is_open=False)
    with pytest.raises(EventClosed):
        vote(app, event, voter, question, undo=True)
    with pytest.raises(EventClosed):
        vote(app, event, voter, question)
    assert row(app, question)["vote_count"] == 1 == vote_rows(app, question)


def test_vote_on_an_answered_question(app, organizer, event, question, voter, moderate):
    moderate(event, organizer.id, question, "answered")
    with pytest.raises(Conflict) as caught:
        vote(app, event, voter, question)
    assert caught.value.code == "question_answered"
    assert vote_rows(app, question) == 0


def test_vote_count_matches_votes_table_after_many_votes_and_unvotes(app, event, make_question, make_attendee):
    ids = [make_question(event), make_question(event)]
    voters = [make_attendee(event) for _ in range(6)]
    expected = {qid: 0 for qid in ids}
    for round_ in range(3):
        for i, voter in enumerate(voters):
            qid = ids[(i + round_) % 2]
            try:
                vote(app, event, voter, qid)
                expected[qid] += 1
            except Conflict:
                vote(app, event, voter, qid, undo=True)
                expected[qid] -= 1
    for qid in ids:
        assert row(app, qid)["vote_count"] == expected[qid] == vote_rows(app, qid)
