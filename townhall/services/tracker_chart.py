"""The tracker's chart: how many referred questions were open and how many answered in writing at the end
of each day, from the day of the first referral to today (UTC dates, as due dates are).

A question counts from the day it was referred (Followup.referred_at). It counts as answered from the day of
its first written answer (Followup.answered_at) for good, even if reopened later. Without a written answer it
stops counting as open on the day it left the offices' hands: its first close, answer-in-the-room or merge
step after the referral (the ledger); it is then neither open nor answered. Deferred questions never
referred are not in the chart (it measures the offices' answers).
"""
from datetime import date, timedelta

from .followup_figures import left_at


def spans(items) -> list[tuple[date, date | None, date | None]]:
    """items: (Followup, its ledger entries in order, its question's ledger state) -> (referred on, answered
    on, left on): the same moments as the response-time figures (followup_figures.left_at)."""
    spans_ = []
    for f, history, state in items:
        left = left_at(f, history, state)
        spans_.append((f.referred_at.date(), f.answered_at.date() if f.answered_at else None,
                       left.date() if left else None))
    return spans_


def series(items, today: date) -> dict:
    """{"days": [{"date", "open", "answered"}...], "max": the largest count (0: nothing to draw)}."""
    known = spans(items)
    if not known:
        return {"days": [], "max": 0}
    day = min(start for start, _, _ in known)
    last = max([today, *(start for start, _, _ in known)])
    days: list[dict] = []
    while day <= last:
        answered = sum(1 for start, done, _ in known if start <= day and done is not None and done <= day)
        open_ = sum(1 for start, done, left in known
                    if start <= day and (done is None or done > day) and (left is None or left > day))
        days.append({"date": day.isoformat(), "open": open_, "answered": answered})
        day += timedelta(days=1)
    return {"days": days, "max": max(max(d["open"], d["answered"]) for d in days)}


