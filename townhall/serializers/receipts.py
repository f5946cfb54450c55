"""An asker's receipt on the wire: their questions, where each stands in plain words, the answer when
there is one, their verdict on a written answer, and the question's history as the public reads it
(services/ledger.public_entry: no staff names, an anonymous asker never named)."""
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..exports import fmt
from . import followups, iso

# The ledger's states (models/statuses.LedgerState) as the asker reads them; some take details below.
# Lazy (translated in the reader's language when used): str() them in Python.
WORDS = {
    "submitted": _l("Waiting for review"),
    "published": _l("Published"),
    "rejected": _l("Not published"),
    "answered_in_room": _l("Answered in the room"),
    "deferred": _l("Deferred"),
    "referred": _l("Referred"),
    "answered_in_writing": _l("Answered in writing"),
    "reopened": _l("Reopened"),
    "closed": _l("Closed without answer"),
}


# A history step (models/ledger.py's kinds) as the asker's receipt names it.
STEP_WORDS = {**followups.STEP_WORDS, "reject": _l("Not published"), "feedback": _l("Your verdict"),
              "close": _l("Closed without answer"), "merge": _l("Merged with a similar question")}


def when_text(value: str | None) -> str:
    """An iso() time as a page shows it, in the zone and language of exports.fmt.place: 4 Dec 2026, 13:22 PST."""
    return fmt.datetime_text(value) if value else ""


def day_text(value: str | None) -> str:
    """An ISO date (2026-12-18) as 18 Dec 2026 (2026年12月18日 in Chinese)."""
    return fmt.date_text(value) if value else ""


def status_words(state: str, history: list[dict], office: str | None, due_on: date | None) -> str:
    """The state in plain words, with what the history says about it (the reason, the office, the date), in
    the reader's language."""
    words = str(WORDS[state]) if state in WORDS else state.replace("_", " ").capitalize()
    last = next((entry for entry in reversed(history) if entry["state"] == state), None)
    if state == "referred":
        if office and due_on:
            return _("Referred to %(office)s, due %(date)s", office=office, date=fmt.date_text(due_on.isoformat()))
        if office:
            return _("Referred to %(office)s", office=office)
        return _("Referred, due %(date)s", date=fmt.date_text(due_on.isoformat())) if due_on else words
    if state == "closed" and last and last["kind"] == "merge":
        return _("Merged with a similar question")
    if state in ("rejected", "closed") and last and last["note"]:
        return _("%(status)s: %(reason)s", status=words, reason=last["note"].replace("_", " "))
    return words


def answer(question, followup) -> dict | None:
    """The written answer if there is one, else the panel's answer in the room as recorded."""
    if followup is not None and followup.answered_at is not None and followup.answer_text:
        return {"kind": "writing", "text": followup.answer_text, "at": iso(followup.answered_at)}
    if question.progress == "answered" and question.answer_text:
        return {"kind": "room", "text": question.answer_text, "at": iso(question.answered_at)}
    return None


def verdict(followup) -> dict | None:
    if followup is None or followup.feedback is None:
        return None
    return {"verdict": followup.feedback, "text": followup.feedback_text, "at": iso(followup.feedback_at)}


def my_question(question, followup, office: str | None, history: list[dict]) -> dict:
    """One of the asker's questions. history: public entries, oldest first."""
    return {
        "id": question.id,
        "text": question.text,
        "anonymous": question.is_anonymous,
        "author": None if question.is_anonymous else question.author_name,
        "asked_at": iso(question.created_at),
        "votes": question.vote_count,
        "state": question.ledger_state,
        "status": status_words(question.ledger_state, history, office, followup.due_on if followup else None),
        "answer": answer(question, followup),
        "verdict": verdict(followup),
        "can_give_verdict": (question.ledger_state == "answered_in_writing" and followup is not None
                             and followup.answered_at is not None and followup.feedback is None),
        "history": history,
    }
