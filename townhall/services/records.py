"""Notes, decisions and action items per agenda item, recorded live.

Who may write: the "notes" capability (owner, moderator, note-taker); who may read: "view".
Every change bumps the event's sequence once and tells the organizers (never the room)
with "records:changed" {seq, item_id, records}: that item's notes, decisions and actions.

Notes are one text per item, autosaved while someone types. Each save names the version
it was based on; a save based on an older version is refused with "notes_conflict" and
the current text, so two note-takers never overwrite each other silently.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from ..contracts import parse
from ..contracts.records import (
    ACTION_MAX_LENGTH,
    DECISION_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    OWNER_MAX_LENGTH,
    VOTE_RESULT_MAX_LENGTH,
    ActionItemInput,
    DecisionInput,
)
from ..errors import Conflict, InvalidInput
from ..extensions import db
from ..models import ActionItem, AgendaItem, Decision, Event, utcnow
from ..realtime import broadcast
from ..serializers import records as wire
from . import permissions
from .events import bump_seq, get_event
from .ids import is_id
from .rows import in_event, required_row
from .text import clean_text, long_text
from .transaction import on_commit, use_case


class NotesConflict(Conflict):
    """The notes changed since the version the writer started from; carries the current notes."""

    code = "notes_conflict"

    def __init__(self, current: dict):
        super().__init__(_l("Someone else changed these notes in the meantime. Merge your text with theirs "
                            "and save again."), field="base_version")
        self.current = current

    def to_dict(self) -> dict:
        body = super().to_dict()
        body["error"]["current"] = self.current
        return body


# --- reading -------------------------------------------------------------------

def _records_of(items: list[AgendaItem]) -> dict:
    ids = [item.id for item in items]
    decisions: dict[int, list[Decision]] = {i: [] for i in ids}
    actions: dict[int, list[ActionItem]] = {i: [] for i in ids}
    if ids:
        for d in db.session.scalars(select(Decision).where(Decision.agenda_item_id.in_(ids)).order_by(Decision.id)):
            decisions[d.agenda_item_id].append(d)
        for a in db.session.scalars(select(ActionItem).where(ActionItem.agenda_item_id.in_(ids))
                                  .order_by(ActionItem.id)):
            actions[a.agenda_item_id].append(a)
    return {str(item.id): wire.item_records(item, decisions[item.id], actions[item.id]) for item in items}


def view(event: Event) -> dict:
    """The records part of a moderator snapshot: {"items": {"<item id>": records}}."""
    items = list(db.session.scalars(select(AgendaItem).filter_by(event_id=event.id)
                                    .order_by(AgendaItem.position, AgendaItem.id)))
    return {"items": _records_of(items)}


def event_records(*, code: str, user_id: int) -> dict:
    """Every item's records, for the team of the event (and scripts writing minutes)."""
    event = get_event(code)
    permissions.require(user_id, event, "view")
    return view(event)


def _item_records(item: AgendaItem) -> dict:
    return _records_of([item])[str(item.id)]


# --- checks ------------------------------------------------------------------------

def _writable(code: str, user_id: int) -> Event:
    event = get_event(code, lock=True)  # the team's writes on the event one after another
    permissions.require(user_id, event, "notes")
    return event


def _id(value, field: str) -> int:
    if not is_id(value):
        raise InvalidInput(_l("%(field)s must be an integer.", field=field), field=field)
    return value


def _item_in(event: Event, item_id) -> AgendaItem:
    return in_event(event.id, AgendaItem, item_id, field="item_id", missing=_l("No such agenda item in this event."),
                    code="item_not_found")




def _announce(event_id: int, item: AgendaItem) -> None:
    """One change of one item's records: seq + 1, organizers get the item's records after commit."""
    seq = bump_seq(event_id)
    db.session.flush()
    records = _item_records(item)
    on_commit(lambda: broadcast.changed(event_id, seq, "records:changed", public=None,
                                        moderators={"item_id": item.id, "records": records}))


def _notes_text(value) -> str:
    return long_text(value, field="text", max_length=NOTES_MAX_LENGTH, subject=_l("The notes"))


def _vote_result(value) -> str:
    return clean_text(value, field="vote_result", max_length=VOTE_RESULT_MAX_LENGTH, required=False,
                      single_line=True)


def _owner(value) -> str:
    return clean_text(value, field="owner", max_length=OWNER_MAX_LENGTH, required=False, single_line=True)


def _due_date(value: str | None) -> date | None:
    """Text or None: add_action and update_action parse their fields with contracts.records.ActionItemInput."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(_l("due_date must be a date like 2026-12-31."), field="due_date") from None


def _decision_text(value) -> str:
    return clean_text(value, field="text", max_length=DECISION_MAX_LENGTH)


def _action_what(value) -> str:
    return clean_text(value, field="what", max_length=ACTION_MAX_LENGTH)


def _change(event: Event, record, changes: dict) -> None:
    """Apply cleaned changes to a decision or action item; announce only a real change."""
    if any(getattr(record, key) != value for key, value in changes.items()):
        for key, value in changes.items():
            setattr(record, key, value)
        _announce(event.id, required_row(AgendaItem, record.agenda_item_id))


# --- notes -------------------------------------------------------------------------

@use_case
def save_notes(*, code: str, user_id: int, item_id, text, base_version) -> dict:
    """Replace an item's notes if nobody saved since base_version; returns the notes with their new version."""
    event = _writable(code, user_id)
    item = _item_in(event, item_id)
    text = _notes_text(text)
    base_version = _id(base_version, "base_version")
    current = {**wire.notes(item), "item_id": item.id}
    if base_version != item.notes_version:
        raise NotesConflict(current)
    if text == item.notes:
        return current  # nothing changed (e.g. a repeated autosave)
    # The version check is repeated in the UPDATE itself: the database is the real guard.
    saved = db.session.execute(
        update(AgendaItem)
        .where(AgendaItem.id == item.id, AgendaItem.notes_version == base_version)
        .values(notes=text, notes_version=AgendaItem.notes_version + 1, notes_updated_at=utcnow())
        .returning(AgendaItem.notes_version)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    db.session.refresh(item)
    if saved is None:
        raise NotesConflict({**wire.notes(item), "item_id": item.id})
    _announce(event.id, item)
    return {**wire.notes(item), "item_id": item.id}


# --- decisions -----------------------------------------------------------------------

@use_case
def add_decision(*, code: str, user_id: int, item_id, text, vote_result="") -> dict:
    event = _writable(code, user_id)
    item = _item_in(event, item_id)
    decision = Decision(agenda_item_id=item.id, created_by=user_id,
                        text=_decision_text(text),
                        vote_result=_vote_result(vote_result))
    db.session.add(decision)
    _announce(event.id, item)
    return wire.decision(decision)


@use_case
def update_decision(*, code: str, user_id: int, decision_id, **data) -> dict:
    return _update(code, user_id, Decision, decision_id, data)


@use_case
def delete_decision(*, code: str, user_id: int, decision_id) -> None:
    _delete(code, user_id, Decision, decision_id)


# --- action items --------------------------------------------------------------------

@use_case
def add_action(*, code: str, user_id: int, item_id, what, owner="", due_date=None) -> dict:
    event = _writable(code, user_id)
    item = _item_in(event, item_id)
    sent = parse(ActionItemInput, {"what": what, "owner": owner, "due_date": due_date})
    action = ActionItem(agenda_item_id=item.id, created_by=user_id,
                        what=_action_what(sent.what),
                        owner=_owner(sent.owner), due_date=_due_date(sent.due_date))
    db.session.add(action)
    _announce(event.id, item)
    return wire.action(action)


@use_case
def update_action(*, code: str, user_id: int, action_id, **data) -> dict:
    return _update(code, user_id, ActionItem, action_id, data)


@use_case
def delete_action(*, code: str, user_id: int, action_id) -> None:
    _delete(code, user_id, ActionItem, action_id)


# --- editing and deleting either kind -----------------------------------------------

@dataclass(frozen=True)
class _Kind:
    """What differs between a decision and an action item when one is edited or deleted."""

    missing: Any  # the NotFound message (a lazy string)
    not_found: str
    contract: type[DecisionInput] | type[ActionItemInput]
    cleaners: dict[str, Callable[[Any], Any]]
    wire: Callable[[Any], dict]


_KINDS = {
    Decision: _Kind(_l("No such decision in this event."), "decision_not_found", DecisionInput,
                    {"text": _decision_text, "vote_result": _vote_result}, wire.decision),
    ActionItem: _Kind(_l("No such action item in this event."), "action_not_found", ActionItemInput,
                      {"what": _action_what, "owner": _owner, "due_date": _due_date}, wire.action),
}


def _record_in(event: Event, model, record_id):
    return in_event(event.id, model, record_id, field="id", code=_KINDS[model].not_found,
                    missing=_KINDS[model].missing,
                    event_of=lambda row: required_row(AgendaItem, row.agenda_item_id).event_id)


def _update(code: str, user_id: int, model, record_id, data: dict) -> dict:
    kind = _KINDS[model]
    event = _writable(code, user_id)
    sent = parse(kind.contract, data).given()
    record = _record_in(event, model, record_id)
    _change(event, record, {key: kind.cleaners[key](value) for key, value in sent.items()})
    return kind.wire(record)


def _delete(code: str, user_id: int, model, record_id) -> None:
    event = _writable(code, user_id)
    record = _record_in(event, model, record_id)
    item = required_row(AgendaItem, record.agenda_item_id)
    db.session.delete(record)
    _announce(event.id, item)
