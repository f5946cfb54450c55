"""Records and the team over Socket.IO: organizers-only broadcasts, the notes:save command, revocation."""
import json

import pytest
from helpers import api
from records_helpers import give_role, make_item

SECRET_NOTES = "Confidential: the mayor may resign"


def error_code(ack) -> str:
    assert ack["ok"] is False, ack
    assert ack["error"]["message"]
    return ack["error"]["code"]


@pytest.fixture
def item(app, event):
    return make_item(app, event, "Budget 2027")


@pytest.fixture
def nora(app, make_organizer, login_client, organizer, event):
    """A logged-in note-taker of ``event`` (test client)."""
    make_organizer(email="nora@example.com", name="Nora Notes")
    give_role(app, event, organizer.id, "nora@example.com", "note_taker")
    return login_client("nora@example.com")


def test_records_changed_reaches_organizers_only(app, event, item, moderator, nora, attendee, connect):
    owner, note_taker = connect(moderator, event, "moderator"), connect(nora, event, "moderator")
    phone, projector = connect(attendee[0], event), connect(app.test_client(), event, "projector")
    saved = api(moderator, "PUT", f"/api/events/{event}/agenda/{item}/notes",
                {"text": SECRET_NOTES, "base_version": 0})
    assert saved.status_code == 200
    api(moderator, "POST", f"/api/events/{event}/agenda/{item}/decisions",
        {"text": "Secret decision", "vote_result": "For 3"})
    for socket in (owner, note_taker):
        first, second = socket.messages("records:changed")
        assert second["seq"] == first["seq"] + 1 and first["item_id"] == item
        assert first["records"]["notes"] == {**first["records"]["notes"], "text": SECRET_NOTES, "version": 1}
        assert second["records"]["decisions"][0]["text"] == "Secret decision"
        assert second["records"]["notes"]["text"] == SECRET_NOTES
    seqs = [m["seq"] for m in owner.messages("records:changed")]
    for socket in (phone, projector):
        assert socket.messages("seq:advanced") == [{"seq": s} for s in seqs]
        everything = json.dumps(socket.poll())
        assert "records:changed" not in everything and "Confidential" not in everything
        assert "Secret decision" not in everything


def test_notes_save_command_with_acks(app, event, item, nora, connect):
    socket = connect(nora, event, "moderator")
    ack = socket.emit("notes:save", {"item_id": item, "text": "Nora's notes", "base_version": 0})
    assert ack["ok"] is True
    assert (ack["data"]["text"], ack["data"]["version"], ack["data"]["item_id"]) == ("Nora's notes", 1, item)
    stale = socket.emit("notes:save", {"item_id": item, "text": "Written from version 0", "base_version": 0})
    assert error_code(stale) == "notes_conflict"
    assert stale["error"]["current"]["text"] == "Nora's notes" and stale["error"]["current"]["version"] == 1
    assert error_code(socket.emit("notes:save", {"item_id": item, "text": "x" * 20_001, "base_version": 1})) == \
        "too_long"
    assert error_code(socket.emit("notes:save", {"item_id": 999, "text": "x", "base_version": 1})) == \
        "item_not_found"
    assert error_code(socket.emit("notes:save", {"item_id": str(item), "text": "x", "base_version": 1})) == \
        "invalid_input"
    assert error_code(socket.emit("notes:save", "text")) == "invalid_input"
    assert [m["records"]["notes"]["version"] for m in socket.messages("records:changed")] == [1]


def test_notes_save_is_checked_against_the_role(app, event, item, organizer, make_organizer, login_client, attendee,
                                                connect):
    make_organizer(email="piet@example.com")
    give_role(app, event, organizer.id, "piet@example.com", "presenter")
    presenter = connect(login_client("piet@example.com"), event, "moderator")
    assert presenter.connected
    phone = connect(attendee[0], event)
    for socket in (presenter, phone):
        assert error_code(socket.emit("notes:save", {"item_id": item, "text": "Mine", "base_version": 0})) == \
            "forbidden"
    assert presenter.messages("records:changed") == []


def test_revoking_a_member_disconnects_their_sockets_of_this_event(app, event, organizer, nora, moderator, attendee,
                                                                    connect, make_event):
    nora_id = api(moderator, "GET", f"/api/events/{event}/team").get_json()["members"][0]["user_id"]
    own_event = make_event(nora_id, title="Nora's own event")
    notes_page = connect(nora, event, "moderator")
    elsewhere = connect(nora, own_event, "moderator")
    owner = connect(moderator, event, "moderator")
    phone = connect(attendee[0], event)
    assert api(moderator, "DELETE", f"/api/events/{event}/team/{nora_id}").status_code == 204
    assert not notes_page.connected
    assert elsewhere.connected and owner.connected and phone.connected
    assert not connect(nora, event, "moderator").connected  # and cannot come back
    changed = owner.messages("team:changed")
    assert changed[-1]["members"] == []
    assert phone.messages("seq:advanced")[-1] == {"seq": changed[-1]["seq"]}
    assert "nora@example.com" not in json.dumps(phone.poll())


def test_team_changes_reach_the_team(app, event, organizer, make_organizer, moderator, connect, attendee):
    owner = connect(moderator, event, "moderator")
    phone = connect(attendee[0], event)
    make_organizer(email="nora@example.com", name="Nora Notes")
    api(moderator, "POST", f"/api/events/{event}/team", {"email": "nora@example.com", "role": "presenter"})
    (changed,) = owner.messages("team:changed")
    assert [(m["name"], m["role"]) for m in changed["members"]] == [("Nora Notes", "presenter")]
    assert phone.messages("seq:advanced") == [{"seq": changed["seq"]}]
