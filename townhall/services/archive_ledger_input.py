"""Checking an archive's question ledgers, follow-ups and organization before anything is stored
(services/archive_input.py calls it for each question; services/archive.py stores what it returns).

Each ledger step follows the one before it by the one state machine (models/ledger.py), as it did
live; the first may be any step, since questions asked before the ledger began have none before it.
An asker is never named in a step (the question names them, or does not). Offices are named, never
numbered; a follow-up belongs to a question whose ledger has a refer step. Problems raise
InvalidInput(code="invalid_archive") at the path of the value, e.g. ``questions[3].ledger[2].kind``.
"""
from typing import NoReturn

from flask_babel import lazy_gettext as _l

from ..contracts.archive import (
    FEEDBACK_TEXT_MAX,
    LEDGER_NOTE_MAX,
    OFFICE_NAME_MAX,
    ArchiveFollowup,
    ArchiveLedgerEntry,
    ArchiveOrganization,
    ArchiveQuestion,
    invalid,
)
from ..errors import InvalidInput
from ..models.ledger import TRANSITIONS, RefusedTransition, initial_state, next_state
from .questions import ANSWER_MAX_LENGTH
from .text import clean_text, long_text

NAMED_ACTORS = ("team", "office")
ACTOR_NAME_MAX = 120  # users.name
ANSWER_TEXT_MAX = 20_000  # a written answer: far above the office's own limit


def fail(path: str, message) -> NoReturn:
    raise invalid(path, message)


def _line(value, path: str, limit: int, *, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    try:
        return clean_text(value, field=path.rsplit(".", 1)[-1], max_length=limit, required=required,
                          single_line=True) or None
    except InvalidInput as exc:
        fail(path, _l("%(path)s: %(message)s", path=path, message=exc._text))


def _long(value, path: str, limit: int) -> str | None:
    if value is None:
        return None
    try:
        return long_text(value, field=path, max_length=limit, subject=path)
    except InvalidInput as exc:
        fail(path, exc._text)


def _expected(state: str | None, kind: str, before_rejection: str | None, where: str) -> str | None:
    """The state the step leads to (None: the first step of a kind that keeps the state, any is fine)."""
    words = kind.replace("_", " ")
    if state is None:
        return "submitted" if kind == "submit" else TRANSITIONS[kind][1]
    try:
        return next_state(state, kind, before_rejection)
    except RefusedTransition as exc:
        fail(f"{where}.kind", _l("%(path)s: cannot %(step)s a question that is %(state)s (%(reason)s).", path=where,
                                 step=words, state=state.replace("_", " "), reason=str(exc)))


def _steps(entries: list[ArchiveLedgerEntry], path: str) -> list[dict]:
    state, before_rejection, clean = None, None, []
    for j, entry in enumerate(entries):
        where = f"{path}[{j}]"
        if entry.actor_name is not None and entry.actor not in NAMED_ACTORS:
            fail(f"{where}.actor_name", _l("%(path)s.actor_name is only for the event's team and offices: an asker "
                                           "is named by the question alone.", path=where))
        expected = _expected(state, entry.kind, before_rejection, where)
        if expected is not None and expected != entry.state:
            fail(f"{where}.state", _l("%(path)s: %(step)s leads to %(expected)s, not %(state)s.", path=where,
                                      step=entry.kind.replace("_", " "), expected=expected, state=entry.state))
        if entry.state == "rejected" and state != "rejected":
            before_rejection = state
        state = entry.state
        clean.append({**entry.model_dump(),
                      "actor_name": _line(entry.actor_name, f"{where}.actor_name", ACTOR_NAME_MAX),
                      "office": _line(entry.office, f"{where}.office", OFFICE_NAME_MAX),
                      "note": _long(entry.note, f"{where}.note", LEDGER_NOTE_MAX)})
    return clean


def _followup(followup: ArchiveFollowup | None, steps: list[dict], path: str) -> dict | None:
    if followup is None:
        return None
    if not any(step["kind"] == "refer" for step in steps):
        fail(path, _l("%(path)s: only a question referred to an office (a refer step in its ledger) has a "
                      "follow-up.", path=path))
    if followup.first_due_on is None:
        fail(f"{path}.first_due_on", _l("%(path)s.first_due_on is required: the date first promised.", path=path))
    if followup.feedback is not None and followup.answered_at is None:
        fail(f"{path}.feedback", _l("%(path)s: a verdict is given on a written answer, and there is none.",
                                    path=path))
    return {**followup.model_dump(), "office": _line(followup.office, f"{path}.office", OFFICE_NAME_MAX, required=True),
            "due_on": followup.due_on or followup.first_due_on,
            "note": _long(followup.note, f"{path}.note", LEDGER_NOTE_MAX),
            "answer_text": _long(followup.answer_text, f"{path}.answer_text", max(ANSWER_TEXT_MAX, ANSWER_MAX_LENGTH)),
            "feedback_text": _line(followup.feedback_text, f"{path}.feedback_text", FEEDBACK_TEXT_MAX)}


def ledger(question: ArchiveQuestion, path: str) -> dict:
    """{"ledger": steps, "ledger_state": where the question stands now, "followup": dict | None}. Without a
    ledger (archives made before it), the state is read from status and progress (models/ledger.initial_state)."""
    steps = _steps(question.ledger or [], f"{path}.ledger")
    state = steps[-1]["state"] if steps else initial_state(question.status, question.progress).value
    return {"ledger": steps, "ledger_state": state, "followup": _followup(question.followup, steps, f"{path}.followup")}


def organization(value: ArchiveOrganization | None) -> dict | None:
    """{"name", "offices"}: whose offices the import maps the archive's office names into, by name."""
    if value is None:
        return None
    return {"name": _line(value.name, "organization.name", OFFICE_NAME_MAX) or "",
            "offices": [_line(name, f"organization.offices[{i}]", OFFICE_NAME_MAX, required=True)
                        for i, name in enumerate(value.offices or ())]}
