"""The rotating "in the room" QR: a token that changes every minute, shown on the projector; a
joined phone that opens its link is marked in the room (Attendee.in_room_at).

The token is an HMAC of the minute's number under a key derived from the app's secret and the
event's id: nothing to store, the same in every process, useless for another event. The current and
the previous minute's tokens are accepted (a phone scanning at :59 still succeeds). Whoever sees the
projector can scan it, a livestream's viewers too: the check proves someone saw the screen within a
minute or two, not where they sit. The token is served only to the event's team (the projector page
opened by a logged-in organizer), so it cannot be fetched from afar without watching the screen.
"""
import base64
import hashlib
import hmac
import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from ..errors import Conflict, Forbidden
from ..extensions import db
from ..links import join_url
from ..models import Attendee
from ..models.base import utcnow
from ..serializers import iso
from . import permissions
from .attendees import identify
from .events import get_event
from .transaction import use_case

PERIOD = 60  # seconds a token is shown
ACCEPTED = 2  # minutes accepted: the current one and the previous


def _minute(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // PERIOD)


def token_for(event_id: int, minute: int) -> str:
    key = hmac.new(current_app.config["SECRET_KEY"].encode(), f"room-check:{event_id}".encode(),
                   hashlib.sha256).digest()
    digest = hmac.new(key, str(minute).encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:12]).decode()  # 96 bits, 16 characters


def is_valid(event_id: int, token: str, now: float | None = None) -> bool:
    minute = _minute(now)
    given = (token or "").encode()
    matches = [hmac.compare_digest(given, token_for(event_id, minute - back).encode()) for back in range(ACCEPTED)]
    return any(matches)


def link(code: str, token: str) -> str:
    return f"{join_url(code)}/here?t={token}"


def room_check_off() -> Conflict:
    return Conflict(_l("This meeting does not use the in-room QR."), code="room_check_off")


def current(*, code: str, user_id: int | None, now: float | None = None) -> dict:
    """The token the projector shows now, its link, and when the next one comes (team only)."""
    event = get_event(code)
    permissions.require(user_id, event, "view")
    if not event.room_check:
        raise room_check_off()
    now = time.time() if now is None else now
    minute = _minute(now)
    token = token_for(event.id, minute)
    return {"token": token, "url": link(event.code, token), "refresh_in": round((minute + 1) * PERIOD - now, 1)}


def expired() -> Forbidden:
    return Forbidden(_l("This in-room QR has expired: scan the one on the screen now."), code="room_token_expired")


def check(code: str, token: str) -> int:
    """The event's id if `token` is its current or previous in-room token."""
    event = get_event(code)
    if not event.room_check:
        raise room_check_off()
    if not is_valid(event.id, token):
        raise expired()
    return event.id


@use_case
def mark(*, code: str, attendee_id: int | None, token: str | None, room_token: str) -> dict:
    """A joined phone scanned the QR: it is in the room (now)."""
    check(code, room_token)
    attendee = identify(get_event(code), attendee_id, token)
    at = utcnow()
    db.session.execute(update(Attendee).where(Attendee.id == attendee.id).values(in_room_at=at)
                       .execution_options(synchronize_session=False))
    return {"in_room": True, "in_room_at": iso(at)}
