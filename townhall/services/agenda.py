"""The agenda and the run of show: items, order, start/next/back/pause, timers, templates."""
from ..models import Event


def view(event: Event, *, moderator: bool) -> dict:
    """The agenda part of a snapshot: items in order and the run-of-show state."""
    return {"items": []}
