"""Merging a duplicate question into another one: the duplicate leaves the room, its voters move over.

What is stored afterwards (the minutes rely on it):
- the duplicate has status "merged" and merged_into_id = the target; it is final (no action undoes it);
- its Vote rows are gone and its vote_count is 0: every vote lives on the target, so the minutes count
  the target's votes and the event's total counts a person who supported both questions once;
- the target's vote_count is recounted in SQL from its Vote rows (moved votes keep their time, so the
  activity chart still shows when they were cast).

Under concurrency (PostgreSQL, READ COMMITTED): the event's row is locked first (merges, and every other
moderation of the event's questions, one after another), then both questions in ascending id order, and
only then are their states read and checked: a merge that raced another finds the duplicate merged
(409 already_merged) or the target merged (409 target_merged), never a half-done state. A vote batch
writing meanwhile waits for the question rows and then finds the duplicate merged (vote_batches).
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, func, insert, literal, select, update
from sqlalchemy.orm import aliased

from .. import serializers
from ..errors import Conflict, InvalidInput, NotFound
from ..extensions import db
from ..models import Question, Vote
from ..models.statuses import QuestionProgress, QuestionStatus
from . import ledger, operations, permissions
from .events import get_event
from .ids import is_id
from .questions import announce, question_in
from .transaction import lock_rows, use_case


def _target(event_id: int, duplicate: Question, into_id) -> Question:
    if not is_id(into_id):
        raise InvalidInput(_l("into_id must be the id of the question to merge into."), field="into_id")
    if into_id == duplicate.id:
        raise InvalidInput(_l("A question cannot be merged into itself."), code="merge_into_self", field="into_id")
    target = db.session.get(Question, into_id)
    if not target or target.event_id != event_id:
        raise NotFound(_l("No such question in this event to merge into."), code="target_not_found", field="into_id")
    if target.status == QuestionStatus.MERGED:
        raise Conflict(_l("That question was itself merged into another one: merge into that one."),
                       code="target_merged", field="into_id")
    if target.status != QuestionStatus.PUBLISHED:
        raise Conflict(_l("Merge into a question the room can see (published)."), code="target_not_published",
                       field="into_id")
    return target


def _check_duplicate(duplicate: Question) -> None:
    if duplicate.status == QuestionStatus.MERGED:
        raise Conflict(_l("This question is merged already."), code="already_merged")
    if duplicate.progress == QuestionProgress.ANSWERED:
        raise Conflict(_l("This question has been answered: it is not a duplicate to fold away."),
                       code="question_answered")
    if duplicate.progress == QuestionProgress.ANSWERING:
        raise Conflict(_l("This question is being answered: mark it answered or reopen it first."),
                       code="question_answering")


def _move_votes(duplicate: Question, target: Question) -> None:
    """Every voter of the duplicate supports the target once; then the duplicate holds no votes."""
    other = aliased(Vote)
    moved = select(literal(target.id), Vote.attendee_id, Vote.created_at).where(
        Vote.question_id == duplicate.id,
        ~exists().where(other.question_id == target.id, other.attendee_id == Vote.attendee_id),
    )
    # Nobody votes for their own question. A named author is known by attendee_id; an anonymous
    # author is stored unlinked (only their phone's token makes the author_tag), so if they voted for
    # the duplicate their vote does move to their own question: accepted, it cannot be detected.
    if target.attendee_id is not None:
        moved = moved.where(Vote.attendee_id != target.attendee_id)
    db.session.execute(insert(Vote.__table__).from_select(["question_id", "attendee_id", "created_at"], moved))
    db.session.execute(delete(Vote.__table__).where(Vote.question_id == duplicate.id))
    recount = select(func.count(Vote.id)).where(Vote.question_id == target.id).scalar_subquery()
    db.session.execute(update(Question.__table__).where(Question.id == target.id).values(vote_count=recount))
    db.session.expire(target, ["vote_count"])


@use_case
def merge(*, code: str, user_id: int, question_id, into_id) -> dict:
    """Fold question_id into into_id (a published question of the same event)."""
    event = get_event(code, lock=True)
    permissions.require(user_id, event, "questions")
    if is_id(question_id) and is_id(into_id):
        lock_rows(Question, [question_id, into_id])  # before reading their states: see the module's notes
    duplicate = question_in(event, question_id)
    target = _target(event.id, duplicate, into_id)
    _check_duplicate(duplicate)
    ledger.record(duplicate, "merge", actor="team", user_id=user_id, note=f"Merged into question #{target.id}")
    was_public = {duplicate.id: duplicate.is_public, target.id: target.is_public}
    duplicate.status = QuestionStatus.MERGED
    duplicate.merged_into_id = target.id
    duplicate.vote_count = 0
    db.session.flush()
    _move_votes(duplicate, target)
    operations.record(event.id, user_id, "merge", question_id=duplicate.id, into_id=target.id)
    # The room: the duplicate disappears, the target carries its new tally; the asker of the
    # duplicate learns where it went (question:own); moderators get both.
    announce(event.id, [duplicate, target], was_public)
    return {"question": serializers.question_moderator(duplicate), "into": serializers.question_moderator(target)}
