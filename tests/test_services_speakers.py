"""The list of speakers at the service level: queue rules, fairness, anonymity, the timer, roles."""
import json

import pytest
from helpers import Clock, event_rows
from helpers import stored_seq as seq

from townhall.errors import Conflict, EventClosed, Forbidden, InvalidInput, NotAuthenticated, NotFound
from townhall.extensions import db
from townhall.models import AgendaItem, Event, EventRole, SpeakerRequest
from townhall.services import events, snapshots, speakers


@pytest.fixture
def clock(monkeypatch):
    """Frozen server time for the list of speakers and for snapshots (whose timers are as of their server_now)."""
    clock = Clock()
    monkeypatch.setattr(speakers, "utcnow", clock)
    monkeypatch.setattr(snapshots, "utcnow", clock)
    return clock


@pytest.fixture
def ask(call, event):
    """ask(phone, topic=None, code=event) -> the phone's entry."""

    def run(phone, topic=None, code=None):
        return call(speakers.request_floor, code=code or event, attendee_id=phone[0], token=phone[1], topic=topic)

    return run


@pytest.fixture
def chair(call, event, organizer):
    """chair(action, request_id=None, user_id=owner) -> the moderators' view."""

    def run(action, request_id=None, *, user_id=None, code=None):
        return call(speakers.moderate, code=code or event, user_id=user_id or organizer.id, action=action,
                    request_id=request_id)

    return run


def room(app, code, phone=(None, None)) -> dict:
    with app.app_context():
        return snapshots.public_snapshot(code=code, attendee_id=phone[0], token=phone[1])["speakers"]


def moderators_view(app, code, user_id) -> dict:
    with app.app_context():
        return snapshots.moderator_snapshot(code=code, user_id=user_id)["speakers"]


def rows(app, code) -> list[dict]:
    return event_rows(app, code, SpeakerRequest, SpeakerRequest.id)


def names(entries) -> list[str]:
    return [e["name"] for e in entries]


def add_role(app, code, user_id, role):
    with app.app_context():
        event_id = db.session.query(Event.id).filter_by(code=code).scalar()
        db.session.add(EventRole(event_id=event_id, user_id=user_id, role=role))
        db.session.commit()


# --- asking for the floor and withdrawing ----------------------------------------

def test_request_puts_the_phone_in_the_queue_under_its_name(app, event, make_attendee, ask, clock):
    ana = make_attendee(event, name="Ana Lima")
    entry = ask(ana, "  Bus   lanes\u200b on Main Street ")
    assert entry["status"] == "waiting" and entry["position"] == 1
    assert entry["name"] == "Ana Lima" and entry["number"] == 1 and entry["times_spoken"] == 0
    assert entry["topic"] == "Bus lanes on Main Street"
    assert entry["requested_at"] == "2026-05-04T19:00:00Z"
    (row,) = rows(app, event)
    assert row["attendee_id"] == ana[0] and row["person_key"] == f"attendee:{ana[0]}" and row["status"] == "waiting"
    view = room(app, event)
    assert view["next"]["id"] == entry["id"] and names(view["queue"]) == ["Ana Lima"] and view["current"] is None


def test_a_phone_without_a_name_is_speaker_n(app, event, make_attendee, ask):
    ask(make_attendee(event, name="Ana Lima"))
    entry = ask(make_attendee(event))
    assert entry["name"] == "Speaker 2" and entry["number"] == 2
    assert names(room(app, event)["queue"]) == ["Ana Lima", "Speaker 2"]


def test_asking_twice_while_waiting_is_refused(app, event, make_attendee, ask):
    phone = make_attendee(event)
    ask(phone, "First")
    with pytest.raises(Conflict) as error:
        ask(phone, "Second")
    assert error.value.code == "already_waiting"
    assert [r["topic"] for r in rows(app, event)] == ["First"]


@pytest.mark.parametrize("topic, code", [("x" * 201, "too_long"), (["x"], "invalid_input"), (5, "invalid_input")])
def test_topic_is_checked(app, event, make_attendee, ask, topic, code):
    with pytest.raises(InvalidInput) as error:
        ask(make_attendee(event), topic)
    assert error.value.code == code and error.value.field == "topic"
    assert rows(app, event) == []


def test_a_topic_is_optional(event, make_attendee, ask):
    assert ask(make_attendee(event))["topic"] == ""
    assert ask(make_attendee(event), "x" * 200)["topic"] == "x" * 200


def test_only_joined_phones_can_ask(app, event, make_attendee, ask):
    _attendee_id, token = make_attendee(event)
    for phone in [(None, None), (_attendee_id, "forged-token"), (999, token)]:
        with pytest.raises(NotAuthenticated):
            ask(phone)
    assert rows(app, event) == []


def test_withdraw_takes_the_own_request_back_and_allows_a_new_one(app, event, make_attendee, ask, call):
    phone = make_attendee(event)
    first = ask(phone)
    withdrawn = call(speakers.withdraw, code=event, attendee_id=phone[0], token=phone[1])
    assert withdrawn["id"] == first["id"] and withdrawn["status"] == "withdrawn"
    assert room(app, event)["queue"] == []
    with pytest.raises(Conflict) as error:
        call(speakers.withdraw, code=event, attendee_id=phone[0], token=phone[1])
    assert error.value.code == "not_waiting"
    again = ask(phone)
    assert again["id"] != first["id"] and again["number"] == first["number"]
    assert [r["status"] for r in rows(app, event)] == ["withdrawn", "waiting"]


def test_nobody_can_withdraw_someone_elses_request(app, event, make_attendee, ask, call):
    ana, ben = make_attendee(event), make_attendee(event)
    ask(ana)
    with pytest.raises(Conflict) as error:
        call(speakers.withdraw, code=event, attendee_id=ben[0], token=ben[1])
    assert error.value.code == "not_waiting"
    with pytest.raises(NotAuthenticated):  # Ana's id without Ana's token
        call(speakers.withdraw, code=event, attendee_id=ana[0], token=ben[1])
    assert [r["status"] for r in rows(app, event)] == ["waiting"]


def test_a_closed_event_takes_no_requests_but_lets_people_withdraw(app, event, organizer, make_attendee, ask,
                                                                   call):
    waiting, late = make_attendee(event), make_attendee(event)
    ask(waiting)
    call(events.update_event, code=event, user_id=organizer.id, is_open=False)
    with pytest.raises(EventClosed):
        ask(late)
    assert call(speakers.withdraw, code=event, attendee_id=waiting[0], token=waiting[1])["status"] == "withdrawn"
    assert [r["status"] for r in rows(app, event)] == ["withdrawn"]


def test_a_request_belongs_to_the_current_agenda_item(app, event, make_attendee, ask):
    with app.app_context():
        stored = db.session.query(Event).filter_by(code=event).one()
        item = AgendaItem(event_id=stored.id, position=1, title="Budget")
        db.session.add(item)
        db.session.flush()
        stored.current_item_id, item_id = item.id, item.id
        db.session.commit()
    assert ask(make_attendee(event))["agenda_item_id"] == item_id
    with app.app_context():  # an item deleted under the run of show does not break asking
        db.session.query(Event).filter_by(code=event).one().current_item_id = item_id + 100
        db.session.commit()
    assert ask(make_attendee(event))["agenda_item_id"] is None


# --- the chair: calling, the order, removing -------------------------------------------

def test_next_calls_in_request_order_and_the_previous_speaker_is_done(app, event, make_attendee, ask, chair,
                                                                      clock):
    phones = [make_attendee(event, name=n) for n in ("Ana", "Ben", "Cy")]
    for phone in phones:
        ask(phone)
        clock.tick(1)
    view = chair("next")
    assert view["current"]["name"] == "Ana" and view["current"]["status"] == "speaking"
    assert names(view["queue"]) == ["Ben", "Cy"] and [e["position"] for e in view["queue"]] == [1, 2]
    assert view["next"]["name"] == "Ben"
    view = chair("next")
    assert view["current"]["name"] == "Ben" and names(view["queue"]) == ["Cy"]
    assert names(view["recent"]) == ["Ana"] and view["recent"][0]["status"] == "done"
    assert [r["status"] for r in rows(app, event)] == ["done", "speaking", "waiting"]


def test_next_on_an_empty_queue_changes_nothing(app, event, make_attendee, ask, chair):
    ask(make_attendee(event, name="Ana"))
    chair("next")
    before = seq(app, event)
    with pytest.raises(Conflict) as error:
        chair("next")
    assert error.value.code == "queue_empty"
    assert room(app, event)["current"]["name"] == "Ana" and seq(app, event) == before


def test_call_a_specific_request_out_of_order(app, event, make_attendee, ask, chair):
    ask(make_attendee(event, name="Ana"))
    ben = ask(make_attendee(event, name="Ben"))
    view = chair("call", ben["id"])
    assert view["current"]["name"] == "Ben" and names(view["queue"]) == ["Ana"]
    with pytest.raises(Conflict) as error:  # Ben is speaking, not waiting
        chair("call", ben["id"])
    assert error.value.code == "not_waiting"


def test_times_spoken_counts_finished_turns_of_the_same_person(app, event, make_attendee, ask, chair):
    ana, ben = make_attendee(event, name="Ana"), make_attendee(event, name="Ben")
    ask(ana)
    view = chair("next")
    assert view["current"]["times_spoken"] == 0  # speaking now does not count yet
    ask(ana)  # asks again while at the microphone
    assert room(app, event)["queue"][0]["times_spoken"] == 0
    chair("finish")
    ask(ben)
    queue = room(app, event)["queue"]
    assert [(e["name"], e["times_spoken"]) for e in queue] == [("Ana", 1), ("Ben", 0)]


def test_first_time_speakers_go_first_when_the_event_says_so(app, organizer, make_event, make_attendee, call,
                                                             clock):
    code = make_event(organizer.id, first_time_speakers_first=True)
    ana, ben, cy = (make_attendee(code, name=n) for n in ("Ana", "Ben", "Cy"))

    def ask(phone):
        clock.tick(1)
        call(speakers.request_floor, code=code, attendee_id=phone[0], token=phone[1])

    ask(ana)
    call(speakers.moderate, code=code, user_id=organizer.id, action="next")
    call(speakers.moderate, code=code, user_id=organizer.id, action="finish")
    ask(ana)  # asked before Ben and Cy, but has spoken already
    ask(ben)
    ask(cy)
    queue = room(app, code)["queue"]
    assert [(e["name"], e["times_spoken"], e["position"]) for e in queue] == [
        ("Ben", 0, 1), ("Cy", 0, 2), ("Ana", 1, 3)]
    assert moderators_view(app, code, organizer.id)["queue"][0]["name"] == "Ben"
    view = call(speakers.moderate, code=code, user_id=organizer.id, action="next")
    assert view["current"]["name"] == "Ben"  # next follows the order everyone sees
    call(events.update_event, code=code, user_id=organizer.id, first_time_speakers_first=False)
    assert names(room(app, code)["queue"]) == ["Ana", "Cy"]


def test_remove_takes_a_waiting_request_or_the_current_speaker_off(app, event, make_attendee, ask, chair):
    ana = ask(make_attendee(event, name="Ana"))
    ben = ask(make_attendee(event, name="Ben"))
    view = chair("remove", ben["id"])
    assert names(view["queue"]) == ["Ana"]
    chair("next")
    view = chair("remove", ana["id"])
    assert view["current"] is None and view["recent"] == []  # removed is not "spoken"
    for request_id in (ana["id"], ben["id"]):
        with pytest.raises(Conflict) as error:
            chair("remove", request_id)
        assert error.value.code == "invalid_transition"
    assert [r["status"] for r in rows(app, event)] == ["removed", "removed"]


def test_chair_input_is_checked(app, organizer, event, make_event, make_attendee, ask, chair):
    entry = ask(make_attendee(event))
    elsewhere = make_event(organizer.id)
    foreign = ask(make_attendee(elsewhere), code=elsewhere)  # a request in another event
    cases = [
        (("jump", None), InvalidInput, "unknown_action"),
        ((["next"], None), InvalidInput, "unknown_action"),
        (("call", None), InvalidInput, "invalid_input"),
        (("call", "1"), InvalidInput, "invalid_input"),
        (("call", True), InvalidInput, "invalid_input"),
        (("next", entry["id"]), InvalidInput, "invalid_input"),
        (("call", 999), NotFound, "speaker_request_not_found"),
        (("call", foreign["id"]), NotFound, "speaker_request_not_found"),
        (("start", None), Conflict, "no_current_speaker"),
        (("stop", None), Conflict, "no_current_speaker"),
        (("finish", None), Conflict, "no_current_speaker"),
    ]
    before = seq(app, event)
    for (action, request_id), kind, code in cases:
        with pytest.raises(kind) as error:
            chair(action, request_id)
        assert error.value.code == code, (action, request_id)
    assert seq(app, event) == before
    assert [r["status"] for r in rows(app, event)] == ["waiting"]


# --- by hand, numbers, anonymity -------------------------------------------------------

def test_moderator_adds_a_speaker_without_a_phone(app, organizer, event, call):
    entry = call(speakers.add, code=event, user_id=organizer.id, name="  Mrs  Okafor ", topic="Parking")
    assert entry["name"] == "Mrs Okafor" and entry["topic"] == "Parking" and entry["manual"] is True
    assert entry["position"] == 1 and entry["number"] == 1
    (row,) = rows(app, event)
    assert row["attendee_id"] is None and row["person_key"] == "name:mrs okafor"
    with pytest.raises(Conflict) as error:
        call(speakers.add, code=event, user_id=organizer.id, name="MRS OKAFOR")
    assert error.value.code == "already_waiting"
    for name, code in ((None, "empty"), ("   ", "empty"), ("x" * 61, "too_long")):
        with pytest.raises(InvalidInput) as error:
            call(speakers.add, code=event, user_id=organizer.id, name=name)
        assert error.value.code == code and error.value.field == "name"
    assert len(rows(app, event)) == 1


def test_a_person_added_by_hand_is_recognised_by_name(app, organizer, event, call, chair):
    call(speakers.add, code=event, user_id=organizer.id, name="Mrs Okafor")
    chair("next")
    chair("finish")
    again = call(speakers.add, code=event, user_id=organizer.id, name="mrs okafor")
    assert again["number"] == 1 and again["times_spoken"] == 1 and again["name"] == "mrs okafor"


def test_speaker_numbers_are_per_event_and_stable_per_person(app, organizer, event, make_event, make_attendee,
                                                            ask, call, chair):
    ana, ben = make_attendee(event), make_attendee(event)
    assert ask(ana)["number"] == 1
    assert call(speakers.add, code=event, user_id=organizer.id, name="Mrs Okafor")["number"] == 2
    assert ask(ben)["number"] == 3
    chair("next")
    chair("next")
    assert ask(ana)["number"] == 1  # Ana's second request: still Speaker 1
    other = make_event(organizer.id)
    assert ask(make_attendee(other), code=other)["number"] == 1


def test_anonymous_speakers_are_numbers_to_the_room_and_names_to_moderators(app, organizer, make_event,
                                                                            make_attendee, call):
    code = make_event(organizer.id, anonymous_speakers=True)
    ana, ben = make_attendee(code, name="Ana Lima"), make_attendee(code, name="Ben Ode")
    own = call(speakers.request_floor, code=code, attendee_id=ana[0], token=ana[1], topic="Trees")
    assert own["name"] == "Speaker 1"  # the phone learns how the room will call it
    call(speakers.request_floor, code=code, attendee_id=ben[0], token=ben[1])
    call(speakers.moderate, code=code, user_id=organizer.id, action="next")
    view = room(app, code, ana)
    assert view["current"]["name"] == "Speaker 1" and names(view["queue"]) == ["Speaker 2"]
    assert view["current"]["topic"] == "Trees"
    dumped = json.dumps(view)
    for secret in ("Ana Lima", "Ben Ode", "attendee_id", "attendee:", "person_key"):
        assert secret not in dumped
    mods = moderators_view(app, code, organizer.id)
    assert mods["current"]["name"] == "Ana Lima" and mods["current"]["room_name"] == "Speaker 1"
    assert names(mods["queue"]) == ["Ben Ode"]


def test_the_room_never_sees_attendee_ids_even_with_names(app, event, make_attendee, ask, chair):
    phones = [make_attendee(event, name="Ana") for _ in range(3)]
    for phone in phones:
        ask(phone)
    chair("next")
    view = room(app, event)
    assert names([view["current"], *view["queue"]]) == ["Ana"] * 3
    for entry in [view["current"], *view["queue"]]:
        assert "attendee_id" not in entry and "person_key" not in entry and "manual" not in entry
    assert "recent" not in view


# --- the phone's own view -----------------------------------------------------------------

def test_snapshot_tells_each_phone_its_own_request_and_position(app, event, make_attendee, ask, chair):
    ana, ben, reader = make_attendee(event), make_attendee(event), make_attendee(event)
    first = ask(ana)
    second = ask(ben)
    assert room(app, event, ben)["mine"] == {"waiting": {"id": second["id"], "position": 2}, "speaking": None}
    assert room(app, event, reader)["mine"] == {"waiting": None, "speaking": None}
    assert "mine" not in room(app, event)  # not joined: nothing of its own
    chair("next")
    assert room(app, event, ana)["mine"] == {"waiting": None, "speaking": {"id": first["id"]}}
    assert room(app, event, ben)["mine"]["waiting"] == {"id": second["id"], "position": 1}
    third = ask(ana)  # at the microphone and in the queue again
    assert room(app, event, ana)["mine"] == {"waiting": {"id": third["id"], "position": 2},
                                            "speaking": {"id": first["id"]}}


# --- the speaking timer ------------------------------------------------------------------------

def test_speaking_timer_accumulates_over_pauses(app, organizer, make_event, make_attendee, call, clock):
    code = make_event(organizer.id, speaker_time_limit=60)

    def chair(action):
        return call(speakers.moderate, code=code, user_id=organizer.id, action=action)

    phone = make_attendee(code, name="Ana")
    call(speakers.request_floor, code=code, attendee_id=phone[0], token=phone[1])
    view = chair("next")
    timer = view["current"]["timer"]
    assert timer == {"elapsed_seconds": 0, "elapsed_base_seconds": 0, "running": False, "running_since": None,
                     "limit_seconds": 60, "remaining_seconds": 60, "overrun": False}  # walking to the microphone
    clock.tick(15)
    assert room(app, code)["current"]["timer"]["elapsed_seconds"] == 0
    chair("start")
    clock.tick(20)
    view = room(app, code)
    assert view["current"]["timer"]["elapsed_seconds"] == 20 and view["current"]["timer"]["running"] is True
    assert view["current"]["timer"]["running_since"] == "2026-05-04T19:00:15Z"
    assert view["limit_seconds"] == 60
    with app.app_context():
        assert speakers.public_state(code=code)["server_now"] == "2026-05-04T19:00:35Z"
    chair("stop")
    clock.tick(100)  # paused: the clock stands still
    assert room(app, code)["current"]["timer"] == {
        "elapsed_seconds": 20, "elapsed_base_seconds": 20, "running": False, "running_since": None,
        "limit_seconds": 60, "remaining_seconds": 40, "overrun": False}
    chair("start")
    clock.tick(45)
    timer = room(app, code)["current"]["timer"]
    assert timer["elapsed_seconds"] == 65 and timer["remaining_seconds"] == -5 and timer["overrun"] is True
    assert timer["elapsed_base_seconds"] == 20
    clock.tick(5)
    view = chair("finish")
    assert view["current"] is None
    assert view["recent"][0]["spoken_seconds"] == 70 and view["recent"][0]["finished_at"] == "2026-05-04T19:03:05Z"
    (row,) = rows(app, code)
    assert row["elapsed_seconds"] == 70 and row["running_since"] is None and row["status"] == "done"


def test_timer_commands_refuse_what_makes_no_sense(app, event, make_attendee, ask, chair, clock):
    ask(make_attendee(event))
    chair("next")
    with pytest.raises(Conflict) as error:
        chair("stop")
    assert error.value.code == "timer_stopped"
    chair("start")
    with pytest.raises(Conflict) as error:
        chair("start")
    assert error.value.code == "timer_running"


def test_calling_the_next_speaker_stops_the_running_timer_of_the_current(app, event, make_attendee, ask, chair,
                                                                         clock):
    ask(make_attendee(event, name="Ana"))
    ask(make_attendee(event, name="Ben"))
    chair("next")
    chair("start")
    clock.tick(30)
    view = chair("next")
    assert view["recent"][0]["name"] == "Ana" and view["recent"][0]["spoken_seconds"] == 30
    assert view["current"]["name"] == "Ben" and view["current"]["timer"]["running"] is False
    assert view["current"]["timer"]["elapsed_seconds"] == 0


# --- who may do what ------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["presenter", "note_taker"])
def test_presenters_and_note_takers_cannot_run_the_list(app, event, make_organizer, make_attendee, ask, chair,
                                                       call, role):
    entry = ask(make_attendee(event))
    helper = make_organizer()
    add_role(app, event, helper, role)
    for action, request_id in (("next", None), ("call", entry["id"]), ("remove", entry["id"])):
        with pytest.raises(Forbidden):
            chair(action, request_id, user_id=helper)
    with pytest.raises(Forbidden):
        call(speakers.add, code=event, user_id=helper, name="Walk-in")
    assert [r["status"] for r in rows(app, event)] == ["waiting"]
    # they may read the organizers' view (presenters run the projector, note-takers take minutes)
    assert moderators_view(app, event, helper)["queue"][0]["id"] == entry["id"]


def test_attendees_and_strangers_cannot_run_the_list(app, event, make_organizer, make_attendee, ask, chair, call):
    entry = ask(make_attendee(event))
    stranger = make_organizer()
    for user_id in (None, stranger):
        with pytest.raises(Forbidden):
            call(speakers.moderate, code=event, user_id=user_id, action="call", request_id=entry["id"])
        with pytest.raises(Forbidden):
            call(speakers.add, code=event, user_id=user_id, name="Walk-in")
    with pytest.raises(Forbidden):
        moderators_view(app, event, stranger)
    assert [r["status"] for r in rows(app, event)] == ["waiting"]


def test_a_co_moderator_runs_the_list(app, event, make_organizer, make_attendee, ask, chair):
    ask(make_attendee(event, name="Ana"))
    co = make_organizer()
    add_role(app, event, co, "moderator")
    assert chair("next", user_id=co)["current"]["name"] == "Ana"


# --- sequence numbers -----------------------------------------------------------------------------

def test_every_change_advances_seq_once_and_refusals_not_at_all(app, organizer, event, make_attendee, ask, call,
                                                               chair, clock):
    phone = make_attendee(event)
    steps = [
        lambda: ask(phone),
        lambda: call(speakers.add, code=event, user_id=organizer.id, name="Walk-in"),
        lambda: chair("next"),
        lambda: chair("start"),
        lambda: chair("stop"),
        lambda: chair("finish"),
        lambda: ask(phone),
        lambda: call(speakers.withdraw, code=event, attendee_id=phone[0], token=phone[1]),
    ]
    for step in steps:
        before = seq(app, event)
        step()
        assert seq(app, event) == before + 1
    before = seq(app, event)
    for refused in (lambda: chair("finish"), lambda: ask((phone[0], "forged"))):
        with pytest.raises((Conflict, NotAuthenticated)):
            refused()
    ask(phone)
    with pytest.raises(Conflict):
        ask(phone)
    assert seq(app, event) == before + 1
