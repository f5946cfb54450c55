"""One-time attendee codes: the organizer makes them in advance (a printable sheet, a CSV), each
lets one person join as one identity.

The first phone that gives a code gets a new attendee bound to it. A phone that gives a code already
used (the same person, cookie lost or a new phone) takes over that same attendee: it gets a new token
and the old phone's token stops working, so one code stays one identity, and whatever is tied to the
attendee (its votes, a ban) stays with the person.
"""
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from ..contracts.events import CODES_PER_EVENT
from ..errors import Conflict, Forbidden, InvalidInput
from ..extensions import db
from ..models import Attendee, AttendeeCode
from ..models.base import utcnow
from ..models.statuses import JoinedWith
from . import operations, permissions
from .events import get_event
from .rows import in_event
from .secrets import attendee_code, keyed_hash, new_token, normal_attendee_code, token_hash
from .transaction import use_case


def code_hash(typed: str) -> str:
    return keyed_hash(current_app.config["SECRET_KEY"], "attendee-code", normal_attendee_code(typed))


def _entry(row: AttendeeCode) -> dict:
    """What the team sees of a code: the code itself only while unused (to print it); never whose it is."""
    return {"id": row.id, "number": row.number, "code": row.code if row.status == "unused" else None,
            "status": row.status}


def _team_event(code: str, user_id: int | None):
    event = get_event(code, lock=True)  # the team's writes on the event one after another
    permissions.require(user_id, event, "settings")
    return event


def listing(*, code: str, user_id: int | None) -> dict:
    event = _team_event(code, user_id)
    rows = db.session.execute(select(AttendeeCode).filter_by(event_id=event.id)
                              .order_by(AttendeeCode.number)).scalars().all()
    entries = [_entry(row) for row in rows]
    counts = {status: sum(1 for e in entries if e["status"] == status) for status in ("unused", "used", "revoked")}
    return {"codes": entries, "counts": counts}


def unused(*, code: str, user_id: int | None) -> tuple:
    """(event, [(number, code)]) of the codes not yet used nor revoked: what the sheet and the CSV print."""
    event = _team_event(code, user_id)
    rows = db.session.execute(
        select(AttendeeCode.number, AttendeeCode.code).filter_by(event_id=event.id, used_at=None, revoked_at=None)
        .order_by(AttendeeCode.number)).all()
    return event, [(number, text) for number, text in rows]


@use_case
def generate(*, code: str, user_id: int | None, count: int) -> dict:
    event = _team_event(code, user_id)
    have, last = db.session.execute(select(func.count(AttendeeCode.id), func.max(AttendeeCode.number))
                                    .filter_by(event_id=event.id)).one()
    if have + count > CODES_PER_EVENT:
        raise InvalidInput(_l("An event has at most %(count)s attendee codes (%(made)s made).", count=CODES_PER_EVENT,
                              made=have),
                           code="too_many_codes", field="count")
    rows = []
    for number in range((last or 0) + 1, (last or 0) + 1 + count):
        text = attendee_code()
        rows.append(AttendeeCode(event_id=event.id, number=number, code=text, code_hash=code_hash(text)))
    db.session.add_all(rows)
    db.session.flush()
    operations.record(event.id, user_id, "codes.generate", f"{count} attendee codes")
    return {"codes": [_entry(row) for row in rows]}


@use_case
def revoke(*, code: str, user_id: int | None, code_id: int) -> dict:
    event = _team_event(code, user_id)
    row = in_event(event.id, AttendeeCode, code_id, field="code_id", missing=_l("No such attendee code in this event."),
                   code="code_not_found")
    if row.used_at is not None:
        raise Conflict(_l("This code was used already: it cannot be revoked."), code="code_used")
    if row.revoked_at is None:
        row.revoked_at, row.code = utcnow(), None
        operations.record(event.id, user_id, "codes.revoke", f"code #{row.number}", code=row.id)
    return {"code": _entry(row)}


def invalid_code() -> Forbidden:
    return Forbidden(_l("This attendee code is not valid for this meeting. Check it on your slip."),
                     code="invalid_code")


def join_with(event, typed: str, existing: Attendee | None, token: str | None, name: str | None) -> tuple[int, str]:
    """(attendee_id, token) for a phone giving an attendee code (inside join's use case)."""
    row = db.session.execute(select(AttendeeCode).filter_by(
        code_hash=code_hash(typed), event_id=event.id, revoked_at=None)).scalar()
    if row is None:
        raise invalid_code()
    if row.attendee_id is None:
        if existing is not None and existing.joined_with == JoinedWith.CODE:
            return existing.id, token or ""  # it holds a code already: one phone, one identity
        if existing is not None:  # joined before the event asked for codes: it becomes verified, same identity
            attendee_id = existing.id
            existing.joined_with = JoinedWith.CODE
        else:
            token = new_token()
            attendee = Attendee(event_id=event.id, token_hash=token_hash(token), name=name or None,
                                joined_with=JoinedWith.CODE)
            db.session.add(attendee)
            db.session.flush()
            attendee_id = attendee.id
        bound = db.session.execute(update(AttendeeCode).where(
            AttendeeCode.id == row.id, AttendeeCode.attendee_id.is_(None)).values(
            attendee_id=attendee_id, used_at=utcnow(), code=None).execution_options(synchronize_session=False))
        if bound.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict(_l("Another phone used this code at the same moment: try again."), code="try_again")
        return attendee_id, token or ""
    if existing is not None and existing.id == row.attendee_id:
        return existing.id, token or ""
    # The same person on a new phone (or with new cookies): the same identity, a new token.
    token = new_token()
    db.session.execute(update(Attendee).where(Attendee.id == row.attendee_id)
                       .values(token_hash=token_hash(token)).execution_options(synchronize_session=False))
    return row.attendee_id, token
