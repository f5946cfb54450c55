"""Wire format of the list of speakers: what the room sees, and what moderators see.

The room's entries never carry attendee ids or person keys; with an anonymous
list of speakers they carry "Speaker N" instead of the name.
"""
from . import clock, from_iso, iso, seconds_run


def room_name(request, *, anonymous: bool, numbered: str = "Speaker %(number)s") -> str:
    """The name the room sees: "Speaker N" when the event hides names or there is none. numbered: those words
    in a language (the minutes'); the wire keeps the English, which each page puts in its own (speakerLabel)."""
    if anonymous or not request.name:
        return numbered % {"number": request.number}
    return request.name


def elapsed(request, now) -> int:
    """Seconds spoken so far: the stored total plus the running stretch."""
    return seconds_run(request.elapsed_seconds, request.running_since, now)


def timer(request, elapsed: int, *, limit: int) -> dict:
    """The speaking timer as of the view's server_now.

    Same shape as an agenda item's timer: to count live, a client adds the time
    since server_now (or uses elapsed_base_seconds + (server now - running_since)).
    """
    return {
        **clock(elapsed, limit),  # as of server_now
        "elapsed_base_seconds": request.elapsed_seconds,  # before the running stretch
        "running": request.running_since is not None,
        "running_since": iso(request.running_since),
        "limit_seconds": limit,
    }


def timer_as_of(body: dict, now) -> dict:
    """A timer of a view made earlier, as of now (a new dict)."""
    spent = seconds_run(body["elapsed_base_seconds"], from_iso(body["running_since"]), now)
    return {**body, **clock(spent, body["limit_seconds"])}


def entry(request, *, times_spoken: int, anonymous: bool, moderator: bool, position: int | None = None) -> dict:
    body = {
        "id": request.id,
        "number": request.number,
        "name": room_name(request, anonymous=anonymous and not moderator),
        "topic": request.topic,
        "status": request.status,
        "times_spoken": times_spoken,
        "position": position,
        "agenda_item_id": request.agenda_item_id,
        "requested_at": iso(request.requested_at),
        "called_at": iso(request.called_at),
    }
    if moderator:
        body.update(
            room_name=room_name(request, anonymous=anonymous),
            manual=request.person_key.startswith("name:"),
            finished_at=iso(request.finished_at),
            spoken_seconds=request.elapsed_seconds,
        )
    return body
