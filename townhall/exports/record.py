"""The meeting's record as the minutes are made from it: plain data, no database.

services/minutes_record.py reads it (each table once, aggregates in SQL, plus one query
per poll for its results) and exports/document.py shapes it into the minutes document;
exports/tables.py writes the polls CSV from the same Poll. Only what the minutes print is
here: no author tags, attendee ids, tokens or ballots ever reach the renderers.
"""
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    code: str
    title: str
    place: str
    description: str
    starts_at: datetime | None
    meeting_started_at: datetime | None
    meeting_ended_at: datetime | None
    anonymous_speakers: bool
    peak_connected: int | None
    timezone: str
    language: str
    accent_color: str | None


@dataclass(frozen=True, slots=True)
class Item:
    """An agenda item; elapsed_seconds and running_since time it as the run of show does."""

    id: int
    position: int
    title: str
    presenter: str
    description: str
    status: str
    planned_minutes: int
    started_at: datetime | None
    ended_at: datetime | None
    elapsed_seconds: int | None
    running_since: datetime | None
    notes: str


@dataclass(frozen=True, slots=True)
class Decision:
    agenda_item_id: int
    text: str
    vote_result: str


@dataclass(frozen=True, slots=True)
class Action:
    agenda_item_id: int
    what: str
    owner: str
    due_date: date | None


@dataclass(frozen=True, slots=True)
class Question:
    """A question of any status; edited: whether a moderator changed its wording (not the original)."""

    id: int
    text: str
    author_name: str | None
    is_anonymous: bool
    agenda_item_id: int | None
    status: str
    progress: str
    vote_count: int
    created_at: datetime
    answered_at: datetime | None
    answer_text: str | None
    next_step: str | None
    moderation_reason: str | None
    edited: bool


@dataclass(frozen=True, slots=True)
class Speaker:
    id: int
    agenda_item_id: int | None
    name: str | None
    number: int
    topic: str | None
    status: str
    called_at: datetime | None
    elapsed_seconds: int | None
    running_since: datetime | None


@dataclass(frozen=True, slots=True)
class Poll:
    """A poll that was opened. status and closed_at: as of the moment it was read (an open poll past
    its deadline is closed); result: services.poll_results.results(poll, moderator=False), so
    {"suppressed": True} for a confidential poll below its threshold."""

    id: int
    agenda_item_id: int | None
    question: str
    kind: str
    options: list
    max_choices: int | None
    scale_min: int | None
    scale_max: int | None
    labels: list | None
    confidential: bool
    k_threshold: int
    ballot_count: int
    opened_at: datetime | None
    status: str
    closed_at: datetime | None
    result: dict
    # The results among verified and in-room phones (services/poll_results.among), when the minutes show them.
    among: dict | None = None


@dataclass(frozen=True, slots=True)
class Followup:
    """A referred question's follow-up as the minutes print it (models/followup.Followup, its office by name)."""

    question_id: int
    office: str
    referred_at: datetime
    first_due_on: date
    due_on: date
    note: str | None
    answer_text: str | None
    answered_at: datetime | None
    feedback: str | None  # the asker's verdict: yes | partly | no


@dataclass(slots=True)
class FollowupRecord:
    """What the minutes' "Follow-up" section is made from (services/minutes_followup.py reads it)."""

    states: dict = field(default_factory=dict)  # question id -> its ledger state now
    followups: list[Followup] = field(default_factory=list)
    closed_reasons: dict = field(default_factory=dict)  # question id -> the public reason of its latest close
    figures: dict | None = None  # services/followup_figures.by_office(...) as of the record's time


@dataclass(slots=True)
class Record:
    event: Event
    owner: str
    team: list = field(default_factory=list)  # (role, name), in the order they joined
    joined: int = 0
    peak_here: int = 0  # the most phones at once as this process counted them
    votes: int = 0
    banned: int = 0  # phones banned from the event (as of reading)
    items: list[Item] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)  # done or speaking, in the order called
    polls: list[Poll] = field(default_factory=list)  # not drafts, in the order opened
    vote_minutes: list = field(default_factory=list)
    # question id -> {"verified", "in_room"}: its votes from verified / in-room phones, when the minutes show
    # them (the event used verified joining or the in-room QR, or asked for them); None: not shown.
    question_trust: dict | None = None  # (minute, votes cast on questions in it), naive UTC
    followup: FollowupRecord | None = None  # None: read without it (the minutes then show no such section)
    # The fairness of the queue (services/fairness.figures_of), read with the record; None: not shown.
    fairness: dict | None = None
    logo: dict | None = None  # {"type", "data": base64} of the event's logo (services/branding.py)
