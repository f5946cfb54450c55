"""Bans: a phone stopped from taking part in one event by a moderator."""
from sqlalchemy import CheckConstraint, UniqueConstraint

from ..extensions import db
from .base import utcnow
from .questions import MODERATION_REASONS


class Ban(db.Model):
    """One banned phone. Keyed by the attendee (a named asker) or, for an anonymous asker, by the author
    tag its question already carries: the database never links an anonymous question to an attendee, and
    a ban does not either. Lifting a ban deletes the row (the operation log keeps the history)."""

    __tablename__ = "bans"
    __table_args__ = (
        CheckConstraint("attendee_id IS NOT NULL OR author_tag IS NOT NULL", name="keyed"),
        CheckConstraint(f"reason IN {MODERATION_REASONS}", name="reason"),
        UniqueConstraint("event_id", "attendee_id", name="uq_bans_event_attendee"),
        UniqueConstraint("event_id", "author_tag", name="uq_bans_event_author_tag"),
    )
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True)
    attendee_id = db.Column(db.Integer, db.ForeignKey("attendees.id", ondelete="SET NULL"))
    # Retention (services/retention.forget) replaces both keys by "forgotten:<id>": the ban still counts.
    author_tag = db.Column(db.String(64))
    # The question the moderator banned its asker from ("the asker of question #12").
    question_id = db.Column(db.Integer, db.ForeignKey("questions.id", ondelete="SET NULL"))
    reason = db.Column(db.String(20), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    created_by = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    # What the ban took out of the room, so that lifting it puts back exactly that:
    # {"questions": [ids of pending questions hidden], "speakers": [ids of waiting requests removed]}.
    hid = db.Column(db.JSON, nullable=False, default=dict)
