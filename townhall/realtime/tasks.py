"""Background work (tally flushes, poll deadlines, presence peaks, a restart's wait): started here,
so that a failure is logged with its traceback instead of ending silently with its greenlet."""
import logging

from ..extensions import socketio

log = logging.getLogger(__name__)


def start(what: str, fn, *args):
    """Run fn(*args) in the background (a greenlet under gevent, a thread in tests)."""

    def run():
        try:
            fn(*args)
        except Exception:
            log.exception("background task failed: %s", what)

    return socketio.start_background_task(run)
