"""A row named by a client, checked to belong to the event at hand: what every command that
names a question, poll, agenda item, record or speaker request does first."""
from typing import TypeVar

from flask_babel import lazy_gettext as _l

from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..models import AgendaItem
from .ids import is_id

T = TypeVar("T")


def in_event(event_id: int, model, row_id, *, field: str, missing: str, code: str, event_of=None,
             missing_field: str | None = None):
    """The `model` row with id `row_id` if it belongs to the event, else NotFound(`missing`, `code`);
    an id that is not a whole number fitting the id columns is InvalidInput on `field`.
    event_of(row): the row's event id, when the row does not hold it itself."""
    if not is_id(row_id):
        raise InvalidInput(_l("%(field)s must be an integer.", field=field), field=field)
    row = db.session.get(model, row_id)
    if row is None or (event_of(row) if event_of else row.event_id) != event_id:
        raise NotFound(missing, code=code, field=missing_field)
    return row


def required_row(model: type[T], row_id: int, **options) -> T:
    """A row the database vouches for (a foreign key points to it, or its id was just read):
    loaded by primary key. Its absence is a bug, not a client's mistake."""
    row = db.session.get(model, row_id, **options)
    if row is None:
        raise LookupError(f"{model.__name__} {row_id} does not exist")
    return row


def agenda_item_in(event_id: int, item_id, field: str = "agenda_item_id") -> AgendaItem:
    """An agenda item of the event, named in `field` (an item to ask about, file a question or a
    poll under, or run)."""
    return in_event(event_id, AgendaItem, item_id, field=field, missing=_l("No such agenda item in this event."),
                    code="agenda_item_not_found", missing_field=field)
