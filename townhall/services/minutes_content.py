"""Checking a frozen minutes document that comes from outside (an archive's final version).

A final version's `content` is printed as it is by every renderer and on the attendees'
page, so an imported one must have the exact shape of docs/minutes.md (contract 1), as
exports/document.py builds it: every key, the right types, times as "2026-11-21T18:02:00Z",
enums from the models, no other key (nothing else, e.g. an attendee id, rides along).
``check(content, path, version=...)`` raises InvalidInput(code="invalid_archive") whose
field is the path of the first bad value, e.g. ``minutes[0].content.items[2].polls[0].bars``.
"""
import base64
import math
import re
from datetime import date, datetime

from ..errors import InvalidInput
from ..locales import LANGUAGES, timezone_names
from ..models import ITEM_STATUSES, MODERATION_REASONS, POLL_KINDS, POLL_STATUSES, QUESTION_STATUSES
from ..models.ledger import STATES as LEDGER_STATES
from ..models.statuses import Feedback, MinutesStatus, values

TEXT_MAX = 100_000  # any one text: far above every field's own limit
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _fail(path: str, message: str):
    raise InvalidInput(f"{path} {message}", code="invalid_archive", field=path)


# --- checkers: each is check(value, path) ------------------------------------------

def text(nullable=False):
    def check(value, path):
        if value is None and nullable:
            return
        if not isinstance(value, str) or len(value) > TEXT_MAX:
            _fail(path, f"must be text of at most {TEXT_MAX} characters{' or null' if nullable else ''}.")
    return check


def count(nullable=False):
    def check(value, path):
        if value is None and nullable:
            return
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            _fail(path, f"must be a whole number, 0 or more{' or null' if nullable else ''}.")
    return check


def number(value, path):
    if (not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value)
            or value < 0):
        _fail(path, "must be a number, 0 or more.")


def flag(value, path):
    if not isinstance(value, bool):
        _fail(path, "must be true or false.")


def time(nullable=True):
    def check(value, path):
        if value is None and nullable:
            return
        try:
            if not (isinstance(value, str) and _TIME.fullmatch(value)):
                raise ValueError
            datetime.fromisoformat(value[:-1])
        except ValueError:
            _fail(path, "must be a UTC time like 2026-11-21T18:02:00Z" + (", or null." if nullable else "."))
    return check


def day(value, path):
    if value is None:
        return
    try:
        if not (isinstance(value, str) and _DAY.fullmatch(value)):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        _fail(path, "must be a date like 2026-12-31, or null.")


def one_of(choices, nullable=False):
    def check(value, path):
        if value is None and nullable:
            return
        if not isinstance(value, str) or value not in choices:
            _fail(path, f"must be one of: {', '.join(choices)}.")
    return check


def exactly(expected):
    def check(value, path):
        if value != expected or type(value) is not type(expected):
            _fail(path, f"must be {expected!r}.")
    return check


def listing(item):
    def check(value, path):
        if not isinstance(value, list):
            _fail(path, "must be a list.")
        for i, entry in enumerate(value):
            item(entry, f"{path}[{i}]")
    return check


def shape(fields: dict, nullable=False):
    """An object with exactly these keys, each checked."""
    def check(value, path):
        if value is None and nullable:
            return
        if not isinstance(value, dict):
            _fail(path, "must be an object" + (" or null." if nullable else "."))
        missing = [key for key in fields if key not in value and not getattr(fields[key], "optional", False)]
        if missing:
            _fail(f"{path}.{missing[0]}", "is missing.")
        unknown = sorted(str(key) for key in value if key not in fields)
        if unknown:
            _fail(f"{path}.{unknown[0]}", "is not part of the minutes document.")
        for key, field_check in fields.items():
            if key in value:
                field_check(value[key], f"{path}.{key}")
    return check


_ACCENT = re.compile(r"#[0-9a-f]{6}")
LOGO_MAX = 700_000  # base64 of a logo as services/branding.py stores it (a PNG of at most 512 KB)


def _accent(value, path):
    if value is not None and not (isinstance(value, str) and _ACCENT.fullmatch(value)):
        _fail(path, "must be a colour like #1b5bc7, or null.")


def _png(value, path):
    from .branding import readable_png  # Pillow, only for a document that has a logo

    try:
        if not isinstance(value, str) or len(value) > LOGO_MAX or not readable_png(base64.b64decode(value,
                                                                                                     validate=True)):
            raise ValueError
    except ValueError:
        _fail(path, "must be a PNG image in base64.")


def optional(field_check):
    """A key that minutes made before it existed leave out."""
    def check(value, path):
        field_check(value, path)
    check.optional = True  # type: ignore[attr-defined]
    return check


def _logo(value, path):
    shape({"type": exactly("image/png"), "data": _png}, nullable=True)(value, path)


def reasons(value, path):
    if not isinstance(value, dict):
        _fail(path, "must be an object.")
    for key, n in value.items():
        one_of(MODERATION_REASONS)(key, f"{path}.{key}")
        count()(n, f"{path}.{key}")


# --- the contract (docs/minutes.md) -------------------------------------------------

QUESTION = shape({
    "id": count(), "text": text(), "author": text(nullable=True), "votes": count(),
    "answer_text": text(nullable=True), "answered_at": time(), "next_step": text(nullable=True),
    "item": text(nullable=True), "asked_at": time(nullable=False),
})
POLL = shape({
    "id": count(), "question": text(), "kind": one_of(POLL_KINDS), "confidential": flag, "ballots": count(),
    "status": one_of(POLL_STATUSES), "opened_at": time(), "closed_at": time(), "suppressed": flag,
    "summary": text(), "bars": listing(shape({"label": text(), "value": number, "text": text()})),
    "answers": lambda value, path: None if value is None else listing(text())(value, path),
})
ITEM = {
    "id": count(nullable=True), "position": count(nullable=True), "title": text(), "presenter": text(),
    "description": text(), "status": one_of(ITEM_STATUSES), "planned_minutes": count(nullable=True),
    "actual_seconds": count(nullable=True), "started_at": time(), "ended_at": time(), "notes": text(),
    "decisions": listing(shape({"text": text(), "vote_result": text()})),
    "actions": listing(shape({"what": text(), "owner": text(), "due_date": day})),
    "answered": listing(QUESTION),
    "speakers": listing(shape({"label": text(), "topic": text(), "seconds": count()})),
    "polls": listing(POLL),
}
def fraction(value, path):
    """A share from 0 to 1, or null (nothing to divide by)."""
    if value is None:
        return
    number(value, path)
    if value > 1:
        _fail(path, "must be a share from 0 to 1, or null.")


def days(value, path):
    if value is not None:
        number(value, path)


FOLLOWUP_QUESTION = {"id": count(), "text": text(), "author": text(nullable=True), "votes": count(),
                     "item": text(nullable=True), "state": one_of(LEDGER_STATES)}
PERCENTILE = shape({"days": days, "more_than_days": days})
FIGURES = {
    "count": count(), "answered": count(), "waiting": count(), "left_without_written_answer": count(),
    "median": PERCENTILE, "p90": PERCENTILE,
    "on_time": shape({"count": count(), "judged": count(), "share": fraction}),
    "overdue": shape({"count": count(), "waiting": count(), "share": fraction}),
    "feedback": shape({"given": count(), **{kind: shape({"count": count(), "share": fraction})
                                             for kind in values(Feedback)}}),
}
FOLLOWUP = shape({
    "tracker": text(),
    "referred": listing(shape({
        **FOLLOWUP_QUESTION, "office": text(), "referred_at": time(nullable=False), "first_due_on": day,
        "due_on": day, "overdue": flag, "note": text(nullable=True), "answer_text": text(nullable=True),
        "answered_at": time(), "feedback": one_of(values(Feedback), nullable=True),
    })),
    "deferred": listing(shape(FOLLOWUP_QUESTION)),
    "closed": listing(shape({**FOLLOWUP_QUESTION, "reason": text(nullable=True)})),
    "not_followed_up": listing(shape(FOLLOWUP_QUESTION)),
    "figures": shape({"overall": shape(FIGURES), "offices": listing(shape({"office": text(), **FIGURES}))}),
})


_ANSWERED = shape({"questions": count(), "answered": count()})
FAIRNESS = {  # exports/fairness.py
    "summary": text(), "skips": count(), "on_floor": count(),
    "skipped": listing(shape({
        "at": time(), "chosen": text(nullable=True), "chosen_votes": count(), "passed_over": text(nullable=True),
        "passed_over_votes": count(), "passed_over_count": count(), "reason": text(),
    })),
    "askers": shape({key: _ANSWERED for key in ("named", "anonymous", "first_time", "repeat")}),
    "items": listing(shape({"title": text(), "questions": count(), "answered_in_room": count()})),
}
DOCUMENT = shape({
    "format": exactly("townhall-minutes"), "contract": exactly(1), "version": count(),
    "status": exactly(MinutesStatus.FINAL.value),
    "finalized_at": time(), "generated_at": time(nullable=False),
    "event": shape({
        "title": text(), "code": text(), "place": text(), "description": text(), "link": text(),
        "starts_at": time(), "started_at": time(), "ended_at": time(), "organizers": listing(text()),
        "chair": text(), "note_taker": text(),
        "timezone": optional(one_of(timezone_names())), "language": optional(one_of(tuple(LANGUAGES))),
        "accent_color": optional(_accent), "logo": optional(_logo),
    }),
    "attendance": shape({name: count() for name in ("joined", "peak_connected", "questions", "votes", "ballots")}),
    "summary": text(),
    "items": listing(shape(ITEM)),
    "general": shape(ITEM, nullable=True),
    "unanswered": shape({"next_steps": text(), "questions": listing(QUESTION)}),
    "moderation": shape({
        **{name: count() for name in ("asked", *QUESTION_STATUSES, "edited")},
        "by_reason": reasons,
        "withheld": lambda value, path: None if value is None else listing(shape({
            "text": text(), "status": one_of(QUESTION_STATUSES), "reason": one_of(MODERATION_REASONS, nullable=True),
        }))(value, path),
        "banned": optional(count()), "summary": optional(text()),
    }),
    "fairness": optional(shape(FAIRNESS, nullable=True)),
    "activity": shape({
        "bucket_minutes": count(), "start": time(),
        "buckets": listing(shape({"at": time(nullable=False), "questions": count(), "votes": count()})),
    }),
    "followup": optional(FOLLOWUP),  # minutes marked final before follow-ups existed have none
})


def check(content, path: str, *, version: int) -> dict:
    """content, if it is a final minutes document of this version; InvalidInput at the bad value otherwise."""
    DOCUMENT(content, path)
    if content["version"] != version:
        _fail(f"{path}.version", f"must be {version}, the version it is the content of.")
    return content
