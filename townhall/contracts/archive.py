"""The event archive (docs/archive.md, "Format"): its structure as nested models.

`read(data)` checks what an uploaded archive is made of: which keys (unknown ones refused by
name), their JSON types, enumerations, number ranges, times and dates, how many entries a list
may hold. What the import decides beyond that (which position, ref or version an entry refers
to, what depends on a poll's kind, what may be only one at a time, the cleaning of each text
with the limits below) is services/archive_input.py's. Any problem is
InvalidInput(code="invalid_archive") whose field is the path of the value, e.g. questions[3].status.

Objects refer to each other by archive-local keys, never by database ids: an agenda item by its
`position`, a question by its `ref`.
"""
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..errors import InvalidInput
from ..models import (
    ITEM_STATUSES,
    MINUTES_STATUSES,
    MODERATION_REASONS,
    POLL_KINDS,
    POLL_STATUSES,
    QUESTION_PROGRESS,
    QUESTION_STATUSES,
    SPEAKER_STATUSES,
)
from ..models.ledger import ACTORS as LEDGER_ACTORS
from ..models.ledger import KINDS as LEDGER_KINDS
from ..models.ledger import STATES as LEDGER_STATES
from ..models.statuses import Feedback, values
from ..services.ids import MAX_ID
from . import Command, field, parse
from . import minutes as minutes_input
from . import records as records_input
from .agenda import DEFAULT_MINUTES, MAX_ITEMS, PLANNED_MINUTES
from .agenda import TEXT_LIMITS as AGENDA_TEXT
from .events import TEXT_LIMITS as EVENT_TEXT
from .events import EventSettings
from .polls import PollSettings

FORMAT = "townhall-archive"
VERSION = 1
INVALID = "invalid_archive"

MAX_QUESTIONS = 20_000
MAX_SPEAKERS = 5_000
MAX_POLLS = 500
MAX_BALLOTS_PER_POLL = 50_000
MAX_BALLOTS = 200_000  # in all the polls
MAX_RECORDS_PER_ITEM = 1_000  # decisions, and action items, per agenda item
MAX_MINUTES_VERSIONS = 200
QUESTION_TEXT_MAX = 2_000  # or the server's QUESTION_MAX_LENGTH, if larger
SPEAKER_NAME_MAX, TOPIC_MAX = 60, 200
MAX_LEDGER_PER_QUESTION = 1_000  # steps in one question's ledger
MAX_LEDGER = 200_000  # in all the questions
LEDGER_NOTE_MAX = 5_000  # a step's note: a reason, a commitment's note (far above each step's own limit)
OFFICE_NAME_MAX = 120
LOGO_BASE64_MAX = 700_000  # a 512 KB image in base64
FEEDBACK_TEXT_MAX = 500
MAX_OFFICES = 1_000
FEEDBACK = values(Feedback)
SETTINGS = tuple(EventSettings.model_fields)
POLL_SETTINGS = tuple(PollSettings.model_fields)


def invalid(path: str, message: str) -> InvalidInput:
    return InvalidInput(message, code=INVALID, field=path)


# --- values ------------------------------------------------------------------------

def _time(value) -> datetime | None:
    """An ISO 8601 time (UTC with Z, an offset, or naive UTC) as a naive UTC datetime."""
    if value is None:
        return None
    try:
        if not isinstance(value, str) or len(value) > 40:
            raise ValueError
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise PydanticCustomError("time", "must be an ISO 8601 time like 2026-11-21T18:02:00Z, or null") from None
    return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo is not None else parsed


def _date(value) -> date | None:
    if value is None:
        return None
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date", "must be a date like 2026-12-31, or null") from None


Time = Annotated[datetime | None, PlainValidator(_time),
                 WithJsonSchema({"type": ["string", "null"], "format": "date-time"})]
Day = Annotated[date | None, PlainValidator(_date), WithJsonSchema({"type": ["string", "null"], "format": "date"})]
Count = Annotated[int, Field(ge=0, le=MAX_ID)]
Key = Annotated[int, Field(ge=1, le=MAX_ID)]  # a question's ref, a speaker's number, a minutes version
Position = Annotated[int | None, Field(ge=0, le=MAX_ID, description="An agenda item's position (null: none).")]


def _rows(limit: int, note: str = ""):
    """A section's list: null or left out is none; at most `limit` entries."""
    return Field(None, max_length=limit, description=f"At most {limit:,}{note}.")


def _text(limit: int, *, required: bool = False) -> Any:
    """Text, cleaned on import as the live use case cleans it (services/text.py), up to `limit`."""
    if required:
        return field(description=f"Required, at most {limit:,} characters.")
    return field(None, description=f"At most {limit:,} characters.")


# --- the event ------------------------------------------------------------------------

class ArchiveEvent(Command):
    title: str = _text(EVENT_TEXT["title"], required=True)
    place: str | None = _text(EVENT_TEXT["place"])
    description: str | None = _text(EVENT_TEXT["description"])
    starts_at: Time = None
    settings: EventSettings = field(EventSettings(), description="Those left out: a new event's.")
    meeting_started_at: Time = None
    meeting_ended_at: Time = None
    peak_connected: Count = 0
    timezone: str | None = field(None, description="The event's IANA time zone (left out: UTC).")
    language: str | None = field(None, description="The event's language: en or zh_Hans (left out: en).")
    accent_color: str | None = field(None, description="#rrggbb, checked for contrast as on save (null: the "
                                                        "app's own).")
    logo: str | None = field(None, max_length=LOGO_BASE64_MAX,
                             description="The event's logo, a base64 image (checked and re-encoded as on upload).")


# --- the agenda and its records ----------------------------------------------------------

class ArchiveDecision(Command):
    text: str = _text(records_input.DECISION_MAX_LENGTH, required=True)
    vote_result: str | None = _text(records_input.VOTE_RESULT_MAX_LENGTH)
    created_at: Time = None


class ArchiveAction(Command):
    what: str = _text(records_input.ACTION_MAX_LENGTH, required=True)
    owner: str | None = _text(records_input.OWNER_MAX_LENGTH)
    due_date: Day = None
    created_at: Time = None


class ArchiveItem(Command):
    position: Count = field(description="0, 1, ...: how the other sections refer to the item; each once.")
    title: str = _text(AGENDA_TEXT["title"], required=True)
    description: str | None = _text(AGENDA_TEXT["description"])
    presenter: str | None = _text(AGENDA_TEXT["presenter"])
    planned_minutes: int = field(DEFAULT_MINUTES, ge=PLANNED_MINUTES[0], le=PLANNED_MINUTES[1])
    status: Literal[ITEM_STATUSES] = "upcoming"  # type: ignore[valid-type]
    started_at: Time = None
    ended_at: Time = None
    elapsed_seconds: Count = 0
    notes: str | None = _text(records_input.NOTES_MAX_LENGTH)
    decisions: list[ArchiveDecision] | None = _rows(MAX_RECORDS_PER_ITEM)
    actions: list[ArchiveAction] | None = _rows(MAX_RECORDS_PER_ITEM)


# --- the room: questions and speakers -----------------------------------------------------

class ArchiveLedgerEntry(Command):
    """One step of a question's ledger (models/ledger.py), in the order taken. No ids: the office by its
    name, the staff member by the name they had then (never the asker's: the question names them or not)."""

    at: Time = field(None, description="When the step was taken (left out: when the question was asked).")
    kind: Literal[LEDGER_KINDS] = field(description="Required.")  # type: ignore[valid-type]
    state: Literal[LEDGER_STATES] = field(description="Required: where the question stood after the step.")  # type: ignore[valid-type]
    actor: Literal[LEDGER_ACTORS] = "team"  # type: ignore[valid-type]
    actor_name: str | None = field(None, description="The event's team and offices only.")
    office: str | None = field(None, description=f"The office's name, at most {OFFICE_NAME_MAX} characters.")
    due_on: Day = None
    note: str | None = _text(LEDGER_NOTE_MAX)


class ArchiveFollowup(Command):
    """Where a referred question stands (models/followup.Followup): the office by its name."""

    office: str = field(description=f"Required: the office's name, at most {OFFICE_NAME_MAX} characters.")
    referred_at: Time = None
    first_due_on: Day = field(description="Required: the date first promised.")
    due_on: Day = field(None, description="The date in force (left out: first_due_on).")
    note: str | None = _text(LEDGER_NOTE_MAX)
    answer_text: str | None = None
    answered_at: Time = None
    feedback: Literal[FEEDBACK] | None = None  # type: ignore[valid-type]
    feedback_text: str | None = _text(FEEDBACK_TEXT_MAX)
    feedback_at: Time = None


class ArchiveOrganization(Command):
    """The event's organization: its name, and the names of its offices the ledger and follow-ups name."""

    name: str = field(description="Required.")
    offices: list[str] | None = _rows(MAX_OFFICES)


class ArchiveQuestion(Command):
    ref: Key = field(description="1, 2, ...: how merged_into refers to the question; each once.")
    item: Position = None
    text: str = field(description=f"Required, at most {QUESTION_TEXT_MAX:,} characters (or the server's limit).")
    original_text: str | None = None
    author_name: str | None = field(None, description="null: asked anonymously, or without a name.")
    is_anonymous: bool = False
    status: Literal[QUESTION_STATUSES] = "published"  # type: ignore[valid-type]
    progress: Literal[QUESTION_PROGRESS] = "open"  # type: ignore[valid-type]
    vote_count: Count = field(0, description="Votes are counts only: the votes belong to phones.")
    answer_text: str | None = None
    next_step: str | None = None
    moderation_reason: Literal[MODERATION_REASONS] | None = None  # type: ignore[valid-type]
    merged_into: Key | None = field(None, description="Status merged: the ref of the question it went into.")
    created_at: Time = None
    published_at: Time = None
    answered_at: Time = None
    edited_at: Time = None
    ledger: list[ArchiveLedgerEntry] | None = _rows(
        MAX_LEDGER_PER_QUESTION, f" steps, {MAX_LEDGER:,} in all; null or left out (archives made before the "
                                 "ledger): the state is read from status and progress")
    followup: ArchiveFollowup | None = None


class ArchiveSpeaker(Command):
    item: Position = None
    name: str | None = field(None, description=f"null: the room saw a number only. At most {SPEAKER_NAME_MAX}.")
    number: Key = field(description="Speaker N.")
    topic: str | None = _text(TOPIC_MAX)
    status: Literal[SPEAKER_STATUSES] = "done"  # type: ignore[valid-type]
    requested_at: Time = None
    called_at: Time = None
    finished_at: Time = None
    elapsed_seconds: Count = 0


# --- polls ------------------------------------------------------------------------------

class ArchiveAnswer(Command):
    answer: Any = field(description="As a phone sends it: {choice}, {choices}, {rating}, {order} or {text}.")
    hidden: bool = field(False, description="Text polls only.")
    approved: bool = field(True, description="Text polls only.")


class ArchivePoll(PollSettings):
    """A poll: its settings as a moderator sends them (the import checks them by its kind), where it
    got to, and its ballots' answers."""

    kind: Literal[POLL_KINDS] = field(description="Required.")  # type: ignore[valid-type]
    question: str = field(description="Required.")
    item: Position = None
    status: Literal[POLL_STATUSES] = "draft"  # type: ignore[valid-type]
    revealed: bool = False
    created_at: Time = None
    opened_at: Time = None
    closes_at: Time = None
    closed_at: Time = None
    revealed_at: Time = None
    ballot_count: Count = 0
    answers: list[ArchiveAnswer] | None = _rows(
        MAX_BALLOTS_PER_POLL, ": the ballots' answers only (no ids, people or times), sorted by their JSON; "
                              "null for a confidential poll with fewer than k_threshold ballots")


# --- the minutes ------------------------------------------------------------------------

class ArchiveMinutes(Command):
    version: Key = field(description="1, 2, ...; each once.")
    status: Literal[MINUTES_STATUSES] = "draft"  # type: ignore[valid-type]
    summary: str | None = _text(minutes_input.SUMMARY_MAX_LENGTH)
    item_notes: dict[str, str | None] | None = field(None, description='{"<agenda position>": "notes"}, at most '
                                                                     f"{minutes_input.ITEM_NOTES_MAX_LENGTH:,} each.")
    chair: str | None = _text(minutes_input.NAME_MAX_LENGTH)
    note_taker: str | None = _text(minutes_input.NAME_MAX_LENGTH)
    next_steps: str | None = _text(minutes_input.NEXT_STEPS_MAX_LENGTH)
    include_hidden_text: bool = False
    content: dict[str, Any] | None = field(None, description="A final version's frozen document (docs/minutes.md); "
                                                             "a draft's: null.")
    finalized_at: Time = None
    published_at: Time = None


class Archive(Command):
    """A whole event, with no attendee ids, tokens, author or voter tags, or ballot ids. See docs/archive.md."""

    format: Literal[FORMAT]  # type: ignore[valid-type]
    version: Literal[VERSION]  # type: ignore[valid-type]
    exported_at: Time = None
    event: ArchiveEvent
    organization: ArchiveOrganization | None = None
    agenda: list[ArchiveItem] | None = _rows(MAX_ITEMS)
    questions: list[ArchiveQuestion] | None = _rows(MAX_QUESTIONS)
    speakers: list[ArchiveSpeaker] | None = _rows(MAX_SPEAKERS)
    polls: list[ArchivePoll] | None = _rows(MAX_POLLS, f", with at most {MAX_BALLOTS:,} ballots in all")
    minutes: list[ArchiveMinutes] | None = _rows(MAX_MINUTES_VERSIONS)


def read(data) -> Archive:
    """The archive's structure, checked whole; InvalidInput(invalid_archive, field=<path>) otherwise.
    Which document this is comes first: another version may have other keys."""
    if not isinstance(data, dict):
        raise invalid("archive", "The archive must be a JSON object.")
    if data.get("format") != FORMAT:
        raise invalid("format", f"This is not a Townhall event archive (format must be \"{FORMAT}\").")
    version = data.get("version")
    if version != VERSION or isinstance(version, bool):
        raise invalid("version", f"This archive has version {version!r}; this server reads version {VERSION}.")
    try:
        return parse(Archive, data)
    except InvalidInput as error:
        path = error.field or "archive"
        raise invalid(path, error.message if path in error.message else f"{path}: {error.message}") from None
