"""Similar questions: shown to a phone while its person types a question, and to the moderators beside each
waiting or live question that may be a duplicate. How alike two texts are: services/similarity.py.

What each audience is compared against (two indexes per event, never mixed):
- a phone: the event's published questions only (ROOM). A phone sees those in the room's list anyway;
  nothing waiting, rejected, hidden, archived or merged is ever suggested to it. Every suggestion is read
  again from the database, published and of this event, before it is sent.
- the moderators: every question of the event but the merged ones (TEAM), each suggestion an id and a
  score; the dashboard shows the text it already has.

Cost (benchmarks/similar.py): an index is built from the database and kept in process memory per event
and audience; a change to the event (its seq moves) makes it stale. A stale index is still used for up to
REBUILD_SECONDS, with the questions asked since it was built (ids above its newest, at most MAX_NEWER)
compared one by one: a burst of asking builds it once per REBUILD_SECONDS or MAX_NEWER questions, not once
per question. A stale index may still hold a question that has since left the room: the final read (one
query with the questions asked since) drops it. A moderators' snapshot uses an index as new as itself.
"""
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import bindparam, or_, select

from .. import serializers
from ..extensions import db
from ..models import Event, Question
from ..models.statuses import QuestionProgress, QuestionStatus
from .attendees import identify
from .events import get_event
from .similarity import Index, best
from .text import clean_text
from .vote_batches import event_closed

log = logging.getLogger(__name__)

SUGGESTIONS = 3  # to a phone, and to the moderators beside one question
REBUILD_SECONDS = 2.0
MAX_NEWER = 20  # questions asked since an index was built, compared one by one; more: it is built again
# In a moderators' snapshot or message: the newest questions that may be merged get their suggestions (a
# message about a whole agenda item's questions, or a snapshot of 1,000, does not look up each one).
MOST_SUGGESTED = 50
ROOM = (QuestionStatus.PUBLISHED,)
TEAM = tuple(status for status in QuestionStatus if status != QuestionStatus.MERGED)
_CACHED_INDEXES = 64  # (event, audience) pairs per process


@dataclass(frozen=True)
class _Built:
    index: Index
    seq: int  # the event's seq, read before its questions
    at: float  # time.monotonic() when built
    newest: int  # the highest question id in it (0: none)


class _Indexes:
    def __init__(self) -> None:
        self._built: OrderedDict[tuple[int, tuple], _Built] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[int, tuple]) -> _Built | None:
        with self._lock:
            built = self._built.get(key)
            if built is not None:
                self._built.move_to_end(key)
            return built

    def put(self, key: tuple[int, tuple], built: _Built) -> None:
        with self._lock:
            self._built[key] = built
            self._built.move_to_end(key)
            while len(self._built) > _CACHED_INDEXES:
                self._built.popitem(last=False)


def _indexes() -> _Indexes:
    found = current_app.extensions.get("townhall_similar")
    if found is None:
        found = current_app.extensions.setdefault("townhall_similar", _Indexes())
    return found


_questions, _events = Question.__table__, Event.__table__
# Built once: every look-up runs them (a phone's, one per new question for the moderators).
_SEQ = select(_events.c.seq).where(_events.c.id == bindparam("event_id"))
_TEXTS = select(_questions.c.id, _questions.c.text).where(
    _questions.c.event_id == bindparam("event_id"), _questions.c.status.in_(bindparam("statuses", expanding=True)))
# Of those, the ones asked since an index was built and the ones it found, as they are now.
_SINCE = _TEXTS.where(or_(_questions.c.id > bindparam("newest"),
                          _questions.c.id.in_(bindparam("found", expanding=True))))


def _index(event_id: int, statuses: tuple, seq: int | None = None, *, exact: bool = False,
           rebuild: bool = False) -> _Built:
    """The event's index for these statuses: the one kept if it is as new as seq (or, unless exact, younger than
    REBUILD_SECONDS), else (or if rebuild) one built now."""
    if seq is None:
        seq = db.session.execute(_SEQ, {"event_id": event_id}).scalar_one()
    key = (event_id, statuses)
    built = None if rebuild else _indexes().get(key)
    if built is not None and (built.seq == seq or (not exact and time.monotonic() - built.at < REBUILD_SECONDS)):
        return built
    rows = db.session.execute(_TEXTS, {"event_id": event_id, "statuses": list(statuses)}).all()
    built = _Built(Index(rows), seq, time.monotonic(), max((row.id for row in rows), default=0))
    _indexes().put(key, built)
    return built


def _similar(event_id: int, statuses: tuple, text: str, *, seq: int | None = None, exclude: int | None = None,
             limit: int = SUGGESTIONS, exact: bool = False) -> dict[int, float]:
    """{question id: score} of up to `limit` questions most like `text` among the event's questions in these
    statuses, best first. exact: from an index as new as seq, as it is (a moderators' snapshot); else read
    again from the database, with the questions asked since the index was built (more than MAX_NEWER of
    them: the index is built again first)."""
    built = _index(event_id, statuses, seq, exact=exact)
    skip = () if exclude is None else (exclude,)
    if exact:
        return dict(built.index.similar(text, limit=limit, exclude=skip))
    for attempt in range(2):
        found = built.index.similar(text, limit=limit + 3, exclude=skip)  # room for some that left since
        rows = db.session.execute(_SINCE, {"event_id": event_id, "statuses": list(statuses),
                                           "newest": built.newest, "found": [i for i, _score in found]}).all()
        newer = [(row.id, row.text) for row in rows if row.id > built.newest and row.id != exclude]
        if len(newer) <= MAX_NEWER or attempt:
            break
        built = _index(event_id, statuses, seq, rebuild=True)
    now = {row.id for row in rows}
    return dict(best([*(pair for pair in found if pair[0] in now), *built.index.compare(text, newer, limit=limit)],
                     limit))


def for_phone(*, code: str, attendee_id: int | None, token: str | None, text) -> dict:
    """Up to SUGGESTIONS published questions of the event like `text` (what the phone's person is typing),
    best first, each as the room sees it with its score."""
    event = get_event(code)
    if not event.is_open:
        raise event_closed()
    identify(event, attendee_id, token)
    text = clean_text(text, field="text", max_length=current_app.config["QUESTION_MAX_LENGTH"])
    scores = _similar(event.id, ROOM, text, seq=event.seq)
    if not scores:
        return {"questions": []}
    rows = {q.id: q for q in db.session.scalars(select(Question).where(
        Question.id.in_(list(scores)), Question.event_id == event.id, Question.status == QuestionStatus.PUBLISHED))}
    return {"questions": [{**serializers.question_public(rows[i]), "score": score}
                          for i, score in scores.items() if i in rows]}


def mergeable(question: dict) -> bool:
    """A question the moderators may still fold into another one: waiting, or live and not being answered."""
    return question["status"] == QuestionStatus.PENDING or (
        question["status"] == QuestionStatus.PUBLISHED and question["progress"] == QuestionProgress.OPEN)


def for_moderators(event_id: int, questions: list[dict], *, seq: int | None = None, exact: bool = False) -> list[dict]:
    """The moderators' payloads of these questions, the newest MOST_SUGGESTED that may be merged each with
    ``similar``: its likely duplicates among the event's questions (not merged ones), [{id, score}], best
    first. Never raises: a failure is logged and the payloads go out without suggestions."""
    try:
        for question in sorted((q for q in questions if mergeable(q)), key=lambda q: q["id"])[-MOST_SUGGESTED:]:
            scores = _similar(event_id, TEAM, question["text"], seq=seq, exclude=question["id"], exact=exact)
            question["similar"] = [{"id": i, "score": score} for i, score in scores.items()]
    except Exception:  # a suggestion must never stop a moderation message
        log.exception("similar questions for the moderators of event %s failed", event_id)
    return questions


def in_snapshot(event_id: int, seq: int, questions: list[dict]) -> list[dict]:
    """A moderators' snapshot's questions, with suggestions from an index as new as the snapshot."""
    return for_moderators(event_id, questions, seq=seq, exact=True)
