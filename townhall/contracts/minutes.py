"""The minutes: saving the draft, marking it final, publishing a version."""
from typing import Any

from . import Command, field
from .records import NOTES_MAX_LENGTH

SUMMARY_MAX_LENGTH = 10_000
NAME_MAX_LENGTH = 200  # chair, note-taker: the columns' size
NEXT_STEPS_MAX_LENGTH = 5_000
ITEM_NOTES_MAX_LENGTH = NOTES_MAX_LENGTH
_REVISION = "base_revision must be the revision of the draft you started from (an integer)."


class MinutesDraftInput(Command):
    """PUT /api/events/{code}/minutes/draft: the fields sent change, the others stay."""

    base_revision: int = field(None, ge=0, message=_REVISION,
                               description="The draft's revision this was based on (0: no draft yet); a save "
                                           "since: 409 stale_revision.")
    summary: str | None = field(None, description=f"At most {SUMMARY_MAX_LENGTH:,} characters.")
    item_notes: dict[str, Any] | None = field(
        None, message='item_notes must be an object: {{"<agenda item id>": "notes"}}.',
        description=f"Per agenda item id, the minutes' notes (at most {ITEM_NOTES_MAX_LENGTH:,} characters each).")
    chair: str | None = field(None, description=f"One line, at most {NAME_MAX_LENGTH} characters.")
    note_taker: str | None = field(None, description=f"One line, at most {NAME_MAX_LENGTH} characters.")
    next_steps: str | None = field(None, description=f"At most {NEXT_STEPS_MAX_LENGTH:,} characters.")
    include_hidden_text: bool = field(None, message="include_hidden_text must be true or false.",
                                      description="Print hidden questions' text (default: only that they were).")


class Finalize(Command):
    """POST /api/events/{code}/minutes/finalize."""

    base_revision: int = field(None, ge=0, message=_REVISION, description="The draft's revision seen.")


class Publish(Command):
    """POST /api/events/{code}/minutes/publish."""

    version: int = field(None, ge=1, message="version must be a version number (1, 2, ...).",
                         description="A final version.")
