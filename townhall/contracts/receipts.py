"""The asker's receipt: their verdict on a written answer."""
from typing import Literal

from ..models.statuses import Feedback, values
from . import Command, field

FEEDBACK_TEXT_MAX = 500


class Verdict(Command):
    """POST /api/events/{code}/mine/questions/{question_id}/feedback and
    POST /api/receipts/{key}/questions/{question_id}/feedback."""

    verdict: Literal[*values(Feedback)] = field(
        code="invalid_verdict", message="Say yes, partly or no.",
        description="Did the written answer answer the question: yes, partly or no (once).")
    text: str | None = field(None, message="text must be text.",
                             description=f"An optional short follow-up, at most {FEEDBACK_TEXT_MAX} characters.")
