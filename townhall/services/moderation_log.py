"""What moderation did, for everyone (counts by reason: `public_counts`) and for the team (the entries of
the operation log that are moderation: `log`). The entries' who, when and reason come from
services/operations.py: each moderation use case records itself there, the blocklist's holds too
(with no actor: the server held it)."""
from sqlalchemy import bindparam, func, select

from ..extensions import db
from ..models import Ban, Operation, Question
from ..moderation import summary
from . import permissions
from .events import get_event
from .operations import entry

# the operation log's actions that are moderation
ACTIONS = ("approve", "reject", "hide", "restore", "archive", "merge", "edit", "ban", "unban", "hold", "blocklist")
LOG_LIMIT = 200


# Built once: the phone page reads the counts on every load (a join storm's page requests).
_QUESTION_COUNTS = (select(Question.status, Question.moderation_reason, func.count())
                    .where(Question.event_id == bindparam("event_id"))
                    .group_by(Question.status, Question.moderation_reason))
_BANS = select(func.count(Ban.id)).where(Ban.event_id == bindparam("event_id"))


def public_counts(event_id: int) -> dict:
    """{"rejected": {reason: n}, "hidden": {reason: n}, "merged": n, "banned": n}: no text, no name
    (moderation/summary.tally). A ban's hidden pending questions count as hidden for the ban's reason."""
    params = {"event_id": event_id}
    rows = db.session.execute(_QUESTION_COUNTS, params).all()
    return summary.tally(rows, db.session.execute(_BANS, params).scalar_one())


def log(*, code: str, user_id: int | None) -> list[dict]:
    """The event's moderation entries, newest first (at most LOG_LIMIT): who, when, what, the reason."""
    event = get_event(code)
    permissions.require(user_id, event, "operations")
    rows = db.session.scalars(select(Operation).where(Operation.event_id == event.id, Operation.action.in_(ACTIONS))
                              .order_by(Operation.id.desc()).limit(LOG_LIMIT)).all()
    return [entry(row) for row in rows]


def public_summary(*, code: str) -> dict:
    """For everyone (GET /api/events/<code>/moderation): the counts and their sentence."""
    return summary_of(get_event(code).id)


def summary_of(event_id: int) -> dict:
    """public_summary() of an event already found (the phone page has it)."""
    counts = public_counts(event_id)
    return {"counts": counts, "line": summary.line(counts)}
