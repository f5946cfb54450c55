"""The agenda and the run of show: items, order, start/next/back/pause, timers, templates.

Rules a chair can rely on (docs/realtime.md, "Agenda", has the wire format):

- Items are kept in dense positions 0..n-1. Reordering sends the full list of the
  event's item ids. The item on the floor (running or paused) cannot be deleted,
  nor can an item with recorded decisions or action items (the meeting's record).
- The run of show (start, start_item, next, back, pause, resume, end, and the actual times) is
  decided in ``run_of_show`` without a database; ``run`` loads the rows and writes its changes.
- Closing an event (``is_open``) closes questions and votes only: the agenda can still
  be edited and run.
- Every change bumps the event's sequence once and broadcasts ``agenda:changed``
  {seq, server_now, agenda} to the room and to moderators after commit.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..contracts import parse
from ..contracts.agenda import ACTIONS, DEFAULT_MINUTES, MAX_ITEMS, TEXT_LIMITS, AgendaItemInput  # noqa: F401 (ACTIONS: the API's list)
from ..errors import Conflict, InvalidInput, NotFound
from ..extensions import db
from ..models import ActionItem, AgendaItem, AgendaTemplate, Decision, Event, utcnow
from ..models.statuses import ItemStatus
from ..realtime import broadcast
from ..serializers import agenda as wire
from ..serializers import iso
from . import permissions, polls, questions, run_of_show
from .events import bump_seq, get_event
from .ids import is_id
from .rows import agenda_item_in
from .text import clean_text
from .transaction import on_commit, use_case

TEMPLATE_NAME_MAX = 120


# --- reading --------------------------------------------------------------------

def _items(event_id: int) -> list[AgendaItem]:
    return list(db.session.scalars(select(AgendaItem).filter_by(event_id=event_id)
                                   .order_by(AgendaItem.position, AgendaItem.id)))


def _view(event: Event, now=None) -> dict:
    items = _items(event.id)
    next_item, previous = run_of_show.next_item(event, items), run_of_show.previous_item(event, items)
    return wire.agenda(event, items, now or utcnow(),
                       next_item_id=next_item.id if next_item else None,
                       previous_item_id=previous.id if previous else None)


def view(event: Event, *, moderator: bool, now=None) -> dict:
    """The agenda part of a snapshot: items in order and the run-of-show state, timers as of now.

    The room and moderators see the same agenda (it is public in a town hall).
    """
    return _view(event, now)


def agenda_of(*, code: str) -> dict:
    """The agenda of an event, for anyone who knows the join code."""
    return _view(get_event(code))


def _announce(event: Event) -> dict:
    """Bump the sequence once for this use case; broadcast the new agenda after commit."""
    seq = bump_seq(event.id)
    db.session.flush()
    now = utcnow()
    message = {"server_now": iso(now), "agenda": _view(event, now)}
    on_commit(lambda: broadcast.changed(event.id, seq, "agenda:changed", public=message, moderators=message))
    return {"seq": seq, **message}


def _integer(value, field: str) -> int:
    if not is_id(value):  # JSON can hold anything, also numbers no id column can hold
        raise InvalidInput(_l("%(field)s must be an integer.", field=field), field=field)
    return value


def _item_in(event: Event, item_id) -> AgendaItem:
    return agenda_item_in(event.id, item_id, "item_id")


def _editable_event(code: str, user_id: int | None) -> Event:
    event = get_event(code, lock=True)  # the team's writes on the event one after another
    permissions.require(user_id, event, "agenda")
    return event


# --- editing --------------------------------------------------------------------

def _clean(data: dict, *, creating: bool) -> dict:
    if not isinstance(data, dict):
        raise InvalidInput(_l("An agenda item must be an object."), field="items")
    sent = parse(AgendaItemInput, data).given()
    clean = {field: clean_text(sent[field], field=field, max_length=limit, required=field == "title",
                               single_line=field != "description")
             for field, limit in TEXT_LIMITS.items() if field in sent}
    if creating and "title" not in clean:
        raise InvalidInput(_l("The agenda item needs a title."), code="empty", field="title")
    if "planned_minutes" in sent:
        clean["planned_minutes"] = sent["planned_minutes"]
    return clean


def _append(event: Event, existing: int, fields: list[dict]) -> list[AgendaItem]:
    if existing + len(fields) > MAX_ITEMS:
        raise Conflict(_l("An agenda holds at most %(count)s items.", count=MAX_ITEMS), code="agenda_full")
    added = []
    for offset, clean in enumerate(fields):
        item = AgendaItem(event_id=event.id, position=existing + offset, status=ItemStatus.UPCOMING,
                          title=clean["title"], description=clean.get("description", ""),
                          presenter=clean.get("presenter", ""),
                          planned_minutes=clean.get("planned_minutes", DEFAULT_MINUTES))
        db.session.add(item)
        added.append(item)
    db.session.flush()
    return added


@use_case
def add_item(*, code: str, user_id: int, **data) -> dict:
    """Append an item: {title, description?, presenter?, planned_minutes?}."""
    event = _editable_event(code, user_id)
    clean = _clean(data, creating=True)
    (item,) = _append(event, len(_items(event.id)), [clean])
    return {"item_id": item.id, **_announce(event)}


@use_case
def update_item(*, code: str, user_id: int, item_id, **data) -> dict:
    event = _editable_event(code, user_id)
    item = _item_in(event, item_id)
    for field, value in _clean(data, creating=False).items():
        setattr(item, field, value)
    return {"item_id": item.id, **_announce(event)}


@use_case
def delete_item(*, code: str, user_id: int, item_id) -> dict:
    """Delete an item; its questions and polls then belong to no item (announced as their own changes)."""
    event = _editable_event(code, user_id)
    item = _item_in(event, item_id)
    if item.id == event.current_item_id:
        raise Conflict(_l("This item is on the floor: move on to another item before deleting it."),
                       code="item_is_current")
    records = sum(db.session.execute(select(func.count()).select_from(model).filter_by(agenda_item_id=item.id))
                  .scalar_one() for model in (Decision, ActionItem))
    if records:
        raise Conflict(_l("This item has decisions or action items in the meeting's record; it cannot be deleted."),
                       code="item_has_records")
    questions.detach_agenda_item(event.id, item.id)  # before the row goes: finds them by its id
    polls.detach_agenda_item(event.id, item.id)
    db.session.delete(item)
    db.session.flush()
    for position, remaining in enumerate(_items(event.id)):
        remaining.position = position
    return _announce(event)


@use_case
def reorder(*, code: str, user_id: int, item_ids) -> dict:
    """Put the items in the order of item_ids, which must list exactly this event's items."""
    event = _editable_event(code, user_id)
    items = {i.id: i for i in _items(event.id)}
    if (not isinstance(item_ids, list)
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in item_ids)
            or len(item_ids) != len(set(item_ids)) or set(item_ids) != set(items)):
        raise InvalidInput(_l("item_ids must list every item of this agenda exactly once."),
                           code="invalid_order", field="item_ids")
    for position, item_id in enumerate(item_ids):
        items[item_id].position = position
    return _announce(event)


# --- run of show ------------------------------------------------------------------

@use_case
def run(*, code: str, user_id: int, action, item_id=None) -> dict:
    """One run-of-show action: start, start_item (item_id), next, back, pause, resume, end.

    The decision is `run_of_show.decide`'s; here the rows are loaded and the changes written."""
    event = _editable_event(code, user_id)
    if action == "start_item" and item_id is not None:
        _item_in(event, item_id)  # an item of this event, or NotFound
    step = run_of_show.Step(event, _items(event.id), utcnow(), item_id)
    run_of_show.apply(run_of_show.decide(action, step))
    return _announce(event)


# --- templates ---------------------------------------------------------------------

@use_case
def save_template(*, code: str, user_id: int, name) -> dict:
    """Save the event's agenda (titles, descriptions, presenters, planned minutes) as the user's template."""
    event = get_event(code)
    permissions.require(user_id, event, "view")
    name = clean_text(name, field="name", max_length=TEMPLATE_NAME_MAX, single_line=True)
    items = _items(event.id)
    if not items:
        raise Conflict(_l("The agenda is empty: there is nothing to save."), code="agenda_empty")
    template = AgendaTemplate(owner_id=user_id, name=name, items=[wire.template_item(i) for i in items],
                              created_at=utcnow())
    db.session.add(template)
    db.session.flush()
    return wire.template(template)


def list_templates(*, user_id: int) -> list[dict]:
    rows = db.session.scalars(select(AgendaTemplate).filter_by(owner_id=user_id)
                              .order_by(AgendaTemplate.created_at.desc(), AgendaTemplate.id.desc())).all()
    return [wire.template(t) for t in rows]


def _own_template(user_id: int, template_id) -> AgendaTemplate:
    template = db.session.get(AgendaTemplate, _integer(template_id, "template_id"))
    if template is None or template.owner_id != user_id:  # someone else's: as if it did not exist
        raise NotFound(_l("No such template."), code="template_not_found", field="template_id")
    return template


@use_case
def delete_template(*, user_id: int, template_id) -> None:
    db.session.delete(_own_template(user_id, template_id))


@use_case
def apply(*, code: str, user_id: int, template_id=None, from_event=None) -> dict:
    """Append copies of a template's items (one of the user's) or of another event's agenda (one they can view).

    Copies are upcoming items without times; allowed at any time, also during the meeting.
    """
    event = _editable_event(code, user_id)
    if (template_id is None) == (from_event is None):
        raise InvalidInput(_l("Send either template_id or from_event."), field="template_id")
    if template_id is not None:
        sources = _own_template(user_id, template_id).items
    else:
        if not isinstance(from_event, str):
            raise InvalidInput(_l("from_event must be an event's join code."), field="from_event")
        source = get_event(from_event)
        if source.id == event.id:
            raise InvalidInput(_l("That is this event's own agenda."), code="same_event", field="from_event")
        permissions.require(user_id, source, "view")
        sources = [wire.template_item(i) for i in _items(source.id)]
    if not isinstance(sources, list) or not sources:
        raise Conflict(_l("There are no items to copy."), code="agenda_empty")
    fields = [_clean(item, creating=True) for item in sources]
    added = _append(event, len(_items(event.id)), fields)
    return {"item_ids": [i.id for i in added], **_announce(event)}
