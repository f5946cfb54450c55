"""The activity chart of the minutes: questions asked and votes cast per time bucket.

The span is the meeting as run (started..ended; a meeting still running ends now);
without a recorded start, the first to the last activity. Buckets widen through
BUCKET_MINUTES until there are at most MAX_BUCKETS. Activity outside the span
(questions sent in before the meeting opened, say) is not drawn.

Made from the record (exports/record.py): the questions' times and the votes per minute.
"""
from datetime import datetime, timedelta

from .times import iso

BUCKET_MINUTES = (1, 2, 5, 10, 15, 30, 60)
MAX_BUCKETS = 120


def bucket_minutes(span_minutes: int) -> int:
    for minutes in BUCKET_MINUTES:
        if span_minutes <= minutes * MAX_BUCKETS:
            return minutes
    hours = -(-span_minutes // (60 * MAX_BUCKETS))  # whole hours, rounded up
    return 60 * hours


def _floor_minute(value: datetime) -> datetime:
    return value.replace(second=0, microsecond=0)


def _span(event, question_times: list, vote_minutes: list, now) -> tuple:
    start, end = event.meeting_started_at, event.meeting_ended_at
    if start is not None:
        return start, end or max(now, start)
    # The first and last vote to the minute: the span is counted in whole minutes from a whole minute.
    times = [t for t in (*question_times, *(minute for minute, _ in vote_minutes)) if t is not None]
    if not times:
        return None, None
    return min(times), max(times)


def activity(event, questions: list, vote_minutes: list, *, now) -> dict:
    """{"bucket_minutes", "start", "buckets": [{"at", "questions", "votes"}]}; questions: the record's,
    vote_minutes: [(minute, votes)] (record.Record.vote_minutes)."""
    question_times = [q.created_at for q in questions]
    start, end = _span(event, question_times, vote_minutes, now)
    if start is None:
        return {"bucket_minutes": 1, "start": None, "buckets": []}
    start = _floor_minute(start)
    span_minutes = int((end - start).total_seconds() // 60) + 1  # the minute of the end included
    size = bucket_minutes(span_minutes)
    count = -(-span_minutes // size)
    stop = start + timedelta(minutes=count * size)
    buckets = [{"at": iso(start + timedelta(minutes=i * size)), "questions": 0, "votes": 0} for i in range(count)]

    def slot(when: datetime) -> int | None:
        if when < start or when >= stop:
            return None
        return int((when - start).total_seconds() // 60) // size

    for when in question_times:
        index = slot(when)
        if index is not None:
            buckets[index]["questions"] += 1
    for minute, votes in vote_minutes:
        index = slot(minute)
        if index is not None:
            buckets[index]["votes"] += votes
    return {"bucket_minutes": size, "start": iso(start), "buckets": buckets}
