"""Moderating many questions at once from the dashboard: approve, reject or archive a selection, or file it
under another agenda item. One use case, one transaction: every id is checked (in this event, not named twice,
the action allowed for it) before anything changes, so a bad id leaves every question as it was; the changes
go out in one broadcast. Each question takes the same steps as when moderated alone (questions.py)."""
from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import serializers
from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..models import Event, Question
from . import operations, permissions
from .events import get_event
from .questions import announce, check_reason, check_transition, moderate_checked
from .rows import agenda_item_in
from .transaction import use_case

BATCH_ACTIONS = ("approve", "reject", "archive")
MAX_BATCH = 500  # more than a dashboard's list shows at once


def _selection(event: Event, question_ids: Sequence[int]) -> list[Question]:
    """The questions named, in the order named; the first id that is repeated or not of this event refused."""
    if not question_ids:
        raise InvalidInput(_l("Select at least one question."), code="no_questions", field="question_ids")
    found = {q.id: q for q in db.session.scalars(
        select(Question).where(Question.event_id == event.id, Question.id.in_(list(question_ids))))}
    seen: set[int] = set()
    for index, question_id in enumerate(question_ids):
        if question_id in seen:
            raise InvalidInput(_l("Question %(id)s is named twice.", id=question_id), code="duplicate_question_id",
                               field=f"question_ids[{index}]")
        seen.add(question_id)
        if question_id not in found:
            raise NotFound(_l("No such question in this event: %(id)s.", id=question_id), code="question_not_found",
                           field=f"question_ids[{index}]")
    return [found[question_id] for question_id in question_ids]


@use_case
def moderate_many(*, code: str, user_id: int, question_ids: Sequence[int], action: str, reason=None) -> dict:
    """approve, reject (reason: one of MODERATION_REASONS, optional) or archive every question named."""
    event = get_event(code, lock=True)
    permissions.require(user_id, event, "questions")
    if action not in BATCH_ACTIONS:
        raise InvalidInput(_l("Unknown action %(action)s.", action=repr(action)), code="unknown_action",
                           field="action")
    reason = check_reason(action, reason)
    selected = _selection(event, question_ids)
    for index, question in enumerate(selected):
        check_transition(question, action, field=f"question_ids[{index}]")
    changed: dict[int, Question] = {}
    was_public: dict[int, bool] = {}
    for question in selected:
        more, before = moderate_checked(event, question, action, user_id=user_id, reason=reason)
        changed.update((q.id, q) for q in more)
        was_public = {**before, **was_public}  # the first state seen is the one before this command
    announce(event.id, list(changed.values()), was_public)
    return {"questions": [serializers.question_moderator(q) for q in selected]}


@use_case
def move_many(*, code: str, user_id: int, question_ids: Sequence[int], agenda_item_id: int | None) -> dict:
    """File every question named under agenda item `agenda_item_id` (None: no item, "General")."""
    event = get_event(code, lock=True)
    permissions.require(user_id, event, "questions")
    if agenda_item_id is not None:
        agenda_item_id = agenda_item_in(event.id, agenda_item_id).id
    selected = _selection(event, question_ids)
    moved = [q for q in selected if q.agenda_item_id != agenda_item_id]
    for question in moved:
        question.agenda_item_id = agenda_item_id
        operations.record(event.id, user_id, "edit", "agenda_item_id", question_id=question.id)
    if moved:
        announce(event.id, moved, {q.id: q.is_public for q in moved})
    return {"questions": [serializers.question_moderator(q) for q in selected]}
