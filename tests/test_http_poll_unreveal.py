"""Hiding revealed results again (issue 15: Reveal / Hide results from the dashboard): POST .../unreveal puts an
on_reveal poll back as it was before the reveal, for every audience, and may be undone by a second reveal."""
from helpers import api, assert_error
from polls_helpers import CHOICES

from townhall.services import roles


def url(code, tail=""):
    return f"/api/events/{code}/polls{tail}"


def action(client, code, poll_id, name):
    return api(client, "POST", url(code, f"/{poll_id}/{name}"))


def new_poll(moderator, code, **fields) -> int:
    body = {"kind": "single", "question": "What first?", "options": CHOICES, "visibility": "on_reveal", **fields}
    response = api(moderator, "POST", url(code), body)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["poll"]["id"]


def room_poll(client, code, poll_id) -> dict:
    return client.get(url(code, f"/{poll_id}")).get_json()["poll"]


def test_hidden_again_the_room_loses_the_results_the_moderators_keep_them(app, event, moderator, room):
    pid = new_poll(moderator, event)
    action(moderator, event, pid, "open")
    assert room.phone_socket.emit("poll:vote", {"poll_id": pid, "answer": {"choice": 1}})["ok"]
    action(moderator, event, pid, "close")
    action(moderator, event, pid, "reveal")
    assert room_poll(room.phone, event, pid)["results"] == {"counts": [0, 1, 0]}
    seq = room.phone.get(f"/api/events/{event}/snapshot").get_json()["seq"]
    for socket in (room.phone_socket, room.projector, room.moderators):
        socket.clear()

    hidden = action(moderator, event, pid, "unreveal")
    assert hidden.status_code == 200, hidden.get_data(as_text=True)
    poll = hidden.get_json()["poll"]
    assert poll["revealed"] is False and poll["revealed_at"] is None and poll["results"] == {"counts": [0, 1, 0]}
    view = room_poll(room.phone, event, pid)
    assert view["revealed"] is False and view["results"] is None and view["ballots"] == 1
    for socket in (room.phone_socket, room.projector):
        (message,) = socket.messages("polls:changed")
        assert message["seq"] == seq + 1 and message["polls"][0]["results"] is None
    assert room.moderators.messages("polls:changed")[0]["polls"][0]["results"] == {"counts": [0, 1, 0]}

    # Revealed once more: back for everyone.
    assert action(moderator, event, pid, "reveal").status_code == 200
    assert room_poll(room.phone, event, pid)["results"] == {"counts": [0, 1, 0]}


def test_unrevealing_what_is_not_revealed_is_refused_and_changes_nothing(app, event, moderator, join,
                                                                        make_organizer, login_client, organizer):
    draft = new_poll(moderator, event)
    assert_error(action(moderator, event, draft, "unreveal"), 409, "not_revealed")
    shown = new_poll(moderator, event)
    action(moderator, event, shown, "open")
    assert_error(action(moderator, event, shown, "unreveal"), 409, "not_revealed")
    action(moderator, event, shown, "reveal")
    phone, _ = join(event)
    make_organizer(email="nina@example.com", name="Nina Notes")
    with app.app_context():
        roles.add_member(code=event, user_id=organizer.id, email="nina@example.com", role="note_taker")
    seq = moderator.get(f"/api/events/{event}/snapshot").get_json()["seq"]
    assert_error(action(phone, event, shown, "unreveal"), 401)
    assert_error(action(login_client("nina@example.com"), event, shown, "unreveal"), 403, "forbidden")
    assert_error(action(moderator, event, 9999, "unreveal"), 404, "poll_not_found")
    assert room_poll(phone, event, shown)["revealed"] is True
    assert moderator.get(f"/api/events/{event}/snapshot").get_json()["seq"] == seq
