"""How the minutes print times, durations, names and codes: one wording for every renderer.

Times in the minutes document are ISO 8601 strings in UTC ("2026-11-20T18:02:00Z");
the minutes show them in the event's own time zone, named ("3 Dec 2026, 20:00 PST"),
so the minutes of an evening meeting carry that evening's date; in Chinese, as CLDR
writes dates ("2026年12月3日 20:00 UTC-8"). The zone and language are the document's
(doc["event"]["timezone"] and ["language"]), set around a rendering with context(doc);
outside one, UTC and English. Every function takes None (or "") and returns "" for it,
so renderers need no checks.

templates/minutes/_charts.html spells the same wording in Jinja (the partial is
included by pages that cannot pass Python helpers); tests compare the two.
"""
import math
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from babel import Locale
from babel.dates import format_skeleton
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..locales import DEFAULT, LANGUAGES, local, zone_label

# (IANA zone, language) of the document being rendered.
_PLACE: ContextVar[tuple[str, str]] = ContextVar("minutes_place", default=("UTC", DEFAULT))

ANONYMOUS = "Anonymous"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

POLL_KINDS = {"single": _l("Single choice"), "multiple": _l("Multiple choice"), "yesno": _l("Yes / no"),
              "rating": _l("Rating"), "ranking": _l("Ranking"), "text": _l("Open text")}
REASONS = {"off_topic": _l("Off topic"), "duplicate": _l("Duplicate"), "offensive": _l("Offensive"),
           "personal_data": _l("Personal data"), "spam": _l("Spam"), "other": _l("Other")}
ITEM_STATUSES = {"upcoming": _l("Not held"), "running": _l("Running"), "paused": _l("Paused"), "done": _l("Done")}
POLL_STATUSES = {"draft": _l("draft"), "open": _l("open"), "closed": _l("closed")}
QUESTION_STATUSES = {"pending": _l("Pending"), "published": _l("Published"), "rejected": _l("Rejected"),
                     "hidden": _l("Hidden"), "archived": _l("Archived"), "merged": _l("Merged")}


def author(name: str | None) -> str:
    """The asker as printed: their name, or "Anonymous" (never anything that identifies them)."""
    return name.strip() if name and name.strip() else _("Anonymous")


def parse(iso: str | None) -> datetime | None:
    """An ISO 8601 UTC string of the document as an aware datetime (None for None or "")."""
    if not iso:
        return None
    value = datetime.fromisoformat(iso)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@contextmanager
def place(timezone: str | None, language: str | None):
    """Within: times in this zone and language (UTC and English for None or one we do not have)."""
    token = _PLACE.set((timezone or "UTC", language if language in LANGUAGES else DEFAULT))
    try:
        yield
    finally:
        _PLACE.reset(token)


@contextmanager
def context(doc: dict):
    """Within: times in the document's event's zone and language (UTC and English if it names none)."""
    event = doc.get("event") or {}
    with place(event.get("timezone"), event.get("language")):
        yield


def language() -> str:
    """The language of the document being rendered (its headings and labels are written in it)."""
    return _PLACE.get()[1]


def zone_note() -> str:
    """The charts' footnote: which zone their times are in."""
    timezone, _language = _PLACE.get()
    return _("Times in %(zone)s.", zone=timezone.replace("_", " "))


def parse_local(iso: str | None) -> datetime | None:
    """An ISO 8601 UTC string of the document in the document's zone (None for None or "")."""
    value = parse(iso)
    return local(value, _PLACE.get()[0]) if value else None


def _zone(value: datetime) -> str:
    timezone, language = _PLACE.get()
    return zone_label(value, timezone, language)


def _date(value: datetime) -> str:
    language = _PLACE.get()[1]
    if language == DEFAULT:
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return format_skeleton("yMMMd", value, tzinfo=value.tzinfo, locale=Locale.parse(language))


def day_month_text(day) -> str:
    """"5 Dec"; Chinese "12月5日" (chart ticks)."""
    language = _PLACE.get()[1]
    if language == DEFAULT:
        return f"{day.day} {MONTHS[day.month - 1]}"
    return format_skeleton("MMMd", datetime(day.year, day.month, day.day), locale=Locale.parse(language))


def date_text(iso: str | None) -> str:
    """"20 Nov 2026": the day in the event's zone; a date alone ("2026-12-18", a due date) is that day."""
    if isinstance(iso, str) and len(iso) == 10:
        return _date(datetime.fromisoformat(iso))
    value = parse_local(iso)
    return _date(value) if value else ""


def clock_text(iso: str | None) -> str:
    """"18:02": the time of day in the event's zone, unnamed (chart axes, whose note names the zone)."""
    value = parse_local(iso)
    return f"{value:%H:%M}" if value else ""


def time_text(iso: str | None) -> str:
    """"18:02 UTC", "20:00 PST"."""
    value = parse_local(iso)
    return f"{value:%H:%M} {_zone(value)}" if value else ""


def datetime_text(iso: str | None) -> str:
    """"20 Nov 2026, 18:02 UTC"; Chinese "2026年11月20日 18:02 UTC"."""
    value = parse_local(iso)
    if not value:
        return ""
    joiner = ", " if _PLACE.get()[1] == DEFAULT else " "
    return f"{_date(value)}{joiner}{value:%H:%M} {_zone(value)}"


def span_text(start: str | None, end: str | None) -> str:
    """When something ran: "18:02–19:31 UTC" on one day, else both ends in full; "" if it never started."""
    first, last = parse_local(start), parse_local(end)
    if not first:
        return ""
    if not last:
        return _("from %(when)s", when=datetime_text(start))
    if first.date() == last.date():
        return f"{first:%H:%M}–{last:%H:%M} {_zone(last)}"
    return f"{datetime_text(start)} – {datetime_text(end)}"


def duration_text(seconds: float | None) -> str:
    """A length of time to the minute: "45 s", "41 min", "1 h 05 min" ("41 分钟" in Chinese); "" for None."""
    if seconds is None:
        return ""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return _("%(seconds)s s", seconds=seconds)
    minutes = (seconds + 30) // 60
    return minutes_text(minutes)


def minutes_text(minutes: int | None) -> str:
    """A planned length in minutes: "30 min", "1 h 05 min", "2 h"; "" for None."""
    if minutes is None:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return ngettext("%(n)s min", "%(n)s min", rest, n=rest)
    if rest:
        return _("%(hours)s h %(minutes)s min", hours=hours, minutes=str(rest).zfill(2))
    return _("%(hours)s h", hours=hours)


def speaking_time(seconds: int | None) -> str:
    """A speaker's time to the second: "1 min 35 s", "45 s", "2 min"; "" for None."""
    if seconds is None:
        return ""
    minutes, rest = divmod(max(0, int(seconds)), 60)
    if not minutes:
        return _("%(seconds)s s", seconds=rest)
    if rest:
        return _("%(minutes)s min %(seconds)s s", minutes=minutes, seconds=rest)
    return ngettext("%(n)s min", "%(n)s min", minutes, n=minutes)


def meeting_length(start: str | None, end: str | None) -> str:
    """How long the meeting ran, "1 h 29 min"; "" unless both ends are known."""
    first, last = parse(start), parse(end)
    return duration_text((last - first).total_seconds()) if first and last and last >= first else ""


def _overrun_minutes(planned_minutes: int | None, actual_seconds: int | None) -> int | None:
    """Actual minus planned, in whole minutes; None if either is unknown."""
    if planned_minutes is None or actual_seconds is None:
        return None
    return round((actual_seconds - planned_minutes * 60) / 60)


def overrun_text(planned_minutes: int | None, actual_seconds: int | None) -> str:
    """Actual against planned: "11 min over", "4 min under", "on time"; "" if either is unknown."""
    difference = _overrun_minutes(planned_minutes, actual_seconds)
    if difference is None:
        return ""
    if difference == 0:
        return _("on time")
    length = minutes_text(abs(difference))
    return _("%(length)s over", length=length) if difference > 0 else _("%(length)s under", length=length)


def kind_label(kind: str) -> str:
    return str(POLL_KINDS.get(kind, kind))


def reason_label(reason: str | None) -> str:
    return str(REASONS.get(reason, reason or ""))


def item_status_label(status: str) -> str:
    return str(ITEM_STATUSES.get(status, status))


def question_status_label(status: str) -> str:
    return str(QUESTION_STATUSES.get(status, status))


def attendance_text(joined: int, peak: int) -> str:
    """"12 attendees joined, 30 phones connected at the peak"."""
    return _("%(joined)s, %(peak)s",
             joined=ngettext("%(num)d attendee joined", "%(num)d attendees joined", joined),
             peak=ngettext("%(num)d phone connected at the peak", "%(num)d phones connected at the peak", peak))


def participation_text(questions: int, votes: int, ballots: int) -> str:
    """"3 questions asked, 1 vote on questions, 12 poll ballots cast"."""
    return _("%(questions)s, %(votes)s, %(ballots)s",
             questions=ngettext("%(num)d question asked", "%(num)d questions asked", questions),
             votes=ngettext("%(num)d vote on questions", "%(num)d votes on questions", votes),
             ballots=ngettext("%(num)d poll ballot cast", "%(num)d poll ballots cast", ballots))


def per_text(minutes: int) -> str:
    """What one bar of the activity chart counts: "minute", "5 minutes"."""
    return ngettext("minute", "%(num)d minutes", minutes)


def overrun_kind(planned_minutes: int | None, actual_seconds: int | None) -> str:
    """"over", "under" or "ontime" (a style, whatever the language), "" if either is unknown."""
    difference = _overrun_minutes(planned_minutes, actual_seconds)
    if difference is None:
        return ""
    return "ontime" if difference == 0 else "over" if difference > 0 else "under"


def activity_titles(minutes: int) -> tuple[str, str]:
    """The activity charts' two titles: "Questions asked per minute" / "… per 5 min"."""
    if minutes == 1:
        return _("Questions asked per minute"), _("Votes cast per minute")
    length = minutes_text(minutes)
    return (_("Questions asked per %(length)s", length=length), _("Votes cast per %(length)s", length=length))


def poll_status_label(status: str) -> str:
    return str(POLL_STATUSES.get(status, status))


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """"1 ballot", "3 ballots"."""
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"


def votes_text(question: dict) -> str:
    """A question's votes as the minutes print them: "154", or "154 (4 in the room, 2 verified)" when the
    document carries its votes among in-room and verified phones."""
    try:
        votes = str(int(question.get("votes") or 0))
    except (TypeError, ValueError):
        votes = "0"
    trust = question.get("trust")
    if isinstance(trust, dict):
        votes = _("%(votes)s (%(in_room)s in the room, %(verified)s verified)", votes=votes,
                  in_room=trust.get("in_room", 0), verified=trust.get("verified", 0))
    return votes


def bar_value(value) -> float:
    """A chart value as drawn: a finite positive number, anything else 0."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) and number > 0 else 0.0
