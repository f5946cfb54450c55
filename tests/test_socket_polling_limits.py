"""Engine.IO's limits, and long-polling POST bodies checked before Engine.IO reads them
(townhall/realtime/polling_guard.py): a phone on long-polling talks to the server as the test
client does here, a GET for the handshake and for each poll, a POST for what it sends."""
import json
import time

import pytest
from helpers import api
from records_helpers import make_item

from townhall.contracts.records import NOTES_MAX_LENGTH
from townhall.extensions import db, socketio
from townhall.models import Question
from townhall.realtime.polling_guard import MAX_PACKETS
from townhall.services.ids import MAX_ID

BASE = "/socket.io/?EIO=4&transport=polling"


def ask(text: str) -> str:
    """A question:ask command as one Engine.IO message packet (no ack id)."""
    return "42" + json.dumps(["question:ask", {"text": text}])


class Polling:
    """A phone on long-polling: its Engine.IO session, connected to the event's Socket.IO namespace."""

    def __init__(self, client, code, audience="attendee"):
        self.client = client
        opened = client.get(BASE)
        assert opened.status_code == 200 and opened.get_data(as_text=True).startswith("0")
        self.open = json.loads(opened.get_data(as_text=True)[1:])
        self.url = f"{BASE}&sid={self.open['sid']}"
        assert self.post(("40" + json.dumps({"event": code, "audience": audience})).encode()).status_code == 200
        assert self.get().startswith("40")  # Socket.IO's CONNECT answer

    def post(self, body: bytes):
        return self.client.post(self.url, data=body, content_type="text/plain;charset=UTF-8")

    def get(self) -> str:
        response = self.client.get(self.url)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_data(as_text=True)

    @property
    def open_on_server(self) -> bool:
        return self.open["sid"] in socketio.server.eio.sockets and \
            not socketio.server.eio.sockets[self.open["sid"]].closed


def questions(app) -> list[str]:
    with app.app_context():
        return [q.text for q in db.session.query(Question).order_by(Question.id)]


def assert_refused(response, status, code, started):
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code and response.get_json()["error"]["message"]
    assert time.monotonic() - started < 2  # answered at once, not after a wait for a poll


def test_the_handshake_states_the_limits(app, event, join):
    opened = Polling(join(event)[0], event).open
    assert opened["maxPayload"] == app.config["SOCKETIO_MAX_MESSAGE_BYTES"] == 128 * 1024
    assert (opened["pingInterval"], opened["pingTimeout"]) == (25_000, 20_000)
    assert opened["upgrades"] == ["websocket"]


def test_the_largest_message_a_client_sends_fits_the_limit(app):
    """notes:save with the most notes allowed, every character escaped by JSON (6 bytes: the worst case)."""
    largest = "42" + json.dumps(["notes:save", {"item_id": MAX_ID, "text": "字" * NOTES_MAX_LENGTH,
                                               "base_version": MAX_ID}])
    assert len(largest.encode()) <= app.config["SOCKETIO_MAX_MESSAGE_BYTES"]


def test_long_notes_saved_over_long_polling(app, event, moderator):
    item = make_item(app, event)
    notes = "Budget:\n" + "字字字字字字字字 é\n" * ((NOTES_MAX_LENGTH - 8) // 11)
    phone = Polling(moderator, event, "moderator")
    phone.get()  # the greeting
    body = "421" + json.dumps(["notes:save", {"item_id": item, "text": notes, "base_version": 0}],
                              ensure_ascii=False)
    assert len(body.encode()) > 50_000
    assert phone.post(body.encode()).status_code == 200
    ack = next(p for p in phone.get().split("\x1e") if p.startswith("431"))
    assert json.loads(ack[3:])[0]["ok"] is True
    saved = api(moderator, "GET", f"/api/events/{event}/records").get_json()
    assert saved["items"][str(item)]["notes"]["text"] == notes


def test_a_full_batch_of_packets_is_taken(app, event, join):
    phone = Polling(join(event)[0], event)
    texts = [f"Question {n}?" for n in range(MAX_PACKETS)]
    assert phone.post("\x1e".join(ask(t) for t in texts).encode()).status_code == 200
    assert questions(app) == texts


@pytest.mark.parametrize("body, status, code", [
    ("\x1e".join(ask(f"Question {n}?") for n in range(MAX_PACKETS + 1)).encode(), 400, "invalid_payload"),
    (b'42["question:ask",{"text":"Caf\xe9?"}]', 400, "invalid_payload"),  # Latin-1, not UTF-8
    (ask("Ok?").encode() + b"\x1e" + b'42["question:ask",{"text":"\xed\xa0\x80"}]', 400, "invalid_payload"),
    (ask("Ok?").encode() + b"\x1e6", 400, "invalid_payload"),  # a noop: no client POSTs one
    (ask("Ok?").encode() + b"\x1e", 400, "invalid_payload"),  # an empty packet
    (b"2probe", 400, "invalid_payload"),
    (b"bNDJbInF1ZXN0aW9uOmFzayJd", 400, "invalid_payload"),  # base64 binary: no client of ours sends one
    (ask("x" * 200).encode() * 700, 413, "payload_too_large"),
], ids=["17 packets", "latin-1", "surrogate", "noop", "empty packet", "ping", "binary", "too large"])
def test_a_bad_polling_payload_is_refused_at_once_and_its_socket_closed(app, event, join, body, status, code):
    phone = Polling(join(event)[0], event)
    started = time.monotonic()
    assert_refused(phone.post(body), status, code, started)
    assert questions(app) == []  # not one packet of it was taken
    assert not phone.open_on_server
    assert phone.client.get("/healthz").status_code == 200


def test_a_post_without_length_or_as_jsonp_is_refused(app, event, join):
    phone = Polling(join(event)[0], event)
    started = time.monotonic()
    chunked = phone.client.post(phone.url, data=ask("Chunked?").encode(), headers={"Transfer-Encoding": "chunked"},
                                environ_overrides={"CONTENT_LENGTH": ""})  # as a server passes a chunked body on
    assert_refused(chunked, 411, "invalid_payload", started)
    phone = Polling(join(event)[0], event)
    assert_refused(phone.client.post(phone.url + "&j=0", data=b"d=" + ask("Jsonp?").encode()), 400,
                   "invalid_payload", started)
    assert questions(app) == []


def test_a_refused_post_for_an_unknown_session_closes_nothing(app, event, join):
    phone = Polling(join(event)[0], event)
    stranger = app.test_client().post(f"{BASE}&sid=nosuchsid", data=b"6")
    assert stranger.status_code == 400 and stranger.get_json()["error"]["code"] == "invalid_payload"
    assert phone.open_on_server
    assert phone.post(ask("Still here?").encode()).status_code == 200
    assert questions(app) == ["Still here?"]
