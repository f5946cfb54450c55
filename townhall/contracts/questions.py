"""Questions: asking and voting (phones), moderating, editing and merging (the moderators)."""
from typing import Literal

from ..models import MODERATION_REASONS
from ..services.questions import TRANSITIONS
from . import Command, Id, field

_QUESTION_ID = field(message="question_id must be an integer.", description="The question's id.")
_ITEM_ID = dict(message="agenda_item_id must be an integer.",
                description="An agenda item of this event; null: no item.")


IDEMPOTENCY_KEY = r"^[A-Za-z0-9_-]{16,64}$"
_KEY = dict(pattern=IDEMPOTENCY_KEY, message="idempotency_key must be 16 to 64 letters, digits, '-' or '_'.")


class Ask(Command):
    """POST /api/events/{code}/questions; socket `question:ask`."""

    text: str | None = field(None, description="The question: required; at most 300 characters, or what the "
                                               "server sets in QUESTION_MAX_LENGTH.")
    anonymous: bool = field(False, message="anonymous must be true or false.",
                            description="Ask without the phone's name (if the event allows it).")
    agenda_item_id: Id | None = field(None, **_ITEM_ID | {"description": "An open agenda item of this event; "
                                                         "null: none; left out: the item on the floor."})
    idempotency_key: str | None = field(None, **_KEY, description=(
        "Made by the phone for this question (a random UUID or 128 random bits in base64url): sent again "
        "after a lost answer, it answers with the question stored the first time instead of a second one."))


class VoteKey(Command):
    """POST and DELETE /api/events/{code}/questions/{id}/vote: an optional body."""

    idempotency_key: str | None = field(None, **_KEY, description=(
        "Made by the phone for this tap: a retry after a lost answer answers with the vote's state (voted "
        "or not) instead of already_voted / not_voted, and never counts twice."))


class QuestionRef(VoteKey):
    """Socket `question:vote` and `question:unvote`."""

    question_id: Id = _QUESTION_ID


Reason = Literal[MODERATION_REASONS]  # type: ignore[valid-type]


class Moderation(Command):
    """POST /api/events/{code}/questions/{id}/{action} (an optional body)."""

    reason: Reason | None = field(None, code="invalid_reason",
                                  message=f"Unknown reason: use one of {', '.join(MODERATION_REASONS)}.",
                                  description="With reject and hide only.")
    answer_text: str | None = field(None, description="With answered only: what the panel answered.")
    skip_reason: str | None = field(None, description=(
        "With answering only: why this question goes before a higher-voted one still waiting (at most 200 "
        "characters; recorded with the skip, services/fairness.py). Ignored when no higher-voted question waits."))


class Moderate(Moderation):
    """Socket `question:moderate`."""

    question_id: Id = _QUESTION_ID
    action: Literal[tuple(TRANSITIONS)] = field(code="unknown_action",  # type: ignore[valid-type]
                                               message="Unknown action {value!r}.")


class Edit(Command):
    """PATCH /api/events/{code}/questions/{id}: only the fields sent change."""

    text: str | None = field(None, description="A corrected wording (the original is kept).")
    agenda_item_id: Id | None = field(None, **_ITEM_ID)
    answer_text: str | None = field(None, description="What the panel answered; empty clears it.")
    next_step: str | None = field(None, description="What happens next to it; empty clears it.")


class EditCommand(Edit):
    """Socket `question:edit`."""

    question_id: Id = _QUESTION_ID


class Merge(Command):
    """POST /api/events/{code}/questions/{id}/merge."""

    into_id: Id = field(message="into_id must be the id of the question to merge into.",
                        description="The question it duplicates.")


class MergeCommand(Merge):
    """Socket `question:merge`."""

    question_id: Id = _QUESTION_ID


_QUESTION_IDS = field(min_length=1, max_length=500, code="invalid_question_ids",
                      message="question_ids must be a list of 1 to 500 question ids.",
                      description="The questions, by id: every one must be of this event and named once, or "
                                  "nothing changes.")


class ModerateMany(Command):
    """Socket `questions:moderate`: one action on a selection, in one transaction."""

    question_ids: list[Id] = _QUESTION_IDS
    action: Literal["approve", "reject", "archive"] = field(code="unknown_action",
                                                           message="Unknown action {value!r}.")
    reason: Reason | None = field(None, code="invalid_reason",
                                  message=f"Unknown reason: use one of {', '.join(MODERATION_REASONS)}.",
                                  description="With reject only.")


class MoveMany(Command):
    """Socket `questions:move`: file a selection under another agenda item, in one transaction."""

    question_ids: list[Id] = _QUESTION_IDS
    agenda_item_id: Id | None = field(**_ITEM_ID)
