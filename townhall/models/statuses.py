"""The states a row can be in, one enumeration per table.

Each is a ``StrEnum``: a member is the plain string stored in the column and sent on the wire
(``QuestionStatus.PUBLISHED == "published"``, ``json.dumps`` writes ``"published"``). The
columns stay strings; their CHECK constraints are written from these enumerations by ``check_in``.
"""
from enum import StrEnum


class QuestionStatus(StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"
    HIDDEN = "hidden"
    ARCHIVED = "archived"
    MERGED = "merged"


class LedgerState(StrEnum):
    """Where a question stands in its life, from the phone to a written answer weeks later (the question's
    ledger, models/ledger.py). Beside ``status`` (what the room sees) and ``progress`` (the live answer)."""

    SUBMITTED = "submitted"
    PUBLISHED = "published"
    REJECTED = "rejected"
    ANSWERED_IN_ROOM = "answered_in_room"
    DEFERRED = "deferred"
    REFERRED = "referred"
    ANSWERED_IN_WRITING = "answered_in_writing"
    REOPENED = "reopened"
    CLOSED = "closed"


class Feedback(StrEnum):
    """The asker's verdict on a written answer."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


class JoinedWith(StrEnum):
    """How a phone proved it may join: nothing but the event code, the event's passcode, or a
    one-time attendee code (one person, one identity). The last two are "verified"."""

    OPEN = "open"
    PASSCODE = "passcode"
    CODE = "code"


class PollVoters(StrEnum):
    """Which phones a poll takes ballots from: every phone that joined, only verified ones (passcode or
    one-time code), or only those that scanned the in-room QR."""

    EVERYONE = "everyone"
    VERIFIED = "verified"
    IN_ROOM = "in_room"


class JoinMode(StrEnum):
    """An event's rule for joining: the event code alone, the event's passcode, or one of the
    one-time attendee codes the organizer printed (one person, one identity)."""

    OPEN = "open"
    PASSCODE = "passcode"
    CODES = "codes"


class QuestionProgress(StrEnum):
    OPEN = "open"
    ANSWERING = "answering"
    ANSWERED = "answered"


class ItemStatus(StrEnum):
    """An agenda item."""

    UPCOMING = "upcoming"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"


class PollStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class MinutesStatus(StrEnum):
    DRAFT = "draft"
    FINAL = "final"


class SpeakerStatus(StrEnum):
    WAITING = "waiting"
    SPEAKING = "speaking"
    DONE = "done"
    WITHDRAWN = "withdrawn"
    REMOVED = "removed"


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """The members as plain strings, in declaration order."""
    return tuple(member.value for member in enum)


def check_in(column: str, allowed: tuple[str, ...]) -> str:
    """The SQL of a CHECK constraint: ``column IN ('a', 'b')`` (the text the migrations hold)."""
    return f"{column} IN {allowed}"
