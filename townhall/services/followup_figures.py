"""Response-time figures for follow-ups, per office and overall (docs/followup.md says the same in words).

Time to first written answer runs from the first referral to the first written answer, through transfers
and extensions. An item still waiting has not been answered *yet*: its time is at least its age now, so
it counts as censored at that age, never as zero and never left out. An item that left the offices'
hands without a written answer (closed, or answered in the room after all) is censored at that moment.
Percentiles come from the Kaplan-Meier estimate of "still unanswered after t": the median is the first
time at which at most half are still unanswered, the 90th percentile the first at which at most a tenth
are. When the waiting items keep the estimate above that line, the figure is not known yet and is
reported as "more than" the longest time observed.

- On time: answered in writing on or before the first due date promised (more time, asked for later,
  is shown with its reason but does not move this line), among the items that can be judged: answered
  ones, and unanswered ones whose first due date has passed.
- Overdue now: among the items still waiting for a written answer, those past the due date in force.
- "Did this answer it": the askers' verdicts given, as shares of those given.
"""
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from ..extensions import db
from ..models import Followup, LedgerState, Office, Question
from ..models.questions import VISIBLE_STATUSES
from . import ledger

DAY = 86400.0


@dataclass(frozen=True)
class Item:
    """One follow-up as the figures see it."""

    referred_at: datetime
    first_due_on: date
    due_on: date
    answered_at: datetime | None = None  # the first written answer
    left_at: datetime | None = None  # closed / answered in the room without a written answer
    feedback: str | None = None  # yes | partly | no


def _duration(item: Item, now: datetime) -> tuple[float, bool]:
    """(seconds, answered?) for one item: its time to answer, or how long it is known to have waited."""
    end = item.answered_at or item.left_at or now
    return max(0.0, (end - item.referred_at).total_seconds()), item.answered_at is not None


def survival(items: Iterable[Item], now: datetime) -> list[tuple[float, float]]:
    """The Kaplan-Meier steps: (time in seconds, share still unanswered just after it), at each time an
    answer came. Items censored at a time are still at risk at that time (the usual convention)."""
    durations = sorted(_duration(item, now) for item in items)
    at_risk = len(durations)
    share, steps, i = 1.0, [], 0
    while i < len(durations):
        time = durations[i][0]
        answered = censored = 0
        while i < len(durations) and durations[i][0] == time:
            answered += durations[i][1]
            censored += not durations[i][1]
            i += 1
        if answered:
            share *= 1 - answered / at_risk
            steps.append((time, share))
        at_risk -= answered + censored
    return steps


def percentile(items: list[Item], now: datetime, q: float) -> dict:
    """The time by which a share q of items is answered: {"days": d} or, when the estimate never gets
    there, {"days": None, "more_than_days": the longest time observed} (None for no items)."""
    if not items:
        return {"days": None, "more_than_days": None}
    for time, share in survival(items, now):
        if share <= 1 - q + 1e-12:
            return {"days": round(time / DAY, 1), "more_than_days": None}
    longest = max(_duration(item, now)[0] for item in items)
    return {"days": None, "more_than_days": round(longest / DAY, 1)}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def figures(items: list[Item], now: datetime) -> dict:
    today = now.date()
    answered = [item for item in items if item.answered_at is not None]
    waiting = [item for item in items if item.answered_at is None and item.left_at is None]
    on_time = sum(1 for item in answered if item.answered_at and item.answered_at.date() <= item.first_due_on)
    judged = len(answered) + sum(1 for item in items if item.answered_at is None and item.first_due_on < today)
    overdue = sum(1 for item in waiting if item.due_on < today)
    verdicts = Counter(item.feedback for item in items if item.feedback)
    given = sum(verdicts.values())
    return {
        "count": len(items),
        "answered": len(answered),
        "waiting": len(waiting),
        "left_without_written_answer": len(items) - len(answered) - len(waiting),
        "median": percentile(items, now, 0.5),
        "p90": percentile(items, now, 0.9),
        "on_time": {"count": on_time, "judged": judged, "share": _share(on_time, judged)},
        "overdue": {"count": overdue, "waiting": len(waiting), "share": _share(overdue, len(waiting))},
        "feedback": {"given": given, **{kind: {"count": verdicts[kind], "share": _share(verdicts[kind], given)}
                                        for kind in ("yes", "partly", "no")}},
    }


def by_office(rows: list[tuple[str, Item]], now: datetime) -> dict:
    """rows: (office name, item). {"overall": figures, "offices": [{"office": name, **figures}, ...]}."""
    names = sorted({name for name, _ in rows})
    return {"overall": figures([item for _, item in rows], now),
            "offices": [{"office": name, **figures([item for n, item in rows if n == name], now)}
                        for name in names]}


# The steps by which a referred question leaves the offices' hands without a written answer.
LEFT = ("close", "answer_in_room", "merge")


def left_at(followup, history, state: str) -> datetime | None:
    """When a follow-up without a written answer left the offices' hands: its first close, answer in the
    room or merge after the referral; None while it is with an office (or once answered in writing). The
    tracker's chart counts with the same moment."""
    if followup.answered_at is not None or state == LedgerState.REFERRED:
        return None
    return next((e.at for e in history if e.kind in LEFT and e.at >= followup.referred_at), None)


def load(event_ids: list[int]) -> list[tuple[str, Item]]:
    """The follow-ups of these events that the public may see (the tracker lists them), as (office name, Item)."""
    if not event_ids:
        return []
    rows = db.session.execute(
        select(Followup, Office.name, Question.ledger_state)
        .join(Office, Office.id == Followup.office_id)
        .join(Question, Question.id == Followup.question_id)
        .where(Followup.event_id.in_(event_ids), Question.status.in_(VISIBLE_STATUSES),
               Question.ledger_state != LedgerState.REJECTED)
    ).all()
    histories = ledger.histories([f.question_id for f, _, _ in rows]) if rows else {}
    return [(name, Item(referred_at=f.referred_at, first_due_on=f.first_due_on, due_on=f.due_on,
                        answered_at=f.answered_at, feedback=f.feedback,
                        left_at=left_at(f, histories.get(f.question_id, []), state)))
            for f, name, state in rows]
