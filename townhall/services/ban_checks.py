"""Is a phone banned from an event? (services/bans.py bans and lifts bans.) Every command a phone sends
that changes something (ask, vote, answer a poll, ask for the floor) asks here first."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ..errors import Forbidden
from ..extensions import db
from ..models import Ban
from .secrets import author_tag


def banned_error() -> Forbidden:
    return Forbidden(_l("A moderator has stopped this phone from taking part in this event: you can still follow "
                     "it, but not ask, vote or speak."), code="banned")


def is_banned(event_id: int, attendee_id: int | None, token: str | None) -> bool:
    """Is this phone (its attendee id, or the tag its token makes) banned from the event?"""
    keys = [Ban.attendee_id == attendee_id] if attendee_id else []
    if token:
        keys.append(Ban.author_tag == author_tag(token, event_id))
    if not keys:
        return False
    return db.session.execute(select(Ban.id).where(Ban.event_id == event_id, or_(*keys)).limit(1)).first() is not None


def refuse_banned(event_id: int, attendee_id: int | None, token: str | None) -> None:
    if is_banned(event_id, attendee_id, token):
        raise banned_error()

