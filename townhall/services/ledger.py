"""Writing and reading a question's ledger (models/ledger.py): every step checked by the one state
machine, stamped, and recorded with who took it. Called inside the use case that takes the step."""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from ..errors import Conflict
from ..extensions import db
from ..models import LedgerEntry, Question, User, utcnow
from ..models.ledger import RefusedTransition, next_state
from ..serializers import iso
from .transaction import in_use_case

# What the public (the tracker, a receipt) reads of each actor: never a person's name for an asker, and
# for the event's team and the offices the role, with the office's name where there is one.
ACTOR_LABELS = {"asker": _l("The asker"), "team": _l("The event's team"), "office": _l("Office"), "system": "Townhall"}


def check(question: Question, kind: str) -> None:
    """Raise Conflict (invalid_transition) unless `kind` may follow the question's state now."""
    try:
        next_state(question.ledger_state, kind)
    except RefusedTransition as exc:
        raise Conflict(_l("Cannot do this: %(reason)s.", reason=str(exc)), code="invalid_transition") from None


def _state_before_rejection(question_id: int) -> str | None:
    """The state a rejected question stood in before its latest rejection (restore returns it there)."""
    states = db.session.scalars(
        select(LedgerEntry.state).where(LedgerEntry.question_id == question_id).order_by(LedgerEntry.id.desc())
    ).all()
    for state in states:
        if state != "rejected":
            return state
    return None


def record(question: Question, kind: str, *, actor: str, user_id: int | None = None, office_id: int | None = None,
           due_on: date | None = None, note: str | None = None, at=None) -> LedgerEntry:
    """Append the step and move the question to the state it leads to; raise Conflict if the state
    machine refuses it. A question just added to the session is inserted with it at the next flush."""
    if not in_use_case():
        raise RuntimeError("ledger.record() called outside a use case")
    current = None if kind == "submit" else question.ledger_state
    previous = _state_before_rejection(question.id) if kind == "restore" else None
    try:
        state = next_state(current, kind, previous)
    except RefusedTransition as exc:
        raise Conflict(_l("Cannot do this: %(reason)s.", reason=str(exc)), code="invalid_transition") from None
    name = None  # never an asker's: their name lives on the question only, where retention deletes it
    if user_id is not None:
        user = db.session.get(User, user_id)
        name = user.name if user else None
    entry = LedgerEntry(question=question, event_id=question.event_id, at=at or utcnow(), kind=kind,
                        state=state.value, actor=actor, user_id=user_id, actor_name=name, office_id=office_id,
                        due_on=due_on, note=note)
    db.session.add(entry)
    if question.id is None or current is None:
        question.ledger_state = state.value  # a question being asked: inserted with its state
    else:
        _move(question, current, state.value)
    return entry


def _move(question: Question, current: str, state: str) -> None:
    """Move the stored state from `current` to `state` in one conditional UPDATE: two steps decided at
    once from the same state (the team closing while an office answers, two moderators) cannot both be
    written; the second finds the state moved (its UPDATE waits for the first's commit, then matches no
    row) and is refused, invalid_transition, with nothing stored."""
    table = Question.__table__
    moved = db.session.execute(update(table).where(table.c.id == question.id, table.c.ledger_state == current)
                               .values(ledger_state=state))
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(_l("Someone else changed this question at the same moment: reload it and try again."),
                       code="invalid_transition")
    set_committed_value(question, "ledger_state", state)


def start(question: Question, *, published: bool) -> None:
    """A question just asked: submitted by its asker, and published by Townhall unless it waits for review."""
    record(question, "submit", actor="asker", at=question.created_at)
    if published:
        record(question, "publish", actor="system", at=question.created_at)


def history(question_id: int) -> list[LedgerEntry]:
    return list(db.session.scalars(
        select(LedgerEntry).where(LedgerEntry.question_id == question_id).order_by(LedgerEntry.at, LedgerEntry.id)))


def histories(question_ids) -> dict[int, list[LedgerEntry]]:
    """The ledgers of several questions at once (question_ids: ids, or a statement selecting them)."""
    found: dict[int, list[LedgerEntry]] = {}
    for entry in db.session.scalars(select(LedgerEntry).where(LedgerEntry.question_id.in_(question_ids))
                                    .order_by(LedgerEntry.at, LedgerEntry.id)):
        found.setdefault(entry.question_id, []).append(entry)
    return found


def public_entry(entry: LedgerEntry, office_names: dict[int, str]) -> dict:
    """One step as the public and the asker see it: no staff names, no asker identity."""
    office = office_names.get(entry.office_id) if entry.office_id else None
    return {"at": iso(entry.at), "kind": entry.kind, "state": entry.state,
            "actor": entry.actor, "actor_label": str(ACTOR_LABELS[entry.actor]), "office": office,
            "due_on": entry.due_on.isoformat() if entry.due_on else None, "note": entry.note}


def team_entry(entry: LedgerEntry, office_names: dict[int, str]) -> dict:
    """The same step for the event's team and the offices: with the staff member's name."""
    return {**public_entry(entry, office_names), "actor_name": entry.actor_name}
