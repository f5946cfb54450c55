"""Minutes: versions of the document an organizer prepares, freezes and publishes.

A draft holds what the organizer wrote for the minutes (summary, per-item notes,
header names); everything else comes from the meeting's own record when the
document is built. Marking a draft final freezes the built document in
`content`; a later edit opens the next version as a new draft.
"""
from sqlalchemy import CheckConstraint, Index, UniqueConstraint, false, text

from ..extensions import db
from .base import utcnow
from .statuses import MinutesStatus, check_in, values

MINUTES_STATUSES = values(MinutesStatus)


class Minutes(db.Model):
    __tablename__ = "minutes"
    __table_args__ = (
        UniqueConstraint("event_id", "version", name="uq_minutes_event_version"),
        CheckConstraint(check_in("status", MINUTES_STATUSES), name="status"),
        CheckConstraint("status = 'final' OR published_at IS NULL", name="published_final"),
        # One draft at a time per event, and at most one version published.
        Index("uq_minutes_draft", "event_id", unique=True,
              sqlite_where=text("status = 'draft'"), postgresql_where=text("status = 'draft'")),
        Index("uq_minutes_published", "event_id", unique=True,
              sqlite_where=text("published_at IS NOT NULL"), postgresql_where=text("published_at IS NOT NULL")),
    )
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True)
    version = db.Column(db.Integer, nullable=False)
    status = db.Column(db.String(8), nullable=False, default=MinutesStatus.DRAFT.value)
    # Bumped on every save of a draft: a save based on an older revision is refused.
    revision = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    summary = db.Column(db.Text, nullable=False, default="")
    # {"<agenda item id>": "notes for the minutes"}; an item missing here uses its live notes.
    item_notes = db.Column(db.JSON, nullable=False, default=dict)
    chair = db.Column(db.String(200), nullable=False, default="")
    note_taker = db.Column(db.String(200), nullable=False, default="")
    # Said of every unanswered question without a next step of its own.
    next_steps = db.Column(db.Text, nullable=False, default="")
    # The organizer opts in to show the text of hidden and rejected questions.
    include_hidden_text = db.Column(db.Boolean, nullable=False, default=False, server_default=false())
    # The built document, frozen when the version is marked final.
    content = db.Column(db.JSON)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_by = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    finalized_at = db.Column(db.DateTime)
    finalized_by = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    published_at = db.Column(db.DateTime)
