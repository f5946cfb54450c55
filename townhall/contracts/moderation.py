"""Moderation: banning the asker of a question, lifting a ban, the event's blocklist."""
from ..models import MODERATION_REASONS
from . import Command, Id, field
from .questions import Reason

_REASON = field(code="invalid_reason", message=f"Give a reason: one of {', '.join(MODERATION_REASONS)}.",
                description="Why (counted, without names, on the event page and in the minutes).")


class BanAsker(Command):
    """POST /api/events/{code}/bans; socket `attendee:ban`."""

    question_id: Id = field(message="question_id must be an integer.",
                            description="Ban the asker of this question (anonymous askers stay anonymous).")
    reason: Reason = _REASON


class BanRef(Command):
    """Socket `attendee:unban` (HTTP: DELETE /api/events/{code}/bans/{ban_id})."""

    ban_id: Id = field(message="ban_id must be an integer.", description="The ban to lift.")


class BlocklistInput(Command):
    """PUT /api/events/{code}/blocklist: only the fields sent change."""

    terms: str | None = field(None, message="terms must be text.",
                              description="The event's own terms, one per line (lines starting with # are "
                                          "comments); at most 500 terms of 60 characters.")
    use_default: bool | None = field(None, message="use_default must be true or false.",
                                     description="Apply Townhall's default list (English and Chinese) too.")
