"""Room names, spelled in one place. Rooms are audiences."""


def public(event_id: int) -> str:
    """Attendees and projectors: published questions only."""
    return f"event:{event_id}"


def moderators(event_id: int) -> str:
    return f"event:{event_id}:moderators"


def author(tag: str) -> str:
    """The phone(s) of one asker, by the tag only their cookie can compute."""
    return f"author:{tag}"


def tracker(event_id: int) -> str:
    """Anyone following the event's follow-ups on its public tracker page (no identity needed)."""
    return f"event:{event_id}:tracker"


def projector(event_id: int) -> str:
    return f"event:{event_id}:projector"


def poll_voters(poll_id: int) -> str:
    """The phones that have voted in this poll (checked on the server): an after_vote poll's results."""
    return f"poll:{poll_id}:voters"
