"""Bans over Socket.IO: attendee:ban / attendee:unban acks, the banned phone's commands refused with `banned`,
non-moderators refused."""
from helpers import api

from townhall.extensions import db
from townhall.models import Ban


def error_code(ack) -> str:
    assert ack["ok"] is False and ack["error"]["message"], ack
    return ack["error"]["code"]


def test_ban_and_unban_over_the_socket(app, event, room, join, connect):
    phone, phone_socket, moderators = room.phone, room.phone_socket, room.moderators
    other, _ = join(event, name="Ben")
    other_socket = connect(other, event)
    asked = phone_socket.emit("question:ask", {"text": "You fucking idiots"})
    assert asked["ok"] is True and asked["data"]["status"] == "pending"
    question_id = asked["data"]["id"]
    published = other_socket.emit("question:ask", {"text": "When does the park open?"})["data"]["id"]

    # not a moderator: refused, nothing stored
    assert error_code(phone_socket.emit("attendee:ban", {"question_id": question_id, "reason": "spam"})) in (
        "forbidden", "not_authenticated")
    assert error_code(moderators.emit("attendee:ban", {"question_id": question_id})) == "invalid_reason"
    assert error_code(moderators.emit("attendee:ban", {"question_id": question_id, "reason": "x"})) == "invalid_reason"
    with app.app_context():
        assert db.session.query(Ban).count() == 0

    ack = moderators.emit("attendee:ban", {"question_id": question_id, "reason": "offensive"})
    assert ack["ok"] is True and ack["data"]["asker"] == "Ana Lima" and ack["data"]["hid"]["questions"] == 1
    ban_id = ack["data"]["id"]
    assert phone_socket.messages("phone:banned") == [{}]  # its page fetches its snapshot: me.banned
    assert other_socket.messages("phone:banned") == [] and room.projector.messages("phone:banned") == []
    assert error_code(phone_socket.emit("question:ask", {"text": "Again"})) == "banned"
    assert error_code(phone_socket.emit("question:vote", {"question_id": published})) == "banned"
    assert error_code(phone_socket.emit("speaker:request", {"topic": "Me"})) == "banned"
    assert phone.get(f"/api/events/{event}/snapshot").get_json()["me"]["banned"] is True

    assert error_code(phone_socket.emit("attendee:unban", {"ban_id": ban_id})) in ("forbidden", "not_authenticated")
    lifted = moderators.emit("attendee:unban", {"ban_id": ban_id})
    assert lifted["ok"] is True and lifted["data"]["restored"] == {"questions": 1, "speakers": 0}
    assert len(phone_socket.messages("phone:banned")) == 2
    assert error_code(moderators.emit("attendee:unban", {"ban_id": ban_id})) == "ban_not_found"
    assert phone_socket.emit("question:vote", {"question_id": published})["ok"] is True
    assert api(phone, "POST", f"/api/events/{event}/questions", {"text": "Back"}).status_code == 201
