"""Wording shared by the printed renderers (PDF, DOCX), built on fmt.py.

Every function takes the document's plain values, tolerates None and unparseable
times, and returns plain text (each renderer escapes or styles it).
"""
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from . import fmt

UNTITLED = _l("Untitled meeting")
MODERATION_KEYS = ("asked", "published", "pending", "rejected", "hidden", "archived", "merged", "edited")


def safe(function, *args) -> str:
    """A fmt wording, or "" for a time the document could not parse."""
    try:
        return function(*args)
    except (TypeError, ValueError):
        return ""


def text(value) -> str:
    return "" if value is None else str(value)


def title(doc: dict) -> str:
    return text((doc.get("event") or {}).get("title")) or str(UNTITLED)


def meeting_date(doc: dict) -> str:
    event = doc.get("event") or {}
    return safe(fmt.date_text, event.get("started_at") or event.get("starts_at"))


def created(doc: dict) -> datetime | None:
    """When this version was made: finalized, else generated."""
    for key in ("finalized_at", "generated_at"):
        try:
            when = fmt.parse(doc.get(key))
        except (TypeError, ValueError):
            continue
        if when:
            return when
    return None


def version_label(doc: dict) -> str:
    """"Final minutes, version 2, 20 Nov 2026, 21:00 UTC" or "Draft minutes, generated …"."""
    if doc.get("status") == "final":
        version = doc.get("version")
        stamp = safe(fmt.datetime_text, doc.get("finalized_at"))
        if version and stamp:
            return _("Final minutes, version %(version)s, %(when)s", version=version, when=stamp)
        if version:
            return _("Final minutes, version %(version)s", version=version)
        return _("Final minutes, %(when)s", when=stamp) if stamp else _("Final minutes")
    stamp = safe(fmt.datetime_text, doc.get("generated_at"))
    return _("Draft minutes, generated %(when)s", when=stamp) if stamp else _("Draft minutes")


def meeting_times(event: dict) -> str:
    """"18:02–19:31 UTC (1 h 29 min), planned start 18:00 UTC"."""
    started, ended, planned = event.get("started_at"), event.get("ended_at"), event.get("starts_at")
    planned_text = safe(fmt.datetime_text, planned)
    if not safe(fmt.time_text, started):
        return _("Planned for %(when)s; not started in Townhall", when=planned_text) if planned_text \
            else _("Not started in Townhall")
    held = safe(fmt.span_text, started, ended)
    if ended and safe(fmt.time_text, ended):
        length = safe(fmt.meeting_length, started, ended)
        held = f"{held} ({length})" if length else held
    else:
        held = _("Started %(when)s, end not recorded", when=safe(fmt.datetime_text, started))
    if planned_text:
        same_day = safe(fmt.date_text, planned) == safe(fmt.date_text, started)
        held = _("%(held)s, planned start %(when)s", held=held,
                 when=safe(fmt.time_text, planned) if same_day else planned_text)
    return held


def header_rows(doc: dict) -> list[tuple[str, str]]:
    """The header block: (label, value) rows, empty values left out."""
    event = doc.get("event") or {}
    attendance = doc.get("attendance") or {}

    def count(key) -> int:
        try:
            return int(attendance.get(key) or 0)
        except (TypeError, ValueError):
            return 0

    rows = [
        (_("Time"), meeting_times(event)),
        (_("Place"), text(event.get("place"))),
        (_("Organizers"), ", ".join(text(name) for name in event.get("organizers") or [])),
        (_("Chair"), text(event.get("chair"))),
        (_("Note-taker"), text(event.get("note_taker"))),
        (_("Attendance"), fmt.attendance_text(count("joined"), count("peak_connected"))),
        (_("Participation"), fmt.participation_text(count("questions"), count("votes"), count("ballots"))),
        (_("Link"), text(event.get("link"))),
        (_("Version"), version_label(doc)),
    ]
    return [(label, value) for label, value in rows if value.strip()]


def item_meta(item: dict) -> str:
    """"Presenter: Chair · planned 5 min · took 7 min (2 min over) · 18:02–18:09 UTC"."""
    parts = []
    if text(item.get("presenter")).strip():
        parts.append(_("Presenter: %(name)s", name=item["presenter"]))
    planned = safe(fmt.minutes_text, item.get("planned_minutes"))
    if planned:
        parts.append(_("planned %(length)s", length=planned))
    actual = item.get("actual_seconds")
    if actual is None:
        parts.append(fmt.item_status_label(item.get("status") or "upcoming").lower())
    else:
        took = _("took %(length)s", length=safe(fmt.duration_text, actual))
        overrun = safe(fmt.overrun_text, item.get("planned_minutes"), actual)
        parts.append(f"{took} ({overrun})" if overrun else took)
        span = safe(fmt.span_text, item.get("started_at"), item.get("ended_at"))
        if span:
            parts.append(span)
        if item.get("status") in ("running", "paused"):
            parts.append(fmt.item_status_label(item["status"]).lower())
    return " · ".join(parts)


def poll_meta(poll: dict) -> str:
    """"Single choice · confidential · closed 18:23 UTC"."""
    meta = [fmt.kind_label(text(poll.get("kind")))]
    if poll.get("confidential"):
        meta.append(_("confidential"))
    closed = safe(fmt.time_text, poll.get("closed_at"))
    if closed:
        meta.append(_("closed %(when)s", when=closed))
    elif poll.get("status"):
        meta.append(fmt.poll_status_label(text(poll.get("status"))))
    return " · ".join(m for m in meta if m)


def answered_note(question: dict) -> str:
    """What a question without an answer text says in the answer column."""
    at = safe(fmt.time_text, question.get("answered_at"))
    return _("Answered at %(when)s", when=at) if at else _("Answered")


def votes(question: dict):
    """The votes cell: the count, and under it (muted) the votes from in-room and verified phones when
    the document carries them."""
    trust = question.get("trust")
    total = fmt.votes_text({"votes": question.get("votes")})
    if not isinstance(trust, dict):
        return total
    return [(total, "body"), (_("%(count)s in room", count=trust.get("in_room", 0)), "muted"),
            (_("%(count)s verified", count=trust.get("verified", 0)), "muted")]


def reasons_line(moderation: dict) -> str:
    reasons = moderation.get("by_reason") or {}
    if not reasons:
        return ""
    return _("Reasons given for rejecting or hiding: %(reasons)s.",
             reasons=", ".join(f"{fmt.reason_label(r)} {n}" for r, n in reasons.items()))


def moderation_counts(moderation: dict) -> list[str]:
    out = []
    for key in MODERATION_KEYS:
        try:
            out.append(str(int(moderation.get(key) or 0)))
        except (TypeError, ValueError):
            out.append("0")
    return out
