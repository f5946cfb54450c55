"""Votes and unvotes applied in batches: one transaction and a fixed handful of statements per batch.

vote_writer.py collects the operations; apply() checks and writes them. A batch holds at most one
operation per (question, attendee) pair, so no operation's outcome depends on another one in the same
batch: each gets its own result or error, with the codes and messages of a single vote.
"""
import functools
import logging
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..errors import Conflict, DomainError, EventClosed, Forbidden, InvalidInput, NotFound
from ..extensions import db
from ..models import Attendee, Ban, Event, Question, Vote, utcnow
from ..models.statuses import QuestionProgress, QuestionStatus
from ..realtime import broadcast
from . import vote_watch
from .attendees import holds, not_joined
from .ban_checks import banned_error
from .events import event_not_found
from .ids import is_id
from .secrets import author_tag
from .transaction import on_commit, use_case

log = logging.getLogger(__name__)

EVENTS, ATTENDEES, QUESTIONS, VOTES, BANS = (model.__table__ for model in (Event, Attendee, Question, Vote, Ban))
# Every statement is built once (building one costs more than running it on SQLite; profiled) and runs
# with a fixed shape, so SQLAlchemy compiles it once: lists go in as expanding parameters, the rows
# of an insert as an executemany.
_EVENTS = select(EVENTS.c.id, EVENTS.c.code, EVENTS.c.is_open).where(
    EVENTS.c.code.in_(bindparam("codes", expanding=True)))
_ATTENDEES = select(ATTENDEES.c.id, ATTENDEES.c.event_id, ATTENDEES.c.token_hash, ATTENDEES.c.joined_at).where(
    ATTENDEES.c.id.in_(bindparam("ids", expanding=True)))
_BANS = select(BANS.c.event_id, BANS.c.attendee_id, BANS.c.author_tag).where(
    BANS.c.event_id.in_(bindparam("event_ids", expanding=True)))
_QUESTIONS = (select(QUESTIONS.c.id, QUESTIONS.c.event_id, QUESTIONS.c.status, QUESTIONS.c.progress,
                     QUESTIONS.c.author_tag, QUESTIONS.c.vote_count)
              .where(QUESTIONS.c.id.in_(bindparam("ids", expanding=True))).order_by(QUESTIONS.c.id).with_for_update())
# INSERT ... ON CONFLICT DO NOTHING RETURNING (SQLite 3.35+, PostgreSQL): the unique constraint decides;
# run as an executemany, SQLAlchemy sends it as multi-row INSERTs and returns the rows stored.
_INSERT = {name: dialect.insert(VOTES).on_conflict_do_nothing(index_elements=["question_id", "attendee_id"])
           .returning(VOTES.c.question_id, VOTES.c.attendee_id)
           for name, dialect in (("sqlite", sqlite), ("postgresql", postgresql))}
_COUNT = (update(QUESTIONS)
          .where(QUESTIONS.c.id == bindparam("question_id"), QUESTIONS.c.status == QuestionStatus.PUBLISHED)
          .values(vote_count=QUESTIONS.c.vote_count + bindparam("delta")).returning(QUESTIONS.c.vote_count))


@dataclass(frozen=True, eq=False)
class VoteOp:
    """One phone's vote (delta +1) or unvote (-1) on one question, as submitted."""

    delta: int
    code: str
    attendee_id: int | None
    token: str | None
    question_id: int
    # Sent with an idempotency key (a phone's retry may repeat it): a vote already there, or a vote
    # already taken back, answers with that state instead of already_voted / not_voted. The unique
    # (question, attendee) pair makes the repeat harmless; nothing about the key is stored.
    keyed: bool = False

    @property
    def pair(self) -> tuple:
        return self.question_id, self.attendee_id


# --- what a vote can be refused with (one new error per refusal: each caller raises its own) ---

def event_closed() -> EventClosed:
    return EventClosed(_l("This event is closed: questions and votes are read-only."))


def invalid_question_id() -> InvalidInput:
    return InvalidInput(_l("question_id must be an integer."), field="question_id")


def question_not_found() -> NotFound:
    return NotFound(_l("No such question in this event."), code="question_not_found")


class QuestionLeft(NotFound):
    """The count update found the question out of the room although the read found it in: on PostgreSQL
    a hide or merge may commit in between. The whole batch is rolled back; the writer then applies its
    operations one at a time, where this is the answer of the one concerned."""

    def __init__(self):
        super().__init__(_l("No such question in this event."), code="question_not_found")


@use_case
def apply(ops: list[VoteOp]) -> list[dict | DomainError]:
    """Each operation's result ({"id", "votes", "voted"}) or refusal, in order; tallies after commit.

    "votes" is the question's count right after that operation, in the order of the batch: the last
    operation on a question gets its count after the batch. At most one operation per pair: each
    outcome is then independent of the others (vote_writer.py leaves the rest for the next batch).
    """
    if len({op.pair for op in ops}) != len(ops):
        raise ValueError("A batch holds at most one operation per question and attendee.")
    conn = db.session.connection()
    events = _events(conn, {(op.code or "").upper() for op in ops})
    attendees = _attendees(conn, {op.attendee_id for op in ops if is_id(op.attendee_id)})
    questions = _questions(conn, {op.question_id for op in ops})
    banned = _banned(conn, {event.id for event in events.values()})
    outcomes: list = [_refusal(op, events, attendees, questions, banned) for op in ops]
    valid = [i for i, refusal in enumerate(outcomes) if refusal is None]
    written = _insert(conn, [ops[i] for i in valid if ops[i].delta > 0])
    written |= _delete(conn, [ops[i] for i in valid if ops[i].delta < 0])
    done, repeated = [], []
    for i in valid:
        if ops[i].pair in written:
            done.append(i)
        elif ops[i].keyed:
            repeated.append(i)
        elif ops[i].delta > 0:
            outcomes[i] = Conflict(_l("You have already voted for this question."), code="already_voted")
        else:
            outcomes[i] = Conflict(_l("You have not voted for this question."), code="not_voted")
    deltas: dict[int, int] = {}
    for i in done:
        deltas[ops[i].question_id] = deltas.get(ops[i].question_id, 0) + ops[i].delta
    counts = {question_id: _count(conn, question_id, delta) for question_id, delta in sorted(deltas.items())}
    for i in reversed(done):  # from the count after the batch back to the count after each operation
        op = ops[i]
        outcomes[i] = {"id": op.question_id, "votes": counts[op.question_id], "voted": op.delta > 0}
        counts[op.question_id] -= op.delta
    for i in repeated:  # a retry: the state it asked for is already stored
        op = ops[i]
        votes = counts[op.question_id] + deltas[op.question_id] if op.question_id in deltas \
            else questions[op.question_id].vote_count
        outcomes[i] = {"id": op.question_id, "votes": votes, "voted": op.delta > 0}
    if deltas:
        on_commit(functools.partial(_announce, [(questions[qid].event_id, qid) for qid in sorted(deltas)]))
    now = utcnow()
    seen = [(questions[ops[i].question_id].event_id, "question", ops[i].question_id, None,
             vote_watch.is_fresh(attendees[ops[i].attendee_id].joined_at, now)) for i in done if ops[i].delta > 0]
    if seen:
        on_commit(functools.partial(vote_watch.observe, seen))
    return outcomes


def _refusal(op: VoteOp, events: dict, attendees: dict, questions: dict, banned: set) -> DomainError | None:
    """The checks of one vote at a time, in the same order."""
    event = events.get((op.code or "").upper())
    if event is None:
        return event_not_found()
    if not event.is_open:
        return event_closed()
    if not holds(attendees.get(op.attendee_id) if is_id(op.attendee_id) else None, event.id, op.token):
        return not_joined()
    if banned and ((event.id, op.attendee_id) in banned or (event.id, author_tag(op.token or "", event.id)) in banned):
        return banned_error()
    question = questions.get(op.question_id)
    if question is None or question.event_id != event.id or question.status != QuestionStatus.PUBLISHED:
        return question_not_found()
    if op.delta > 0:
        if question.progress == QuestionProgress.ANSWERED:
            return Conflict(_l("This question has been answered already."), code="question_answered")
        if question.author_tag == author_tag(op.token or "", event.id):  # holds() matched the token
            return Forbidden(_l("You cannot vote for your own question."), code="own_question")
    return None


def _events(conn, codes: set) -> dict:
    return {row.code: row for row in conn.execute(_EVENTS, {"codes": list(codes)})}


def _attendees(conn, ids: set) -> dict:
    return {row.id: row for row in conn.execute(_ATTENDEES, {"ids": list(ids)})} if ids else {}


def _banned(conn, event_ids: set) -> set[tuple]:
    """(event id, attendee id) and (event id, author tag) of the phones banned from these events."""
    if not event_ids:
        return set()
    keys = set()
    for row in conn.execute(_BANS, {"event_ids": list(event_ids)}):
        keys.add((row.event_id, row.attendee_id) if row.attendee_id else (row.event_id, row.author_tag))
    return keys


def _questions(conn, ids: set) -> dict:
    """Read and lock (PostgreSQL; a no-op on SQLite, whose BEGIN IMMEDIATE excludes other writers)
    in id order, so two batches never wait for each other's rows crosswise."""
    return {row.id: row for row in conn.execute(_QUESTIONS, {"ids": list(ids)})}


def _insert(conn, ops: list[VoteOp]) -> set[tuple]:
    """The (question_id, attendee_id) pairs stored now; a pair voted for already is left out."""
    if not ops:
        return set()
    now = utcnow()
    rows = [{"question_id": op.question_id, "attendee_id": op.attendee_id, "created_at": now} for op in ops]
    return {tuple(row) for row in conn.execute(_INSERT[conn.dialect.name], rows)}


def _delete(conn, ops: list[VoteOp]) -> set[tuple]:
    """The pairs whose vote was taken back now; a pair without a vote is left out."""
    if not ops:
        return set()
    voters: dict[int, list] = {}
    for op in ops:
        voters.setdefault(op.question_id, []).append(op.attendee_id)
    # Per question, "attendee_id IN (...)": searched in the unique index (SQLite scans the whole table
    # for a row-value IN list).
    statement = (
        delete(VOTES)
        .where(or_(*(and_(VOTES.c.question_id == question_id, VOTES.c.attendee_id.in_(attendee_ids))
                     for question_id, attendee_ids in voters.items())))
        .returning(VOTES.c.question_id, VOTES.c.attendee_id)
    )
    return {tuple(row) for row in conn.execute(statement)}


def _count(conn, question_id: int, delta: int) -> int:
    """The new count, while the question is still in the room. The status is checked again here, in
    the UPDATE: a vote must never land on (or be counted on) a merged or hidden question, whatever
    committed since the read."""
    votes = conn.execute(_COUNT, {"question_id": question_id, "delta": delta}).scalar_one_or_none()
    if votes is None:
        raise QuestionLeft()
    return votes


def _announce(touched: list[tuple[int, int]]) -> None:
    """After commit: one coalesced tally per question. Never raises: the votes are stored, and the
    writer must not take a failed broadcast for a failed batch and write them again."""
    for event_id, question_id in touched:
        try:
            broadcast.schedule_tally(event_id, question_id)
        except Exception:  # noqa: BLE001 - logged; the tally is a hint, the database is the truth
            log.exception("Could not schedule the tally of question %s", question_id)
