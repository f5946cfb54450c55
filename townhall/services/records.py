"""Notes, decisions and action items per agenda item, recorded live."""
from ..models import Event


def view(event: Event) -> dict:
    """The records part of a moderator snapshot."""
    return {"items": {}}
