"""The agenda in real time: agenda:changed to every audience with seq + 1, the agenda:run
command with acks, checked against the role."""
import pytest
from helpers import api

from townhall.extensions import db
from townhall.models import Event, EventRole


def error_code(ack) -> str:
    assert ack["ok"] is False and set(ack) == {"ok", "error"}, ack
    assert ack["error"]["message"]
    return ack["error"]["code"]


def add_items(client, code, *titles) -> list[int]:
    ids = []
    for title in titles:
        response = api(client, "POST", f"/api/events/{code}/agenda/items", {"title": title})
        assert response.status_code == 201
        ids.append(response.get_json()["item_id"])
    return ids


def sequenced(socket) -> list[tuple[str, int]]:
    """(name, seq) of every sequence-advancing message the socket received, in order."""
    names = ("agenda:changed", "questions:changed", "event:updated", "seq:advanced")
    return [(m["name"], m["args"][0]["seq"]) for m in socket.poll() if m["name"] in names]


@pytest.fixture
def audiences(app, event, join, connect, moderator):
    """An attendee's phone, a projector and the moderator's dashboard, all connected to ``event``."""
    return {
        "attendee": connect(join(event)[0], event),
        "projector": connect(app.test_client(), event, "projector"),
        "moderator": connect(moderator, event, "moderator"),
    }


def test_every_agenda_change_reaches_every_audience_with_seq_plus_one(app, moderator, event, audiences):
    start = moderator.get(f"/api/events/{event}/snapshot").get_json()["seq"]
    first, second = add_items(moderator, event, "Welcome", "Budget")
    api(moderator, "PATCH", f"/api/events/{event}/agenda/items/{second}", {"planned_minutes": 20})
    api(moderator, "PUT", f"/api/events/{event}/agenda/order", {"item_ids": [second, first]})
    api(moderator, "POST", f"/api/events/{event}/agenda/run/start")
    api(moderator, "POST", f"/api/events/{event}/agenda/run/next")
    api(moderator, "POST", f"/api/events/{event}/agenda/run/start", None)  # refused: no message
    expected = [("agenda:changed", start + n) for n in range(1, 7)]
    for name, socket in audiences.items():
        log = [m for m in socket.poll() if m["name"] == "agenda:changed"]
        assert sequenced(socket) == expected, name
        last = log[-1]["args"][0]
        assert set(last) == {"seq", "server_now", "agenda"}
        assert last["agenda"]["current_item_id"] == first and last["agenda"]["items"][0]["status"] == "done"
        assert [i["title"] for i in last["agenda"]["items"]] == ["Budget", "Welcome"]
    public = audiences["attendee"].messages("agenda:changed")
    assert public == audiences["moderator"].messages("agenda:changed")  # one agenda for everyone
    snapshot = moderator.get(f"/api/events/{event}/snapshot").get_json()
    assert snapshot["seq"] == start + 6
    assert snapshot["agenda"]["items"] == public[-1]["agenda"]["items"]


def test_agenda_run_command_acks_with_the_new_agenda(app, moderator, event, audiences):
    (item,) = add_items(moderator, event, "Welcome")
    dashboard = audiences["moderator"]
    for socket in audiences.values():
        socket.clear()
    ack = dashboard.emit("agenda:run", {"action": "start"})
    assert ack["ok"] is True and ack["data"]["agenda"]["current_item_id"] == item
    assert audiences["attendee"].messages("agenda:changed") == [ack["data"]]  # {seq, server_now, agenda}
    assert dashboard.emit("agenda:run", {"action": "pause"})["data"]["agenda"]["items"][0]["status"] == "paused"
    assert error_code(dashboard.emit("agenda:run", {"action": "pause"})) == "already_paused"
    assert error_code(dashboard.emit("agenda:run", {"action": "start"})) == "meeting_started"
    assert error_code(dashboard.emit("agenda:run", {"action": "start_item", "item_id": 999})) == \
        "agenda_item_not_found"
    assert error_code(dashboard.emit("agenda:run", {"action": ["next"]})) == "unknown_action"
    assert error_code(dashboard.emit("agenda:run", {})) == "unknown_action"
    assert error_code(dashboard.emit("agenda:run", "next")) == "invalid_input"
    assert dashboard.emit("agenda:run", {"action": "start_item", "item_id": item})["ok"] is False
    assert dashboard.emit("agenda:run", {"action": "end"})["data"]["agenda"]["meeting"]["state"] == "ended"
    assert len(audiences["attendee"].messages("agenda:changed")) == 3  # start, pause, end


def test_agenda_run_is_refused_for_attendees_projectors_and_presenters(app, moderator, event, audiences,
                                                                       make_organizer, login_client, connect):
    add_items(moderator, event, "Welcome")
    presenter_id = make_organizer(email="pres@example.com")
    with app.app_context():
        event_id = db.session.query(Event.id).filter_by(code=event).scalar()
        db.session.add(EventRole(event_id=event_id, user_id=presenter_id, role="presenter"))
        db.session.commit()
    presenter = connect(login_client("pres@example.com"), event, "moderator")
    assert presenter.connected
    for socket in (audiences["attendee"], audiences["projector"], presenter):
        assert error_code(socket.emit("agenda:run", {"action": "start"})) == "forbidden"
    state = moderator.get(f"/api/events/{event}/agenda").get_json()["agenda"]["meeting"]["state"]
    assert state == "not_started"
    assert len(audiences["attendee"].messages("agenda:changed")) == 1  # the item added; nothing refused went out


def test_moving_a_question_is_broadcast_like_other_moderation(app, moderator, event, audiences, make_question):
    _first, second = add_items(moderator, event, "Welcome", "Budget")
    api(moderator, "POST", f"/api/events/{event}/agenda/run/start")
    qid = make_question(event, "What about the ferry?")
    for socket in audiences.values():
        socket.clear()
    api(moderator, "PATCH", f"/api/events/{event}/questions/{qid}", {"agenda_item_id": second})
    for name, socket in audiences.items():
        changed = socket.messages("questions:changed")
        assert len(changed) == 1, name
        assert [(q["id"], q["agenda_item_id"]) for q in changed[0]["questions"]] == [(qid, second)]


def test_asking_over_the_socket_files_under_the_current_item_a_chosen_one_or_none(moderator, event, audiences):
    first, second = add_items(moderator, event, "Welcome", "Budget")
    api(moderator, "POST", f"/api/events/{event}/agenda/run/start")
    phone = audiences["attendee"]
    asked = [phone.emit("question:ask", {"text": f"Question {n}", **extra})
             for n, extra in enumerate([{}, {"agenda_item_id": second}, {"agenda_item_id": None}])]
    assert [ack["data"]["agenda_item_id"] for ack in asked] == [first, second, None]


def test_deleting_an_item_moves_its_questions_then_changes_the_agenda(app, moderator, event, audiences,
                                                                      make_question):
    first, second = add_items(moderator, event, "Welcome", "Budget")
    api(moderator, "POST", f"/api/events/{event}/agenda/run/start_item", {"item_id": second})
    qid = make_question(event, "Budget question")
    api(moderator, "POST", f"/api/events/{event}/agenda/run/back")
    attendee = audiences["attendee"]
    attendee.clear()
    before = moderator.get(f"/api/events/{event}/snapshot").get_json()["seq"]
    assert api(moderator, "DELETE", f"/api/events/{event}/agenda/items/{second}").status_code == 200
    assert sequenced(attendee) == [("questions:changed", before + 1), ("agenda:changed", before + 2)]
    moved = attendee.messages("questions:changed")[0]["questions"]
    assert [(q["id"], q["agenda_item_id"]) for q in moved] == [(qid, None)]
    assert [i["id"] for i in attendee.messages("agenda:changed")[0]["agenda"]["items"]] == [first]


def test_agenda_changes_stay_in_their_event(app, organizer, moderator, make_event, join, connect):
    a, b = make_event(organizer.id, title="A"), make_event(organizer.id, title="B")
    listener_a = connect(join(a)[0], a)
    listener_b = connect(join(b)[0], b)
    add_items(moderator, b, "Only in B")
    assert len(listener_b.messages("agenda:changed")) == 1
    assert listener_a.poll() == []
