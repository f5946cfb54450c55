"""Who is connected right now.

Phones are counted in this process's memory: a connect or disconnect costs a dictionary update,
never a query, so a join storm of thousands of phones does not recount the room in SQL each time
(measured: that made connects quadratic, 29/s at 1,000 phones). The event's peak
(events.peak_connected, for the minutes) is raised in SQL on a short timer, by one UPDATE per event
that only ever raises it. A restart forgets every phone, as it should: no socket survives it.

Organizer sockets (the moderator audience) are few and must be found from any process to end them
at logout or when a role is revoked, so they keep one row each in the connections table.
"""
import threading
from typing import cast

from flask import current_app
from sqlalchemy import CursorResult, delete, select, update

from ..extensions import db, socketio
from ..models import Connection, Event
from ..realtime import broadcast, tasks
from .app_ref import current_app_object
from .transaction import use_case

PEAK_SECONDS = 1.0  # how soon a new peak reaches the database


class Room:
    """The phones of this process, per event: {event_id: {attendee_id: open sockets}}."""

    def __init__(self):
        self.lock = threading.Lock()
        self.phones: dict[int, dict[int, int]] = {}
        self.sockets: dict[str, tuple[int, int]] = {}  # sid -> (event_id, attendee_id)
        self.peaks: dict[int, int] = {}  # event_id -> most phones at once, not yet written
        self.best: dict[int, int] = {}  # event_id -> most phones at once in this process
        self.writing = False

    def add(self, sid: str, event_id: int, attendee_id: int) -> int:
        with self.lock:
            if sid in self.sockets:
                return len(self.phones.get(event_id, ()))
            self.sockets[sid] = (event_id, attendee_id)
            phones = self.phones.setdefault(event_id, {})
            phones[attendee_id] = phones.get(attendee_id, 0) + 1
            count = len(phones)
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
            if not phones:
                del self.phones[event_id]
            return event_id

    def forget(self, event_id: int) -> None:
        """Drop the event's phones (a deleted event): their disconnects then count nothing."""
        with self.lock:
            self.sockets = {sid: entry for sid, entry in self.sockets.items() if entry[0] != event_id}
            for counts in (self.phones, self.peaks, self.best):
                counts.pop(event_id, None)

    def count(self, event_id: int) -> int:
        return len(self.phones.get(event_id, ()))

    def take_peaks(self) -> dict[int, int]:
        with self.lock:
            peaks, self.peaks = self.peaks, {}
            return peaks


def _room() -> Room:
    return current_app.extensions.setdefault("townhall_presence", Room())


def connected(*, sid: str, event_id: int, audience: str, attendee_id: int | None = None,
              user_id: int | None = None) -> None:
    if audience == "attendee" and attendee_id is not None:
        _room().add(sid, event_id, attendee_id)
        _schedule_peaks()
        broadcast.schedule_stats(event_id)
    elif audience == "moderator" and user_id is not None:
        _remember_organizer(sid=sid, event_id=event_id, user_id=user_id)


@use_case
def _remember_organizer(*, sid: str, event_id: int, user_id: int) -> None:
    db.session.merge(Connection(sid=sid, event_id=event_id, audience="moderator", user_id=user_id))


def disconnected(*, sid: str) -> None:
    event_id = _room().remove(sid)
    if event_id is not None:
        broadcast.schedule_stats(event_id)
    else:
        _forget_organizer(sid=sid)


@use_case
def _forget_organizer(*, sid: str) -> None:
    db.session.execute(delete(Connection).where(Connection.sid == sid))


def forget_event(event_id: int) -> None:
    """This process forgets a deleted event's phones (each process learns it from the broadcast)."""
    _room().forget(event_id)


def attendees_connected(event_id: int) -> int:
    """Phones connected to the event now (one per attendee, however many tabs)."""
    return _room().count(event_id)


def connected_attendee_ids(event_id: int) -> list[int]:
    """The attendee ids of the phones connected to the event now (in this process)."""
    room = _room()
    with room.lock:
        return list(room.phones.get(event_id, ()))


def peak_seen(event_id: int) -> int:
    """The most phones this process has had connected to the event at once (the database's
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
    """At server start: no socket survives a restart."""
    deleted = cast(CursorResult, db.session.execute(delete(Connection)))
    return deleted.rowcount
