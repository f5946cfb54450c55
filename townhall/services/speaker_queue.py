"""The speakers' queue as pure decisions: given the requests as plain values and a move, which fields
change (or which error refuses it). No database here: `speakers.moderate` and `speakers.withdraw`
load the rows, ask `decide` (or `withdraw`), and write the answer.

Rules a chair relies on:
- one person has the floor at a time: calling a speaker (``next``: the first in the queue; ``call``:
  a waiting request by id) ends the current one first;
- the speaking timer does not start on the call (the person still has to reach the microphone):
  ``start`` starts it, ``stop`` pauses it, ``finish`` ends the current speaker; unless the event
  starts it on the call (auto_start_speaker_timer: Floor.auto_start);
- ``remove`` takes a waiting or speaking request off the list; a phone withdraws its own waiting one;
- the queue order is the same for everyone: by request time, or, with first-time speakers first,
  people who have not spoken yet first.

A SpeakerRequest row has the attributes of `Request`, so the same decisions read the rows in the
service and plain values in the tests.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from ..errors import Conflict, InvalidInput
from ..models.statuses import SpeakerStatus
from ..serializers.speakers import elapsed

OPEN_STATUSES = (SpeakerStatus.WAITING, SpeakerStatus.SPEAKING)


@dataclass
class Request:
    """What the queue reads and writes of a request for the floor."""

    id: int
    status: str = SpeakerStatus.WAITING
    person_key: str = ""
    requested_at: datetime | None = None
    called_at: datetime | None = None
    finished_at: datetime | None = None
    elapsed_seconds: int = 0
    running_since: datetime | None = None


@dataclass(frozen=True)
class Floor:
    """One move's input: who is speaking, the queue in order, the request named (if any), the time."""

    now: datetime
    current: Any = None  # a request (a row, or a Request in tests), or None
    queue: list = field(default_factory=list)
    row: Any = None
    item_id: int | None = None  # the agenda item on the floor, if any
    auto_start: bool = False  # the event's auto_start_speaker_timer: a called speaker's timer runs at once


Change = tuple[Any, dict]  # (a request, {field: new value}); written in order


def ordered(waiting: list, spoken: dict[str, int], first_time_first: bool) -> list:
    """The queue: by request time (then id); with first_time_first, who has not spoken yet first."""
    def key(r):
        return (first_time_first and spoken.get(r.person_key, 0) > 0, r.requested_at, r.id)

    return sorted(waiting, key=key)


# --- the changes ---------------------------------------------------------------------

def _pause(row, now) -> dict:
    return {"elapsed_seconds": elapsed(row, now), "running_since": None}


def _end(row, status: str, now) -> Change:
    return (row, {**_pause(row, now), "status": status, "finished_at": now})


def _give_floor(floor: Floor, row) -> list[Change]:
    """End the current speaker (written first: one speaker at a time), then the floor is row's;
    its timer waits for `start`, or runs from now with floor.auto_start (as `start` would start it).
    The request moves to the agenda item on the floor now (if there is one): the minutes list a
    speaker where they spoke, not where they asked to."""
    ended = [_end(floor.current, SpeakerStatus.DONE, floor.now)] if floor.current is not None else []
    item = {} if floor.item_id is None else {"agenda_item_id": floor.item_id}
    return [*ended, (row, {"status": SpeakerStatus.SPEAKING, "called_at": floor.now, "elapsed_seconds": 0,
                           "running_since": floor.now if floor.auto_start else None, **item})]


def _speaker(floor: Floor):
    if floor.current is None:
        raise Conflict(_l("Nobody has the floor."), code="no_current_speaker")
    return floor.current


# --- the moves -----------------------------------------------------------------------

def next_(floor: Floor) -> list[Change]:
    if not floor.queue:
        raise Conflict(_l("Nobody is waiting to speak."), code="queue_empty")
    return _give_floor(floor, floor.queue[0])


def call(floor: Floor) -> list[Change]:
    if floor.row.status != SpeakerStatus.WAITING:
        raise Conflict(_l("Cannot call a request that is %(status)s.", status=floor.row.status), code="not_waiting")
    return _give_floor(floor, floor.row)


def remove(floor: Floor) -> list[Change]:
    if floor.row.status not in OPEN_STATUSES:
        raise Conflict(_l("Cannot remove a request that is %(status)s.", status=floor.row.status),
                       code="invalid_transition")
    return [_end(floor.row, SpeakerStatus.REMOVED, floor.now)]


def start(floor: Floor) -> list[Change]:
    speaker = _speaker(floor)
    if speaker.running_since is not None:
        raise Conflict(_l("The speaking timer is already running."), code="timer_running")
    return [(speaker, {"running_since": floor.now})]


def stop(floor: Floor) -> list[Change]:
    speaker = _speaker(floor)
    if speaker.running_since is None:
        raise Conflict(_l("The speaking timer is not running."), code="timer_stopped")
    return [(speaker, _pause(speaker, floor.now))]


def finish(floor: Floor) -> list[Change]:
    return [_end(_speaker(floor), SpeakerStatus.DONE, floor.now)]


@dataclass(frozen=True)
class Move:
    names_request: bool  # does the moderator name a request (request_id)?
    decide: Callable[[Floor], list[Change]]


# The moderator's moves, in the order the API document lists them.
ACTIONS: dict[str, Move] = {
    "next": Move(False, next_), "call": Move(True, call), "start": Move(False, start),
    "stop": Move(False, stop), "finish": Move(False, finish), "remove": Move(True, remove),
}


def move(action) -> Move:
    """The move named action, or InvalidInput unknown_action (socket payloads can hold any JSON)."""
    if not isinstance(action, str) or action not in ACTIONS:
        raise InvalidInput(_l("Unknown action %(action)s.", action=repr(action)), code="unknown_action",
                           field="action")
    return ACTIONS[action]


def decide(action, floor: Floor) -> list[Change]:
    """The changes a moderator's move makes, in order; InvalidInput or Conflict (with its code) if refused."""
    chosen = move(action)
    if chosen.names_request and floor.row is None:
        raise InvalidInput(_l("'%(action)s' names a request: send request_id.", action=action), field="request_id")
    return chosen.decide(floor)


def withdraw(waiting, now) -> list[Change]:
    """A phone takes back its own waiting request (`waiting`: that request, or None)."""
    if waiting is None:
        raise Conflict(_l("You are not waiting in the list of speakers."), code="not_waiting")
    return [(waiting, {"status": SpeakerStatus.WITHDRAWN, "finished_at": now})]


def apply(changes: list[Change], written: Callable[[], None] = lambda: None) -> None:
    """Set each change's fields; written() after each (the service flushes: the one-speaker index)."""
    for target, fields in changes:
        for name, value in fields.items():
            setattr(target, name, value)
        written()
