"""Skips: a question put on the floor while a higher-voted published question was still waiting.

A question *waits* when it is published, open (not being answered, not answered) and its ledger says it
still waits for an answer (published, reopened or deferred). When a moderator puts a question on the floor
("answering") and waiting questions of the same event have more votes than it, one QueueSkip row is written
in the same transaction: the chosen question and its votes, the highest-voted of those passed over (the
oldest of equals), how many were passed over, and the moderator's short reason ("" when none was given).
Putting on the floor the question that is already there records nothing. The figures: services/fairness.py.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..errors import InvalidInput
from ..extensions import db
from ..models import Question, QueueSkip
from ..models.statuses import LedgerState, QuestionProgress, QuestionStatus
from .text import clean_text

REASON_MAX_LENGTH = 200  # the column's length
WAITING_STATES = (LedgerState.PUBLISHED, LedgerState.REOPENED, LedgerState.DEFERRED)


def clean_reason(action: str, value) -> str | None:
    """The reason as recorded (None: not sent); only the answering action takes one."""
    if value is None:
        return None
    if action != "answering":
        raise InvalidInput(_l("Only answering takes a skip reason."), code="skip_reason_not_allowed",
                           field="skip_reason")
    return clean_text(value, field="skip_reason", max_length=REASON_MAX_LENGTH, required=False, single_line=True)


def passed_over(question: Question) -> list[Question]:
    """The waiting questions of its event with more votes than `question`, most votes first."""
    return list(db.session.scalars(
        select(Question)
        .where(Question.event_id == question.event_id, Question.id != question.id,
               Question.status == QuestionStatus.PUBLISHED, Question.progress == QuestionProgress.OPEN,
               Question.ledger_state.in_([s.value for s in WAITING_STATES]),
               Question.vote_count > question.vote_count)
        .order_by(Question.vote_count.desc(), Question.created_at, Question.id)
    ))


def note(question: Question, *, user_id: int, reason: str | None) -> QueueSkip | None:
    """Called by questions.moderate before `question` goes on the floor: the skip, when it is one."""
    if question.progress == QuestionProgress.ANSWERING:
        return None
    over = passed_over(question)
    if not over:
        return None
    skip = QueueSkip(event_id=question.event_id, user_id=user_id, chosen_id=question.id,
                     chosen_votes=question.vote_count, passed_over_id=over[0].id,
                     passed_over_votes=over[0].vote_count, passed_over_count=len(over), reason=reason or "")
    db.session.add(skip)
    return skip
