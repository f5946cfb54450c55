"""Who may do what on an event: the owner can do everything; others by role.

Every command, HTTP or socket, is checked here on the server.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..errors import Forbidden
from ..extensions import db
from ..models import Event, EventRole

# capability -> roles that have it (the owner has all)
CAPABILITIES = {
    "view": {"moderator", "note_taker", "presenter"},  # dashboard (read-only for presenters), organizer room
    "questions": {"moderator"},
    "agenda": {"moderator"},  # edit the agenda and run the show
    "speakers": {"moderator"},
    "notes": {"moderator", "note_taker"},  # notes, decisions, action items
    "minutes": {"moderator", "note_taker"},  # preview, edit the draft, download, mark final
    "publish": {"moderator"},  # publish the minutes to attendees, or withdraw them
    "operations": {"moderator"},  # read the operation log
    "settings": set(),  # event details and settings
    "team": set(),  # invite and revoke co-organizers
    "delete_event": set(),  # delete the event and everything in it
}


def role_of(user_id: int | None, event: Event) -> str | None:
    """'owner', a role name, or None."""
    if user_id is None:
        return None
    if event.owner_id == user_id:
        return "owner"
    return db.session.execute(select(EventRole.role).filter_by(event_id=event.id, user_id=user_id)).scalar_one_or_none()


def _allows(role: str | None, capability: str) -> bool:
    return role == "owner" or (role is not None and role in CAPABILITIES[capability])


def can(user_id: int | None, event: Event, capability: str) -> bool:
    return _allows(role_of(user_id, event), capability)


def require(user_id: int | None, event: Event, capability: str) -> str:
    """Raise Forbidden unless the user may; returns the user's role."""
    role = role_of(user_id, event)
    if role is None or not _allows(role, capability):
        raise Forbidden(_l("Your role on this event does not allow this."), code="forbidden")
    return role


def capabilities(user_id: int | None, event: Event) -> list[str]:
    return sorted(c for c in CAPABILITIES if can(user_id, event, c))
