"""What the minutes' "Follow-up" section is made from (exports/record.FollowupRecord), read as plain data.

Each question's ledger state, the follow-ups of the referred questions with their office's name, the
public reason of each close, and the response-time figures (services/followup_figures.py) as of `now`.
No author tags, attendee ids or staff ids: the section names an asker only as the question does.
A fixed number of queries, whatever the size of the event. Reads only; needs an app context.
"""
from sqlalchemy import select

from ..exports import record as rec
from ..extensions import db
from ..models import Followup, LedgerEntry, Office, Question
from . import followup_figures


def load(event_id: int, *, now) -> rec.FollowupRecord:
    states: dict[int, str] = dict(db.session.execute(select(Question.id, Question.ledger_state)
                                     .where(Question.event_id == event_id)).all())
    followups = [rec.Followup(question_id=f.question_id, office=name, referred_at=f.referred_at,
                              first_due_on=f.first_due_on, due_on=f.due_on, note=f.note,
                              answer_text=f.answer_text if f.answered_at else None, answered_at=f.answered_at,
                              feedback=f.feedback)
                 for f, name in db.session.execute(
                     select(Followup, Office.name).join(Office, Office.id == Followup.office_id)
                     .where(Followup.event_id == event_id).order_by(Followup.question_id)).all()]
    closed: dict[int, str | None] = dict(db.session.execute(  # the latest close of each question wins
        select(LedgerEntry.question_id, LedgerEntry.note)
        .where(LedgerEntry.event_id == event_id, LedgerEntry.kind == "close").order_by(LedgerEntry.id)).all())
    figures = followup_figures.by_office(followup_figures.load([event_id]), now)
    return rec.FollowupRecord(states=states, followups=followups, closed_reasons=closed, figures=figures)
