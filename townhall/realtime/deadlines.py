"""Poll deadlines: a background task per open poll with a deadline, per process, that records the close
when its time is up (the close itself is services/polls.close_expired; a ballot is refused at the
deadline by the condition alone, whether or not a task is waiting).

- Armed on launch: opening a poll with a time limit arms it after the commit (services/polls.open_poll).
- Armed at start-up: a process arms every open poll with a deadline, in every event, when it starts
  serving (its first request, once the database is surely there: not in CLI commands or migrations).
  After a restart, a poll whose deadline passed while no process ran closes at once.
- Reading a snapshot arms nothing.

Several processes on one database each arm the polls open when they start, so one poll may be armed
in several: the close is one conditional UPDATE (status still open, deadline passed), so the first
records it and tells the room, the others find it closed and do nothing. A poll launched in one
process is armed there (and in any process starting later); if that process stops before the
deadline, the next process to start records the close.
"""
import logging
import threading

from flask import Flask, current_app

from ..extensions import db, socketio
from . import tasks

log = logging.getLogger(__name__)
STEP_SECONDS = 1.0  # a waiting task wakes this often, so that disarming it ends it soon
_lock = threading.Lock()
_waiting: dict[tuple[int, int], threading.Event] = {}  # (id(app), poll_id) -> its cancel


def arm(poll_id: int, seconds_left, close) -> None:
    """Call close() in the app's context once seconds_left() reaches 0; nothing if already armed here."""
    app = current_app._get_current_object()
    key = (id(app), poll_id)
    with _lock:
        if key in _waiting:
            return
        cancel = _waiting[key] = threading.Event()
    tasks.start(f"closing poll {poll_id} on time", _wait_then_close, app, key, seconds_left, close, cancel)


def _wait_then_close(app: Flask, key, seconds_left, close, cancel: threading.Event) -> None:
    try:
        while not cancel.is_set():
            left = seconds_left()
            if left <= 0:
                with app.app_context():
                    try:
                        close()
                    finally:
                        db.session.remove()
                return
            socketio.sleep(min(STEP_SECONDS, left))
    finally:
        with _lock:
            if _waiting.get(key) is cancel:
                del _waiting[key]


def disarm(poll_id: int) -> None:
    with _lock:
        cancel = _waiting.pop((id(current_app._get_current_object()), poll_id), None)
    if cancel is not None:
        cancel.set()


def armed(app: Flask) -> set[int]:
    """The polls whose close this app's process is waiting to record."""
    with _lock:
        return {poll_id for app_id, poll_id in _waiting if app_id == id(app)}


def cancel_all() -> None:
    """Stop every waiting close (tests, shutdown); a process starting arms what is still open."""
    with _lock:
        cancels = list(_waiting.values())
        _waiting.clear()
    for cancel in cancels:
        cancel.set()


def init_app(app: Flask, arm_open_polls) -> None:
    """arm_open_polls() (in an app context of its own) when the app serves its first request. If it
    fails (the database is unreachable), the request goes on (/healthz reports the database) and the
    next request tries again; the first failure is logged with its traceback."""
    started = threading.Event()
    lock = threading.Lock()
    failed = threading.Event()

    @app.before_request
    def _arm_at_start():
        if started.is_set():
            return
        with lock:
            if started.is_set():
                return
            try:
                with app.app_context():
                    try:
                        arm_open_polls()
                    finally:
                        db.session.remove()
            except Exception:
                if not failed.is_set():
                    log.exception("arming the close of timed polls at start-up failed; trying again")
                failed.set()
                return
            started.set()
