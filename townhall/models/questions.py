"""Questions and votes."""
from sqlalchemy import CheckConstraint, Index, UniqueConstraint, text

from ..extensions import db
from .base import utcnow
from .ledger import STATES as LEDGER_STATES
from .ledger import _initial_from_row
from .statuses import QuestionProgress, QuestionStatus, check_in, values

QUESTION_STATUSES = values(QuestionStatus)
# Why a question was rejected or hidden: counted in the minutes' moderation summary.
MODERATION_REASONS = ("off_topic", "duplicate", "offensive", "personal_data", "spam", "other")
QUESTION_PROGRESS = values(QuestionProgress)
# Statuses of questions the room saw and still may: followed up in public (the tracker, the minutes, offices).
VISIBLE_STATUSES = (QuestionStatus.PUBLISHED.value, QuestionStatus.ARCHIVED.value)


class Question(db.Model):
    __tablename__ = "questions"
    __table_args__ = (
        CheckConstraint(check_in("status", QUESTION_STATUSES), name="status"),
        CheckConstraint(check_in("progress", QUESTION_PROGRESS), name="progress"),
        CheckConstraint("vote_count >= 0", name="vote_count"),
        CheckConstraint(check_in("ledger_state", LEDGER_STATES), name="ledger_state"),
        CheckConstraint(f"moderation_reason IS NULL OR moderation_reason IN {MODERATION_REASONS}",
                        name="moderation_reason"),
        # One question "now answering" per event, enforced by the database.
        Index(
            "uq_questions_answering",
            "event_id",
            unique=True,
            sqlite_where=text("progress = 'answering'"),
            postgresql_where=text("progress = 'answering'"),
        ),
        Index("ix_questions_event_status", "event_id", "status"),
        # A phone's retry of a question it sent (the same idempotency key) finds the question stored.
        UniqueConstraint("event_id", "author_tag", "client_key", name="uq_questions_client_key"),
    )
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False)
    # NULL for anonymous questions: the asker is not stored linked to them.
    attendee_id = db.Column(db.Integer, db.ForeignKey("attendees.id", ondelete="SET NULL"), index=True)
    # HMAC keyed by the asker's cookie token, so only that phone can recognise its
    # own questions (anonymous ones included); the database alone cannot link them.
    author_tag = db.Column(db.String(64), index=True)
    # The idempotency key the asking phone sent with it (random, made on the phone; never shown to anyone):
    # a retry after a lost answer is given this question instead of a second one. It links the question
    # to nothing the row does not hold already (author_tag says which phone asked).
    client_key = db.Column(db.String(64))
    author_name = db.Column(db.String(60))
    is_anonymous = db.Column(db.Boolean, nullable=False, default=False)
    agenda_item_id = db.Column(db.Integer, db.ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True)
    text = db.Column(db.Text, nullable=False)
    original_text = db.Column(db.Text)
    edited_at = db.Column(db.DateTime)
    status = db.Column(db.String(12), nullable=False, default=QuestionStatus.PUBLISHED.value)
    progress = db.Column(db.String(12), nullable=False, default=QuestionProgress.OPEN.value,
                         server_default=QuestionProgress.OPEN.value)
    vote_count = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    # Where the question stands in its ledger (models/ledger.py), kept beside the entries for filtering.
    # A row stored without its ledger (an imported archive) starts where its status and progress say.
    ledger_state = db.Column(db.String(20), nullable=False, default=_initial_from_row, index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    published_at = db.Column(db.DateTime)
    answered_at = db.Column(db.DateTime)
    # What the panel answered, as recorded by the moderator (for the minutes).
    answer_text = db.Column(db.Text)
    # What happens next to a question the meeting did not answer (written reply, next meeting...).
    next_step = db.Column(db.Text)
    # Set when rejected or hidden; one of MODERATION_REASONS.
    moderation_reason = db.Column(db.String(20))
    # The blocklist term that held it for review (as written in the list), or None.
    blocklist_term = db.Column(db.String(60))
    # A duplicate folded into another question (status "merged"); its voters moved there.
    merged_into_id = db.Column(db.Integer, db.ForeignKey("questions.id", ondelete="SET NULL"), index=True)

    @property
    def is_public(self) -> bool:
        return self.status == QuestionStatus.PUBLISHED


class Vote(db.Model):
    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("question_id", "attendee_id", name="uq_votes_question_attendee"),)
    id = db.Column(db.Integer, primary_key=True)
    question_id = db.Column(db.Integer, db.ForeignKey("questions.id", ondelete="CASCADE"), nullable=False)
    # NULL once retention deleted the voter's identity (services/retention.py): the vote still counts.
    attendee_id = db.Column(db.Integer, db.ForeignKey("attendees.id", ondelete="SET NULL"), index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
