"""CSV exports of an event's questions and poll results, read from the record (not the minutes document).

Both files are UTF-8 with a byte-order mark (so Excel reads Chinese right) and CRLF line
ends. Times are UTC as "2026-11-20 18:05:00", which spreadsheets read as a date and time.

Spreadsheet formula injection is neutralised: a text cell that starts with "=", "+",
"-", "@", a tab or a carriage return (also after leading spaces) gets a leading "'",
so a spreadsheet shows it as text instead of running it. Numbers are written as numbers.

questions_csv: one row per question, every status, in the order asked. The author is
the name, or "Anonymous" (never a tag or id). Text the moderators kept from the room
(pending, rejected, hidden; a question merged before it was ever published; one archived
after it was hidden for a reason) is left empty with a note, and the asker's original
wording of an edited question is left out (a moderator may have edited out personal
data), unless include_hidden (the organizer's opt-in, as for the minutes' withheld text).

polls_csv: one row per option of each poll that was opened (drafts left out), with
results read only through services.poll_results.results(poll, moderator=False), so a
confidential poll below its k threshold has one row, noted "suppressed", and no counts;
text polls: one row per answer the room could see (hidden ones left out), oldest first.

Both are written from plain data that services/minutes_record.py reads: QuestionLine
below, the record's Poll (exports/record.py) and the agenda items' titles by id.
"""
import csv
import io
from dataclasses import dataclass
from datetime import datetime

from . import fmt
from .record import Poll

QUESTION_HEADER = [
    "id", "asked_at_utc", "agenda_item", "author", "text", "status", "progress", "votes", "answered_at_utc",
    "answer_text", "next_step", "moderation_reason", "merged_into_id", "edited", "original_text", "note",
]
POLL_HEADER = [
    "poll_id", "agenda_item", "question", "kind", "confidential", "status", "ballots", "opened_at_utc",
    "closed_at_utc", "position", "option", "count", "share_percent", "average", "average_rank", "note",
]
UNSEEN = ("pending", "rejected", "hidden")  # statuses whose text the room never saw
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell a spreadsheet cannot run: text that would start a formula gets a leading "'"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(_FORMULA_STARTS) or text.lstrip(" \u00a0\u3000").startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _csv(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return "\ufeff" + out.getvalue()


def _time(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else ""


# --- questions ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class QuestionLine:
    """A question of any status, as the questions CSV needs it (the original wording included:
    the file leaves it out unless include_hidden)."""

    id: int
    created_at: datetime
    agenda_item_id: int | None
    is_anonymous: bool
    author_name: str | None
    text: str
    original_text: str | None
    status: str
    progress: str
    vote_count: int
    answered_at: datetime | None
    answer_text: str | None
    next_step: str | None
    moderation_reason: str | None
    merged_into_id: int | None
    published_at: datetime | None


def _kept_from_room(q) -> bool:
    """Pending, rejected or hidden; merged while still pending (never published); archived after
    being hidden for a reason (archiving keeps the reason, restoring clears it)."""
    return (q.status in UNSEEN or (q.status == "merged" and q.published_at is None)
            or (q.status == "archived" and q.moderation_reason is not None))


def _question_row(q, items: dict, include_hidden: bool) -> list:
    unseen = _kept_from_room(q)
    withheld = unseen and not include_hidden
    edited = q.original_text is not None
    if withheld:
        note = f"text withheld ({q.status})"
    elif unseen:
        note = f"{q.status}: kept from the room"
    else:
        note = ""
    return [
        q.id, _time(q.created_at), items.get(q.agenda_item_id, ""),
        fmt.ANONYMOUS if q.is_anonymous else fmt.author(q.author_name),
        "" if withheld else q.text, q.status, q.progress, q.vote_count, _time(q.answered_at),
        q.answer_text, q.next_step, q.moderation_reason, q.merged_into_id, edited,
        q.original_text if include_hidden and edited else "", note,
    ]


def questions_csv(questions: list[QuestionLine], items: dict[int, str], *, include_hidden: bool = False) -> str:
    """Every question of the event, in the order given (see the module's docstring); items: titles by id."""
    return _csv(QUESTION_HEADER, (_question_row(q, items, include_hidden) for q in questions))


# --- polls ---------------------------------------------------------------------------

def _share(count: int, total: int):
    return round(100 * count / total, 1) if total else ""


def _result_rows(poll: Poll) -> list[dict]:
    """[{position, option, count, share_percent, average, average_rank, note}] for one poll's results."""
    total, result = poll.ballot_count, poll.result
    if result.get("suppressed"):
        return [{"note": f"suppressed: fewer than {poll.k_threshold} ballots in a confidential poll"}]
    if poll.kind == "text":
        answers = [a["text"] for a in reversed(result["answers"])]  # oldest first
        rows = [{"position": n, "option": text} for n, text in enumerate(answers, start=1)]
        return rows or [{"note": "no answers shown"}]
    if poll.kind == "rating":
        average = "" if result["average"] is None else result["average"]
        low, high = poll.labels or ("", "")
        rows = []
        for n, (value, count) in enumerate(result["distribution"].items(), start=1):
            label = {poll.scale_min: low, poll.scale_max: high}.get(int(value)) or ""
            rows.append({"position": n, "option": f"{value} ({label})" if label else int(value), "count": count,
                         "share_percent": _share(count, total), "average": average})
        return rows
    if poll.kind == "ranking":
        return [{"position": rank, "option": poll.options[option], "average_rank": result["average_rank"][option]}
                for rank, option in enumerate(result["order"], start=1)]
    return [{"position": n, "option": label, "count": count, "share_percent": _share(count, total)}
            for n, (label, count) in enumerate(zip(poll.options, result["counts"], strict=True), start=1)]


def _poll_rows(poll: Poll, items: dict) -> list[list]:
    head = [poll.id, items.get(poll.agenda_item_id, ""), poll.question, poll.kind, poll.confidential,
            poll.status, poll.ballot_count, _time(poll.opened_at), _time(poll.closed_at)]
    tail = ("position", "option", "count", "share_percent", "average", "average_rank", "note")
    return [head + [row.get(key, "") for key in tail] for row in _result_rows(poll)]


def polls_csv(polls: list[Poll], items: dict[int, str]) -> str:
    """One row per option of each poll given (the opened ones; see the module's docstring); items: titles by id."""
    return _csv(POLL_HEADER, (row for poll in polls for row in _poll_rows(poll, items)))
