"""What the meeting decided and who will do what: per agenda item."""
from ..extensions import db
from .base import utcnow


class Decision(db.Model):
    __tablename__ = "decisions"
    id = db.Column(db.Integer, primary_key=True)
    agenda_item_id = db.Column(db.Integer, db.ForeignKey("agenda_items.id", ondelete="CASCADE"), nullable=False,
                               index=True)
    text = db.Column(db.Text, nullable=False)
    vote_result = db.Column(db.String(200), nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    created_by = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))


class ActionItem(db.Model):
    __tablename__ = "action_items"
    id = db.Column(db.Integer, primary_key=True)
    agenda_item_id = db.Column(db.Integer, db.ForeignKey("agenda_items.id", ondelete="CASCADE"), nullable=False,
                               index=True)
    what = db.Column(db.Text, nullable=False)
    owner = db.Column(db.String(120), nullable=False, default="")
    due_date = db.Column(db.Date)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    created_by = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
