"""Joining an event from a phone, and recognising that phone again."""
import hmac
from typing import cast

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, bindparam, select

from ..errors import EventClosed, Forbidden, NotAuthenticated
from ..extensions import db
from ..models import Attendee, Event
from ..models.base import utcnow
from ..models.statuses import JoinedWith, JoinMode
from . import attendee_codes
from .events import event_not_found
from .secrets import new_token, token_hash
from .text import clean_text
from .transaction import use_case


@use_case
def join(*, code: str, name: str | None = None, attendee_id: int | None = None,
         token: str | None = None, passcode: str | None = None, key: str | None = None) -> tuple[int, str]:
    """Returns (attendee_id, raw token). The token goes to the phone's signed cookie only.

    A phone that has joined already (its session holds a valid identity) keeps it:
    joining again must not hand out a second vote. The event's join mode decides what else a new
    phone gives: nothing (open), the passcode, or a one-time attendee code (attendee_codes.join_with).
    A phone that joined before the mode changed keeps its identity and how it joined; giving the
    passcode or a code later makes that same identity verified.
    """
    # Half of a join storm's work: three columns and one INSERT, not an Event and an Attendee
    # loaded and flushed through the ORM.
    event = db.session.execute(_EVENT_TO_JOIN, {"code": (code or "").upper()}).first()
    if event is None:
        raise event_not_found()
    if not event.is_open:
        raise EventClosed(_l("This event is closed: you can read it, but not join."))
    limit = current_app.config["NAME_MAX_LENGTH"]
    name = clean_text(name, field="name", max_length=limit, required=event.names_required, single_line=True)
    existing = known(event, attendee_id, token)
    if event.join_mode == JoinMode.CODES and key:
        return attendee_codes.join_with(event, key, existing, token, name)
    if existing and token:  # known() matched the token: it is one
        if event.join_mode == JoinMode.PASSCODE and passcode and existing.joined_with == JoinedWith.OPEN:
            _check_passcode(event, passcode)
            existing.joined_with = JoinedWith.PASSCODE
        return existing.id, token
    joined_with = _proof(event, passcode)
    token = new_token()
    added = cast(CursorResult, db.session.execute(_ADD_ATTENDEE, {
        "event_id": event.id, "token_hash": token_hash(token), "name": name or None, "joined_at": utcnow(),
        "joined_with": joined_with}))
    key = added.inserted_primary_key
    assert key is not None  # an INSERT of one row
    return key[0], token


_EVENT_TO_JOIN = select(Event.id, Event.is_open, Event.names_required, Event.join_mode, Event.passcode).where(
    Event.code == bindparam("code"))
_ADD_ATTENDEE = Attendee.__table__.insert()


def _proof(event, passcode: str | None) -> str:
    """How a new phone joins this event (statuses.JoinedWith), or why it may not."""
    if event.join_mode == JoinMode.CODES:
        raise Forbidden(_l("This meeting is joined with a personal attendee code: type the code on your slip."),
                        code="code_required")
    if event.join_mode == JoinMode.PASSCODE:
        if not passcode:
            raise Forbidden(_l("This meeting asks for its passcode: the organizers tell it in the room."),
                            code="passcode_required")
        _check_passcode(event, passcode)
        return JoinedWith.PASSCODE
    return JoinedWith.OPEN


def _check_passcode(event, passcode: str) -> None:
    expected = (event.passcode or "").strip().casefold()
    if not expected or not hmac.compare_digest(passcode.strip().casefold().encode(), expected.encode()):
        raise Forbidden(_l("That is not this meeting's passcode."), code="wrong_passcode")


def identify(event, attendee_id: int | None, token: str | None) -> Attendee:
    """The attendee behind a session's (id, token) pair, checked against this event (an Event, or a
    row with its id)."""
    attendee = db.session.get(Attendee, attendee_id) if attendee_id else None
    if attendee is None or not holds(attendee, event.id, token):
        raise not_joined()
    return attendee


def not_joined() -> NotAuthenticated:
    return NotAuthenticated(_l("Join the event first."), code="not_joined")


def holds(attendee, event_id: int, token: str | None) -> bool:
    """The rule identify() applies, for an Attendee or a row with its event_id and token_hash:
    the attendee joined this event and the token is the one it was given."""
    return attendee is not None and attendee.event_id == event_id and attendee.token_hash == token_hash(token or "")


def known(event, attendee_id: int | None, token: str | None) -> Attendee | None:
    """Like identify(), but None for a phone that has not joined this event."""
    try:
        return identify(event, attendee_id, token)
    except NotAuthenticated:
        return None


_attendees = Attendee.__table__
# Built once: the hot path of snapshots (every phone, on every connect) skips building and the ORM.
_PHONE = select(_attendees.c.id, _attendees.c.name).where(
    _attendees.c.id == bindparam("attendee_id"), _attendees.c.event_id == bindparam("event_id"),
    _attendees.c.token_hash == bindparam("token_hash"))


def phone(event_id: int, attendee_id: int | None, token: str | None):
    """known() reading no more than a snapshot needs: the phone's (id, name) as a row, or None."""
    if not attendee_id:
        return None
    return db.session.execute(_PHONE, {"attendee_id": attendee_id, "event_id": event_id,
                                       "token_hash": token_hash(token or "")}).first()
