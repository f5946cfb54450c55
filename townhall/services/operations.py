"""The operation log: one entry per moderation, team, minutes or archive action, written in the
action's own transaction (`record`), and read by the event's owner and moderators (`recent`).

Who is an organizer account (its id and name as they were then), never an attendee: no token,
cookie, address or browser is passed here, and none is stored.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..errors import InvalidInput
from ..extensions import db
from ..models import Operation, User, utcnow
from ..serializers import iso
from . import permissions
from .events import get_event
from .ids import is_id
from .transaction import in_use_case, use_case

PAGE_SIZE = 50
DETAIL_MAX = 200


def record(event_id: int, user_id: int | None, action: str, detail: str = "", **targets: int) -> None:
    """Log `action` by organizer user_id on the event, with the ids acted on; inside a use case only,
    so the entry commits (or rolls back) with the action."""
    if not in_use_case():
        raise RuntimeError("operations.record() called outside a use case")
    actor = db.session.get(User, user_id) if user_id is not None else None
    db.session.add(Operation(event_id=event_id, at=utcnow(), actor_id=actor.id if actor else None,
                             actor_name=actor.name if actor else "", action=action, targets=targets,
                             detail=(detail or "")[:DETAIL_MAX]))


@use_case
def record_alone(event_id: int, user_id: int | None, action: str, detail: str = "", **targets: int) -> None:
    """record() for an action that is a read (an export): its own short transaction, or the caller's."""
    record(event_id, user_id, action, detail, **targets)


def entry(row: Operation) -> dict:
    return {"id": row.id, "at": iso(row.at), "actor": {"id": row.actor_id, "name": row.actor_name},
            "action": row.action, "targets": row.targets, "detail": row.detail}


def recent(*, code: str, user_id: int | None, before=None, limit=PAGE_SIZE) -> dict:
    """The event's entries, newest first, at most `limit` (1..PAGE_SIZE); `before`: an entry id, for the
    next page (its `next_before`). Owner and moderators only."""
    event = get_event(code)
    permissions.require(user_id, event, "operations")
    if before is not None and not is_id(before):
        raise InvalidInput(_l("before must be an entry id."), field="before")
    if not is_id(limit) or not 1 <= limit <= PAGE_SIZE:
        raise InvalidInput(_l("limit must be a whole number from 1 to %(max)s.", max=PAGE_SIZE), field="limit")
    query = select(Operation).where(Operation.event_id == event.id)
    if before is not None:
        query = query.where(Operation.id < before)
    rows = db.session.execute(query.order_by(Operation.id.desc()).limit(limit + 1)).scalars().all()
    page = rows[:limit]
    return {"operations": [entry(r) for r in page],
            "next_before": page[-1].id if len(rows) > limit else None}
