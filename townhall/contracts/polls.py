"""Polls: preparing one (moderators), opening it, and a phone's ballot. docs/polls.md ("Kinds and
answers") says what each kind takes; the polls service checks what depends on the kind."""
from typing import Any, Literal

from ..models import POLL_KINDS, POLL_VISIBILITIES, POLL_VOTERS
from . import Command, Id, field

QUESTION_MAX_LENGTH = 300
K_THRESHOLD = (1, 1000)
DURATION = (10, 24 * 3600)  # seconds
KIND_MESSAGE = f"kind must be one of: {', '.join(POLL_KINDS)}."


def _whole(name: str, low: int, high: int, description: str):
    return field(None, ge=low, le=high, message=f"{name} must be a whole number from {low} to {high}.",
                 description=description)


def _duration():
    return _whole("duration_seconds", *DURATION, "Closes by itself after this long; null: stays open until closed.")


class PollSettings(Command):
    """What a poll is (also an archive's polls); docs/polls.md says what each kind takes."""

    kind: Literal[POLL_KINDS] = field(None, code="invalid_kind", message=KIND_MESSAGE)  # type: ignore[valid-type]
    question: str | None = field(None, description=f"Required, at most {QUESTION_MAX_LENGTH} characters.")
    options: list[Any] | None = field(None, code="invalid_options", message="options must be a list of texts.",
                                      description="single, multiple: 2-20 texts; ranking: 2-10.")
    max_choices: int | None = field(None, message="max_choices must be a whole number.",
                                    description="multiple: at most this many choices (default: all).")
    scale_min: int | None = field(None, message="scale_min must be a whole number from 0 to 10.",
                                  description="rating: 0-10 (default 1).")
    scale_max: int | None = field(None, message="scale_max must be a whole number from 0 to 10.",
                                  description="rating: 0-10 (default 5).")
    labels: list[Any] | None = field(None, message="labels must be two texts: the low end and the high end.",
                                     description="rating: [low end, high end].")
    visibility: Literal[POLL_VISIBILITIES] = field(  # type: ignore[valid-type]
        None, message=f"visibility must be one of: {', '.join(POLL_VISIBILITIES)}.",
        description="When phones see results (default live).")
    confidential: bool = field(None, message="confidential must be true or false.",
                               description="Counts shown only from k_threshold ballots on.")
    k_threshold: int = _whole("k_threshold", *K_THRESHOLD, "Default 5.")
    duration_seconds: int | None = _duration()
    voters: Literal[POLL_VOTERS] = field(  # type: ignore[valid-type]
        None, code="invalid_voters", message=f"voters must be one of: {', '.join(POLL_VOTERS)}.",
        description="Who may answer (default everyone): verified phones (passcode, attendee code) or phones "
                    "that scanned the in-room QR; others get 403 not_eligible.")


class PollInput(PollSettings):
    """POST /api/events/{code}/polls; PATCH .../polls/{id} (a draft: what is sent changes)."""

    agenda_item_id: Id | None = field(None, message="agenda_item_id must be an integer or null.",
                                      description="The agenda item it belongs to; null: none.")


class OpenPoll(Command):
    """POST /api/events/{code}/polls/{id}/open (an optional body)."""

    duration_seconds: int | None = _duration()


class Ballot(Command):
    """POST /api/events/{code}/polls/{id}/ballot."""

    answer: Any = field(None, description="By kind: {choice}, {choices}, {rating}, {order} or {text} "
                                          "(docs/polls.md).")


class PollVote(Ballot):
    """Socket `poll:vote`."""

    poll_id: Id = field(None, message="poll_id must be an integer.", description="The poll.")


class PollFollow(Command):
    """Socket `poll:follow`."""

    poll_id: Id = field(None, message="poll_id must be an integer.", description="The poll.")
