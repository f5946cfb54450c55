"""The speakers' queue decisions on plain values, without a database: each move's changes and refusals."""
from datetime import datetime, timedelta

import pytest

from townhall.errors import Conflict, InvalidInput
from townhall.services import speaker_queue as sq
from townhall.services.speaker_queue import Floor, Request

T0 = datetime(2026, 5, 1, 18, 0, 0)
NOW = T0 + timedelta(minutes=2)


def waiting(id, minute=0, person=None):
    return Request(id=id, person_key=person or f"attendee:{id}", requested_at=T0 + timedelta(minutes=minute))


def speaking(id=1, since=None, elapsed=0):
    return Request(id=id, status="speaking", called_at=T0, running_since=since, elapsed_seconds=elapsed)


def move(action, **floor):
    changes = sq.decide(action, Floor(now=NOW, **floor))
    sq.apply(changes)
    return changes


def refused(action, error=Conflict, **floor):
    with pytest.raises(error) as caught:
        sq.decide(action, Floor(now=NOW, **floor))
    return caught.value.code


def test_the_table_names_which_moves_take_a_request():
    assert {name: m.names_request for name, m in sq.ACTIONS.items()} == {
        "next": False, "call": True, "start": False, "stop": False, "finish": False, "remove": True}


def test_next_gives_the_floor_to_the_first_in_the_queue_and_ends_the_current_speaker_first():
    current, first, second = speaking(since=T0), waiting(2), waiting(3, 1)
    changes = move("next", current=current, queue=[first, second])
    assert [target for target, _ in changes] == [current, first]  # the end is written first
    assert (current.status, current.finished_at, current.elapsed_seconds, current.running_since) == (
        "done", NOW, 120, None)
    assert (first.status, first.called_at, first.running_since, first.elapsed_seconds) == (
        "speaking", NOW, None, 0)  # the timer waits for start
    assert second.status == "waiting"


def test_next_with_nobody_waiting_is_refused():
    assert refused("next", current=speaking(), queue=[]) == "queue_empty"


def test_call_takes_a_waiting_request_out_of_turn():
    row = waiting(5)
    move("call", queue=[waiting(4), row], row=row)
    assert row.status == "speaking" and row.called_at == NOW


@pytest.mark.parametrize("status", ["speaking", "done", "withdrawn", "removed"])
def test_call_refuses_a_request_that_is_not_waiting(status):
    assert refused("call", row=Request(id=5, status=status)) == "not_waiting"


@pytest.mark.parametrize("status", ["waiting", "speaking"])
def test_remove_takes_an_open_request_off_the_list(status):
    row = Request(id=5, status=status, running_since=T0 if status == "speaking" else None)
    move("remove", row=row)
    assert (row.status, row.finished_at, row.running_since) == ("removed", NOW, None)


@pytest.mark.parametrize("status", ["done", "withdrawn", "removed"])
def test_remove_refuses_a_closed_request(status):
    assert refused("remove", row=Request(id=5, status=status)) == "invalid_transition"


def test_start_and_stop_the_speaking_timer():
    current = speaking(elapsed=15)
    move("start", current=current)
    assert current.running_since == NOW
    assert refused("start", current=current) == "timer_running"
    current.running_since = T0
    move("stop", current=current)
    assert (current.running_since, current.elapsed_seconds, current.status) == (None, 135, "speaking")
    assert refused("stop", current=current) == "timer_stopped"


def test_finish_ends_the_current_speaker_with_their_time():
    current = speaking(since=T0)
    move("finish", current=current)
    assert (current.status, current.finished_at, current.elapsed_seconds) == ("done", NOW, 120)


@pytest.mark.parametrize("action", ["start", "stop", "finish"])
def test_the_timer_moves_need_someone_on_the_floor(action):
    assert refused(action) == "no_current_speaker"


def test_unknown_moves_and_moves_missing_their_request_are_refused():
    assert refused("shout", error=InvalidInput) == "unknown_action"
    assert refused(None, error=InvalidInput) == "unknown_action"
    with pytest.raises(InvalidInput) as caught:
        sq.decide("call", Floor(now=NOW))
    assert caught.value.field == "request_id"


def test_withdraw_takes_back_a_waiting_request_and_refuses_without_one():
    row = waiting(7)
    sq.apply(sq.withdraw(row, NOW))
    assert (row.status, row.finished_at) == ("withdrawn", NOW)
    with pytest.raises(Conflict) as caught:
        sq.withdraw(None, NOW)
    assert caught.value.code == "not_waiting"


def test_the_queue_is_in_request_order_or_first_time_speakers_first():
    early, late, later = waiting(3, 0, "a"), waiting(1, 1, "b"), waiting(2, 1, "c")
    assert sq.ordered([later, early, late], {}, False) == [early, late, later]  # same time: by id
    assert sq.ordered([later, early, late], {"a": 1}, False) == [early, late, later]
    assert sq.ordered([later, early, late], {"a": 1}, True) == [late, later, early]


def test_apply_reports_each_written_change():
    written = []
    current, row = speaking(), waiting(2)
    sq.apply(sq.decide("call", Floor(current=current, row=row, now=NOW)), written=lambda: written.append(
        (current.status, row.status)))
    assert written == [("done", "waiting"), ("done", "speaking")]
