"""Following questions up, as the server sends it: ledger steps, receipts, follow-ups, the tracker."""
from datetime import date, datetime
from typing import Literal

from pydantic import Field

from ...models.ledger import ACTORS as LEDGER_ACTORS
from ...models.ledger import KINDS as LEDGER_KINDS
from ...models.ledger import STATES as LEDGER_STATES
from .base import Reply, When, note
from .meeting import QuestionForModerators


class LedgerStep(Reply):
    """One step of a question's ledger as the public reads it (services/ledger.public_entry): no staff names."""
    at: datetime
    kind: Literal[*LEDGER_KINDS]
    state: Literal[*LEDGER_STATES]
    actor: Literal[*LEDGER_ACTORS]
    actor_label: str = note("'The asker', 'The event's team', 'Office', 'Townhall'")
    office: str | None
    due_on: date | None
    note: str | None = note("The step's public reason or note")


class MyAnswer(Reply):
    kind: Literal["writing", "room"] = note("A written answer, or the panel's answer in the room as recorded")
    text: str
    at: When


class MyVerdict(Reply):
    verdict: Literal["yes", "partly", "no"] = note("Did the written answer answer the question")
    text: str | None = note("The asker's short follow-up")
    at: datetime


class MyQuestion(Reply):
    """One of the asker's own questions, on their receipt."""
    id: int
    text: str
    anonymous: bool
    author: str | None = note("The name it was asked with (null when anonymous)")
    asked_at: datetime
    votes: int
    state: Literal[*LEDGER_STATES]
    status: str = note("The state in plain words ('Referred to Planning, due 18 Dec 2026')")
    answer: MyAnswer | None = note("The written answer, else the room's (null: none yet)")
    verdict: MyVerdict | None = note("The asker's verdict on the written answer, once given")
    can_give_verdict: bool = note("Answered in writing and no verdict yet")
    history: list[LedgerStep]


class Receipt(Reply):
    """An asker's private receipt: their questions at one event."""
    event: str = note("The event's join code")
    title: str
    questions: list[MyQuestion]
    link: str | None = note("Only on the phone's own view: the link to keep (shown to this phone only)", None)


class Followup(Reply):
    """A question's follow-up as everyone reads it (serializers/followups.followup_public; followup:changed)."""
    question_id: int
    event_id: int
    text: str
    author: str | None = note("null when asked anonymously")
    votes: int
    state: Literal[*LEDGER_STATES] = note("Where it stands in its ledger")
    asked_at: datetime
    office: str | None = note("The office it is referred to (null: not referred)")
    referred_at: When = note("The first referral: the clock runs from here")
    first_due_on: date | None = note("The date first promised")
    due_on: date | None = note("The due date in force")
    overdue: bool = note("Still waiting for its written answer after the due date in force (UTC)")
    answer_text: str | None = note("The written answer, once there is one")
    answered_at: When = note("The first written answer")
    # Last: from here on `note` in this class is the field, not the helper.
    note: str | None = Field(description="The commitment's note")


class OfficeOption(Reply):
    """An office the event's team may refer a question to (GET /api/events/{code}/offices)."""
    id: int
    name: str


class TrackerMeeting(Reply):
    """A meeting as the tracker names it (never its join code on the organization's tracker)."""
    title: str
    starts_at: When


class TrackerEvent(TrackerMeeting):
    code: str


class TrackerRow(Reply):
    """One followed-up question (serializers/followups.followup_public and the tracker's own fields)."""
    question_id: int
    event_id: int
    text: str
    author: str | None = note("The asker's name as the room saw it; null when anonymous")
    votes: int
    state: Literal[*LEDGER_STATES]
    asked_at: datetime
    office: str | None
    referred_at: When
    note: str | None
    first_due_on: date | None
    due_on: date | None
    overdue: bool = note("Still with an office, no written answer, past the due date in force")
    answer_text: str | None
    answered_at: When
    status: Literal["open", "answered", "closed"]
    since: datetime = note("When it was first referred; never referred: its first deferral or closure")
    age_days: int = note("Days from `since` to today while open, else to its answer or closure")
    overdue_days: int | None = note("Days past the due date, when overdue")
    event: TrackerMeeting
    history: list[LedgerStep]


class FigurePercentile(Reply):
    days: float | None = note("null: not known yet (see more_than_days), or no follow-ups")
    more_than_days: float | None = note("Not known yet: at least this many days")


class FigureShare(Reply):
    count: int
    share: float | None


class FigureOnTime(FigureShare):
    judged: int = note("Answered ones, and unanswered ones past their first due date")


class FigureOverdue(FigureShare):
    waiting: int


class FigureVerdicts(Reply):
    given: int
    yes: FigureShare
    partly: FigureShare
    no: FigureShare


class FollowupFigures(Reply):
    """followup_figures.figures (docs/followup.md says how each is counted)."""
    count: int
    answered: int
    waiting: int
    left_without_written_answer: int
    median: FigurePercentile
    p90: FigurePercentile
    on_time: FigureOnTime
    overdue: FigureOverdue
    feedback: FigureVerdicts


class OfficeFollowupFigures(FollowupFigures):
    office: str


class FollowupFiguresByOffice(Reply):
    overall: FollowupFigures
    offices: list[OfficeFollowupFigures]


class TrackerChartDay(Reply):
    date: date
    open: int
    answered: int


class TrackerChart(Reply):
    days: list[TrackerChartDay]
    max: int


class TrackerOffice(Reply):
    id: int
    name: str


class FollowupReview(Reply):
    """The end-of-meeting review (GET /api/events/{code}/followups/review)."""
    min_votes: int = note("The vote threshold asked for")
    offered: list[QuestionForModerators] = note("Unanswered, without a follow-up, votes >= min_votes: offered for "
                                                "referral, most votes first")
    below: list[QuestionForModerators] = note("Unanswered, without a follow-up, fewer votes: to close with a reason "
                                              "(or refer all the same)")
    counts: dict[str, int] = note("unanswered, referred, answered_in_room, answered_in_writing, closed")
    followups: list[Followup] = note("The questions referred, deferred, answered in writing or closed")


class TrackerFilters(Reply):
    office: int | None
    status: Literal["open", "overdue", "answered", "closed"] | None


class TrackerOrganization(Reply):
    slug: str
    name: str


class Tracker(Reply):
    """The public follow-up tracker of an event or of an organization (services/tracker.py)."""
    event: TrackerEvent = note("The event's tracker only", None)
    events: list[TrackerMeeting] = note("The organization's tracker only: its events, newest first", None)
    organization: TrackerOrganization | None
    offices: list[TrackerOffice]
    filters: TrackerFilters
    figures: FollowupFiguresByOffice
    chart: TrackerChart
    followups: list[TrackerRow]
    today: date = note("The UTC date due dates are compared with")
