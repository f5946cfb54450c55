"""Tables and their invariants, one module per capability. Nothing here commits."""
from .accounts import ApiToken, SetupToken, User
from .agenda import ITEM_STATUSES, AgendaItem, AgendaTemplate
from .base import utcnow
from .events import Attendee, Connection, Event
from .questions import QUESTION_PROGRESS, QUESTION_STATUSES, Question, Vote
from .records import ActionItem, Decision
from .roles import ROLES, EventRole, Invitation
from .speakers import SPEAKER_STATUSES, SpeakerRequest

__all__ = [
    "ActionItem", "AgendaItem", "AgendaTemplate", "ApiToken", "Attendee", "Connection", "Decision", "Event",
    "EventRole", "ITEM_STATUSES", "Invitation", "QUESTION_PROGRESS", "QUESTION_STATUSES", "Question", "ROLES",
    "SPEAKER_STATUSES", "SetupToken", "SpeakerRequest", "User", "Vote", "utcnow",
]
