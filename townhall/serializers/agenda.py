"""Wire format of the agenda: items with their timers, the run-of-show state, templates.

Timers: ``elapsed_seconds`` is the time the item has run as of when the view was made
(a snapshot's ``server_now``). To count live, a client uses
``elapsed_base_seconds + (server now - running_since)`` while ``running``, where
server now = its own clock + the offset it learnt from a snapshot's ``server_now``;
nothing in the view depends on the time it was made except those as-of values.
"""
from datetime import datetime

from . import clock, from_iso, iso, seconds_run


def elapsed(item, now: datetime) -> int:
    """Seconds the item has run: accumulated stretches plus the current one."""
    return seconds_run(item.elapsed_seconds, item.running_since, now)


def item_as_of(body: dict, now: datetime) -> dict:
    """An item of a view made earlier, its running timer as of now (a new dict)."""
    spent = seconds_run(body["elapsed_base_seconds"], from_iso(body["running_since"]), now)
    return {**body, **clock(spent, body["planned_seconds"])}


def item(i, now: datetime, current_item_id: int | None) -> dict:
    planned = i.planned_minutes * 60
    return {
        "id": i.id,
        "position": i.position,
        "title": i.title,
        "description": i.description,
        "presenter": i.presenter,
        "planned_minutes": i.planned_minutes,
        "planned_seconds": planned,
        "status": i.status,
        "current": i.id == current_item_id,
        "running": i.running_since is not None,
        "running_since": iso(i.running_since),
        "elapsed_base_seconds": i.elapsed_seconds or 0,  # before the running stretch
        **clock(elapsed(i, now), planned),  # as of now
        "started_at": iso(i.started_at),
        "ended_at": iso(i.ended_at),
    }


def meeting_state(event) -> str:
    if event.meeting_started_at is None:
        return "not_started"
    return "ended" if event.meeting_ended_at is not None else "running"


def agenda(event, items: list, now: datetime, *, next_item_id: int | None, previous_item_id: int | None) -> dict:
    return {
        "meeting": {
            "state": meeting_state(event),
            "started_at": iso(event.meeting_started_at),
            "ended_at": iso(event.meeting_ended_at),
        },
        "current_item_id": event.current_item_id,
        "next_item_id": next_item_id,
        "previous_item_id": previous_item_id,
        "planned_seconds": sum(i.planned_minutes for i in items) * 60,
        "items": [item(i, now, event.current_item_id) for i in items],
    }


def template_item(i) -> dict:
    return {"title": i.title, "description": i.description, "presenter": i.presenter,
            "planned_minutes": i.planned_minutes}


def template(t) -> dict:
    return {
        "id": t.id,
        "name": t.name,
        "items": t.items,
        "planned_minutes": sum(i.get("planned_minutes", 0) for i in t.items),
        "created_at": iso(t.created_at),
    }
