"""The run of show as pure decisions: given the meeting and its items as plain values and an action,
which fields change (or which error refuses it). No database here: `agenda.run` loads the rows,
asks `decide`, and writes the answer with `apply`.

The rules (docs/realtime.md, "Agenda", has the wire format):

- The meeting is not_started -> running -> ended. ``start`` runs the first item; ``start_item``
  jumps to any item (before the start it starts the meeting with that item); ``next`` ends the
  current item and runs the next item not done, after the current one by position, else the first
  skipped one before it; with none left the meeting ends. ``back`` returns the current item to
  "upcoming" (its time kept) and runs the previous item by position again, adding to its time.
  ``pause``/``resume`` stop and continue the current item's timer; ``end`` ends the meeting.
- After the end, ``back`` (the last item again) and ``start_item`` reopen the meeting: an
  accidental "End meeting" can be undone. Everything else is refused.
- ``started_at`` is an item's first start, ``ended_at`` its last end (cleared while it runs again).
  Timer: ``elapsed_seconds`` accumulated plus the running stretch since ``running_since``.

An AgendaItem row and an Event row have the attributes of `Item` and `Meeting`, so the same
decisions read the rows in the service and plain values in the tests.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from ..errors import Conflict, InvalidInput, NotFound
from ..models.statuses import ItemStatus
from ..serializers.agenda import elapsed, meeting_state


@dataclass
class Item:
    """What the run of show reads and writes of an agenda item."""

    id: int
    position: int
    status: str = ItemStatus.UPCOMING
    started_at: datetime | None = None
    ended_at: datetime | None = None
    elapsed_seconds: int = 0
    running_since: datetime | None = None


@dataclass
class Meeting:
    """What the run of show reads and writes of an event."""

    meeting_started_at: datetime | None = None
    meeting_ended_at: datetime | None = None
    current_item_id: int | None = None


@dataclass(frozen=True)
class Step:
    """One decision's input: the meeting, its items in order of position, the time, the item named."""

    meeting: Any  # the Event row, or plain values in tests
    items: list
    now: datetime
    item_id: int | None = None


Change = tuple[Any, dict]  # (the item or the meeting, {field: new value})


# --- reading ---------------------------------------------------------------------

def current(meeting, items: list):
    return next((i for i in items if i.id == meeting.current_item_id), None)


def next_item(meeting, items: list):
    """What ``next`` (or ``start``) runs: the first open item after the current one, else the first skipped."""
    if meeting_state(meeting) == "ended":
        return None
    on_floor = current(meeting, items)
    candidates = [i for i in items if i.status != ItemStatus.DONE and i is not on_floor]
    if on_floor is not None:
        after = [i for i in candidates if i.position > on_floor.position]
        if after:
            return after[0]
    return candidates[0] if candidates else None


def previous_item(meeting, items: list):
    """What ``back`` runs: the item before the current one; after the end, the last item."""
    state = meeting_state(meeting)
    if state == "not_started" or not items:
        return None
    on_floor = current(meeting, items)
    if on_floor is None:
        return items[-1] if state == "ended" else None
    before = [i for i in items if i.position < on_floor.position]
    return before[-1] if before else None


# --- the changes -------------------------------------------------------------------

def _run(meeting, item, now) -> list[Change]:
    return [(item, {"status": ItemStatus.RUNNING, "running_since": now, "started_at": item.started_at or now,
                    "ended_at": None}),
            (meeting, {"current_item_id": item.id})]


def _stop(item, now, status: str) -> list[Change]:
    """Take the item off the floor: its time so far is kept, its (last) end recorded."""
    if item is None:
        return []
    return [(item, {"elapsed_seconds": elapsed(item, now), "running_since": None, "status": status,
                    "ended_at": now})]


def _end_meeting(step: Step) -> list[Change]:
    return [(step.meeting, {"meeting_ended_at": step.now, "current_item_id": None})]


def _require_running(meeting) -> None:
    state = meeting_state(meeting)
    if state == "not_started":
        raise Conflict(_l("The meeting has not started yet."), code="meeting_not_started")
    if state == "ended":
        raise Conflict(_l("The meeting has ended."), code="meeting_ended")


def _on_floor(step: Step):
    _require_running(step.meeting)
    item = current(step.meeting, step.items)
    if item is None:
        raise Conflict(_l("No item is on the floor."), code="no_current_item")
    return item


# --- the actions -----------------------------------------------------------------------

def start(step: Step) -> list[Change]:
    state = meeting_state(step.meeting)
    if state != "not_started":
        raise Conflict(_l("The meeting has already started.") if state == ItemStatus.RUNNING
                       else _l("The meeting has ended."),
                       code="meeting_started" if state == ItemStatus.RUNNING else "meeting_ended")
    first = next_item(step.meeting, step.items)
    if first is None:
        raise Conflict(_l("The agenda is empty: add an item first."), code="agenda_empty")
    return [(step.meeting, {"meeting_started_at": step.now}), *_run(step.meeting, first, step.now)]


def start_item(step: Step) -> list[Change]:
    if step.item_id is None:
        raise InvalidInput(_l("Which item? Send item_id."), field="item_id")
    target = next((i for i in step.items if i.id == step.item_id), None)
    if target is None:  # the service looks the item up first; plain values can name anything
        raise NotFound(_l("No such agenda item in this event."), code="agenda_item_not_found", field="item_id")
    on_floor = current(step.meeting, step.items)
    if target is on_floor:
        raise Conflict(_l("This item is on the floor already."), code="item_is_current")
    meeting: dict[str, datetime | None] = {"meeting_ended_at": None}  # after the end: the meeting goes on
    if meeting_state(step.meeting) == "not_started":
        meeting["meeting_started_at"] = step.now
    return [(step.meeting, meeting), *_stop(on_floor, step.now, ItemStatus.DONE), *_run(step.meeting, target, step.now)]


def back(step: Step) -> list[Change]:
    if meeting_state(step.meeting) == "not_started":
        raise Conflict(_l("The meeting has not started yet."), code="meeting_not_started")
    previous = previous_item(step.meeting, step.items)
    if previous is None:
        raise Conflict(_l("This is the first item: there is nothing to go back to."), code="no_previous_item")
    on_floor = current(step.meeting, step.items)
    return [*_stop(on_floor, step.now, ItemStatus.UPCOMING),  # not finished: `next` comes back to it
            (step.meeting, {"meeting_ended_at": None}), *_run(step.meeting, previous, step.now)]


def next_(step: Step) -> list[Change]:
    _require_running(step.meeting)
    following = next_item(step.meeting, step.items)
    done = _stop(current(step.meeting, step.items), step.now, ItemStatus.DONE)
    if following is None:
        return [*done, *_end_meeting(step)]
    return [*done, *_run(step.meeting, following, step.now)]


def end(step: Step) -> list[Change]:
    _require_running(step.meeting)
    return [*_stop(current(step.meeting, step.items), step.now, ItemStatus.DONE), *_end_meeting(step)]


def pause(step: Step) -> list[Change]:
    item = _on_floor(step)
    if item.status == ItemStatus.PAUSED:
        raise Conflict(_l("The item is paused already."), code="already_paused")
    return [(item, {"elapsed_seconds": elapsed(item, step.now), "running_since": None, "status": ItemStatus.PAUSED})]


def resume(step: Step) -> list[Change]:
    item = _on_floor(step)
    if item.status != ItemStatus.PAUSED:
        raise Conflict(_l("The item is not paused."), code="not_paused")
    return [(item, {"status": ItemStatus.RUNNING, "running_since": step.now})]


ACTIONS: dict[str, Callable[[Step], list[Change]]] = {
    "start": start, "start_item": start_item, "next": next_, "back": back,
    "pause": pause, "resume": resume, "end": end,
}


def decide(action, step: Step) -> list[Change]:
    """The changes `action` makes, in order; InvalidInput or Conflict (with its code) if refused."""
    if not isinstance(action, str) or action not in ACTIONS:
        raise InvalidInput(_l("Unknown action %(action)s.", action=repr(action)), code="unknown_action",
                           field="action")
    if action != "start_item" and step.item_id is not None:
        raise InvalidInput(_l("Only start_item takes an item_id."), field="item_id")
    return ACTIONS[action](step)


def apply(changes: list[Change]) -> None:
    for target, fields in changes:
        for name, value in fields.items():
            setattr(target, name, value)
