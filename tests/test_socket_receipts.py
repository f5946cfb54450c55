"""followup:changed reaches the asker's own phone marked mine: true (its author room); every other phone
in the room gets the same follow-up without it, and no receipt key travels with either."""
from helpers import api
from receipt_helpers import answer_in_writing


def test_the_askers_phone_hears_its_written_answer_as_mine(app, event, room, join, connect):
    response = api(room.phone, "POST", f"/api/events/{event}/questions",
                   {"text": "Will the park have lights?", "anonymous": True})
    question = response.get_json()["question"]["id"]
    key = room.phone.get(f"/api/events/{event}/mine").get_json()["receipt"]["link"].rsplit("/", 1)[1]
    neighbour, _ = join(event, "Noa")
    other = connect(neighbour, event)
    room.phone_socket.clear()
    other.clear()

    answer_in_writing(app, question, "The lights go up in March.")

    mine = room.phone_socket.messages("followup:changed")
    assert [m.get("mine") for m in mine].count(True) == 2  # referred, then answered in writing
    last = [m for m in mine if m.get("mine")][-1]["followup"]
    assert last["question_id"] == question and last["state"] == "answered_in_writing"
    assert last["answer_text"] == "The lights go up in March." and last["author"] is None
    theirs = other.messages("followup:changed")
    assert len(theirs) == 2 and all("mine" not in m for m in theirs)
    assert theirs[-1]["followup"]["state"] == "answered_in_writing"
    for message in [*mine, *theirs, *room.projector.messages("followup:changed")]:
        assert key not in str(message)
    assert all("mine" not in m for m in room.projector.messages("followup:changed"))


def test_the_verdict_is_pushed_too(app, event, room, join, connect):
    response = api(room.phone, "POST", f"/api/events/{event}/questions", {"text": "Will the park have lights?"})
    question = response.get_json()["question"]["id"]
    answer_in_writing(app, question)
    room.phone_socket.clear()
    room.moderators.clear()
    given = api(room.phone, "POST", f"/api/events/{event}/mine/questions/{question}/feedback", {"verdict": "yes"})
    assert given.status_code == 200, given.get_data(as_text=True)
    assert [m.get("mine") for m in room.phone_socket.messages("followup:changed")].count(True) == 1
    [seen] = room.moderators.messages("followup:changed")
    assert seen["followup"]["question_id"] == question and "mine" not in seen
