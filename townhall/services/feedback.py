"""The asker's verdict on a written answer: did it answer the question (yes / partly / no), with an
optional short follow-up; given once, recorded in the ledger ("feedback", by the asker: the verdict
word as the note, the follow-up text kept on the follow-up only), counted by the tracker from
Followup.feedback, and pushed to everyone following the question."""
from typing import cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, update

from ..contracts import parse
from ..contracts.receipts import FEEDBACK_TEXT_MAX, Verdict
from ..errors import Conflict, NotFound
from ..extensions import db
from ..models import Followup, Question, utcnow
from . import followup_push, ledger, receipts
from .rows import in_event
from .text import clean_text
from .transaction import use_case


def _give(event_id: int, tag: str, question_id, fields: dict) -> dict:
    given = parse(Verdict, fields)
    question = in_event(event_id, Question, question_id, field="question_id",
                        missing=_l("No question of yours has this id."), code="question_not_found")
    if question.author_tag != tag:  # someone else's question: as if it did not exist
        raise NotFound(_l("No question of yours has this id."), code="question_not_found")
    followup = db.session.get(Followup, question.id)
    if followup is not None and followup.feedback is not None:
        raise Conflict(_l("You have already said whether this answer answered your question."), code="feedback_given")
    if question.ledger_state != "answered_in_writing" or followup is None or followup.answered_at is None:
        raise Conflict(_l("This question has no written answer yet."), code="not_answered")
    text = clean_text(given.text, field="text", max_length=FEEDBACK_TEXT_MAX, required=False)
    # Once: the row changes only if no verdict is there (two verdicts at once: the second finds one).
    given_now = db.session.execute(
        update(Followup).where(Followup.question_id == question.id, Followup.feedback.is_(None))
        .values(feedback=given.verdict, feedback_text=text or None, feedback_at=utcnow()))
    if cast(CursorResult, given_now).rowcount != 1:
        raise Conflict(_l("You have already said whether this answer answered your question."), code="feedback_given")
    ledger.record(question, "feedback", actor="asker", note=given.verdict)
    followup_push.announce(question)
    return receipts.question_view(question)


@use_case
def give_mine(*, code: str, attendee_id: int | None, token: str | None, question_id, **fields) -> dict:
    """The verdict from the asker's own phone (its session)."""
    event, tag = receipts.phone_tag(code, attendee_id, token)
    return _give(event.id, tag, question_id, fields)


@use_case
def give_by_key(*, key: str, question_id, code: str | None = None, **fields) -> dict:
    """The verdict from the receipt's link."""
    event, tag = receipts.by_key(key=key, code=code)
    return _give(event.id, tag, question_id, fields)
