"""Who is connected right now: one row per live socket, in the database."""
from sqlalchemy import delete, func, select, update

from ..extensions import db
from ..models import Connection, Event
from ..realtime import broadcast
from .transaction import on_commit, use_case


@use_case
def connected(*, sid: str, event_id: int, audience: str, attendee_id: int | None = None,
              user_id: int | None = None) -> None:
    db.session.merge(Connection(sid=sid, event_id=event_id, audience=audience,
                                attendee_id=attendee_id, user_id=user_id))
    if audience == "attendee" and attendee_id is not None:
        db.session.flush()
        _raise_peak(event_id)
    on_commit(lambda: broadcast.schedule_stats(event_id))


@use_case
def disconnected(*, sid: str) -> None:
    row = db.session.get(Connection, sid)
    if row:
        event_id = row.event_id
        db.session.delete(row)
        on_commit(lambda: broadcast.schedule_stats(event_id))


def _raise_peak(event_id: int) -> None:
    """events.peak_connected (for the minutes) = the most phones connected at once: raised in one
    UPDATE when the count now is larger, never read-modify-written, never lowered (not on disconnect,
    not by reset())."""
    now = _connected_count(event_id).scalar_subquery()
    db.session.execute(
        update(Event.__table__).where(Event.id == event_id, Event.peak_connected < now).values(peak_connected=now)
    )


def _connected_count(event_id: int):
    return select(func.count(func.distinct(Connection.attendee_id))).where(
        Connection.event_id == event_id, Connection.audience == "attendee"
    )


def attendees_connected(event_id: int) -> int:
    """Phones connected to the event now (one per attendee, however many tabs)."""
    return db.session.execute(_connected_count(event_id)).scalar_one()


def sockets_of_user(user_id: int, event_id: int | None = None) -> list[str]:
    query = select(Connection.sid).where(Connection.user_id == user_id)
    if event_id is not None:
        query = query.where(Connection.event_id == event_id)
    return list(db.session.execute(query).scalars())


@use_case
def reset() -> int:
    """At server start: no socket survives a restart."""
    return db.session.execute(delete(Connection)).rowcount
