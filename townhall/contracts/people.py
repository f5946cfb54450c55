"""The people around an event: the list of speakers, the team and invitations, API tokens."""
from typing import Literal

from ..models import ROLES
from ..services.speakers import ACTIONS as SPEAKER_ACTIONS
from ..services.speakers import TOPIC_MAX_LENGTH
from . import Command, Id, field

_TOPIC = field(None, description=f"What they want to speak about: optional, one line, at most {TOPIC_MAX_LENGTH} "
                                 "characters.")
_ROLE = field(None, code="invalid_role", message=f"role must be one of: {', '.join(ROLES)}.",
              description="What they may do at the event.")


class FloorRequest(Command):
    """POST /api/events/{code}/speakers (an optional body); socket `speaker:request`."""

    topic: str | None = _TOPIC


class AddSpeaker(Command):
    """POST /api/events/{code}/speakers/add; socket `speaker:add`: a walk-in, named by the moderator."""

    name: str | None = field(None, description="The speaker's name, at most 60 characters (optional: else a number).")
    topic: str | None = _TOPIC


class SpeakerMove(Command):
    """Socket `speaker:moderate` (over HTTP the action and request are in the path)."""

    action: Literal[tuple(SPEAKER_ACTIONS)] = field(None, code="unknown_action",  # type: ignore[valid-type]
                                                   message="Unknown action {value!r}.")
    request_id: Id | None = field(None, message="request_id must be an integer.",
                                  description="With call and remove: the request it applies to.")


class NewMember(Command):
    """POST /api/events/{code}/team: an existing organizer account, given a role."""

    email: str | None = field(None, message="Enter the e-mail address of their organizer account.",
                              description="Their organizer account's e-mail address.")
    role: Literal[ROLES] = _ROLE  # type: ignore[valid-type]


class RoleChange(Command):
    """PATCH /api/events/{code}/team/{user_id}; POST /api/events/{code}/invitations."""

    role: Literal[ROLES] = _ROLE  # type: ignore[valid-type]


class TokenName(Command):
    """POST /api/tokens."""

    name: str | None = field(None, message="A token name of 1 to 80 characters is required.",
                             description="What the token is for: 1 to 80 characters.")
