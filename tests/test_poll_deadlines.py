"""When the close of a timed poll is recorded (townhall/realtime/deadlines.py): armed on launch and when a
process starts (after a restart, or beside other processes on the same database), never by reading a
snapshot; a deadline that passed while no process ran closes the poll at once; processes closing the same
poll close it once."""
from helpers import api
from polls_helpers import create, freeze, make_open, moderator_view, open_poll, poll_row, room_view, run, seq

from townhall.extensions import socketio
from townhall.realtime import deadlines
from townhall.services import polls


def start(app) -> None:
    """The process starts serving: its first request."""
    assert app.test_client().get("/healthz").status_code == 200


def join_all(background_tasks) -> None:
    for task in background_tasks:
        task.join(timeout=5)


def stopped(background_tasks) -> None:
    """The process that armed the closes is gone."""
    deadlines.cancel_all()
    join_all(background_tasks)


def test_launching_a_timed_poll_arms_its_close(app, organizer, event, monkeypatch):
    freeze(monkeypatch)
    untimed = make_open(app, event, organizer.id)
    timed = create(app, event, organizer.id, duration_seconds=90)
    assert deadlines.armed(app) == set()
    open_poll(app, event, organizer.id, timed)
    assert deadlines.armed(app) == {timed} and untimed not in deadlines.armed(app)


def test_a_restart_arms_the_close_of_an_open_timed_poll(app, app_factory, organizer, event, monkeypatch,
                                                        background_tasks):
    clock = freeze(monkeypatch)
    poll_id = make_open(app, event, organizer.id, duration_seconds=90)
    stopped(background_tasks)
    restarted = app_factory()  # same database
    assert deadlines.armed(restarted) == set()
    start(restarted)
    assert deadlines.armed(restarted) == {poll_id}
    assert poll_row(restarted, poll_id)["status"] == "open"
    monkeypatch.setattr(socketio, "sleep", clock.tick)  # sleeping advances the frozen clock
    join_all(background_tasks)
    row = poll_row(restarted, poll_id)
    assert row["status"] == "closed" and row["closed_at"] == row["closes_at"]


def test_a_deadline_that_passed_while_down_closes_the_poll_at_once_on_restart(app, app_factory, organizer, event,
                                                                           monkeypatch, background_tasks):
    clock = freeze(monkeypatch)
    poll_id = make_open(app, event, organizer.id, duration_seconds=60)
    stopped(background_tasks)
    clock.tick(600)  # down for ten minutes
    before = seq(app, event)
    restarted = app_factory()
    start(restarted)
    join_all(background_tasks)  # socketio.sleep is real here: nothing waits
    row = poll_row(restarted, poll_id)
    assert row["status"] == "closed" and row["closed_at"] == row["closes_at"]  # at its deadline, not now
    assert seq(restarted, event) == before + 1  # the room was told


def test_reading_snapshots_arms_nothing(app, app_factory, organizer, event, moderator, monkeypatch):
    freeze(monkeypatch)
    start(app)  # this process started before the poll was launched
    other = app_factory()  # a second process on the same database launches it
    poll_id = make_open(other, event, organizer.id, duration_seconds=90)
    assert deadlines.armed(other) == {poll_id}
    room_view(app, event, poll_id)
    moderator_view(app, event, organizer.id, poll_id)
    assert api(moderator, "GET", f"/api/events/{event}/snapshot?view=moderator").status_code == 200
    assert app.test_client().get(f"/api/events/{event}/snapshot").status_code == 200
    assert deadlines.armed(app) == set()


def test_processes_closing_the_same_poll_close_it_once(app, app_factory, organizer, event, monkeypatch,
                                                      background_tasks):
    clock = freeze(monkeypatch)
    poll_id = make_open(app, event, organizer.id, duration_seconds=60)
    stopped(background_tasks)
    clock.tick(61)
    before = seq(app, event)
    first, second = app_factory(), app_factory()
    start(first)
    start(second)
    assert deadlines.armed(first) == deadlines.armed(second) == {poll_id}
    join_all(background_tasks)
    row = poll_row(first, poll_id)
    assert row["status"] == "closed" and row["closed_at"] == row["closes_at"]
    assert seq(first, event) == before + 1  # closed and announced once
    assert run(second, polls.close_expired, poll_id=poll_id) is False
    assert seq(first, event) == before + 1
