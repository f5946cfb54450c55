"""hello {seq, tally_seq} for sockets that just connected, greeted together.

A greeting is read after the socket joined its room, so anything newer reaches it as a message,
and sent after the connect's acknowledgement (python-socketio sends that once the connect handler
returns). One task per connect, each with its own read of the event's version, cost a sixth of a
connect when a full hall (re)connects at once (profiled at 10,000 phones: the greenlet, the app
context, the query and the emit). Here the sockets that connect within GREET_SECONDS share one
task, one read per event and one encoded message, written to each of them.
"""
import logging
import threading

from ..extensions import socketio
from ..services import events

log = logging.getLogger(__name__)

GREET_SECONDS = 0.02


class Greeter:
    def __init__(self, app):
        self.app = app
        self._waiting: dict[int, list[str]] = {}  # event id -> sids to greet
        self._lock = threading.Lock()
        self._running = False

    def add(self, sid: str, event_id: int) -> None:
        with self._lock:
            self._waiting.setdefault(event_id, []).append(sid)
            if self._running:
                return
            self._running = True
        try:
            socketio.start_background_task(self._run)
        except BaseException:
            self._stopped()
            raise

    def _run(self) -> None:
        try:
            while True:
                socketio.sleep(GREET_SECONDS)
                with self._lock:
                    batch, self._waiting = self._waiting, {}
                    if not batch:
                        self._running = False
                        return
                self._greet(batch)
        except Exception:  # those phones fetch a snapshot after their wait; the next connect restarts it
            self._stopped()
            log.exception("greeting phones failed")
        except BaseException:  # killed
            self._stopped()
            raise

    def _stopped(self) -> None:
        with self._lock:
            self._running = False

    def _greet(self, batch: dict[int, list[str]]) -> None:
        with self.app.app_context():
            for event_id, sids in batch.items():
                try:
                    socketio.emit("hello", events.version(event_id), to=sids)
                except Exception:  # those phones fetch a snapshot after their wait; greet the next
                    log.exception("greeting %d sockets of event %d failed", len(sids), event_id)


def greeter(app) -> Greeter:
    """The app's greeter (one per app, made on first use)."""
    found = app.extensions.get("townhall_greeter")
    if found is None:
        found = app.extensions["townhall_greeter"] = Greeter(app)
    return found
