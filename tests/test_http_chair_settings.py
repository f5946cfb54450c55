"""Two event settings that save the chair a click (issue 15): open-text poll answers shown without approving
each one (show_text_answers; a blocked answer still waits), and the speaker's timer started on the call
(auto_start_speaker_timer). Set over HTTP (PATCH /api/events/<code>), seen over HTTP and Socket.IO."""
import pytest
from helpers import api, assert_error
from polls_helpers import make_open

SETTINGS = ("show_text_answers", "auto_start_speaker_timer")


def settings_of(client, code) -> dict:
    event = client.get(f"/api/events/{code}/snapshot?view=moderator").get_json()["event"]
    return {name: event[name] for name in SETTINGS}


def patch(client, code, body):
    return api(client, "PATCH", f"/api/events/{code}", body)


def answer(client, code, poll_id, text):
    response = api(client, "POST", f"/api/events/{code}/polls/{poll_id}/ballot", {"answer": {"text": text}})
    assert response.status_code == 200, response.get_data(as_text=True)


def room_answers(client, code) -> tuple[int, list[str]]:
    (poll,) = client.get(f"/api/events/{code}/polls").get_json()["polls"]
    return poll["ballots"], [a["text"] for a in poll["results"]["answers"]]


# --- the settings ---------------------------------------------------------------------------------

def test_both_settings_are_off_by_default_and_each_saves_alone(event, moderator):
    assert settings_of(moderator, event) == {"show_text_answers": False, "auto_start_speaker_timer": False}
    assert patch(moderator, event, {"show_text_answers": True}).status_code == 200
    assert settings_of(moderator, event) == {"show_text_answers": True, "auto_start_speaker_timer": False}
    assert patch(moderator, event, {"auto_start_speaker_timer": True}).status_code == 200
    assert settings_of(moderator, event) == {"show_text_answers": True, "auto_start_speaker_timer": True}
    assert patch(moderator, event, {"show_text_answers": False}).status_code == 200
    assert settings_of(moderator, event) == {"show_text_answers": False, "auto_start_speaker_timer": True}


@pytest.mark.parametrize("name", SETTINGS)
@pytest.mark.parametrize("value", ["yes", 1, None, [], {"on": True}])
def test_a_setting_that_is_not_true_or_false_is_refused_and_nothing_changes(event, moderator, name, value):
    patch(moderator, event, {"title": "Before"})
    error = assert_error(patch(moderator, event, {name: value, "title": "After"}), 400)
    assert error["field"] == name and name in error["message"] and "true or false" in error["message"]
    assert settings_of(moderator, event) == {"show_text_answers": False, "auto_start_speaker_timer": False}
    assert moderator.get(f"/api/events/{event}/snapshot?view=moderator").get_json()["event"]["title"] == "Before"


def test_only_the_team_with_the_settings_capability_changes_them(event, moderator, join):
    phone, _ = join(event)
    assert_error(patch(phone, event, {"show_text_answers": True}), 401)
    assert settings_of(moderator, event)["show_text_answers"] is False


# --- open-text answers shown without approval -------------------------------------------------------

def test_under_premoderation_answers_wait_unless_the_event_shows_them_blocked_ones_always_wait(
        app, organizer, make_event, moderator, join):
    code = make_event(organizer.id, premoderation=True)
    first, _ = join(code)
    second, _ = join(code)
    waiting = make_open(app, code, organizer.id, kind="text", question="One word for the park?")
    answer(first, code, waiting, "Shady trees")
    assert room_answers(first, code) == (1, [])  # premoderation: counted, not shown

    assert patch(moderator, code, {"show_text_answers": True}).status_code == 200
    api(moderator, "POST", f"/api/events/{code}/polls/{waiting}/close", {})
    shown = make_open(app, code, organizer.id, kind="text", question="And one for the river?")
    answer(first, code, shown, "Clean water")
    answer(second, code, shown, "No more bullshit")  # the default blocklist holds it
    polls = first.get(f"/api/events/{code}/polls").get_json()["polls"]
    room = {p["id"]: p for p in polls}[shown]
    assert room["ballots"] == 2 and [a["text"] for a in room["results"]["answers"]] == ["Clean water"]
    assert room["results"]["words"] == [["clean", 1], ["water", 1]]
    moderators = {p["id"]: p for p in moderator.get(f"/api/events/{code}/polls?view=moderator")
                  .get_json()["polls"]}[shown]
    assert {a["text"]: a.get("pending") for a in moderators["results"]["answers"]} == {
        "Clean water": None, "No more bullshit": True}
    # The answers given before the setting was switched on still wait for their approval.
    assert {p["id"]: p for p in polls}[waiting]["results"]["answers"] == []


def test_without_premoderation_a_blocked_answer_waits_whatever_the_setting(app, organizer, make_event, moderator,
                                                                           join):
    code = make_event(organizer.id, show_text_answers=True)
    phone, _ = join(code)
    other, _ = join(code)
    poll_id = make_open(app, code, organizer.id, kind="text")
    answer(phone, code, poll_id, "fuck this plan")
    answer(other, code, poll_id, "More trees")
    assert room_answers(phone, code) == (2, ["More trees"])


# --- the speaker's timer started on the call ---------------------------------------------------------

def test_calling_a_speaker_starts_the_timer_only_with_the_setting(app, event, moderator, room):
    ack = room.phone_socket.emit("speaker:request", {"topic": "Trees"})
    assert ack["ok"], ack
    call = room.moderators.emit("speaker:moderate", {"action": "next"})
    assert call["ok"] and call["data"]["current"]["timer"]["running"] is False  # off: the chair starts it
    room.moderators.emit("speaker:moderate", {"action": "finish"})

    assert patch(moderator, event, {"auto_start_speaker_timer": True}).status_code == 200
    assert room.phone_socket.emit("speaker:request", {"topic": "Benches"})["ok"]
    for socket in (room.phone_socket, room.projector, room.moderators):
        socket.clear()
    call = room.moderators.emit("speaker:moderate", {"action": "next"})
    assert call["ok"], call
    timer = call["data"]["current"]["timer"]
    assert timer["running"] is True and timer["limit_seconds"] == 120 and timer["running_since"]
    for socket in (room.phone_socket, room.projector, room.moderators):  # every screen, as a manual start
        (message,) = socket.messages("speakers:changed")
        assert message["speakers"]["current"]["timer"]["running"] is True
    # It runs as if started by hand: Start is refused, Stop pauses it.
    again = room.moderators.emit("speaker:moderate", {"action": "start"})
    assert again["ok"] is False and again["error"]["code"] == "timer_running"
    assert room.moderators.emit("speaker:moderate", {"action": "stop"})["data"]["current"]["timer"]["running"] is False


def test_a_speaker_added_by_hand_and_called_by_id_starts_too(app, event, moderator, room):
    assert patch(moderator, event, {"auto_start_speaker_timer": True}).status_code == 200
    request_id = api(moderator, "POST", f"/api/events/{event}/speakers/add", {"name": "Bo"}).get_json()["request"]["id"]
    call = room.moderators.emit("speaker:moderate", {"action": "call", "request_id": request_id})
    assert call["ok"] and call["data"]["current"]["timer"]["running"] is True
