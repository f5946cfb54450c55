"""Votes written behind: queued here, written by one background task per app and process in small
batches (vote_batches.apply: one transaction each), and each answered once its batch has committed.

The task takes everything waiting, up to MAX_BATCH, one operation per (question, phone) pair: a later
operation on a pair waits for the next batch, so a phone's vote, unvote, vote apply in that order.
While votes come in together (the last batch held more than one), the task lets the oldest operation
wait up to VOTE_BATCH_SECONDS for company before a batch that is not full, so moderate traffic shares
transactions too; under load the previous batch took longer than that and nothing waits, and a lone
phone (or a script casting one vote after another) never waits.

The task never waits inside a transaction, and it ends once nothing has arrived for a moment (the next
vote starts a new one), so none outlives its app's work.
"""
import logging
import threading
import time
from collections import deque

from flask_babel import lazy_gettext as _l

from ..errors import DatabaseBusy, DomainError, Unavailable
from ..extensions import db, socketio
from . import vote_batches
from .app_ref import current_app_object
from .transaction import in_use_case

log = logging.getLogger(__name__)

MAX_BATCH = 500
# Seconds a caller waits for its batch before it is told to try again (twice at most, when its
# batch is being written). A socket's commands run in its reader, which meanwhile reads none of
# the phone's answers to Engine.IO's pings: both waits together stay under the 20 s after which
# Engine.IO would drop the phone, so it hears "try again" instead.
ANSWER_WITHIN = 8.0


def cast(op: vote_batches.VoteOp) -> dict:
    """op's result once it is stored; raises its refusal."""
    if in_use_case() or not _can_write_behind():
        outcome = vote_batches.apply([op])[0]  # part of the caller's transaction, or one of its own
    else:
        db.session.rollback()  # as a use case does: no read transaction of the caller stays open meanwhile
        outcome = writer().answer(op)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def _can_write_behind() -> bool:
    """False where a background task cannot run while this thread waits: a gevent-mode process whose
    threading is not monkey-patched (a flask CLI command such as `flask demo`)."""
    if getattr(socketio, "async_mode", None) != "gevent":
        return True
    from gevent import monkey

    return monkey.is_module_patched("threading")


def writer() -> "Writer":
    """This app's writer, made on first use."""
    app = current_app_object()
    writer = app.extensions.get("townhall_vote_writer")
    return writer or app.extensions.setdefault("townhall_vote_writer", Writer(app))


class _Pending:
    __slots__ = ("op", "since", "taken", "outcome", "done")

    def __init__(self, op: vote_batches.VoteOp):
        self.op = op
        self.since = time.monotonic()
        self.taken = False  # in a batch being written: no longer withdrawn on a timeout
        self.outcome = None
        self.done = threading.Event()

    def resolve(self, outcome) -> None:
        self.outcome = outcome
        self.done.set()


class Writer:
    """The queue and background task of one app (threading primitives: gevent patches them)."""

    def __init__(self, app):
        self.app = app
        self.window = app.config["VOTE_BATCH_SECONDS"]
        self.idle = max(2 * self.window, 0.01)  # the task ends after this long without work
        # The lock guards the queue and the flags, and nothing that may switch greenlets happens while it
        # is held: under gevent, Condition.notify() can switch with the lock held, and the phones then
        # queueing behind the lock were let through one per batch (measured: batches of 1, not 500).
        # So the task is woken by an Event, set after the lock is released.
        self._lock = threading.Lock()
        self._arrived = threading.Event()
        self._queue: deque[_Pending] = deque()
        self._running = False
        self._company = False  # the last batch held more than one operation

    def answer(self, op: vote_batches.VoteOp):
        """Queue op and wait for its outcome (a result or an exception)."""
        pending = self.submit(op)
        if pending.done.wait(ANSWER_WITHIN):
            return pending.outcome
        with self._lock:
            if not pending.taken:  # still queued: withdrawn, so it is certainly not stored
                self._queue.remove(pending)
                return Unavailable(_l("Too many votes at once: yours was not recorded. Try again."))
        if pending.done.wait(ANSWER_WITHIN):
            return pending.outcome
        return Unavailable(_l("Your vote is taking too long to record: the count will show whether it was."))

    def queued(self) -> int:
        """How many operations wait for a batch."""
        with self._lock:
            return len(self._queue)

    def submit(self, op: vote_batches.VoteOp) -> _Pending:
        pending = _Pending(op)
        with self._lock:
            self._queue.append(pending)
            wake = len(self._queue) in (1, MAX_BATCH)  # the task waits for a first operation or a full batch
            start, self._running = not self._running, True
        if wake:
            self._arrived.set()
        if start:
            try:
                socketio.start_background_task(self._run)
            except BaseException:
                with self._lock:
                    self._running = False
                    self._queue.remove(pending)
                raise
        return pending

    def _run(self) -> None:
        try:
            while (batch := self._take()) is not None:
                if batch:
                    self._write(batch)
        except BaseException:
            with self._lock:
                self._running = False  # the next submit starts a new task for what is queued
            raise

    def _take(self) -> list[_Pending] | None:
        """The next batch, after waiting as the module says; None when the task should end."""
        idle_until = time.monotonic() + self.idle
        while True:
            self._arrived.clear()  # before looking: a later arrival sets it again
            now = time.monotonic()
            with self._lock:
                if not self._queue:
                    if now >= idle_until:
                        self._running = False
                        return None
                    wait = idle_until - now
                else:
                    wait = self._queue[0].since + self.window - now if self._company else 0
                    if wait <= 0 or len(self._queue) >= MAX_BATCH:
                        return self._pick()
            self._arrived.wait(wait)

    def _pick(self) -> list[_Pending]:
        batch: list[_Pending] = []
        later: deque[_Pending] = deque()
        pairs: set[tuple] = set()
        while self._queue and len(batch) < MAX_BATCH:
            pending = self._queue.popleft()
            if pending.op.pair in pairs:
                later.append(pending)
            else:
                pairs.add(pending.op.pair)
                pending.taken = True
                batch.append(pending)
        later.extend(self._queue)
        self._queue = later
        self._company = len(batch) > 1
        return batch

    def _write(self, batch: list[_Pending]) -> None:
        outcomes = None
        try:
            with self.app.app_context():
                outcomes = self._apply([pending.op for pending in batch])
        finally:
            for i, pending in enumerate(batch):
                pending.resolve(outcomes[i] if outcomes else Unavailable(_l("Your vote could not be recorded.")))

    def _apply(self, ops: list) -> list:
        try:
            return vote_batches.apply(ops)
        except DatabaseBusy as exc:  # the write lock stayed taken: alone, each would wait as long again
            return [exc] * len(ops)
        except Exception as exc:  # noqa: BLE001 - rolled back; every operation is tried again alone
            if not isinstance(exc, vote_batches.QuestionLeft):
                log.exception("A batch of %d votes failed: writing them one at a time", len(ops))
            return [self._alone(op) for op in ops]

    def _alone(self, op) -> object:
        try:
            return vote_batches.apply([op])[0]
        except DomainError as exc:
            return exc
        except Exception as exc:  # noqa: BLE001 - the caller raises it, as it would have without batches
            log.exception("A vote failed")
            return exc
