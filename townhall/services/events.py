"""Events: create, configure, look up, and who may moderate them."""
from datetime import UTC, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, case, select, update

from .. import serializers
from ..contracts import parse
from ..contracts.events import JOINING, PASSCODE_LENGTH, PRIVACY_CONTACT_MAX, SETTINGS, TEXT_LIMITS, EventInput
from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..links import join_url
from ..locales import LANGUAGES, valid_timezone
from ..models import Event, EventRole
from ..models.statuses import JoinMode
from ..realtime import broadcast
from . import permissions
from .office_permissions import owned_organization
from .secrets import join_code
from .text import clean_text, without_surrogates
from .transaction import in_use_case, on_commit, use_case

SPEAKER_SETTINGS = {"speaker_time_limit", "first_time_speakers_first", "anonymous_speakers"}


def bump_seq(event_id: int) -> int:
    """Advance the event's sequence number in SQL and return the new value."""
    return db.session.execute(
        update(Event).where(Event.id == event_id).values(seq=Event.seq + 1).returning(Event.seq)
    ).scalar_one()


def bump_tally_seq(event_id: int) -> int:
    """Advance the event's tally version in SQL: what the room sees changed without a structural
    change (vote counts, poll tallies), so a snapshot's room part kept for the old one is stale.
    Returns the new version."""
    return db.session.execute(
        update(Event).where(Event.id == event_id).values(tally_seq=Event.tally_seq + 1).returning(Event.tally_seq)
    ).scalar_one()


_BY_CODE = select(Event).where(Event.code == bindparam("code"))  # built once: every page and command asks
_BY_CODE_LOCKED = _BY_CODE.with_for_update(key_share=True).execution_options(populate_existing=True)
_VERSION = select(Event.__table__.c.seq, Event.__table__.c.tally_seq).where(Event.__table__.c.id == bindparam("id"))


def version(event_id: int) -> dict:
    """{seq, tally_seq}: how new the room's state is, for a socket that just joined (its "hello")."""
    seq, tally_seq = db.session.execute(_VERSION, {"id": event_id}).one()
    return {"seq": seq, "tally_seq": tally_seq}


def _parse_starts_at(value) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(_l("starts_at must be an ISO 8601 date and time."), field="starts_at") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC)
    return parsed.replace(tzinfo=None)


def check_timezone(value: str) -> str:
    if not isinstance(value, str) or not valid_timezone(value):
        raise InvalidInput(_l("timezone must be an IANA time zone name, like Europe/Berlin."),
                           code="invalid_timezone", field="timezone")
    return value


def check_language(value: str) -> str:
    if value not in LANGUAGES:
        raise InvalidInput(_l("language must be one of: en, zh_Hans."), code="invalid_language", field="language")
    return value


def _clean_fields(data: dict, *, creating: bool) -> dict:
    sent = parse(EventInput, data).given()
    clean = {name: value for name, value in sent.items() if name in SETTINGS or name == "speaker_time_limit"}
    for field, limit in TEXT_LIMITS.items():
        if field in sent:
            value = without_surrogates(sent[field] or "").strip()
            if len(value) > limit:
                raise InvalidInput(_l("%(field)s is longer than %(limit)s characters.", field=field, limit=limit),
                                   field=field)
            clean[field] = value
    if (creating or "title" in clean) and not clean.get("title"):
        raise InvalidInput(_l("The event needs a title."), field="title")
    if "starts_at" in sent:
        clean["starts_at"] = _parse_starts_at(sent["starts_at"])
    if sent.get("timezone") is not None:
        clean["timezone"] = check_timezone(sent["timezone"])
    if sent.get("language") is not None:
        clean["language"] = check_language(sent["language"])
    if "accent_color" in sent:
        from .branding import check_accent  # imports this module: bound late

        clean["accent_color"] = check_accent(sent["accent_color"])
    if "retention_days" in sent:
        clean["retention_days"] = sent["retention_days"]
    if "privacy_contact" in sent:
        clean["privacy_contact"] = clean_text(without_surrogates(sent["privacy_contact"] or ""),
                                              field="privacy_contact", max_length=PRIVACY_CONTACT_MAX,
                                              required=False, single_line=True)
    clean.update({name: sent[name] for name in JOINING if name in sent and sent[name] is not None})
    if "passcode" in sent:
        clean["passcode"] = _clean_passcode(sent["passcode"])
    if "organization_id" in sent:
        clean["organization_id"] = sent["organization_id"]
    return clean


def _check_organization(owner_id: int, fields: dict) -> None:
    """An event is attached only to an organization its owner owns (404 none, 403 someone else's)."""
    if fields.get("organization_id") is not None:
        owned_organization(owner_id, fields["organization_id"])


def _clean_passcode(value: str | None) -> str | None:
    value = without_surrogates(value or "").strip()
    if not value:
        return None
    low, high = PASSCODE_LENGTH
    if not low <= len(value) <= high or any(not ch.isprintable() for ch in value):
        raise InvalidInput(_l("The passcode is %(low)s to %(high)s characters on one line.", low=low, high=high),
                           field="passcode")
    return value


def _check_joining(event: Event) -> None:
    """The passcode mode needs a passcode (before anyone is asked for it)."""
    if event.join_mode == JoinMode.PASSCODE and not event.passcode:
        raise InvalidInput(_l("Set a passcode for the passcode mode."), code="passcode_missing", field="passcode")


@use_case
def create_event(*, owner_id: int, **data) -> str:
    fields = _clean_fields(data, creating=True)
    _check_organization(owner_id, fields)
    for _ in range(10):
        code = join_code()
        if db.session.execute(select(Event.id).filter_by(code=code).limit(1)).first() is None:
            break
    event = Event(owner_id=owner_id, code=code, **fields)
    _check_joining(event)
    db.session.add(event)
    db.session.flush()
    return event.code


def get_event(code: str, *, lock: bool = False) -> Event:
    """The event with this join code (404 event_not_found). lock=True, in a use case: its row is held
    until the use case commits (SELECT ... FOR NO KEY UPDATE, read as committed, in the same query), so
    the event's writes that read, decide and write (the speakers' numbers and queue, the question on the
    floor, merges, minutes versions, the team's commands) run one after another on PostgreSQL, as every
    write does on SQLite. Taken first, before the rows the use case reads (always the event, then its
    rows: no lock taken in a circle). Outside a use case (a read) it locks nothing."""
    query = _BY_CODE_LOCKED if lock and in_use_case() else _BY_CODE
    event = db.session.execute(query, {"code": (code or "").upper()}).scalar()
    if not event:
        raise event_not_found()
    return event


def locate(code: str) -> tuple[int, str]:
    """(id, code) of the event with this join code, remembered by this process: a code never changes
    and an event is never deleted, so a join storm asks the database once."""
    code = (code or "").upper()
    known = current_app.extensions.setdefault("townhall_event_codes", {})
    found = known.get(code)
    if found is None:
        event = get_event(code)
        if len(known) > 10_000:
            known.clear()
        found = known[code] = (event.id, event.code)
    return found


def event_not_found() -> NotFound:
    return NotFound(_l("No event with this code."), code="event_not_found")


def events_for(user_id: int) -> list[tuple[Event, str]]:
    """(event, role) for every event the user owns or helps run, newest first."""
    role = case((Event.owner_id == user_id, "owner"), else_=EventRole.role)
    rows = db.session.execute(
        select(Event, role)
        .outerjoin(EventRole, (EventRole.event_id == Event.id) & (EventRole.user_id == user_id))
        .where((Event.owner_id == user_id) | (EventRole.user_id == user_id))
        .order_by(Event.created_at.desc(), Event.id.desc())
    ).all()
    return [(event, role) for event, role in rows]


def public_payload(event: Event) -> dict:
    """The event as the room sees it, read again after a change in this use case."""
    db.session.flush()
    db.session.refresh(event)
    return serializers.event_public(event, join_url(event.code))


@use_case
def update_event(*, code: str, user_id: int, **data) -> None:
    event = get_event(code)
    permissions.require(user_id, event, "settings")
    fields = _clean_fields(data, creating=False)
    _check_organization(event.owner_id, fields)
    if "accent_color" in fields and fields["accent_color"] != event.accent_color:
        from . import operations  # imports this module: bound late

        operations.record(event.id, user_id, "branding", f"accent {fields['accent_color'] or 'default'}")
    for field, value in fields.items():
        setattr(event, field, value)
    _check_joining(event)
    bump_seq(event.id)
    payload = public_payload(event)
    on_commit(lambda: broadcast.event_updated(event.id, payload))
    if fields.keys() & SPEAKER_SETTINGS:
        from . import speakers  # imports this module: bound late

        speakers.announce(event)  # names hidden/shown, order and limit changed: the room redraws
