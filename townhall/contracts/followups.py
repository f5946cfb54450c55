"""Following questions up (the event's team): referring a question to an office with a due date,
deferring it, closing it without an answer (with a public reason), and the end-of-meeting review's
one step that refers some and closes the rest."""
from pydantic import Field

from . import Command, Id, field

NOTE_MAX_LENGTH = 1000  # a commitment's or a deferral's note
CLOSE_REASON_MAX_LENGTH = 500  # why a question is closed without an answer (public)
MAX_RESOLVE_ITEMS = 500  # questions referred or closed in one review step

_QUESTION_ID = field(message="question_id must be an integer.", description="The question's id.")
_DUE_ON = field(code="invalid_due_date", message="due_on must be a date written YYYY-MM-DD.",
                description="The date the answer is promised by (YYYY-MM-DD, UTC): today or later, at most two "
                            "years ahead.")
_OFFICE_ID = field(message="office_id must be an integer.",
                   description="An office of the event's organization (GET /api/events/{code}/offices).")
_NOTE = field(None, message="note must be text.",
              description=f"What the team promised or why (public); at most {NOTE_MAX_LENGTH} characters.")
_REASON = field(message="reason must be text.",
                description=f"Why it is closed without an answer (public): 1..{CLOSE_REASON_MAX_LENGTH} characters.")


class Refer(Command):
    """POST /api/events/{code}/questions/{id}/refer: "we will get back to you"."""

    office_id: Id = _OFFICE_ID
    due_on: str = _DUE_ON
    note: str | None = _NOTE


class ReferCommand(Refer):
    """Socket `question:refer`."""

    question_id: Id = _QUESTION_ID


class Defer(Command):
    """POST /api/events/{code}/questions/{id}/defer (an optional body): e.g. to the next meeting."""

    note: str | None = _NOTE


class DeferCommand(Defer):
    """Socket `question:defer`."""

    question_id: Id = _QUESTION_ID


class Close(Command):
    """POST /api/events/{code}/questions/{id}/close: closed without an answer."""

    reason: str = _REASON


class CloseCommand(Close):
    """Socket `question:close`."""

    question_id: Id = _QUESTION_ID


class Resolve(Command):
    """POST /api/events/{code}/followups/resolve; socket `followups:resolve`: the end-of-meeting review in one
    step, all or nothing (one item refused: nothing is stored, the error names the item)."""

    refer: list[ReferCommand] = Field(default_factory=list, max_length=MAX_RESOLVE_ITEMS,
                                      description="Questions to refer, each to an office with a due date.")
    close: list[CloseCommand] = Field(default_factory=list, max_length=MAX_RESOLVE_ITEMS,
                                      description="Questions to close without an answer, each with its public "
                                                  "reason.")
