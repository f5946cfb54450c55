"""What the minutes and their CSV files are made from, read from the database as plain data.

``load`` reads the meeting's record (exports/record.py) in a fixed number of queries, whatever
the size of the event (each table once, aggregates in SQL), plus one per poll for its results;
``document`` builds the minutes document from it (exports/document.py). ``questions_csv`` and
``polls_csv`` read what exports/tables.py writes. Poll results come only from
poll_results.results(poll, moderator=False). Only the columns the minutes print are selected:
no author tags, attendee ids or tokens ever leave the database here. Reads only; needs an app
context. The callers check who may read (services/minutes.py).
"""
from dataclasses import fields
from datetime import datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..errors import NotFound
from ..exports import document as minutes_document
from ..exports import record as rec
from ..exports import tables
from ..extensions import db
from ..locales import DEFAULT
from ..models import (
    ActionItem,
    AgendaItem,
    Attendee,
    Ban,
    Decision,
    Event,
    EventRole,
    Poll,
    Question,
    SpeakerRequest,
    User,
    Vote,
    utcnow,
)
from . import branding, fairness, minutes_followup, poll_results, vote_trust
from .presence import peak_seen

_WORKED_OUT = ("status", "closed_at", "result", "among")  # a rec.Poll's fields that are not columns


def _columns(model, kind, **computed) -> list:
    """The model's columns for each field of the plain type kind (computed: field -> SQL expression)."""
    return [computed[f.name].label(f.name) if f.name in computed else getattr(model, f.name) for f in fields(kind)]


def _plain(kind, statement) -> list:
    """The rows of a statement selecting _columns(model, kind), as kind (positionally: the fields' order)."""
    return [kind(*row) for row in db.session.execute(statement)]


def _count(statement) -> int:
    return db.session.execute(statement).scalar_one() or 0


def people(event_id: int) -> tuple[str, list]:
    """(the owner's name, [(role, name)] of the team in the order they joined)."""
    owner = db.session.execute(
        select(User.name).join(Event, Event.owner_id == User.id).where(Event.id == event_id)
    ).scalar_one()
    team = db.session.execute(
        select(EventRole.role, User.name).join(User, User.id == EventRole.user_id)
        .where(EventRole.event_id == event_id).order_by(EventRole.created_at, EventRole.id)
    ).all()
    return owner, [tuple(row) for row in team]


def joined_count(event_id: int) -> int:
    """Phones that joined: those still known, and those whose identity retention deleted."""
    known = select(func.count()).select_from(Attendee).where(Attendee.event_id == event_id).scalar_subquery()
    return _count(select(Event.forgotten_attendees + known).where(Event.id == event_id))


def _minute(column):
    """The column truncated to the minute, in SQL (text on SQLite, a timestamp elsewhere)."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d %H:%M:00", column)
    return func.date_trunc("minute", column)


def _as_datetime(value) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime.fromisoformat(str(value))


def vote_minutes(event_id: int) -> list[tuple[datetime, int]]:
    """[(minute, votes)]: the votes cast on the event's questions, counted per minute (naive UTC), in order."""
    minute = _minute(Vote.created_at).label("minute")
    rows = db.session.execute(
        select(minute, func.count()).select_from(Vote)
        .join(Question, Question.id == Vote.question_id).where(Question.event_id == event_id)
        .group_by(minute).order_by(minute)
    ).all()
    return [(_as_datetime(at), votes) for at, votes in rows]


def poll_outcome(poll: Poll, now, *, trusted: bool = False) -> rec.Poll:
    """A poll as the minutes and the CSV show it: status and closing time as of now, the room's results;
    trusted: with the results among verified and in-room phones."""
    columns = {f.name: getattr(poll, f.name) for f in fields(rec.Poll) if f.name not in _WORKED_OUT}
    return rec.Poll(**columns, status=poll_results.status_of(poll, now),
                    closed_at=poll_results.closed_at_of(poll, now), result=poll_results.results(poll, moderator=False),
                    among=poll_results.among(poll) if trusted else None)


def shows_trust(event_id: int) -> bool:
    """The minutes show the counts among verified and in-room phones when the event asked for them or
    used verified joining or the in-room QR."""
    asked = db.session.execute(select(Event.show_trusted_counts).where(Event.id == event_id)).scalar_one()
    return bool(asked) or vote_trust.used(event_id)


def _by_item(model, kind, event_id: int) -> list:
    """The event's rows of a table that hangs off agenda items (decisions, action items), oldest first."""
    return _plain(kind, select(*_columns(model, kind)).join(AgendaItem, AgendaItem.id == model.agenda_item_id)
                  .where(AgendaItem.event_id == event_id).order_by(model.id))


def load(event_id: int, *, now) -> rec.Record | None:
    """The event's record as of now (naive UTC), or None if there is no such event."""
    event = db.session.execute(select(*_columns(Event, rec.Event)).where(Event.id == event_id)).one_or_none()
    if event is None:
        return None
    record_event = rec.Event(*event)
    with force_locale(record_event.language or DEFAULT):  # what the record words itself ("No item"): as the minutes
        return _record(event_id, record_event, now=now)


def _record(event_id: int, event: rec.Event, *, now) -> rec.Record:
    owner, team = people(event_id)
    minutes = vote_minutes(event_id)
    trusted = shows_trust(event_id)
    polls = db.session.execute(
        select(Poll).where(Poll.event_id == event_id, Poll.status != "draft").order_by(Poll.opened_at, Poll.id)
    ).scalars().all()
    return rec.Record(
        event=event, owner=owner, team=team, logo=branding.logo_for_minutes(event_id),
        joined=joined_count(event_id),
        peak_here=peak_seen(event_id),  # the database's peak may lag it by a second
        votes=sum(votes for _, votes in minutes),
        banned=_count(select(func.count()).select_from(Ban).where(Ban.event_id == event_id)),
        items=_plain(rec.Item, select(*_columns(AgendaItem, rec.Item)).where(AgendaItem.event_id == event_id)
                     .order_by(AgendaItem.position, AgendaItem.id)),
        decisions=_by_item(Decision, rec.Decision, event_id),
        actions=_by_item(ActionItem, rec.Action, event_id),
        questions=_plain(rec.Question, select(*_columns(Question, rec.Question,
                                                        edited=Question.original_text.is_not(None)))
                         .where(Question.event_id == event_id).order_by(Question.id)),
        speakers=_plain(rec.Speaker, select(*_columns(SpeakerRequest, rec.Speaker))
                        .where(SpeakerRequest.event_id == event_id,
                               SpeakerRequest.status.in_(("done", "speaking")))
                        .order_by(SpeakerRequest.called_at, SpeakerRequest.id)),
        polls=[poll_outcome(poll, now, trusted=trusted) for poll in polls],
        vote_minutes=minutes,
        question_trust=vote_trust.question_counts(event_id) if trusted else None,
        followup=minutes_followup.load(event_id, now=now),
        fairness=fairness.figures_of(event_id),
    )


def document(event_id: int, *, draft: dict | None = None, now=None) -> dict:
    """The minutes document of an event (exports/document.py), as of now (naive UTC; default: the
    present); draft: the minutes version's own fields (docs/minutes.md). Reads; never writes."""
    now = now or utcnow()
    record = load(event_id, now=now)
    if record is None:
        raise NotFound(_l("No such event."), code="event_not_found")
    with force_locale(record.event.language or DEFAULT):  # its sentences (summaries) in the event's language
        return minutes_document.build(record, draft=draft, now=now)


def item_titles(event_id: int) -> dict[int, str]:
    titles = select(AgendaItem.id, AgendaItem.title).where(AgendaItem.event_id == event_id)
    return dict(db.session.execute(titles).all())


def questions_csv(event_id: int, *, include_hidden: bool = False) -> str:
    """Every question of the event as CSV, in the order asked (exports/tables.py)."""
    questions = _plain(tables.QuestionLine, select(*_columns(Question, tables.QuestionLine))
                       .where(Question.event_id == event_id).order_by(Question.id))
    return tables.questions_csv(questions, item_titles(event_id), include_hidden=include_hidden)


def polls_csv(event_id: int) -> str:
    """Every opened poll's results as CSV, oldest first (exports/tables.py)."""
    polls = poll_results.polls_of(event_id, drafts=False)
    now = utcnow()
    return tables.polls_csv([poll_outcome(poll, now) for poll in polls], item_titles(event_id))
