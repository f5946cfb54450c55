"""The agenda: items, their actual times, and reusable templates."""
from sqlalchemy import CheckConstraint

from ..extensions import db
from .base import utcnow
from .statuses import ItemStatus, check_in, values

ITEM_STATUSES = values(ItemStatus)


class AgendaItem(db.Model):
    __tablename__ = "agenda_items"
    __table_args__ = (
        CheckConstraint(check_in("status", ITEM_STATUSES), name="status"),
        CheckConstraint("planned_minutes >= 0", name="planned_minutes"),
    )
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    presenter = db.Column(db.String(120), nullable=False, default="")
    planned_minutes = db.Column(db.Integer, nullable=False, default=10)
    status = db.Column(db.String(10), nullable=False, default=ItemStatus.UPCOMING.value)
    # Actual times: first start and last end, as they happened.
    started_at = db.Column(db.DateTime)
    ended_at = db.Column(db.DateTime)
    # The timer: seconds run before the current stretch, and when the current stretch began.
    elapsed_seconds = db.Column(db.Integer, nullable=False, default=0)
    running_since = db.Column(db.DateTime)
    # Notes taken live (autosaved); version guards against two note-takers overwriting each other.
    notes = db.Column(db.Text, nullable=False, default="")
    notes_version = db.Column(db.Integer, nullable=False, default=0)
    notes_updated_at = db.Column(db.DateTime)


class AgendaTemplate(db.Model):
    """A saved agenda an organizer can reuse: items as a JSON list."""

    __tablename__ = "agenda_templates"
    id = db.Column(db.Integer, primary_key=True)
    owner_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    name = db.Column(db.String(120), nullable=False)
    items = db.Column(db.JSON, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
