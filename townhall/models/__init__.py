"""Tables and their invariants, one module per capability. Nothing here commits."""
from .accounts import ApiToken, SetupToken, User
from .agenda import ITEM_STATUSES, AgendaItem, AgendaTemplate
from .attendee_codes import AttendeeCode
from .base import utcnow
from .events import Attendee, Connection, Event, EventLogo
from .followup import Followup, Office, OfficeInvitation, OfficeMember, Organization, QueueSkip, Receipt
from .ledger import LedgerEntry
from .minutes import MINUTES_STATUSES, Minutes
from .moderation import Ban
from .operations import Operation
from .polls import POLL_KINDS, POLL_STATUSES, POLL_VISIBILITIES, POLL_VOTERS, Ballot, Participation, Poll
from .questions import MODERATION_REASONS, QUESTION_PROGRESS, QUESTION_STATUSES, Question, Vote
from .records import ActionItem, Decision
from .roles import ROLES, EventRole, Invitation
from .speakers import SPEAKER_STATUSES, SpeakerRequest
from .statuses import (
    Feedback,
    ItemStatus,
    LedgerState,
    MinutesStatus,
    PollStatus,
    QuestionProgress,
    QuestionStatus,
    SpeakerStatus,
)

__all__ = [
    "ActionItem", "AgendaItem", "AgendaTemplate", "ApiToken", "Attendee", "AttendeeCode", "Ballot", "Ban",
    "Connection", "Decision", "Event", "EventLogo", "Feedback", "Followup", "LedgerEntry", "LedgerState", "Office",
    "OfficeInvitation", "OfficeMember", "Organization", "QueueSkip", "Receipt", "EventRole", "ITEM_STATUSES",
    "Invitation", "ItemStatus", "MINUTES_STATUSES", "MODERATION_REASONS", "Minutes", "MinutesStatus", "Operation",
    "POLL_KINDS", "POLL_STATUSES", "POLL_VISIBILITIES", "POLL_VOTERS", "Participation", "Poll", "PollStatus",
    "QUESTION_PROGRESS", "QUESTION_STATUSES", "Question", "QuestionProgress", "QuestionStatus", "ROLES",
    "SPEAKER_STATUSES", "SetupToken", "SpeakerRequest", "SpeakerStatus", "User", "Vote", "utcnow",
]
