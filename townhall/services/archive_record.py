"""The event's whole record as the archive is made from it (exports/archive.py), read as plain dicts.

For each table the archive names (exports/archive.COLUMNS), the event's rows with exactly those
columns and nothing else, so nothing that links a person to what they did is even read: no
attendee ids, tokens, author or voter tags, ballot ids or votes. Reads only; needs an app context.
"""
from sqlalchemy import select

from ..exports.archive import COLUMNS
from ..extensions import db
from ..models import (
    ActionItem,
    AgendaItem,
    Ballot,
    Decision,
    Event,
    EventLogo,
    Followup,
    LedgerEntry,
    Minutes,
    Office,
    Organization,
    Poll,
    Question,
    SpeakerRequest,
)


def _select(model):
    return select(*(getattr(model, name) for name in COLUMNS[model.__tablename__]))


def _rows(statement) -> list[dict]:
    return [dict(row._mapping) for row in db.session.execute(statement)]


def _of_items(model):
    """The rows of a table that hangs off the agenda items (decisions, action items)."""
    return _select(model).join(AgendaItem, AgendaItem.id == model.agenda_item_id)


def read(event_id: int) -> dict:
    """{table: rows} for each table of exports/archive.COLUMNS ("events": the event's row), with the
    organization's and offices' names (exports/archive.export); the event exists."""
    event = db.session.execute(_select(Event).where(Event.id == event_id)).one()
    return {
        "events": dict(event._mapping),
        "agenda_items": _rows(_select(AgendaItem).where(AgendaItem.event_id == event_id)
                              .order_by(AgendaItem.position, AgendaItem.id)),
        "decisions": _rows(_of_items(Decision).where(AgendaItem.event_id == event_id).order_by(Decision.id)),
        "action_items": _rows(_of_items(ActionItem).where(AgendaItem.event_id == event_id).order_by(ActionItem.id)),
        "questions": _rows(_select(Question).where(Question.event_id == event_id)
                           .order_by(Question.created_at, Question.id)),
        "speaker_requests": _rows(_select(SpeakerRequest).where(SpeakerRequest.event_id == event_id)
                                  .order_by(SpeakerRequest.requested_at, SpeakerRequest.id)),
        "polls": _rows(_select(Poll).where(Poll.event_id == event_id).order_by(Poll.created_at, Poll.id)),
        # in no order: the archive sorts a poll's ballots by their JSON
        "ballots": _rows(_select(Ballot).join(Poll, Poll.id == Ballot.poll_id).where(Poll.event_id == event_id)),
        "minutes": _rows(_select(Minutes).where(Minutes.event_id == event_id).order_by(Minutes.version)),
        **_followups(event_id),
        "logo": db.session.execute(select(EventLogo.data).where(EventLogo.event_id == event_id)).scalar(),
    }


def _followups(event_id: int) -> dict:
    """The ledger (in the order taken), the follow-ups, the event's organization's name and the names
    of the offices they refer to."""
    ledger = _rows(_select(LedgerEntry).where(LedgerEntry.event_id == event_id).order_by(LedgerEntry.id))
    followups = _rows(_select(Followup).where(Followup.event_id == event_id).order_by(Followup.question_id))
    office_ids = {row["office_id"] for row in ledger + followups if row["office_id"] is not None}
    names = select(Office.id, Office.name).where(Office.id.in_(office_ids))
    offices: dict[int, str] = dict(db.session.execute(names).all()) if office_ids else {}
    organization = db.session.execute(select(Organization.name).join(Event, Event.organization_id == Organization.id)
                                      .where(Event.id == event_id)).scalar()
    return {"question_ledger": ledger, "followups": followups, "organization": organization, "offices": offices}
