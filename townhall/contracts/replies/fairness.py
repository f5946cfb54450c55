"""The fairness of the queue as the server sends it (GET /api/events/{code}/fairness)."""
from datetime import datetime
from typing import Literal

from ...models import QUESTION_STATUSES
from .base import Reply, note


class QueuedQuestion(Reply):
    id: int
    text: str
    status: Literal[*QUESTION_STATUSES] = note("Its status now (it may have been hidden since)")


class QueueSkip(Reply):
    at: datetime = note("When the chosen question went on the floor")
    chosen: QueuedQuestion | None = note("The question put on the floor (null: deleted since)")
    chosen_votes: int = note("Its votes then")
    passed_over: QueuedQuestion | None = note("The highest-voted question waiting then (null: deleted since)")
    passed_over_votes: int = note("Its votes then")
    passed_over_count: int = note("How many waiting questions had more votes than the chosen one")
    reason: str = note("The moderator's reason; empty: no reason given")


class Skips(Reply):
    count: int = note("Times a higher-voted published question was passed over")
    on_floor: int = note("Questions put on the floor (answering)")
    items: list[QueueSkip] = note("Each skip, oldest first")


class AnsweredShare(Reply):
    questions: int = note("Published questions (published or archived)")
    answered: int = note("Of them, answered in the room or in writing")
    share: float | None = note("answered / questions, rounded to 4 places; null without questions")


class AskerShares(Reply):
    named: AnsweredShare
    anonymous: AnsweredShare
    first_time: AnsweredShare = note("Questions that were their asker's first in the event")
    repeat: AnsweredShare = note("An asker's second and later questions")


class ItemAnswers(Reply):
    item_id: int | None = note("The agenda item; null: questions filed under no item")
    title: str
    questions: int = note("Its published questions")
    answered_in_room: int


class Fairness(Reply):
    """GET /api/events/{code}/fairness (services/fairness.py documents each figure)."""
    skips: Skips
    askers: AskerShares
    items: list[ItemAnswers] = note("In agenda order, then \"No item\"")
