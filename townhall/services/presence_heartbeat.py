"""A process's presence heartbeat, with several processes (REDIS_URL; services/presence.py).

While the process holds sockets (or is asked for counts), it runs one background task that:
- publishes this process's phones to Redis within PUBLISH_SECONDS of a change (a connect or
  disconnect costs a dictionary update, never a round trip), and all of them, with the process's
  liveness, every PRESENCE_HEARTBEAT_SECONDS;
- reads what the other live processes hold for the events it follows, and when an event's count
  changes (phones on another process, a crashed process expired), tells its moderators (stats:updated)
  and raises the peak;
- about once a PRESENCE_TTL_SECONDS, deletes the organizer rows of processes no longer heartbeating.
It ends when the process has nothing left to publish or follow, and starts again with the next socket.
"""
import logging
import time
from datetime import timedelta
from typing import cast

from sqlalchemy import CursorResult, delete, select

from ..extensions import db, socketio
from ..models import Connection
from ..models.base import utcnow
from ..realtime import broadcast
from .presence_shared import Board
from .transaction import use_case

log = logging.getLogger(__name__)

PUBLISH_SECONDS = 0.5  # how soon this process's changed phones reach Redis


def run(app, room, board: Board, schedule_peaks) -> None:
    every, ttl = app.config["PRESENCE_HEARTBEAT_SECONDS"], app.config["PRESENCE_TTL_SECONDS"]
    me = app.config["PROCESS_NAME"]
    last_beat = last_sweep = float("-inf")
    failing = False  # Redis out of reach: what is left to withdraw expires there by itself
    while True:
        now = time.monotonic()
        full = now - last_beat >= every
        with room.lock:
            if room.stopped:
                room.beating = False
                return
            room.asked = {e: at for e, at in room.asked.items() if now - at < ttl}
            if not (room.sockets or room.organizers or room.asked or (room.dirty and not failing)):
                room.beating = False  # idle: the next socket starts it again
                return
            taken, room.dirty = room.dirty, set()
            chosen = room.phones if full else {e: room.phones[e] for e in taken if room.phones.get(e)}
            phones = {e: list(ids) for e, ids in chosen.items() if ids}
            emptied = {e for e in taken if not room.phones.get(e)}
            followed = sorted(set(room.phones) | set(room.organizers.values()) | set(room.asked))
        if full or taken:
            failing = not board.publish(phones, emptied)
            with room.lock:
                if failing:
                    room.dirty |= taken
                else:
                    room.published = (room.published | set(phones)) - emptied
        if full:
            last_beat = now
            _read_others(app, room, board, followed, now, ttl, schedule_peaks)
            if now - last_sweep >= ttl:
                last_sweep = now
                with app.app_context():
                    sweep(board, me, grace=ttl)
        socketio.sleep(min(PUBLISH_SECONDS, every))


def _read_others(app, room, board: Board, followed: list[int], now: float, ttl: float, schedule_peaks) -> None:
    found = board.others(followed)
    changed = room.drop_stale_others(now, ttl) if found is None else room.set_others(found, now)
    if changed:
        with app.app_context():
            for event_id in changed:
                broadcast.schedule_stats(event_id)
            schedule_peaks()


@use_case
def sweep(board: Board, me: str, *, grace: float) -> int:
    """Delete the organizer rows of processes that no longer heartbeat (a crash leaves them), older
    than `grace` seconds (a process heartbeats within moments of its first socket). Nothing when
    Redis cannot say who is alive."""
    names = [n for n in db.session.execute(select(Connection.process).distinct()).scalars() if n not in (me, "")]
    alive = board.alive(names)
    if alive is None:
        return 0
    dead = [n for n in names if n not in alive]
    if not dead:
        return 0
    cutoff = utcnow() - timedelta(seconds=grace)
    result = cast(CursorResult, db.session.execute(delete(Connection).where(
        Connection.process.in_(dead), Connection.connected_at <= cutoff)))
    if result.rowcount:
        log.info("Presence: cleared %d organizer socket(s) of stopped processes", result.rowcount)
    return result.rowcount
