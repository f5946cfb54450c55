"""Minutes: the organizer's draft, the versions marked final, and the one published to attendees.

Who may: "minutes" (owner, moderator, note-taker) reads the state, previews, edits the draft,
downloads and marks final; "publish" (owner, moderator) publishes and withdraws.

An event has versions 1, 2, ...; at most one is a draft (a partial unique index). Each save of
the draft names the revision it was based on; another revision is refused with 409
"stale_revision" carrying the current draft, so two organizers never overwrite each other.
Mark final builds the document (minutes_record.document) and freezes it in `content`; a final
version never changes, and the next save opens version N+1 starting from the latest final.
Publishing moves the one publication; the room learns it with "minutes:published"
{seq, minutes: {version, published_at, url} | null}, absolute and without advancing seq.
"""
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError

from ..contracts import parse
from ..contracts.minutes import (
    ITEM_NOTES_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NEXT_STEPS_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    MinutesDraftInput,
)
from ..errors import Conflict, InvalidInput, NotFound
from ..exports import document
from ..extensions import db
from ..models import AgendaItem, Event, Minutes, utcnow
from ..models.statuses import MinutesStatus
from ..realtime import broadcast
from ..serializers import iso
from . import minutes_record, operations, permissions
from .events import get_event
from .ids import is_id
from .text import clean_text, long_text
from .transaction import on_commit, use_case

FIELDS = ("summary", "item_notes", "chair", "note_taker", "next_steps", "include_hidden_text")
LIMITS = {"summary": SUMMARY_MAX_LENGTH, "chair": NAME_MAX_LENGTH, "note_taker": NAME_MAX_LENGTH,
          "next_steps": NEXT_STEPS_MAX_LENGTH, "item_notes": ITEM_NOTES_MAX_LENGTH}

_UNSET = object()


class StaleRevision(Conflict):
    """The draft changed (or was marked final) since the revision the writer started from."""

    code = "stale_revision"

    def __init__(self, current: dict):
        super().__init__(_l("Someone else saved the minutes in the meantime. Reload to see their changes."),
                         field="base_revision")
        self.current = current

    def to_dict(self) -> dict:
        body = super().to_dict()
        body["error"]["current"] = self.current
        return body


# --- reading -----------------------------------------------------------------------

def _event(code: str, user_id: int | None, capability: str) -> Event:
    """The event, if the user may; in a use case, its row held until commit (get_event(code, lock=True)): two
    publications (or drafts, or finals) at once run one after another, the last one winning."""
    event = get_event(code, lock=True)
    permissions.require(user_id, event, capability)
    return event


def _versions(event_id: int) -> list[Minutes]:
    return list(db.session.scalars(select(Minutes).filter_by(event_id=event_id).order_by(Minutes.version)))


def _draft(event_id: int) -> Minutes | None:
    return db.session.scalars(select(Minutes).filter_by(event_id=event_id, status=MinutesStatus.DRAFT).limit(1)).first()


def _published(event_id: int) -> Minutes | None:
    return db.session.execute(_PUBLISHED, {"event_id": event_id}).scalar()


_PUBLISHED = (select(Minutes).where(Minutes.event_id == bindparam("event_id"), Minutes.published_at.is_not(None))
              .limit(1))


def _items(event_id: int) -> list[AgendaItem]:
    return list(db.session.scalars(select(AgendaItem).filter_by(event_id=event_id)
                                   .order_by(AgendaItem.position, AgendaItem.id)))


def _fields(row: Minutes) -> dict:
    return {"summary": row.summary, "item_notes": dict(row.item_notes or {}), "chair": row.chair,
            "note_taker": row.note_taker, "next_steps": row.next_steps,
            "include_hidden_text": bool(row.include_hidden_text)}


def _starting_fields(event: Event) -> dict:
    """What a new draft starts with: the latest final's fields, else empty ones (names: from the team)."""
    latest = db.session.scalars(select(Minutes).filter_by(event_id=event.id, status=MinutesStatus.FINAL)
                                .order_by(Minutes.version.desc()).limit(1)).first()
    if latest is not None:
        return _fields(latest)
    return {"summary": "", "item_notes": {}, "chair": "", "note_taker": "", "next_steps": "",
            "include_hidden_text": False}


def _defaults(event: Event) -> dict:
    """What the document says where the draft leaves chair, note-taker or next steps empty (exports/document.py)."""
    with force_locale(event.language or "en"):  # as the minutes will say it: in the event's language
        next_steps = str(document.DEFAULT_NEXT_STEPS)
    return {**document.default_names(*minutes_record.people(event.id)), "next_steps": next_steps}


def _next_version(event_id: int) -> int:
    return (db.session.execute(select(func.max(Minutes.version)).filter_by(event_id=event_id)).scalar_one() or 0) + 1


def _draft_wire(event: Event, draft: Minutes | None) -> dict:
    """The draft's editable fields, or (exists: false) those the next draft would start with."""
    if draft is None:
        return {"exists": False, "version": _next_version(event.id), "revision": 0, "updated_at": None,
                **_starting_fields(event)}
    return {"exists": True, "version": draft.version, "revision": draft.revision,
            "updated_at": iso(draft.updated_at), **_fields(draft)}


def _version_wire(row: Minutes) -> dict:
    return {"version": row.version, "status": row.status, "revision": row.revision,
            "finalized_at": iso(row.finalized_at), "published_at": iso(row.published_at),
            "updated_at": iso(row.updated_at)}


def _publication(event: Event, row: Minutes | None) -> dict | None:
    if row is None:
        return None
    return {"version": row.version, "published_at": iso(row.published_at), "url": f"/e/{event.code}/minutes"}


def _state(event: Event) -> dict:
    published = _published(event.id)
    return {
        "versions": [_version_wire(row) for row in _versions(event.id)],
        "draft": _draft_wire(event, _draft(event.id)),
        "items": [{"id": item.id, "position": item.position, "title": item.title, "live_notes": item.notes}
                  for item in _items(event.id)],
        "published": _publication(event, published),
        "defaults": _defaults(event),
        "limits": LIMITS,
    }


def state(*, code: str, user_id: int) -> dict:
    """{versions, draft, items (with their live notes), published, defaults, limits} for the minutes page."""
    return _state(_event(code, user_id, "minutes"))


def publication(event: Event) -> dict | None:
    """Which version attendees can read ({version, published_at, url}), or None. Public: for an event
    the page has loaded already (the attendee page is half of every join)."""
    return _publication(event, _published(event.id))


# --- checks ------------------------------------------------------------------------

def _long_text(value, field: str, max_length: int) -> str:
    return long_text(value, field=field, max_length=max_length, normalize=True)


def _name(value, field: str) -> str:
    return clean_text(value, field=field, max_length=NAME_MAX_LENGTH, required=False, single_line=True)


def _item_notes(value: dict | None, event_id: int) -> dict:
    if value is None:
        return {}
    item_ids = {str(item_id) for item_id in db.session.scalars(select(AgendaItem.id).filter_by(event_id=event_id))}
    clean = {}
    for key, notes in value.items():
        if key not in item_ids:
            raise InvalidInput(_l("item_notes names %(key)s, which is not an agenda item of this event.",
                                  key=repr(key[:20])),
                               code="item_not_found", field="item_notes")
        clean[key] = _long_text(notes, "item_notes", ITEM_NOTES_MAX_LENGTH)
    return clean


def _clean(event: Event, given: dict) -> dict:
    clean: dict[str, object] = {}
    for field, value in given.items():
        if field in ("summary", "next_steps"):
            clean[field] = _long_text(value, field, LIMITS[field])
        elif field in ("chair", "note_taker"):
            clean[field] = _name(value, field)
        elif field == "item_notes":
            clean[field] = _item_notes(value, event.id)
        elif field == "include_hidden_text":
            clean[field] = value
    return clean


def _revision(value) -> int:
    if not is_id(value) or value < 0:
        raise InvalidInput(_l("base_revision must be the revision of the draft you started from (an integer)."),
                           field="base_revision")
    return value


def _version_of(event: Event, version) -> Minutes:
    if not is_id(version) or version < 1:
        raise InvalidInput(_l("version must be a version number (1, 2, ...)."), field="version")
    row = db.session.scalars(select(Minutes).filter_by(event_id=event.id, version=version).limit(1)).first()
    if row is None:
        raise NotFound(_l("The minutes have no version %(version)s.", version=version), code="minutes_not_found")
    return row


# --- the draft -----------------------------------------------------------------------

@use_case
def save_draft(*, code: str, user_id: int, base_revision, summary=_UNSET, item_notes=_UNSET, chair=_UNSET,
               note_taker=_UNSET, next_steps=_UNSET, include_hidden_text=_UNSET) -> dict:
    """Save the fields given (others stay); opens the next version's draft if there is none.

    Their JSON types are those of contracts.minutes.MinutesDraftInput (parsed here too: the view has parsed
    the body already, other callers have not); _clean checks their content."""
    event = _event(code, user_id, "minutes")
    given = {"summary": summary, "item_notes": item_notes, "chair": chair, "note_taker": note_taker,
             "next_steps": next_steps, "include_hidden_text": include_hidden_text}
    sent = {field: value for field, value in given.items() if value is not _UNSET}
    parse(MinutesDraftInput, sent)
    changes = _clean(event, sent)
    base_revision = _revision(base_revision)
    draft = _draft(event.id)
    if draft is None:
        if base_revision != 0:  # the draft this writer saw was marked final meanwhile
            raise StaleRevision(_draft_wire(event, None))
        draft = Minutes(event_id=event.id, version=_next_version(event.id), status=MinutesStatus.DRAFT, revision=1,
                        updated_by=user_id, **{**_starting_fields(event), **changes})
        try:
            with db.session.begin_nested():
                db.session.add(draft)
                db.session.flush()
        except IntegrityError:  # another organizer opened the draft at the same moment
            raise StaleRevision(_draft_wire(event, _draft(event.id))) from None
        operations.record(event.id, user_id, "save_draft", ", ".join(changes), minutes_id=draft.id)
        return _state(event)
    if base_revision != draft.revision:
        raise StaleRevision(_draft_wire(event, draft))
    if all(getattr(draft, field) == value for field, value in changes.items()):
        return _state(event)  # nothing changed (e.g. a repeated autosave): same revision
    # The revision check is repeated in the UPDATE itself: the database is the real guard.
    saved = db.session.execute(
        update(Minutes)
        .where(Minutes.id == draft.id, Minutes.status == MinutesStatus.DRAFT, Minutes.revision == base_revision)
        .values(**changes, revision=Minutes.revision + 1, updated_at=utcnow(), updated_by=user_id)
        .returning(Minutes.revision)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    db.session.expire_all()
    if saved is None:
        raise StaleRevision(_draft_wire(event, _draft(event.id)))
    operations.record(event.id, user_id, "save_draft", ", ".join(changes), minutes_id=draft.id)
    return _state(event)


def _build(event: Event, version: int, fields: dict, *, finalized_at=None) -> dict:
    """The document with these draft fields, built from the record now (final: finalized_at, naive UTC)."""
    draft = {"version": version, "status": MinutesStatus.FINAL if finalized_at else MinutesStatus.DRAFT, **fields,
             "finalized_at": finalized_at}
    return minutes_record.document(event.id, draft=draft, now=finalized_at)


def _finalizable(code: str, user_id: int, base_revision) -> tuple[Event, Minutes]:
    event = _event(code, user_id, "minutes")
    base_revision = _revision(base_revision)
    draft = _draft(event.id)
    if draft is None:
        if base_revision != 0:
            raise StaleRevision(_draft_wire(event, None))
        raise Conflict(_l("There is no draft to mark final: save the minutes first."), code="no_draft")
    if base_revision != draft.revision:
        raise StaleRevision(_draft_wire(event, draft))
    return event, draft


def finalize(*, code: str, user_id: int, base_revision) -> dict:
    """Mark the draft final: its document is built now and frozen in content, with finalized_at (UTC).

    The document is built in a read transaction (a big event takes a moment), then frozen in a short
    write transaction that checks the draft is still at base_revision: votes are never held up meanwhile.
    """
    event, draft = _finalizable(code, user_id, base_revision)
    now = utcnow().replace(microsecond=0)
    content = _build(event, draft.version, _fields(draft), finalized_at=now)
    return _freeze(code=code, user_id=user_id, base_revision=base_revision, content=content, finalized_at=now)


@use_case
def _freeze(*, code: str, user_id: int, base_revision: int, content: dict, finalized_at) -> dict:
    event, draft = _finalizable(code, user_id, base_revision)
    frozen = db.session.execute(
        update(Minutes)
        .where(Minutes.id == draft.id, Minutes.status == MinutesStatus.DRAFT, Minutes.revision == base_revision)
        .values(status=MinutesStatus.FINAL, content=content, finalized_at=finalized_at, finalized_by=user_id,
                updated_at=finalized_at, updated_by=user_id)
        .returning(Minutes.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    db.session.expire_all()
    if frozen is None:
        raise StaleRevision(_draft_wire(event, _draft(event.id)))
    operations.record(event.id, user_id, "finalize", minutes_id=frozen)
    return _state(event)


# --- publication ---------------------------------------------------------------------

def _announce(event: Event, row: Minutes | None) -> None:
    payload, event_id, seq = _publication(event, row), event.id, event.seq
    on_commit(lambda: broadcast.minutes_published(event_id, seq, payload))


@use_case
def publish(*, code: str, user_id: int, version) -> dict:
    """Publish a final version to attendees; the version published before (if any) is withdrawn."""
    event = _event(code, user_id, "publish")
    row = _version_of(event, version)
    if row.status != MinutesStatus.FINAL:
        raise Conflict(_l("Version %(version)s is a draft: mark it final before publishing it.", version=row.version),
                       code="not_final", field="version")
    if row.published_at is None:
        current = _published(event.id)
        if current is not None:  # at most one published (a partial unique index): clear it first
            current.published_at = None
            db.session.flush()
        row.published_at = utcnow().replace(microsecond=0)
        db.session.flush()
        operations.record(event.id, user_id, "publish", f"version {row.version}", minutes_id=row.id)
        _announce(event, row)
    return _state(event)


@use_case
def unpublish(*, code: str, user_id: int) -> dict:
    """Withdraw the published minutes (nothing published: nothing changes)."""
    event = _event(code, user_id, "publish")
    current = _published(event.id)
    if current is not None:
        current.published_at = None
        db.session.flush()
        operations.record(event.id, user_id, "unpublish", f"version {current.version}", minutes_id=current.id)
        _announce(event, None)
    return _state(event)


# --- documents -----------------------------------------------------------------------

def document_for(*, code: str, user_id: int, version=None) -> dict:
    """The document of a version: a final one as frozen; the draft (version None or its number)
    built now, or, with no draft, what the next draft would show."""
    event = _event(code, user_id, "minutes")
    if version is None:
        draft = _draft(event.id)
        if draft is None:
            return _build(event, _next_version(event.id), _starting_fields(event))
        return _build(event, draft.version, _fields(draft))
    row = _version_of(event, version)
    return row.content if row.status == MinutesStatus.FINAL else _build(event, row.version, _fields(row))


def published_document(*, code: str) -> dict:
    """The published version's frozen document, for anyone with the event's link."""
    event = get_event(code)
    row = _published(event.id)
    if row is None:
        raise NotFound(_l("The minutes of this meeting are not published yet."), code="minutes_not_published")
    return row.content


def questions_csv(*, code: str, user_id: int, include_hidden: bool = False) -> str:
    """Every question of the event as CSV (hidden and rejected ones only when include_hidden)."""
    event = _event(code, user_id, "minutes")
    if not isinstance(include_hidden, bool):
        raise InvalidInput(_l("include_hidden must be true or false."), field="include_hidden")
    return minutes_record.questions_csv(event.id, include_hidden=include_hidden)


def polls_csv(*, code: str, user_id: int) -> str:
    """Every poll's results as CSV (confidential polls under the threshold show no numbers)."""
    event = _event(code, user_id, "minutes")
    return minutes_record.polls_csv(event.id)
