"""The list of speakers over Socket.IO: commands with acks, and speakers:changed to each audience."""
import json
import threading

import pytest
from helpers import api

from townhall.extensions import db
from townhall.models import SpeakerRequest


def error_code(ack) -> str:
    assert ack["ok"] is False and set(ack) == {"ok", "error"}, ack
    assert ack["error"]["message"]
    return ack["error"]["code"]


def requests(app) -> list[tuple]:
    with app.app_context():
        return [(r.attendee_id, r.status) for r in db.session.query(SpeakerRequest).order_by(SpeakerRequest.id)]


def current_seq(client, code) -> int:
    return client.get(f"/api/events/{code}/snapshot").get_json()["seq"]


@pytest.fixture
def audiences(room):
    """(phone client, attendee id, phone socket, projector socket, moderators socket), all cleared."""
    return room.phone, room.attendee_id, room.phone_socket, room.projector, room.moderators


def test_a_change_reaches_every_audience_once_with_seq_plus_one(app, event, audiences):
    phone, _attendee_id, phone_socket, projector, watcher = audiences
    before = current_seq(phone, event)
    ack = phone_socket.emit("speaker:request", {"topic": "Trees on Elm Street"})
    assert ack["ok"] is True and ack["data"]["name"] == "Ana Lima" and ack["data"]["position"] == 1
    for socket in (phone_socket, projector, watcher):
        (message,) = socket.messages("speakers:changed")
        assert message["seq"] == before + 1 and message["server_now"].endswith("Z")
        (entry,) = message["speakers"]["queue"]
        assert entry["id"] == ack["data"]["id"] and entry["topic"] == "Trees on Elm Street"
        assert entry["name"] == "Ana Lima"
    assert "recent" in watcher.messages("speakers:changed")[0]["speakers"]
    assert "recent" not in projector.messages("speakers:changed")[0]["speakers"]
    assert "mine" not in phone_socket.messages("speakers:changed")[0]["speakers"]  # the same for the whole room

    watcher.clear()
    projector.clear()
    ack = watcher.emit("speaker:moderate", {"action": "next"})
    assert ack["ok"] and ack["data"]["current"]["name"] == "Ana Lima"
    assert watcher.messages("speakers:changed")[0]["seq"] == before + 2
    assert projector.messages("speakers:changed")[0]["speakers"]["current"]["timer"]["running"] is False


def test_the_room_sees_numbers_and_no_ids_when_speakers_are_anonymous(app, organizer, make_event, join, moderator,
                                                                    connect):
    code = make_event(organizer.id, anonymous_speakers=True)
    phone, attendee_id = join(code, name="Ana Lima")
    phone_socket, projector = connect(phone, code), connect(app.test_client(), code, "projector")
    watcher = connect(moderator, code, "moderator")
    ack = phone_socket.emit("speaker:request", {"topic": "Parking"})
    assert ack["ok"] and ack["data"]["name"] == "Speaker 1" and "Ana Lima" not in json.dumps(ack)
    watcher.emit("speaker:add", {"name": "Mrs Okafor"})
    watcher.emit("speaker:moderate", {"action": "next"})
    for socket in (phone_socket, projector):
        messages = socket.messages("speakers:changed")
        assert len(messages) == 3
        last = messages[-1]["speakers"]
        assert last["current"]["name"] == "Speaker 1" and last["queue"][0]["name"] == "Speaker 2"
        dumped = json.dumps(messages)
        for secret in ("Ana Lima", "Mrs Okafor", "attendee_id", "person_key", f"attendee:{attendee_id}"):
            assert secret not in dumped
    last = watcher.messages("speakers:changed")[-1]["speakers"]
    assert last["current"]["name"] == "Ana Lima" and last["queue"][0]["name"] == "Mrs Okafor"


def test_phone_commands_with_acks(app, event, audiences, join, connect):
    _phone, attendee_id, phone_socket, _projector, _watcher = audiences
    assert phone_socket.emit("speaker:request")["ok"] is True  # no payload: no topic
    assert error_code(phone_socket.emit("speaker:request", {"topic": "again"})) == "already_waiting"
    assert error_code(phone_socket.emit("speaker:request", {"topic": "x" * 201})) == "too_long"
    assert error_code(phone_socket.emit("speaker:request", "hello")) == "invalid_input"
    other = connect(join(event)[0], event)
    # the phone's identity comes from its session: another phone cannot withdraw this request, and
    # one that names it in the payload is refused by field name
    posing = other.emit("speaker:withdraw", {"request_id": 1, "attendee_id": attendee_id})
    assert error_code(posing) == "invalid_input" and posing["error"]["field"] == "request_id"
    assert error_code(other.emit("speaker:withdraw")) == "not_waiting"
    assert requests(app) == [(attendee_id, "waiting")]
    ack = phone_socket.emit("speaker:withdraw")
    assert ack["ok"] and ack["data"]["status"] == "withdrawn"
    assert error_code(phone_socket.emit("speaker:withdraw")) == "not_waiting"
    assert requests(app) == [(attendee_id, "withdrawn")]


def test_a_socket_that_did_not_join_cannot_ask(app, client, event, connect):
    reader = connect(client, event)
    assert error_code(reader.emit("speaker:request", {})) == "not_joined"
    assert requests(app) == []


def test_moderate_and_add_commands_are_for_the_speakers_role_only(app, event, audiences):
    _phone, attendee_id, phone_socket, projector, watcher = audiences
    entry = phone_socket.emit("speaker:request", {})["data"]
    assert error_code(phone_socket.emit("speaker:moderate", {"action": "next"})) == "forbidden"
    assert error_code(projector.emit("speaker:moderate", {"action": "call", "request_id": entry["id"]})) \
        == "forbidden"
    assert error_code(phone_socket.emit("speaker:add", {"name": "Me again"})) == "forbidden"
    assert requests(app) == [(attendee_id, "waiting")]
    assert error_code(watcher.emit("speaker:moderate", {"action": ["next"]})) == "unknown_action"
    assert error_code(watcher.emit("speaker:moderate", {"action": "call", "request_id": "1"})) == "invalid_input"
    assert error_code(watcher.emit("speaker:moderate", {"action": "start"})) == "no_current_speaker"
    added = watcher.emit("speaker:add", {"name": "Mrs Okafor", "topic": "Parking"})
    assert added["ok"] and added["data"]["manual"] is True and added["data"]["position"] == 2
    ack = watcher.emit("speaker:moderate", {"action": "call", "request_id": added["data"]["id"]})
    assert ack["ok"] and ack["data"]["current"]["name"] == "Mrs Okafor"
    for action in ("start", "stop", "finish"):
        assert watcher.emit("speaker:moderate", {"action": action})["ok"], action
    ack = watcher.emit("speaker:moderate", {"action": "remove", "request_id": entry["id"]})
    assert ack["ok"] and ack["data"]["queue"] == [] and ack["data"]["recent"][0]["name"] == "Mrs Okafor"


def test_two_tabs_of_one_phone_asking_at_once_make_one_request(app, event, join, connect):
    phone, attendee_id = join(event)
    tabs = [connect(phone, event) for _ in range(4)]
    barrier = threading.Barrier(len(tabs))
    acks = [None] * len(tabs)

    def ask(i):
        barrier.wait()
        acks[i] = tabs[i].emit("speaker:request", {"topic": f"tab {i}"})

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(tabs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    outcomes = sorted("ok" if ack["ok"] else ack["error"]["code"] for ack in acks)
    assert outcomes == ["already_waiting"] * (len(tabs) - 1) + ["ok"], acks
    assert requests(app) == [(attendee_id, "waiting")]



def test_turning_on_anonymous_speakers_redraws_the_room_at_once(app, event, moderator, join, connect):
    phone, _ = join(event, name="Ana Lima")
    assert api(phone, "POST", f"/api/events/{event}/speakers", {"topic": "Parking"}).status_code == 201
    room = connect(join(event)[0], event)
    room.clear()
    assert api(moderator, "PATCH", f"/api/events/{event}", {"anonymous_speakers": True}).status_code == 200
    changed = room.wait_for("speakers:changed")[-1]
    assert changed["speakers"]["queue"][0]["name"].startswith("Speaker ")
    assert "Ana Lima" not in json.dumps(room.log)
    updated = room.messages("event:updated")[-1]
    assert changed["seq"] == updated["seq"] + 1  # two changes, two consecutive sequence numbers
