"""Who is connected right now.

Phones are counted in this process's memory: a connect or disconnect costs a dictionary update,
never a query, so a join storm of thousands of phones does not recount the room in SQL each time
(measured: that made connects quadratic, 29/s at 1,000 phones). The event's peak
(events.peak_connected, for the minutes) is raised in SQL on a short timer, by one UPDATE per event
that only ever raises it. A restart forgets every phone, as it should: no socket survives it.

Several processes (REDIS_URL): each publishes its phones to Redis on a heartbeat, batched (a connect
costs no round trip), and reads the other live processes' (services/presence_shared.py). An event's
count is the union: one per attendee, whichever processes its tabs are on. A crashed process stops
heartbeating and its phones stop being counted within PRESENCE_TTL_SECONDS; the peak is raised from
the union, so phones that moved to another process are never counted twice.

Organizer sockets (the moderator audience) are few and must be found from any process to end them
at logout or when a role is revoked, so they keep one row each in the connections table, naming the
process (PROCESS_NAME) that holds them: a restart clears its own rows, and any process clears the
rows of processes that stopped heartbeating.
"""
import threading
import time
from typing import cast

from flask import current_app
from sqlalchemy import CursorResult, delete, select, update

from ..extensions import db, socketio
from ..models import Connection, Event
from ..realtime import broadcast, tasks
from . import presence_heartbeat as heartbeat
from .app_ref import current_app_object
from .presence_shared import Board
from .transaction import use_case

PEAK_SECONDS = 1.0  # how soon a new peak reaches the database


class Room:
    """The phones of this process, per event: {event_id: {attendee_id: open sockets}}; with several
    processes, also the phones the other live processes hold (others, as last read from Redis)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.phones: dict[int, dict[int, int]] = {}
        self.sockets: dict[str, tuple[int, int]] = {}  # sid -> (event_id, attendee_id)
        self.peaks: dict[int, int] = {}  # event_id -> most phones at once, not yet written
        self.best: dict[int, int] = {}  # event_id -> most phones at once seen by this process
        self.writing = False
        self.organizers: dict[str, int] = {}  # sid -> event_id, each with its row in connections
        self.others: dict[int, set[int]] = {}  # event_id -> attendee ids on other processes
        self.overlap: dict[int, int] = {}  # event_id -> how many of those are here too
        self.read_at: dict[int, float] = {}  # event_id -> when others was read
        self.asked: dict[int, float] = {}  # event_id -> when its count was last asked for
        self.dirty: set[int] = set()  # events whose phones changed since published
        self.published: set[int] = set()  # events whose phones Redis holds for this process
        self.beating = False
        self.stopped = False

    def add(self, sid: str, event_id: int, attendee_id: int) -> int:
        with self.lock:
            if sid in self.sockets:
                return self._count(event_id)
            self.sockets[sid] = (event_id, attendee_id)
            phones = self.phones.setdefault(event_id, {})
            tabs = phones.get(attendee_id, 0)
            phones[attendee_id] = tabs + 1
            if not tabs:
                self.dirty.add(event_id)
                if attendee_id in self.others.get(event_id, ()):
                    self.overlap[event_id] = self.overlap.get(event_id, 0) + 1
            return self._seen(event_id)

    def _seen(self, event_id: int) -> int:
        count = self._count(event_id)
        if count > self.peaks.get(event_id, 0):
            self.peaks[event_id] = count
        if count > self.best.get(event_id, 0):
            self.best[event_id] = count
        return count

    def remove(self, sid: str) -> int | None:
        """The event the socket was counted in, or None."""
        with self.lock:
            entry = self.sockets.pop(sid, None)
            if entry is None:
                return None
            event_id, attendee_id = entry
            phones = self.phones[event_id]
            phones[attendee_id] -= 1
            if not phones[attendee_id]:
                del phones[attendee_id]
                self.dirty.add(event_id)
                if attendee_id in self.others.get(event_id, ()):
                    self.overlap[event_id] -= 1
            if not phones:
                del self.phones[event_id]
            return event_id

    def forget(self, event_id: int) -> None:
        """Drop the event's phones (a deleted event): their disconnects then count nothing."""
        with self.lock:
            self.sockets = {sid: entry for sid, entry in self.sockets.items() if entry[0] != event_id}
            for counts in (self.phones, self.peaks, self.best, self.others, self.overlap, self.read_at, self.asked):
                counts.pop(event_id, None)
            self.dirty.add(event_id)

    def _count(self, event_id: int) -> int:
        return len(self.phones.get(event_id, ())) + len(self.others.get(event_id, ())) - self.overlap.get(event_id, 0)

    def count(self, event_id: int) -> int:
        return self._count(event_id)

    def set_others(self, found: dict[int, set[int]], now: float) -> list[int]:
        """What the other processes hold now; the events whose count changed."""
        changed = []
        with self.lock:
            for event_id, ids in found.items():
                before = self._count(event_id)
                self.others[event_id] = ids
                self.overlap[event_id] = len(ids.intersection(self.phones.get(event_id, ())))
                self.read_at[event_id] = now
                if self._seen(event_id) != before:
                    changed.append(event_id)
        return changed

    def drop_stale_others(self, now: float, ttl: float) -> list[int]:
        """Others not read for a TTL (Redis out of reach) are no longer trusted."""
        with self.lock:
            stale = [e for e, at in self.read_at.items() if now - at > ttl and self.others.get(e)]
            for event_id in stale:
                self.others[event_id], self.overlap[event_id] = set(), 0
        return stale

    def take_peaks(self) -> dict[int, int]:
        with self.lock:
            peaks, self.peaks = self.peaks, {}
            return peaks


def _room() -> Room:
    return current_app.extensions.setdefault("townhall_presence", Room())


def _board(app) -> Board | None:
    """Redis for presence across processes, or None (one process: memory only)."""
    if not app.config.get("REDIS_URL"):
        return None
    board = app.extensions.get("townhall_presence_board")
    if board is None:
        board = app.extensions["townhall_presence_board"] = Board(
            app.config["REDIS_URL"], app.config["PROCESS_NAME"], app.config["PRESENCE_TTL_SECONDS"])
    return board


def connected(*, sid: str, event_id: int, audience: str, attendee_id: int | None = None,
              user_id: int | None = None) -> None:
    if audience == "attendee" and attendee_id is not None:
        _room().add(sid, event_id, attendee_id)
        _schedule_peaks()
        _keep_beating()
        broadcast.schedule_stats(event_id)
    elif audience == "moderator" and user_id is not None:
        room = _room()
        with room.lock:
            room.organizers[sid] = event_id
        _remember_organizer(sid=sid, event_id=event_id, user_id=user_id)
        _keep_beating()


@use_case
def _remember_organizer(*, sid: str, event_id: int, user_id: int) -> None:
    db.session.merge(Connection(sid=sid, event_id=event_id, audience="moderator", user_id=user_id,
                                process=current_app.config["PROCESS_NAME"]))


def disconnected(*, sid: str) -> None:
    room = _room()
    event_id = room.remove(sid)
    if event_id is not None:
        broadcast.schedule_stats(event_id)
        return
    with room.lock:
        organizer = room.organizers.pop(sid, None) is not None
    if organizer:
        _forget_organizer(sid=sid)


@use_case
def _forget_organizer(*, sid: str) -> None:
    db.session.execute(delete(Connection).where(Connection.sid == sid))


def forget_event(event_id: int) -> None:
    """This process forgets a deleted event's phones (each process learns it from the broadcast)."""
    _room().forget(event_id)


def attendees_connected(event_id: int) -> int:
    """Phones connected to the event now (one per attendee, however many tabs), on every process."""
    room = _room()
    _follow(room, event_id)
    return room.count(event_id)


def connected_attendee_ids(event_id: int) -> list[int]:
    """The attendee ids of the phones connected to the event now (on every process)."""
    room = _room()
    _follow(room, event_id)
    with room.lock:
        return list(room.others.get(event_id, set()).union(room.phones.get(event_id, ())))


def peak_seen(event_id: int) -> int:
    """The most phones this process has seen connected to the event at once (the database's
    events.peak_connected may lag it by PEAK_SECONDS)."""
    return _room().best.get(event_id, 0)


def sockets_of_user(user_id: int, event_id: int | None = None) -> list[str]:
    query = select(Connection.sid).where(Connection.user_id == user_id)
    if event_id is not None:
        query = query.where(Connection.event_id == event_id)
    return list(db.session.execute(query).scalars())


def _schedule_peaks() -> None:
    room = _room()
    with room.lock:
        if room.writing:
            return
        room.writing = True
    tasks.start("writing the connection peaks", _write_peaks_later, current_app_object(), room)


def _write_peaks_later(app, room: Room) -> None:
    socketio.sleep(PEAK_SECONDS)
    with room.lock:
        room.writing = False
    peaks = room.take_peaks()
    if peaks:
        with app.app_context():
            raise_peaks(peaks)


@use_case
def raise_peaks(peaks: dict[int, int]) -> None:
    """events.peak_connected = the most phones connected at once: only ever raised, in SQL."""
    for event_id, count in peaks.items():
        db.session.execute(update(Event.__table__).where(Event.id == event_id, Event.peak_connected < count)
                           .values(peak_connected=count))


def write_peaks() -> None:
    """Write the peaks not yet written (at shutdown)."""
    peaks = _room().take_peaks()
    if peaks:
        raise_peaks(peaks)


@use_case
def reset() -> int:
    """At server start: no socket of this process survived its restart. Its own organizer rows go (and
    those from before rows named their process), and the rows of processes that stopped heartbeating;
    never the rows of another live process."""
    mine = current_app.config["PROCESS_NAME"]
    deleted = cast(CursorResult, db.session.execute(
        delete(Connection).where(Connection.process.in_([mine, ""]))))
    board = _board(current_app_object())
    if board is None:
        return deleted.rowcount
    board.clear_own()
    return deleted.rowcount + heartbeat.sweep(board, mine, grace=current_app.config["PRESENCE_HEARTBEAT_SECONDS"])


def _keep_beating() -> None:
    """With several processes, make sure this process's heartbeat runs (it stops when idle)."""
    app = current_app_object()
    board = _board(app)
    if board is None:
        return
    room = _room()
    with room.lock:
        if room.beating or room.stopped:
            return
        room.beating = True
    tasks.start("the presence heartbeat", heartbeat.run, app, room, board, _schedule_peaks)


def _follow(room: Room, event_id: int) -> None:
    """Asked for an event's count: with several processes, keep reading the others' phones of that
    event while it is asked for, and read them now if what this process has is a heartbeat too old
    (its first ask, or an event the heartbeat did not follow)."""
    app = current_app_object()
    board = _board(app)
    if board is None:
        return
    now = time.monotonic()
    with room.lock:
        room.asked[event_id] = now
    if now - room.read_at.get(event_id, float("-inf")) > 2 * app.config["PRESENCE_HEARTBEAT_SECONDS"]:
        found = board.others([event_id])
        if found is not None:
            room.set_others(found, now)
    _keep_beating()


def leave(app) -> None:
    """A clean stop: stop heartbeating and take this process's phones and organizer rows away now,
    instead of letting them expire."""
    room: Room | None = app.extensions.get("townhall_presence")
    if room is None:
        return
    with room.lock:
        room.stopped = True
        events = sorted(room.published | set(room.phones))
    board = _board(app)
    if board is not None:
        board.withdraw(events)
    with app.app_context():
        _forget_process(process=app.config["PROCESS_NAME"])


@use_case
def _forget_process(*, process: str) -> None:
    db.session.execute(delete(Connection).where(Connection.process == process))
