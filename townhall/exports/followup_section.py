"""The minutes' "Follow-up" section (docs/minutes.md, "followup"): built from the record's follow-up part.

Every published question that was not answered in the room is in it somewhere, so nothing unanswered
is silently dropped: a commitment (referred to an office, with its due date, note, status now, written
answer and the asker's verdict), deferred, closed without an answer (with its public reason), or listed
under "not followed up yet". The figures are services/followup_figures.by_office as of the document's
time. An anonymous asker is null, as everywhere in the minutes.
"""
from ..models.questions import VISIBLE_STATUSES
from ..serializers.followups import overdue
from . import record as rec
from .times import day, iso

WAITING_STATES = ("published", "reopened")  # in the room's queue, no follow-up decided


def _question(q, titles: dict, state: str) -> dict:
    return {"id": q.id, "text": q.text, "author": None if q.is_anonymous else q.author_name, "votes": q.vote_count,
            "item": titles.get(q.agenda_item_id), "state": state}


def _commitment(q, f: rec.Followup, titles: dict, state: str, today) -> dict:
    return {**_question(q, titles, state), "office": f.office, "referred_at": iso(f.referred_at),
            "first_due_on": day(f.first_due_on), "due_on": day(f.due_on),
            "overdue": overdue(state, f, today), "note": f.note,
            "answer_text": f.answer_text, "answered_at": iso(f.answered_at), "feedback": f.feedback}


def _by_votes(questions: list) -> list:
    return sorted(questions, key=lambda q: (-q.vote_count, q.created_at, q.id))


def build(record: rec.Record, *, tracker: str, now) -> dict | None:
    """The section, or None when the record was read without its follow-up part."""
    part = record.followup
    if part is None:
        return None
    titles = {item.id: item.title for item in record.items}
    # Only what the room saw and still may: a question hidden since (personal data, abuse) is not named here,
    # whatever became of its follow-up; the Moderation section counts it.
    questions = {q.id: q for q in record.questions
                 if q.status in VISIBLE_STATUSES and part.states.get(q.id) != "rejected"}
    followed = {f.question_id: f for f in part.followups if f.question_id in questions}
    ordered = sorted(followed.values(), key=lambda f: (f.due_on, f.referred_at, f.question_id))
    state = part.states.get
    rest = [q for q in _by_votes(list(questions.values())) if q.id not in followed]
    return {
        "tracker": tracker,
        "referred": [_commitment(questions[f.question_id], f, titles, state(f.question_id, "referred"), now.date())
                     for f in ordered],
        "deferred": [_question(q, titles, "deferred") for q in rest if state(q.id) == "deferred"],
        # closed by a close step (a merged duplicate is closed too, but counted under moderation)
        "closed": [{**_question(q, titles, "closed"), "reason": part.closed_reasons[q.id]} for q in rest
                   if state(q.id) == "closed" and q.id in part.closed_reasons],
        # archived ones too: archiving takes a question off the room's list, not off the follow-up
        "not_followed_up": [_question(q, titles, state(q.id)) for q in rest
                            if state(q.id) in WAITING_STATES and q.progress != "answered"],
        "figures": part.figures,
    }
