"""Following questions up after the meeting: organizations and their offices, the follow-up of each
referred question, askers' receipts, and the queue's passed-over questions (fairness)."""
from sqlalchemy import CheckConstraint, UniqueConstraint

from ..extensions import db
from .base import utcnow
from .statuses import Feedback, check_in, values


class Organization(db.Model):
    """A city office, a university, a company: holds events and the offices that answer for them.
    Its public tracker lives at /o/<slug>/followup."""

    __tablename__ = "organizations"
    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(40), nullable=False, unique=True)
    name = db.Column(db.String(120), nullable=False)
    owner_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class Office(db.Model):
    """A department or team that answers the questions referred to it, in writing."""

    __tablename__ = "offices"
    __table_args__ = (UniqueConstraint("organization_id", "name", name="uq_offices_organization_name"),)
    id = db.Column(db.Integer, primary_key=True)
    organization_id = db.Column(db.Integer, db.ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False,
                                index=True)
    name = db.Column(db.String(120), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class OfficeMember(db.Model):
    """A user who answers for an office: sees and acts on that office's follow-ups only."""

    __tablename__ = "office_members"
    __table_args__ = (UniqueConstraint("office_id", "user_id", name="uq_office_members_office_user"),)
    id = db.Column(db.Integer, primary_key=True)
    office_id = db.Column(db.Integer, db.ForeignKey("offices.id", ondelete="CASCADE"), nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class OfficeInvitation(db.Model):
    """A link that makes its first user a member of an office; only its hash is stored."""

    __tablename__ = "office_invitations"
    id = db.Column(db.Integer, primary_key=True)
    office_id = db.Column(db.Integer, db.ForeignKey("offices.id", ondelete="CASCADE"), nullable=False, index=True)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    expires_at = db.Column(db.DateTime, nullable=False)
    accepted_by = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    accepted_at = db.Column(db.DateTime)
    revoked_at = db.Column(db.DateTime)


class Followup(db.Model):
    """Where a referred question stands now (the ledger holds how it got there). One per question,
    created by its first referral; the clock runs from referred_at, through transfers and extensions."""

    __tablename__ = "followups"
    __table_args__ = (
        CheckConstraint(f"feedback IS NULL OR {check_in('feedback', values(Feedback))}", name="feedback"),
    )
    question_id = db.Column(db.Integer, db.ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True)
    # The office it is with now. An office with follow-ups is not deleted (RESTRICT).
    office_id = db.Column(db.Integer, db.ForeignKey("offices.id", ondelete="RESTRICT"), nullable=False, index=True)
    referred_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    first_due_on = db.Column(db.Date, nullable=False)  # the date first promised: "answered by the due date"
    due_on = db.Column(db.Date, nullable=False)  # the date in force (more time moves it, with a reason)
    note = db.Column(db.Text)  # the commitment's note ("we will get back to you with the figures")
    answer_text = db.Column(db.Text)
    answered_at = db.Column(db.DateTime)  # the first written answer: response times count to here
    answered_by = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    # The asker's verdict on the written answer, given once.
    feedback = db.Column(db.String(8))
    feedback_text = db.Column(db.String(500))
    feedback_at = db.Column(db.DateTime)


class Receipt(db.Model):
    """An asker's private receipt link: the hash of its secret and the author tag its questions carry
    (never an attendee id: an anonymous question stays unlinkable to a person)."""

    __tablename__ = "receipts"
    __table_args__ = (UniqueConstraint("event_id", "author_tag", name="uq_receipts_event_author_tag"),)
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True)
    author_tag = db.Column(db.String(64), nullable=False)
    key_hash = db.Column(db.String(64), nullable=False, unique=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class QueueSkip(db.Model):
    """A moderator put a question on the floor while a higher-voted published one was waiting."""

    __tablename__ = "queue_skips"
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True)
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    chosen_id = db.Column(db.Integer, db.ForeignKey("questions.id", ondelete="SET NULL"))
    chosen_votes = db.Column(db.Integer, nullable=False)
    # The highest-voted of the questions passed over, and how many were passed over.
    passed_over_id = db.Column(db.Integer, db.ForeignKey("questions.id", ondelete="SET NULL"))
    passed_over_votes = db.Column(db.Integer, nullable=False)
    passed_over_count = db.Column(db.Integer, nullable=False)
    reason = db.Column(db.String(200), nullable=False, default="")
