"""Live polls, the fact that a phone voted, and the ballots.

The "has voted" fact (Participation) and the ballot are stored apart: in a
confidential poll the ballot carries no attendee id, a random primary key (no
insertion order) and a time kept only to the minute, so the database cannot say
who cast which ballot. On SQLite both tables are WITHOUT ROWID: there is no
hidden rowid that would record the order of insertion either.
"""
from sqlalchemy import CheckConstraint, UniqueConstraint, false, true

from ..extensions import db
from .base import utcnow
from .statuses import PollStatus, PollVoters, check_in, values

POLL_KINDS = ("single", "multiple", "yesno", "rating", "ranking", "text")
POLL_STATUSES = values(PollStatus)
POLL_VISIBILITIES = ("live", "after_vote", "on_reveal")
POLL_VOTERS = values(PollVoters)


class Poll(db.Model):
    __tablename__ = "polls"
    __table_args__ = (
        CheckConstraint(f"kind IN {POLL_KINDS}", name="kind"),
        CheckConstraint(check_in("status", POLL_STATUSES), name="status"),
        CheckConstraint(f"visibility IN {POLL_VISIBILITIES}", name="visibility"),
        CheckConstraint("ballot_count >= 0", name="ballot_count"),
        CheckConstraint("k_threshold >= 1", name="k_threshold"),
        CheckConstraint(check_in("voters", POLL_VOTERS), name="voters"),
    )
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True)
    agenda_item_id = db.Column(db.Integer, db.ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True)
    kind = db.Column(db.String(10), nullable=False)
    question = db.Column(db.Text, nullable=False)
    options = db.Column(db.JSON, nullable=False, default=list)  # option texts; yesno: Yes, No, Abstain
    max_choices = db.Column(db.Integer)  # multiple only
    scale_min = db.Column(db.Integer)  # rating only
    scale_max = db.Column(db.Integer)
    labels = db.Column(db.JSON)  # rating only: [low end, high end] or NULL
    visibility = db.Column(db.String(12), nullable=False, default="live")
    revealed = db.Column(db.Boolean, nullable=False, default=False, server_default=false())
    confidential = db.Column(db.Boolean, nullable=False, default=False, server_default=false())
    k_threshold = db.Column(db.Integer, nullable=False, default=5, server_default="5")
    # Prepared time limit, used when the poll opens (unless the open call gives one).
    duration_seconds = db.Column(db.Integer)
    status = db.Column(db.String(8), nullable=False, default=PollStatus.DRAFT.value)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    opened_at = db.Column(db.DateTime)
    # Past closes_at the poll takes no ballot (checked in the counting statement) and
    # reads as closed, even before the background task records the close.
    closes_at = db.Column(db.DateTime)
    closed_at = db.Column(db.DateTime)
    revealed_at = db.Column(db.DateTime)
    # Who may vote (statuses.PollVoters): a ballot from another phone is refused (not_eligible).
    voters = db.Column(db.String(8), nullable=False, default=PollVoters.EVERYONE.value, server_default="everyone")
    # Updated in SQL together with the "is it open" check: never read-modify-write.
    ballot_count = db.Column(db.Integer, nullable=False, default=0, server_default="0")


class Participation(db.Model):
    """That a phone voted in a poll: the database's guard of one ballot per attendee. No time."""

    __tablename__ = "poll_participations"
    __table_args__ = ({"sqlite_with_rowid": False},)
    poll_id = db.Column(db.Integer, db.ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True)
    attendee_id = db.Column(db.Integer, db.ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True,
                            index=True)


class Ballot(db.Model):
    __tablename__ = "ballots"
    __table_args__ = (
        # One ballot per phone, also by the tag (changing a ballot replaces it).
        UniqueConstraint("poll_id", "voter_tag", name="uq_ballots_poll_voter_tag"),
        {"sqlite_with_rowid": False},
    )
    id = db.Column(db.String(32), primary_key=True)  # secrets.token_hex(16): carries no order
    # Looked up through uq_ballots_poll_voter_tag (poll_id first).
    poll_id = db.Column(db.Integer, db.ForeignKey("polls.id", ondelete="CASCADE"), nullable=False)
    # NULL in a confidential poll.
    attendee_id = db.Column(db.Integer, db.ForeignKey("attendees.id", ondelete="SET NULL"), index=True)
    # HMAC keyed by the phone's cookie token and the poll id: only that phone can find its ballot.
    voter_tag = db.Column(db.String(64), nullable=False)
    answer = db.Column(db.JSON, nullable=False)
    submitted_at = db.Column(db.DateTime, nullable=False)  # to the minute in a confidential poll
    # Text answers: hidden by the moderator; approved = the room may see it (premoderation).
    hidden = db.Column(db.Boolean, nullable=False, default=False, server_default=false())
    approved = db.Column(db.Boolean, nullable=False, default=True, server_default=true())
    # What the phone was when it cast this ballot (kept apart from the attendee id, which a confidential
    # ballot lacks): joined verified (passcode, one-time code); had scanned the in-room QR. The results
    # "among verified / in-room phones" count these.
    verified = db.Column(db.Boolean, nullable=False, default=False, server_default=false())
    in_room = db.Column(db.Boolean, nullable=False, default=False, server_default=false())
