"""The meeting's record, read for the minutes: each table once, aggregates in SQL.

A fixed number of queries whatever the size of the event (the per-poll results
are read by exports/poll_charts.py). Only the columns the minutes print are
selected: no author tags, attendee ids or tokens ever leave the database here.
"""
from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..extensions import db
from ..models import (
    ActionItem,
    AgendaItem,
    Attendee,
    Decision,
    Event,
    EventRole,
    Poll,
    Question,
    SpeakerRequest,
    User,
    Vote,
)
from ..services.presence import peak_seen

QUESTION_COLUMNS = (
    Question.id, Question.text, Question.author_name, Question.is_anonymous, Question.agenda_item_id,
    Question.status, Question.progress, Question.vote_count, Question.created_at, Question.answered_at,
    Question.answer_text, Question.next_step, Question.moderation_reason,
    (Question.original_text.is_not(None)).label("edited"),
)
SPEAKER_COLUMNS = (
    SpeakerRequest.id, SpeakerRequest.agenda_item_id, SpeakerRequest.name, SpeakerRequest.number,
    SpeakerRequest.topic, SpeakerRequest.status, SpeakerRequest.called_at, SpeakerRequest.elapsed_seconds,
    SpeakerRequest.running_since,
)


@dataclass
class Record:
    event: Event
    owner: str
    team: list = field(default_factory=list)  # (role, name), in the order they joined
    joined: int = 0
    peak_here: int = 0  # the most phones at once as this process counted them
    votes: int = 0
    items: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    questions: list = field(default_factory=list)
    speakers: list = field(default_factory=list)
    polls: list = field(default_factory=list)


def _scalar(statement) -> int:
    return db.session.execute(statement).scalar_one() or 0


def people(event: Event) -> tuple[str, list]:
    """(the owner's name, [(role, name)] of the team in the order they joined)."""
    owner = db.session.execute(select(User.name).where(User.id == event.owner_id)).scalar_one()
    team = db.session.execute(
        select(EventRole.role, User.name).join(User, User.id == EventRole.user_id)
        .where(EventRole.event_id == event.id).order_by(EventRole.created_at, EventRole.id)
    ).all()
    return owner, [tuple(row) for row in team]


def load(event_id: int) -> Record | None:
    event = db.session.get(Event, event_id)
    if event is None:
        return None
    owner, team = people(event)
    record = Record(event=event, owner=owner, team=team)
    record.joined = _scalar(select(func.count()).select_from(Attendee).where(Attendee.event_id == event_id))
    record.peak_here = peak_seen(event_id)  # the database's peak may lag it by a second
    record.votes = _scalar(select(func.count()).select_from(Vote).join(Question, Question.id == Vote.question_id)
                           .where(Question.event_id == event_id))
    record.items = db.session.execute(
        select(AgendaItem).where(AgendaItem.event_id == event_id).order_by(AgendaItem.position, AgendaItem.id)
    ).scalars().all()
    record.decisions = db.session.execute(
        select(Decision.agenda_item_id, Decision.text, Decision.vote_result)
        .join(AgendaItem, AgendaItem.id == Decision.agenda_item_id)
        .where(AgendaItem.event_id == event_id).order_by(Decision.id)
    ).all()
    record.actions = db.session.execute(
        select(ActionItem.agenda_item_id, ActionItem.what, ActionItem.owner, ActionItem.due_date)
        .join(AgendaItem, AgendaItem.id == ActionItem.agenda_item_id)
        .where(AgendaItem.event_id == event_id).order_by(ActionItem.id)
    ).all()
    record.questions = db.session.execute(
        select(*QUESTION_COLUMNS).where(Question.event_id == event_id).order_by(Question.id)
    ).all()
    record.speakers = db.session.execute(
        select(*SPEAKER_COLUMNS)
        .where(SpeakerRequest.event_id == event_id, SpeakerRequest.status.in_(("done", "speaking")))
        .order_by(SpeakerRequest.called_at, SpeakerRequest.id)
    ).all()
    record.polls = db.session.execute(
        select(Poll).where(Poll.event_id == event_id, Poll.status != "draft")
        .order_by(Poll.opened_at, Poll.id)
    ).scalars().all()
    return record


def _minute(column):
    """The column truncated to the minute, in SQL (text on SQLite, a timestamp elsewhere)."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d %H:%M:00", column)
    return func.date_trunc("minute", column)


def votes_per_minute(event_id: int, start, end) -> list[tuple]:
    """[(minute, votes)] for the event's question votes cast from start to end (both datetimes)."""
    minute = _minute(Vote.created_at).label("minute")
    return db.session.execute(
        select(minute, func.count())
        .join(Question, Question.id == Vote.question_id)
        .where(Question.event_id == event_id, Vote.created_at >= start, Vote.created_at < end)
        .group_by(minute)
    ).all()


def vote_span(event_id: int) -> tuple:
    """(first, last) time a vote was cast on the event's questions, or (None, None)."""
    return db.session.execute(
        select(func.min(Vote.created_at), func.max(Vote.created_at))
        .join(Question, Question.id == Vote.question_id).where(Question.event_id == event_id)
    ).one()
