"""The operation log: who did which organizer action on an event, and when (UTC)."""
from ..extensions import db
from .base import utcnow


class Operation(db.Model):
    """One moderation, team, minutes or archive action. The actor is an organizer account (its name
    kept as it was then); nothing here names an attendee's token, cookie, address or browser."""

    __tablename__ = "operations"
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True)
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    actor_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    actor_name = db.Column(db.String(120), nullable=False, default="")
    action = db.Column(db.String(40), nullable=False)
    # The rows acted on, e.g. {"question_id": 4}; ids only.
    targets = db.Column(db.JSON, nullable=False, default=dict)
    detail = db.Column(db.String(200), nullable=False, default="")
