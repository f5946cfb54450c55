"""The question record through Socket.IO: question:moderate with a reason, question:merge, question:edit with
the answer and next step (acks with error codes on bad input), what each audience receives, and the peak."""
import pytest
from helpers import question_row

from townhall.extensions import db
from townhall.models import Question, Vote


def error_code(ack) -> str:
    assert ack["ok"] is False and ack["error"]["message"], ack
    return ack["error"]["code"]


def rows(app) -> list[dict]:
    with app.app_context():
        return [{c.name: getattr(q, c.name) for c in Question.__table__.columns}
                for q in db.session.query(Question).order_by(Question.id)]


@pytest.fixture
def chair(moderator, event, connect):
    return connect(moderator, event, "moderator")


def test_moderate_with_a_reason(app, event, chair, make_question):
    qid = make_question(event)
    before = rows(app)
    assert error_code(chair.emit("question:moderate", {"question_id": qid, "action": "hide", "reason": "rude"})) \
        == "invalid_reason"
    assert error_code(chair.emit("question:moderate", {"question_id": qid, "action": "answering",
                                                       "reason": "spam"})) == "reason_not_allowed"
    assert error_code(chair.emit("question:moderate", {"question_id": qid, "action": "hide", "why": "x"})) \
        == "invalid_input"
    assert rows(app) == before
    ack = chair.emit("question:moderate", {"question_id": qid, "action": "hide", "reason": "duplicate"})
    assert ack["ok"] and ack["data"]["moderation_reason"] == "duplicate"
    assert question_row(app, qid)["moderation_reason"] == "duplicate"
    ack = chair.emit("question:moderate", {"question_id": qid, "action": "restore"})
    assert ack["data"]["moderation_reason"] is None


def test_merge_reaches_every_audience(app, event, chair, join, connect, make_question):
    target = make_question(event, "Will the ferry run on Sundays?")
    asker_client, _ = join(event)
    asker = connect(asker_client, event)
    duplicate = asker.emit("question:ask", {"text": "Sunday ferry, yes or no?", "anonymous": True})["data"]["id"]
    voter_client, voter_id = join(event)
    voter = connect(voter_client, event)
    assert voter.emit("question:vote", {"question_id": duplicate})["ok"]
    projector = connect(app.test_client(), event, "projector")
    for socket in (chair, asker, voter, projector):
        socket.clear()

    ack = chair.emit("question:merge", {"question_id": duplicate, "into_id": target})
    assert ack["ok"] and ack["data"]["question"]["status"] == "merged" and ack["data"]["into"]["votes"] == 1

    for room in (voter, projector, asker):
        (changed,) = room.messages("questions:changed")
        assert changed["removed"] == [duplicate]
        assert [(q["id"], q["votes"]) for q in changed["questions"]] == [(target, 1)]
    (moderators,) = chair.messages("questions:changed")
    assert {q["id"]: (q["status"], q["merged_into_id"], q["votes"]) for q in moderators["questions"]} == {
        duplicate: ("merged", target, 0), target: ("published", None, 1)}
    (own,) = asker.messages("question:own")
    assert (own["question"]["id"], own["question"]["status"], own["question"]["merged_into_id"]) == (
        duplicate, "merged", target)
    assert voter.messages("question:own") == [] and projector.messages("question:own") == []
    # the voter's vote lives on the target now
    assert error_code(voter.emit("question:vote", {"question_id": target})) == "already_voted"
    with app.app_context():
        assert db.session.query(Vote.question_id, Vote.attendee_id).all() == [(target, voter_id)]


@pytest.mark.parametrize("payload, code", [
    ({"question_id": 1, "into_id": 1}, "merge_into_self"),
    ({"question_id": 2, "into_id": None}, "invalid_input"),
    ({"question_id": 2, "into_id": "1"}, "invalid_input"),
    ({"question_id": 2}, "invalid_input"),
    ({"question_id": 2, "into_id": 99}, "target_not_found"),
    ({"question_id": 99, "into_id": 1}, "question_not_found"),
    ({"question_id": 2, "into_id": 1, "extra": True}, "invalid_input"),
])
def test_merge_command_refuses_bad_input(app, event, chair, make_question, payload, code):
    assert [make_question(event), make_question(event)] == [1, 2]
    before = rows(app)
    assert error_code(chair.emit("question:merge", payload)) == code
    assert error_code(chair.emit("question:merge", ["not", "an", "object"])) == "invalid_input"
    assert rows(app) == before


def test_phones_cannot_merge_or_edit(app, event, attendee, connect, make_question):
    target, duplicate = make_question(event), make_question(event)
    phone = connect(attendee[0], event)
    before = rows(app)
    assert error_code(phone.emit("question:merge", {"question_id": duplicate, "into_id": target})) == "forbidden"
    assert error_code(phone.emit("question:edit", {"question_id": target, "next_step": "Mine"})) == "forbidden"
    assert rows(app) == before


def test_edit_command_records_the_answer_and_next_step(app, event, chair, make_question, connect, client):
    qid = make_question(event)
    room = connect(client, event)
    assert error_code(chair.emit("question:edit", {"question_id": qid, "answer_text": "Early"})) == "not_answering"
    assert error_code(chair.emit("question:edit", {"question_id": qid, "answer": "x"})) == "invalid_input"
    assert error_code(chair.emit("question:edit", {"question_id": qid})) == "empty"
    assert error_code(chair.emit("question:edit", {"question_id": qid, "next_step": "x" * 1001})) == "too_long"
    ack = chair.emit("question:edit", {"question_id": qid, "next_step": "Written reply within 14 days"})
    assert ack["ok"] and ack["data"]["next_step"] == "Written reply within 14 days"
    assert chair.emit("question:moderate", {"question_id": qid, "action": "answered",
                                            "answer_text": "Yes, from May."})["ok"]
    room.clear()
    ack = chair.emit("question:edit", {"question_id": qid, "answer_text": "Yes, from May, hourly."})
    assert ack["data"]["answer_text"] == "Yes, from May, hourly."
    (changed,) = room.messages("questions:changed")
    (seen,) = changed["questions"]
    assert seen["answer_text"] == "Yes, from May, hourly." and "next_step" not in seen
    assert question_row(app, qid)["answer_text"] == "Yes, from May, hourly."


def test_peak_connected_follows_phones_and_stays(app, event, chair, join, connect):
    phones = [join(event)[0] for _ in range(3)]
    sockets = [connect(phone, event) for phone in phones] + [connect(phones[0], event)]  # a second tab
    chair.wait_for("stats:updated", lambda s: s and s[-1]["connected"] == 3 and s[-1]["peak_connected"] == 3)
    for socket in sockets:
        socket.client.disconnect()
    chair.wait_for("stats:updated", lambda s: s[-1]["connected"] == 0 and s[-1]["peak_connected"] == 3)
    connect(phones[1], event)
    chair.wait_for("stats:updated", lambda s: s[-1]["connected"] == 1 and s[-1]["peak_connected"] == 3)
