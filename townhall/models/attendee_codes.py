"""One-time attendee codes: printed in advance, each lets one person join as one identity."""
from sqlalchemy import UniqueConstraint

from ..extensions import db
from .base import utcnow


class AttendeeCode(db.Model):
    """A code the organizer handed out. ``code`` is readable while the slip is unused (the organizer
    prints it) and cleared once used or revoked; a phone's code is found by ``code_hash``. The first
    phone that uses it binds ``attendee_id``; a later phone with the same code takes that attendee over."""

    __tablename__ = "attendee_codes"
    __table_args__ = (UniqueConstraint("event_id", "number"),)
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True)
    number = db.Column(db.Integer, nullable=False)  # the slip's number in this event, from 1
    code = db.Column(db.String(16))
    code_hash = db.Column(db.String(64), nullable=False, unique=True)
    attendee_id = db.Column(db.Integer, db.ForeignKey("attendees.id", ondelete="SET NULL"), unique=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    used_at = db.Column(db.DateTime)
    revoked_at = db.Column(db.DateTime)

    @property
    def status(self) -> str:
        return "revoked" if self.revoked_at else "used" if self.used_at else "unused"
