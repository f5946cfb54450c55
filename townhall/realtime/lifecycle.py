"""The worker's stop under gunicorn (gunicorn.conf.py calls stop_soon on SIGTERM).

Thousands of open WebSockets never finish on their own, so gunicorn's graceful stop would wait out
its whole timeout, and closing each socket in turn runs each one's disconnect (measured: 6.8 s for
5,000 phones). Phones do not need a goodbye: a dropped connection is a transport close, and the
Socket.IO client reconnects (to the next process) with its backoff. So once gunicorn has closed
the listening socket and no request or socket command is still being handled (at most
GRACE_SECONDS), the worker writes what only it knows (the presence peak) and exits at once.
"""
import os
from contextlib import contextmanager

from flask import Flask, g

from ..extensions import socketio
from . import tasks

LISTENER_SECONDS = 1.2  # gunicorn closes the listening socket within a second of the signal
GRACE_SECONDS = 5.0
_busy = {"requests": 0}


def init_app(app: Flask) -> None:
    """Count HTTP requests being handled. Flask-SocketIO runs each socket event in a request context
    that tears down without having run before_request, so only what was counted is uncounted;
    socket commands are counted by their wrapper (handlers.command, through busy())."""

    @app.before_request
    def _started():
        _busy["requests"] += 1
        g.townhall_counted = True

    @app.teardown_request
    def _ended(_exc=None):
        if g.pop("townhall_counted", False):
            _busy["requests"] -= 1


@contextmanager
def busy():
    """Work the stop waits for (a socket command)."""
    _busy["requests"] += 1
    try:
        yield
    finally:
        _busy["requests"] -= 1


def in_progress() -> int:
    return _busy["requests"]


def stop_soon(app: Flask) -> None:
    tasks.start("stopping after the work in progress", _stop, app)


def _stop(app: Flask) -> None:
    socketio.sleep(LISTENER_SECONDS)
    waited = 0.0
    while in_progress() > 0 and waited < GRACE_SECONDS:
        socketio.sleep(0.05)
        waited += 0.05
    at_exit(app)
    os._exit(0)


def at_exit(app: Flask) -> None:
    """Write the presence peak that the timer has not written yet, and take this process's presence
    away (its phones in Redis, its organizer rows) rather than leave it to expire."""
    from ..services import presence

    with app.app_context():
        presence.write_peaks()
    presence.leave(app)
