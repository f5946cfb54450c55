"""Records of the meeting: notes, decisions and action items per agenda item."""
from . import Command, Id, field

NOTES_MAX_LENGTH = 20_000
DECISION_MAX_LENGTH = 2_000
VOTE_RESULT_MAX_LENGTH = 200  # the column's size
ACTION_MAX_LENGTH = 1_000
OWNER_MAX_LENGTH = 120  # the column's size
_DATE = "due_date must be a date like 2026-12-31."


class NotesInput(Command):
    """PUT /api/events/{code}/agenda/{item_id}/notes."""

    text: str | None = field(None, description=f"The notes, at most {NOTES_MAX_LENGTH:,} characters.")
    base_version: Id = field(None, message="base_version must be an integer.",
                             description="The version this text was based on (a save since: 409 notes_conflict).")


class SaveNotes(NotesInput):
    """Socket `notes:save`."""

    item_id: Id = field(None, message="item_id must be an integer.", description="The agenda item.")


class DecisionInput(Command):
    """POST /api/events/{code}/agenda/{item_id}/decisions; PATCH /api/events/{code}/decisions/{id}
    (only what is sent changes)."""

    text: str | None = field(None, description=f"The decision: required, at most {DECISION_MAX_LENGTH:,} characters.")
    vote_result: str | None = field(None, description=f"Free text, one line, at most {VOTE_RESULT_MAX_LENGTH} "
                                                      "characters, e.g. 'For 14 · Against 3 · Abstain 2'.")


class ActionItemInput(Command):
    """POST /api/events/{code}/agenda/{item_id}/actions; PATCH /api/events/{code}/actions/{id}
    (only what is sent changes)."""

    what: str | None = field(None, description=f"What is to be done: required, at most {ACTION_MAX_LENGTH:,} "
                                               "characters.")
    owner: str | None = field(None, description=f"Who does it: one line, at most {OWNER_MAX_LENGTH} characters.")
    due_date: str | None = field(None, message=_DATE, description="An ISO date, e.g. 2026-12-31; empty or null: none.")
