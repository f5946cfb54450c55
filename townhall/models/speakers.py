"""The list of speakers: requests for the floor from phones or added by hand."""
from sqlalchemy import CheckConstraint, Index, text

from ..extensions import db
from .base import utcnow
from .statuses import SpeakerStatus, check_in, values

SPEAKER_STATUSES = values(SpeakerStatus)


class SpeakerRequest(db.Model):
    __tablename__ = "speaker_requests"
    __table_args__ = (
        CheckConstraint(check_in("status", SPEAKER_STATUSES), name="status"),
        # One person at the microphone per event.
        Index("uq_speaker_requests_speaking", "event_id", unique=True,
              sqlite_where=text("status = 'speaking'"), postgresql_where=text("status = 'speaking'")),
        # A phone waits in the queue once.
        Index("uq_speaker_requests_waiting", "event_id", "attendee_id", unique=True,
              sqlite_where=text("status = 'waiting'"), postgresql_where=text("status = 'waiting'")),
    )
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True)
    attendee_id = db.Column(db.Integer, db.ForeignKey("attendees.id", ondelete="SET NULL"), index=True)
    agenda_item_id = db.Column(db.Integer, db.ForeignKey("agenda_items.id", ondelete="SET NULL"))
    # The name as given (by the phone, or typed by the moderator for someone without one).
    name = db.Column(db.String(60))
    # Who this person is across requests, for "times spoken": attendee:<id> or name:<lowercased name>.
    person_key = db.Column(db.String(80), nullable=False, index=True)
    # "Speaker 7": numbered per event in order of first request, stable per person.
    number = db.Column(db.Integer, nullable=False)
    topic = db.Column(db.String(200), nullable=False, default="")
    status = db.Column(db.String(10), nullable=False, default=SpeakerStatus.WAITING.value)
    requested_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    called_at = db.Column(db.DateTime)
    finished_at = db.Column(db.DateTime)
    # Speaking timer, like agenda items: accumulated seconds + running stretch.
    elapsed_seconds = db.Column(db.Integer, nullable=False, default=0)
    running_since = db.Column(db.DateTime)
