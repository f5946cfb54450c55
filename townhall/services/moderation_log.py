"""What moderation did, for everyone (counts by reason: `public_counts`) and for the team (the entries of
the operation log that are moderation: `log`). The entries' who, when and reason come from
services/operations.py: each moderation use case records itself there, the blocklist's holds too
(with no actor: the server held it)."""
from sqlalchemy import func, select

from ..extensions import db
from ..models import Ban, Operation, Question
from ..moderation import summary
from . import permissions
from .events import get_event
from .operations import entry

# the operation log's actions that are moderation
ACTIONS = ("approve", "reject", "hide", "restore", "archive", "merge", "edit", "ban", "unban", "hold", "blocklist")
LOG_LIMIT = 200


def public_counts(event_id: int) -> dict:
    """{"rejected": {reason: n}, "hidden": {reason: n}, "merged": n, "banned": n}: no text, no name
    (moderation/summary.tally). A ban's hidden pending questions count as hidden for the ban's reason."""
    rows = db.session.execute(
        select(Question.status, Question.moderation_reason, func.count())
        .where(Question.event_id == event_id).group_by(Question.status, Question.moderation_reason)).all()
    banned = db.session.execute(select(func.count(Ban.id)).where(Ban.event_id == event_id)).scalar_one()
    return summary.tally(rows, banned)


def log(*, code: str, user_id: int | None) -> list[dict]:
    """The event's moderation entries, newest first (at most LOG_LIMIT): who, when, what, the reason."""
    event = get_event(code)
    permissions.require(user_id, event, "operations")
    rows = db.session.scalars(select(Operation).where(Operation.event_id == event.id, Operation.action.in_(ACTIONS))
                              .order_by(Operation.id.desc()).limit(LOG_LIMIT)).all()
    return [entry(row) for row in rows]


def public_summary(*, code: str) -> dict:
    """For everyone (the phone page, GET /api/events/<code>/moderation): the counts and their sentence."""
    counts = public_counts(get_event(code).id)
    return {"counts": counts, "line": summary.line(counts)}
