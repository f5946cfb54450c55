"""The meeting's things as the server sends them: the event, questions, agenda, speakers, polls, records."""
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import WithJsonSchema

from ...models import (
    ITEM_STATUSES,
    MODERATION_REASONS,
    POLL_KINDS,
    POLL_STATUSES,
    POLL_VISIBILITIES,
    POLL_VOTERS,
    QUESTION_PROGRESS,
    QUESTION_STATUSES,
    ROLES,
    SPEAKER_STATUSES,
)
from ...models.ledger import STATES as LEDGER_STATES
from .base import Reply, When, note


class Event(Reply):
    code: str = note("Join code")
    title: str
    starts_at: When
    timezone: str = note("The event's IANA time zone: every time of the event is shown in it")
    language: str = note("The language of the projector, the poster and the minutes (en, zh_Hans)")
    accent_color: str | None = note("The event's accent colour, #rrggbb (null: the app's own)")
    logo_url: str | None = note("The address of the event's logo, a PNG (null: none)")
    place: str
    description: str
    allow_anonymous: bool
    names_required: bool
    premoderation: bool = note("Questions wait for a moderator before the room sees them")
    is_open: bool = note("Phones can join and ask")
    speaker_time_limit: int = note("Seconds each speaker has")
    first_time_speakers_first: bool
    anonymous_speakers: bool = note("The room sees 'Speaker N', not names")
    allow_ballot_change: bool
    show_text_answers: bool = note("Open-text poll answers reach the room without approval (blocked words wait)")
    auto_start_speaker_timer: bool = note("Calling a speaker starts their timer")
    show_trusted_counts: bool = note("Projector and minutes show counts among verified and in-room phones")
    join_mode: Literal["open", "passcode", "codes"] = note(
        "open: the code is enough; passcode: phones give the passcode; codes: a one-time attendee code")
    room_check: bool = note("The projector shows the rotating in-room QR")
    meeting_started_at: When
    meeting_ended_at: When
    current_item_id: int | None = note("The agenda item on the floor")
    join_url: str
    seq: int = note("The event's sequence number: socket messages carry the next ones")


class EventForModerators(Event):
    created_at: datetime
    owner: str = note("The owner's name")
    retention_days: int | None = note("Attendee identities are deleted this many days after the meeting ends "
                                      "(null: kept)")
    privacy_contact: str = note("How attendees reach the organizer about their data (privacy page)")
    passcode: str | None = note("The passcode the team tells the room (never sent to phones)")
    organization_id: int | None = note("The organization whose offices follow its questions up (null: none)")


class MyEvent(EventForModerators):
    role: Literal["owner", *ROLES] = note("What the one asking may do in it")


Results = Annotated[dict[str, Any] | None, WithJsonSchema({"allOf": [{"$ref": "#/components/schemas/PollResults"}]})]


class VoteTrust(Reply):
    verified: int = note("Votes from phones that joined with the passcode or an attendee code")
    in_room: int = note("Votes from phones that scanned the in-room QR")


class Suspicious(Reply):
    """A burst of fresh phone identities voting one way (services/vote_watch.py); the votes all count."""
    fresh_votes: int = note("Votes the same way from phones that joined minutes before")
    votes: int = note("All the votes it got during the burst")
    window_seconds: int
    fresh_seconds: int = note("A phone is fresh this long after joining")
    since: datetime


class TrustedGroup(Reply):
    ballots: int
    results: Results


class Among(Reply):
    verified: TrustedGroup = note("Ballots cast by verified phones (passcode or attendee code)")
    in_room: TrustedGroup = note("Ballots cast by phones that had scanned the in-room QR")


class Question(Reply):
    id: int
    text: str
    author: str | None = note("null when asked anonymously")
    anonymous: bool
    status: Literal[*QUESTION_STATUSES]
    progress: Literal[*QUESTION_PROGRESS]
    votes: int
    agenda_item_id: int | None = note("The agenda item it belongs to (null: none)")
    edited: bool = note("A moderator changed the text (the original is kept)")
    created_at: datetime
    answered_at: When
    answer_text: str | None = note("What the panel answered; the room sees it once the question is answered")
    merged_into_id: int | None = note("Status merged: the question it was folded into (its votes moved there)")
    state: Literal[*LEDGER_STATES] = note("Where it stands in its follow-up (its ledger, docs/followup.md)")
    mine: bool = note("Only in the answer to asking and in question:own: the asker's own question", None)


class SimilarQuestion(Reply):
    id: int = note("A question of the same event, not merged")
    score: float = note("How alike the texts are, 0..1 (services/similarity.py)")


class QuestionForModerators(Question):
    original_text: str | None = note("The text as asked, when a moderator edited it")
    published_at: When
    next_step: str | None = note("What happens next to it")
    moderation_reason: Literal[*MODERATION_REASONS] | None = note("Why it was rejected or hidden")
    blocklist_term: str | None = note("The blocklist term it contains (it waited for review), or null")
    asker: str | None = note("An opaque key, the same for one asker's questions in this event (never sent to "
                             "the room); null for an anonymous question (never linked to its asker's others) and "
                             "for an imported one")
    similar: list[SimilarQuestion] = note(
        "Only for a question that may be merged (waiting, or live and open), in the moderators' questions:changed "
        "messages and snapshot (there for the newest such questions): its likely duplicates, best first", None)
    trust: VoteTrust = note("The moderators' snapshot only: its votes from verified and from in-room phones", None)
    suspicious: Suspicious | None = note(
        "The moderators' snapshot only: a burst of fresh phones voting for it (null: none now)", None)


class SuggestedQuestion(Question):
    """A published question like the text a phone's person is typing (GET /api/events/{code}/similar)."""
    score: float = note("How alike the texts are, 0..1; at least services/similarity.THRESHOLD")


class Tally(Reply):
    id: int
    votes: int
    voted: bool


class Token(Reply):
    id: int
    name: str
    prefix: str
    created_at: datetime
    revoked: bool
    token: str = note("Shown once, at creation", None)


class AgendaItem(Reply):
    id: int
    position: int = note("0..n-1")
    title: str
    description: str
    presenter: str
    planned_minutes: int
    planned_seconds: int
    status: Literal[*ITEM_STATUSES]
    current: bool = note("On the floor (running or paused)")
    running: bool = note("Its timer runs")
    running_since: When = note("Start of the running stretch (server time)")
    elapsed_base_seconds: int = note(
        "Time run before the running stretch. Live elapsed = this + (server now - running_since) while running")
    elapsed_seconds: int = note("Time run, as of when this was made (server_now)")
    remaining_seconds: int = note("planned - elapsed, as of then; negative = overrun")
    overrun: bool = note("As of then")
    started_at: When = note("First start")
    ended_at: When = note("Last end (null while it runs)")


class Meeting(Reply):
    state: Literal["not_started", "running", "ended"]
    started_at: When
    ended_at: When


class Agenda(Reply):
    meeting: Meeting
    current_item_id: int | None
    next_item_id: int | None = note("What start/next runs; null: next ends the meeting")
    previous_item_id: int | None = note("What back runs; null: back is refused")
    planned_seconds: int = note("Sum of all items' planned time")
    items: list[AgendaItem]


class SpeakerEntry(Reply):
    id: int = note("The request's id (not the attendee's)")
    number: int = note("'Speaker N': per event, stable per person")
    name: str = note("'Speaker N' when the event's speakers are anonymous or the person gave no name; "
                     "moderators see the real name")
    topic: str
    status: Literal[*SPEAKER_STATUSES]
    times_spoken: int = note("How often this person has finished speaking in this event")
    position: int | None = note("1-based place in the queue; null outside it")
    agenda_item_id: int | None
    requested_at: datetime
    called_at: When


class SpeakerEntryForModerators(SpeakerEntry):
    room_name: str = note("The name the room sees")
    manual: bool = note("Added by hand")
    finished_at: When
    spoken_seconds: int = note("Timer total when last stopped")


class SpeakerTimer(Reply):
    elapsed_seconds: int = note("As of server_now")
    elapsed_base_seconds: int = note("Before the running stretch")
    running: bool
    running_since: When
    limit_seconds: int
    remaining_seconds: int = note("Negative when over the limit")
    overrun: bool


class SpeakerOnTheFloor(SpeakerEntry):
    timer: SpeakerTimer


class SpeakerOnTheFloorForModerators(SpeakerEntryForModerators):
    timer: SpeakerTimer


class MyFloor(Reply):
    waiting: dict[str, Any] | None = note("My request while it waits")
    speaking: dict[str, Any] | None = note("My request while I have the floor")


class Speakers(Reply):
    limit_seconds: int
    current: SpeakerOnTheFloor | SpeakerOnTheFloorForModerators | None
    next: SpeakerEntry | SpeakerEntryForModerators | None = note("The first of the queue")
    queue: list[SpeakerEntry | SpeakerEntryForModerators] = note("In the server's order")
    recent: list[SpeakerEntryForModerators] = note("Moderators' view only: the last who spoke", None)
    mine: MyFloor = note("A joined phone's view only", None)




class Poll(Reply):
    id: int
    kind: Literal[*POLL_KINDS]
    question: str
    options: list[str]
    max_choices: int | None
    scale_min: int | None
    scale_max: int | None
    labels: list[str] | None
    agenda_item_id: int | None
    visibility: Literal[*POLL_VISIBILITIES]
    revealed: bool
    confidential: bool
    k_threshold: int
    duration_seconds: int | None
    status: Literal[*POLL_STATUSES] = note("An open poll past closes_at reads closed")
    opened_at: When
    closes_at: When
    closed_at: When
    revealed_at: When
    ballots: int = note("Turnout: always shown")
    present: int = note("Phones connected now")
    results: Results
    voters: Literal[*POLL_VOTERS] = note("Who may answer; others get 403 not_eligible")
    among: Among | None = note("The results among verified and in-room phones; null where not shown (the room: "
                               "unless the event's show_trusted_counts)")
    suspicious: Suspicious | None = note("Moderators' view only: a burst of fresh phones voting one way", None)
    voted: bool = note("A joined phone's view only", None)


class Notes(Reply):
    text: str
    version: int = note("Send as base_version with the next save")
    updated_at: When


class SavedNotes(Notes):
    item_id: int


class Decision(Reply):
    id: int
    item_id: int
    text: str
    vote_result: str = note("Free text, e.g. 'For 14 · Against 3 · Abstain 2'")
    created_at: datetime


class ActionItem(Reply):
    id: int
    item_id: int
    what: str
    owner: str
    due_date: date | None
    created_at: datetime


class ItemRecords(Reply):
    item_id: int
    title: str
    position: int
    notes: Notes
    decisions: list[Decision]
    actions: list[ActionItem]


class Records(Reply):
    items: dict[str, ItemRecords] = note("Keyed by agenda item id")


class Me(Reply):
    id: int
    name: str | None
    mine: list[int] = note("My questions' ids")
    own: list[Question] = note("My questions the room cannot see (waiting, rejected, merged...)")
    voted: list[int] = note("The questions I voted for")
    polls_voted: list[int] = note("The polls I answered")
    banned: bool = note("A moderator banned this phone from the event: it can follow, not take part")


class Snapshot(Reply):
    """Everything a page needs, as of seq: apply socket messages with seq = this + 1 next."""
    seq: int
    server_now: datetime = note("The time the as-of values (timers) are for")
    event: Event | EventForModerators
    questions: list[Question | QuestionForModerators]
    polls: list[Poll] = note("The room: no drafts; a phone: its own view")
    agenda: Agenda
    speakers: Speakers
    tally_seq: int = note("The room's view: the vote tallies' own sequence", None)
    me: Me | None = note("A phone's view only: null before joining", None)
    records: Records = note("Moderators' view only", None)
    stats: dict[str, Any] = note("Moderators' view only: connected, joined, questions by status, votes", None)
    role: Literal["owner", *ROLES] = note("Moderators' view only: the viewer's role", None)
    capabilities: list[str] = note("Moderators' view only: what the viewer's role may do", None)


class Ban(Reply):
    id: int
    question_id: int | None = note("Its asker was banned (null: that question was deleted since)")
    anonymous: bool = note("The question was anonymous: the ban knows the phone, no one its name")
    asker: str | None = note("The asker's name, only where the question showed it")
    reason: Literal[*MODERATION_REASONS]
    at: datetime
    by: str | None = note("The moderator's name")
    hid: dict[str, int] = note("How many pending questions and waiting requests for the floor the ban took away")
    restored: dict[str, int] = note("Only in the answer to unban: how many came back", None)


class Member(Reply):
    user_id: int
    name: str
    email: str
    role: Literal["owner", *ROLES]
    since: When = note("null for the owner")
