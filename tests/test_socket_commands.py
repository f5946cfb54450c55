"""Socket commands: the same rules as HTTP, answered with acks {ok, data} / {ok: false, error}."""
import pytest
from helpers import question_row

from townhall.extensions import db
from townhall.models import Question, Vote


def stored(app, model) -> int:
    with app.app_context():
        return db.session.query(model).count()


def error_code(ack) -> str:
    assert ack["ok"] is False and set(ack) == {"ok", "error"}, ack
    assert ack["error"]["message"]
    return ack["error"]["code"]


@pytest.fixture
def phone(attendee, event, connect):
    return connect(attendee[0], event)


@pytest.fixture
def question(make_question, event):
    return make_question(event, "Is the ferry running on Sundays?")


def test_ask_vote_unvote_with_acks(app, event, phone, join, connect):
    ack = phone.emit("question:ask", {"text": "Can we get more benches?", "anonymous": True})
    assert ack["ok"] is True
    assert ack["data"]["text"] == "Can we get more benches?" and ack["data"]["mine"] is True
    qid = ack["data"]["id"]
    voter = connect(join(event)[0], event)
    assert voter.emit("question:vote", {"question_id": qid}) == {"ok": True,
                                                                 "data": {"id": qid, "votes": 1, "voted": True}}
    assert error_code(voter.emit("question:vote", {"question_id": qid})) == "already_voted"
    assert error_code(phone.emit("question:vote", {"question_id": qid})) == "own_question"
    assert voter.emit("question:unvote", {"question_id": qid})["data"] == {"id": qid, "votes": 0, "voted": False}
    assert error_code(voter.emit("question:unvote", {"question_id": qid})) == "not_voted"
    assert question_row(app, qid)["vote_count"] == 0 and stored(app, Vote) == 0


def test_rules_apply_to_socket_commands(app, organizer, make_event, join, connect):
    code = make_event(organizer.id, allow_anonymous=False)
    phone = connect(join(code)[0], code)
    assert error_code(phone.emit("question:ask", {"text": "x" * 301})) == "too_long"
    assert error_code(phone.emit("question:ask", {"text": " "})) == "empty"
    assert error_code(phone.emit("question:ask", {"text": "Hi", "anonymous": True})) == "anonymous_not_allowed"
    assert stored(app, Question) == 0


def test_socket_without_joining_cannot_ask_or_vote(app, client, event, question, connect):
    reader = connect(client, event)
    assert reader.connected
    assert error_code(reader.emit("question:ask", {"text": "Hello"})) == "not_joined"
    assert error_code(reader.emit("question:vote", {"question_id": question})) == "not_joined"
    assert stored(app, Question) == 1 and stored(app, Vote) == 0


@pytest.mark.parametrize("command", ["question:vote", "question:unvote", "question:ask"])
@pytest.mark.parametrize("payload", ["hello", [1], 5, True])
def test_non_object_payloads_are_refused(app, phone, question, command, payload):
    assert error_code(phone.emit(command, payload)) == "invalid_input"
    assert stored(app, Question) == 1 and stored(app, Vote) == 0


@pytest.mark.parametrize("payload", [None, {}, {"question_id": None}, {"question_id": "1"}, {"question_id": 1.5},
                                     {"question_id": [1]}, {"id": 1}])
def test_vote_needs_an_integer_question_id(app, phone, question, payload):
    assert error_code(phone.emit("question:vote", payload)) == "invalid_input"
    assert stored(app, Vote) == 0


@pytest.mark.parametrize("payload", [{}, {"text": None}, {"text": {"$gt": ""}}, {"text": "ok", "anonymous": "no"}])
def test_ask_needs_text(app, phone, payload):
    assert error_code(phone.emit("question:ask", payload)) in ("empty", "invalid_input")
    assert stored(app, Question) == 0


def test_unknown_question_or_another_events_question(app, organizer, event, phone, make_event, make_question):
    elsewhere = make_question(make_event(organizer.id))
    assert error_code(phone.emit("question:vote", {"question_id": elsewhere})) == "question_not_found"
    assert error_code(phone.emit("question:vote", {"question_id": 999})) == "question_not_found"
    assert stored(app, Vote) == 0


def test_closed_event_refuses_socket_writes(app, organizer, event, phone, question):
    from townhall.services import events

    with app.app_context():
        events.update_event(code=event, user_id=organizer.id, is_open=False)
    assert error_code(phone.emit("question:ask", {"text": "Late question"})) == "event_closed"
    assert error_code(phone.emit("question:vote", {"question_id": question})) == "event_closed"
    assert stored(app, Question) == 1 and stored(app, Vote) == 0


def test_moderate_command_for_the_moderator_only(app, event, moderator, phone, question, connect):
    assert error_code(phone.emit("question:moderate", {"question_id": question, "action": "hide"})) == "forbidden"
    watcher = connect(moderator, event, "moderator")
    assert error_code(watcher.emit("question:moderate", {"question_id": question, "action": ["hide"]})) \
        == "unknown_action"
    assert error_code(watcher.emit("question:moderate", {"question_id": question, "action": "approve"})) \
        == "invalid_transition"
    assert question_row(app, question)["status"] == "published"
    ack = watcher.emit("question:moderate", {"question_id": question, "action": "hide"})
    assert ack["ok"] and ack["data"]["status"] == "hidden"
    assert question_row(app, question)["status"] == "hidden"


@pytest.mark.app_config(SOCKET_RATE_LIMIT="3/60")
def test_socket_commands_are_rate_limited_per_person(app, event, attendee, join, connect):
    phone, _ = attendee
    socket = connect(phone, event)
    for n in range(3):
        assert socket.emit("question:ask", {"text": f"Question {n}"})["ok"]
    assert error_code(socket.emit("question:ask", {"text": "One too many"})) == "rate_limited"
    assert error_code(socket.emit("question:vote", {"question_id": 1})) == "rate_limited"
    assert stored(app, Question) == 3
    reconnected = connect(phone, event)  # reconnecting does not reset the budget
    assert error_code(reconnected.emit("question:ask", {"text": "After reconnecting"})) == "rate_limited"
    neighbour = connect(join(event)[0], event)  # someone else is not slowed down
    assert neighbour.emit("question:ask", {"text": "From another phone"})["ok"]
    assert stored(app, Question) == 4
