"""The list of speakers: requests for the floor, the queue, the speaking timer."""
from ..models import Event


def view(event: Event, *, moderator: bool) -> dict:
    """The speakers part of a snapshot (names hidden from the room when the event says so)."""
    return {"queue": [], "current": None}
