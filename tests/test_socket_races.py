"""A unique violation that escapes a use case (two writers inserting the same thing at once, or a guard
forgotten) reaches a phone as a clear refusal, never a 500: an HTTP 409 with a JSON body, a socket ack
with the code `conflict`; nothing stored changes. Run on SQLite and on PostgreSQL
(TEST_DATABASE_URL=postgresql)."""
import pytest
from helpers import api, assert_error

from townhall.extensions import db
from townhall.models import SpeakerRequest
from townhall.services import speakers


@pytest.fixture
def unguarded(monkeypatch):
    """The speakers' request without its guard: a second request while waiting meets the database's
    unique index (uq_speaker_requests_waiting) instead of the service's already_waiting."""
    def add_and_flush(obj, _error):
        db.session.add(obj)
        db.session.flush()

    monkeypatch.setattr(speakers, "flush_unique", add_and_flush)


def waiting(app) -> int:
    with app.app_context():
        return db.session.query(SpeakerRequest).filter_by(status="waiting").count()


def test_over_http_an_escaping_unique_violation_is_a_409_conflict(app, event, room, unguarded):
    url = f"/api/events/{event}/speakers"
    assert api(room.phone, "POST", url, {}).status_code == 201
    response = api(room.phone, "POST", url, {})
    assert_error(response, 409, "conflict")
    assert response.get_json()["error"]["message"]
    assert waiting(app) == 1


def test_over_a_socket_an_escaping_unique_violation_is_a_conflict_ack(app, event, room, unguarded):
    assert room.phone_socket.emit("speaker:request", {})["ok"] is True
    room.phone_socket.clear()
    ack = room.phone_socket.emit("speaker:request", {})
    assert ack["ok"] is False and ack["error"]["code"] == "conflict" and ack["error"]["message"], ack
    assert waiting(app) == 1
    assert room.phone_socket.messages("speakers:changed") == []  # the refused runs announced nothing
