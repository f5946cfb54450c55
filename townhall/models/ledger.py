"""A question's ledger: the append-only, timestamped history of its states, and the one state machine
that decides which step may follow which.

Every step is a ``kind`` (what happened) leading to a ``state`` (where the question then stands). Some
kinds keep the state (a transfer to another office, more time, the asker's verdict): they are recorded
all the same. Nothing updates or deletes an entry; the rows go only with their event.
"""
from sqlalchemy import CheckConstraint, event

from ..extensions import db
from .base import utcnow
from .statuses import LedgerState, check_in, values

S = LedgerState
UNANSWERED = frozenset({S.PUBLISHED, S.DEFERRED, S.REOPENED})
# kind -> (the states it may follow, the state it leads to; None: the state stays)
TRANSITIONS: dict[str, tuple[frozenset, LedgerState | None]] = {
    "submit": (frozenset(), S.SUBMITTED),  # the first entry only
    "publish": (frozenset({S.SUBMITTED}), S.PUBLISHED),
    # Hiding (personal data, abuse) is possible whatever the follow-up: the tracker then no longer shows it.
    "reject": (frozenset({S.SUBMITTED, S.ANSWERED_IN_ROOM, S.REFERRED, S.ANSWERED_IN_WRITING, S.CLOSED})
               | UNANSWERED, S.REJECTED),
    # A moderator takes a rejection back: the question returns to where it stood before it (services/ledger).
    "restore": (frozenset({S.REJECTED}), None),
    "answer_in_room": (UNANSWERED | {S.REFERRED}, S.ANSWERED_IN_ROOM),
    "defer": (frozenset({S.PUBLISHED, S.REOPENED}), S.DEFERRED),
    "refer": (UNANSWERED | {S.ANSWERED_IN_ROOM}, S.REFERRED),
    "transfer": (frozenset({S.REFERRED}), None),
    "extend": (frozenset({S.REFERRED}), None),
    "answer_in_writing": (frozenset({S.REFERRED}), S.ANSWERED_IN_WRITING),
    # The office corrects its published answer: the note keeps the words it replaced, the first answer's
    # time stays (response times count to it).
    "correct_answer": (frozenset({S.ANSWERED_IN_WRITING}), None),
    "feedback": (frozenset({S.ANSWERED_IN_WRITING}), None),
    "reopen": (frozenset({S.ANSWERED_IN_ROOM, S.ANSWERED_IN_WRITING, S.CLOSED}), S.REOPENED),
    "close": (UNANSWERED | {S.REFERRED, S.ANSWERED_IN_ROOM, S.ANSWERED_IN_WRITING}, S.CLOSED),
    # A duplicate folded into another question: closed, the note names the question that carries it on.
    "merge": (frozenset({S.SUBMITTED, S.REJECTED}) | UNANSWERED, S.CLOSED),
}
KINDS = tuple(TRANSITIONS)
STATES = values(LedgerState)
# Who took a step: the asker (never named when anonymous), a member of the event's team, an office, or
# Townhall itself (a question published as it was asked).
ACTORS = ("asker", "team", "office", "system")
# States in which the question still waits for an answer (the end-of-meeting review offers these).
OPEN_STATES = frozenset(UNANSWERED | {S.REFERRED})


class RefusedTransition(ValueError):
    """The ledger refuses this step from this state (the caller turns it into a 409)."""


def next_state(current: str | None, kind: str, previous: str | None = None) -> LedgerState:
    """The state `kind` leads to from `current` (None: the question has no entry yet); `previous` is the
    state before a rejection, for restore. Raises RefusedTransition."""
    if kind not in TRANSITIONS:
        raise RefusedTransition(f"unknown step {kind!r}")
    allowed, to = TRANSITIONS[kind]
    if current is None:
        if kind != "submit":
            raise RefusedTransition("a question's ledger starts with submit")
        return S.SUBMITTED
    if current not in allowed:
        raise RefusedTransition(f"cannot {kind.replace('_', ' ')} a question that is {current.replace('_', ' ')}")
    if kind == "restore":
        return LedgerState(previous or S.PUBLISHED)
    return LedgerState(to or current)


def initial_state(status: str, progress: str) -> LedgerState:
    """The ledger state a question stored without its ledger stands in (rows from before the ledger,
    imported archives): read from what the room saw."""
    if status == "pending":
        return S.SUBMITTED
    if status in ("rejected", "hidden"):
        return S.REJECTED
    if status == "merged":
        return S.CLOSED
    return S.ANSWERED_IN_ROOM if progress == "answered" else S.PUBLISHED


def _initial_from_row(context) -> str:
    params = context.get_current_parameters()
    return initial_state(params.get("status") or "published", params.get("progress") or "open").value


class LedgerEntry(db.Model):
    __tablename__ = "question_ledger"
    __table_args__ = (
        CheckConstraint(check_in("kind", KINDS), name="kind"),
        CheckConstraint(check_in("state", STATES), name="state"),
        CheckConstraint(check_in("actor", ACTORS), name="actor"),
    )
    id = db.Column(db.Integer, primary_key=True)
    question_id = db.Column(db.Integer, db.ForeignKey("questions.id", ondelete="CASCADE"), nullable=False,
                            index=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True)
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    kind = db.Column(db.String(20), nullable=False)
    state = db.Column(db.String(20), nullable=False)  # where the question stands after this step
    actor = db.Column(db.String(8), nullable=False)
    # The organizer or office member who took the step (None for the asker and for Townhall), and their
    # name as it was then; an anonymous asker has neither.
    user_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    actor_name = db.Column(db.String(120))
    # The office the question is with after this step (refer, transfer, an office's own steps).
    office_id = db.Column(db.Integer, db.ForeignKey("offices.id", ondelete="SET NULL"))
    due_on = db.Column(db.Date)  # refer, extend: the due date from now on
    # The reason or note that goes with the step (public: a rejection reason, why more time, why closed).
    note = db.Column(db.Text)
    # Lets a question just asked get its first steps in the same flush as the question itself.
    question = db.relationship("Question", lazy="raise")


@event.listens_for(LedgerEntry, "before_update")
def _append_only(mapper, connection, target) -> None:
    raise RuntimeError("the question ledger is append-only")
