"""Tables and their invariants. Nothing here commits."""
from datetime import datetime, timezone

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, Index, UniqueConstraint, text

from .extensions import db

QUESTION_STATUSES = ("pending", "published", "rejected", "hidden", "archived")
QUESTION_PROGRESS = ("open", "answering", "answered")


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class User(UserMixin, db.Model):
    """An organizer: logs in with e-mail and password."""

    __tablename__ = "users"
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), nullable=False, unique=True)
    name = db.Column(db.String(120), nullable=False)
    password_hash = db.Column(db.String(256), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # Changes on logout / password change: invalidates other sessions and sockets.
    session_version = db.Column(db.Integer, nullable=False, default=0, server_default="0")

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class ApiToken(db.Model):
    """A personal API token; only its hash is stored."""

    __tablename__ = "api_tokens"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    name = db.Column(db.String(80), nullable=False)
    prefix = db.Column(db.String(12), nullable=False)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    revoked_at = db.Column(db.DateTime)


class SetupToken(db.Model):
    """A one-time link that creates the first organizer account."""

    __tablename__ = "setup_tokens"
    id = db.Column(db.Integer, primary_key=True)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    expires_at = db.Column(db.DateTime, nullable=False)
    used_at = db.Column(db.DateTime)


class Event(db.Model):
    __tablename__ = "events"
    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(12), nullable=False, unique=True)
    owner_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    title = db.Column(db.String(200), nullable=False)
    starts_at = db.Column(db.DateTime)
    place = db.Column(db.String(200), nullable=False, default="")
    description = db.Column(db.Text, nullable=False, default="")
    allow_anonymous = db.Column(db.Boolean, nullable=False, default=True)
    names_required = db.Column(db.Boolean, nullable=False, default=False)
    premoderation = db.Column(db.Boolean, nullable=False, default=False)
    is_open = db.Column(db.Boolean, nullable=False, default=True)
    # Bumped in SQL with every change the room sees; carried by every broadcast.
    seq = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    owner = db.relationship("User")


class Attendee(db.Model):
    """A phone that joined one event. The raw token lives only in its signed cookie."""

    __tablename__ = "attendees"
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    name = db.Column(db.String(60))
    joined_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class Question(db.Model):
    __tablename__ = "questions"
    __table_args__ = (
        CheckConstraint(f"status IN {QUESTION_STATUSES}", name="status"),
        CheckConstraint(f"progress IN {QUESTION_PROGRESS}", name="progress"),
        CheckConstraint("vote_count >= 0", name="vote_count"),
        # One question "now answering" per event, enforced by the database.
        Index(
            "uq_questions_answering",
            "event_id",
            unique=True,
            sqlite_where=text("progress = 'answering'"),
            postgresql_where=text("progress = 'answering'"),
        ),
        Index("ix_questions_event_status", "event_id", "status"),
    )
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False)
    # NULL for anonymous questions: the asker is not stored linked to them.
    attendee_id = db.Column(db.Integer, db.ForeignKey("attendees.id", ondelete="SET NULL"), index=True)
    # HMAC keyed by the asker's cookie token, so only that phone can recognise its
    # own questions (anonymous ones included); the database alone cannot link them.
    author_tag = db.Column(db.String(64), index=True)
    author_name = db.Column(db.String(60))
    is_anonymous = db.Column(db.Boolean, nullable=False, default=False)
    text = db.Column(db.Text, nullable=False)
    original_text = db.Column(db.Text)
    edited_at = db.Column(db.DateTime)
    status = db.Column(db.String(12), nullable=False, default="published")
    progress = db.Column(db.String(12), nullable=False, default="open", server_default="open")
    vote_count = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    published_at = db.Column(db.DateTime)
    answered_at = db.Column(db.DateTime)

    @property
    def is_public(self) -> bool:
        return self.status == "published"


class Vote(db.Model):
    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("question_id", "attendee_id", name="uq_votes_question_attendee"),)
    id = db.Column(db.Integer, primary_key=True)
    question_id = db.Column(db.Integer, db.ForeignKey("questions.id", ondelete="CASCADE"), nullable=False)
    attendee_id = db.Column(db.Integer, db.ForeignKey("attendees.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class Connection(db.Model):
    """One live Socket.IO connection, for the 'connected' count."""

    __tablename__ = "connections"
    sid = db.Column(db.String(64), primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True)
    attendee_id = db.Column(db.Integer, db.ForeignKey("attendees.id", ondelete="CASCADE"))
    user_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    audience = db.Column(db.String(12), nullable=False)
    connected_at = db.Column(db.DateTime, nullable=False, default=utcnow)
