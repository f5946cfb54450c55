"""What the API answers with: one model per thing the server sends (an event, a question, an
agenda item...), the source of the API document's response schemas.

The serializers (townhall/serializers) build the answers; these models describe them, and
tests/test_replies.py checks real answers of a whole meeting against them, field for field
(an unknown field, a missing one or a wrong type fails), so the document cannot drift from
what the server sends. Views of a thing that moderators see in more detail have a second model
that extends the room's (QuestionForModerators extends Question).
"""
# ruff: noqa: F401, F403, F405  (this package re-exports its modules' models: replies.Question, ...)
from .base import Reply, When, note
from .fairness import *
from .followup import *
from .meeting import *
from .offices import *

REPLIES: tuple[type[Reply], ...] = (
    Event, EventForModerators, MyEvent, Question, SimilarQuestion, QuestionForModerators, SuggestedQuestion, Tally,
    Token, AgendaItem, Meeting, Agenda,
    SpeakerEntry, SpeakerEntryForModerators, SpeakerTimer, SpeakerOnTheFloor, SpeakerOnTheFloorForModerators,
    MyFloor, Speakers, Poll, VoteTrust, Suspicious, TrustedGroup, Among,
    Notes, SavedNotes, Decision, ActionItem, ItemRecords, Records, Me, Snapshot, Member, Ban, Fairness,
    LedgerStep, MyAnswer, MyVerdict, MyQuestion, Receipt,
    Followup, OfficeOption, FollowupReview,
    TrackerRow, FollowupFiguresByOffice, TrackerChart, Tracker,
    Organization, Office, OfficeMember, OfficeInvitation, ManagedOffice, OrganizationDetail, OfficeLedgerStep,
    OfficeTarget, OfficeFollowup, WorkspaceOffice, Workspace,
)
