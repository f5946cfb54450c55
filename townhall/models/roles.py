"""Who else runs an event besides its owner, and invitations to join them."""
from sqlalchemy import CheckConstraint, UniqueConstraint

from ..extensions import db
from .base import utcnow

ROLES = ("moderator", "note_taker", "presenter")


class EventRole(db.Model):
    __tablename__ = "event_roles"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id", name="uq_event_roles_event_user"),
        CheckConstraint(f"role IN {ROLES}", name="role"),
    )
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    role = db.Column(db.String(12), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    user = db.relationship("User")


class Invitation(db.Model):
    """A link that gives its first user a role on an event; only its hash is stored."""

    __tablename__ = "invitations"
    __table_args__ = (CheckConstraint(f"role IN {ROLES}", name="role"),)
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True)
    role = db.Column(db.String(12), nullable=False)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    expires_at = db.Column(db.DateTime, nullable=False)
    accepted_by = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    accepted_at = db.Column(db.DateTime)
    revoked_at = db.Column(db.DateTime)
