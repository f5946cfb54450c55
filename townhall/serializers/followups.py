"""Follow-ups on the wire: what the public tracker, a receipt and the event's team read of one referred
(or closed, deferred, answered) question. Never the asker's identity beyond the name they asked with."""
from datetime import date

from flask_babel import lazy_gettext as _l

from . import iso

# A history step (models/ledger.py's kinds) in words, as the public tracker shows it; the asker's receipt
# says a few of them its own way (serializers/receipts.py). tests/test_followup_doc.py checks every kind has one.
# Lazy: translated when a page prints them, in the reader's language (str() them in Python).
STEP_WORDS = {
    "submit": _l("Asked"), "publish": _l("Published"), "reject": _l("Rejected"), "restore": _l("Restored"),
    "answer_in_room": _l("Answered in the room"), "defer": _l("Deferred"), "refer": _l("Referred"),
    "transfer": _l("Transferred"), "extend": _l("More time"), "answer_in_writing": _l("Answered in writing"),
    "correct_answer": _l("Answer corrected"), "feedback": _l("The asker said whether it answered the question"),
    "reopen": _l("Reopened"), "close": _l("Closed"), "merge": _l("Merged into another question"),
}


def overdue(state: str, followup, today: date) -> bool:
    """Still with an office, waiting for its written answer, after the due date in force (a question closed
    or answered in the room after its referral waits for nothing: never overdue)."""
    return (followup is not None and state == "referred" and followup.answered_at is None
            and followup.due_on < today)


def followup_public(question, followup, office_name: str | None, today: date) -> dict:
    """question: a Question; followup: its Followup row or None (deferred, closed without referral)."""
    return {
        "question_id": question.id,
        "event_id": question.event_id,
        "text": question.text,
        "author": None if question.is_anonymous else question.author_name,
        "votes": question.vote_count,
        "state": question.ledger_state,
        "asked_at": iso(question.created_at),
        "office": office_name,
        "referred_at": iso(followup.referred_at) if followup else None,
        "note": followup.note if followup else None,
        "first_due_on": followup.first_due_on.isoformat() if followup else None,
        "due_on": followup.due_on.isoformat() if followup else None,
        "overdue": overdue(question.ledger_state, followup, today),
        "answer_text": followup.answer_text if followup and followup.answered_at else None,
        "answered_at": iso(followup.answered_at) if followup else None,
    }
