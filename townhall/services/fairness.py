"""The fairness of the question queue, measured from what is stored (the moderator's panel, the API and
the minutes). Every figure is a count; a share is answered / questions, None when there are no questions.

- Skips (services/queue_skips.py): how many times a question went on the floor while a higher-voted one
  was waiting, out of how many questions were put on the floor (distinct questions with an "answering"
  entry in the operation log); each skip with its chosen and passed-over questions, votes and reason.
- The questions counted below are the event's *published* questions: status published or archived (what
  the room saw and was not taken back; hidden, rejected, merged and pending questions are left out).
- A question is *answered* when it was answered in the room or in writing: its ledger state is
  answered_in_room or answered_in_writing, or it was referred or closed after its ledger recorded such an
  answer. A question reopened since is not answered.
- Named vs anonymous: the question's own "anonymous" flag.
- First-time vs repeat: an asker is an author_tag (one phone in one event). A question is *first-time* when
  it is the first its asker asked in the event (by time asked, then id, counting every question the asker
  asked, whatever became of it), *repeat* otherwise. A question without an author_tag (imported) counts as
  first-time.
- Per agenda item (in agenda order, then "No item"): its published questions and how many were answered
  in the room (ledger state answered_in_room, or referred or closed after an answer_in_room entry).
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import AgendaItem, Question, QueueSkip
from ..models.ledger import LedgerEntry
from ..models.operations import Operation
from ..models.statuses import LedgerState, QuestionStatus
from ..serializers import iso
from . import permissions
from .events import get_event

COUNTED = (QuestionStatus.PUBLISHED.value, QuestionStatus.ARCHIVED.value)
ANSWERED = (LedgerState.ANSWERED_IN_ROOM.value, LedgerState.ANSWERED_IN_WRITING.value)
AFTER_ANSWER = (LedgerState.REFERRED.value, LedgerState.CLOSED.value)
ANSWER_KINDS = ("answer_in_room", "answer_in_writing")
NO_ITEM = _l("No item")


def figures(*, code: str, user_id: int | None) -> dict:
    """GET /api/events/<code>/fairness: the team (the "view" capability)."""
    event = get_event(code)
    permissions.require(user_id, event, "view")
    return figures_of(event.id)


def figures_of(event_id: int) -> dict:
    """figures() for an event already found (the minutes)."""
    asked = db.session.scalars(select(Question).where(Question.event_id == event_id)
                               .order_by(Question.created_at, Question.id)).all()
    answer_kinds = _answer_kinds(event_id)
    first_ids = _first_questions(asked)
    counted = [q for q in asked if q.status in COUNTED]

    def answered(q: Question) -> bool:
        kinds = answer_kinds.get(q.id, set())
        return q.ledger_state in ANSWERED or (q.ledger_state in AFTER_ANSWER and bool(kinds))

    def in_room(q: Question) -> bool:
        return q.ledger_state == LedgerState.ANSWERED_IN_ROOM or (
            q.ledger_state in AFTER_ANSWER and "answer_in_room" in answer_kinds.get(q.id, set()))

    return {
        "skips": _skips(event_id, {q.id: q for q in asked}),
        "askers": {
            "named": share([q for q in counted if not q.is_anonymous], answered),
            "anonymous": share([q for q in counted if q.is_anonymous], answered),
            "first_time": share([q for q in counted if q.id in first_ids], answered),
            "repeat": share([q for q in counted if q.id not in first_ids], answered),
        },
        "items": _per_item(event_id, counted, in_room),
    }


def share(questions: list[Question], answered) -> dict:
    total = len(questions)
    done = sum(1 for q in questions if answered(q))
    return {"questions": total, "answered": done, "share": round(done / total, 4) if total else None}


def _answer_kinds(event_id: int) -> dict[int, set[str]]:
    rows = db.session.execute(select(LedgerEntry.question_id, LedgerEntry.kind)
                              .where(LedgerEntry.event_id == event_id, LedgerEntry.kind.in_(ANSWER_KINDS)))
    kinds: dict[int, set[str]] = {}
    for question_id, kind in rows:
        kinds.setdefault(question_id, set()).add(kind)
    return kinds


def _first_questions(asked) -> set[int]:
    """The ids of the questions that were their asker's first (`asked` in the order they were asked)."""
    seen: set[str] = set()
    first: set[int] = set()
    for q in asked:
        if q.author_tag is None or q.author_tag not in seen:
            first.add(q.id)
        if q.author_tag is not None:
            seen.add(q.author_tag)
    return first


def _on_floor(event_id: int) -> int:
    targets = db.session.scalars(select(Operation.targets)
                                 .where(Operation.event_id == event_id, Operation.action == "answering"))
    return len({t.get("question_id") for t in targets if isinstance(t, dict) and t.get("question_id")})


def _skips(event_id: int, by_id: dict[int, Question]) -> dict:
    rows = db.session.scalars(select(QueueSkip).where(QueueSkip.event_id == event_id)
                              .order_by(QueueSkip.at, QueueSkip.id)).all()

    def ref(question_id: int | None) -> dict | None:
        q = by_id.get(question_id) if question_id is not None else None
        return {"id": q.id, "text": q.text, "status": q.status} if q else None

    items = [{"at": iso(s.at), "chosen": ref(s.chosen_id), "chosen_votes": s.chosen_votes,
              "passed_over": ref(s.passed_over_id), "passed_over_votes": s.passed_over_votes,
              "passed_over_count": s.passed_over_count, "reason": s.reason} for s in rows]
    return {"count": len(items), "on_floor": max(_on_floor(event_id), len(items)), "items": items}


def _per_item(event_id: int, counted: list[Question], in_room) -> list[dict]:
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.event_id == event_id)
                               .order_by(AgendaItem.position, AgendaItem.id)).all()
    rows = []
    for item_id, title in [*((i.id, i.title) for i in items), (None, str(NO_ITEM))]:
        mine = [q for q in counted if q.agenda_item_id == item_id]
        rows.append({"item_id": item_id, "title": title, "questions": len(mine),
                     "answered_in_room": sum(1 for q in mine if in_room(q))})
    return rows
