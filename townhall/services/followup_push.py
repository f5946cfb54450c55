"""Telling everyone following a question that its follow-up moved: built inside the use case, sent after
commit (realtime/broadcast.followup_changed). Every use case that changes a follow-up calls announce()."""
from ..extensions import db
from ..models import Followup, Office, Question
from ..models.base import today
from ..realtime import broadcast
from ..serializers.followups import followup_public
from .transaction import on_commit


def item(question: Question) -> dict:
    """The question's follow-up as the public reads it (serializers/followups.py)."""
    followup = db.session.get(Followup, question.id)
    office = db.session.get(Office, followup.office_id) if followup else None
    return followup_public(question, followup, office.name if office else None, today())


def announce(question: Question) -> dict:
    """Schedule the push of the question's follow-up; returns what is pushed."""
    db.session.flush()
    body = item(question)
    tag = question.author_tag
    on_commit(lambda: broadcast.followup_changed(question.event_id, body, tag))
    return body
