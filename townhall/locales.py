"""The languages and time zones the app knows, without Flask: used by services, exports and views alike.

An event's times are stored as naive UTC. They are shown in the event's own IANA time zone, named beside
them ("3 Dec 2026, 20:00 PST"), in the reader's language (Babel's CLDR formats), so the minutes of an
evening meeting in Los Angeles carry that evening's date, wherever the server or the reader is.
"""
from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale
from babel.dates import format_skeleton, get_timezone_name

DEFAULT = "en"
# Every language the app speaks: its code (the catalogue's folder) and its own name, as a switcher shows
# it. To add one, see README.md ("Adding a language").
LANGUAGES = {"en": "English", "zh_Hans": "简体中文"}
# Accept-Language tags mapped to our codes: any Chinese is offered Simplified Chinese (better than English
# for a reader of Traditional Chinese too, until a zh_Hant catalogue exists).
ALIASES = {"zh": "zh_Hans", "zh-cn": "zh_Hans", "zh-hans": "zh_Hans", "zh-sg": "zh_Hans", "zh-tw": "zh_Hans",
           "zh-hk": "zh_Hans", "zh-hant": "zh_Hans", "en": "en"}
# CLDR skeletons for the styles the pages use (the same names as static/js/live/page.js FORMATS): each
# language orders and punctuates them its own way. Hours run 0-23, as minutes are written.
# (date skeleton, with the time?): the date and the time are joined by the language's own pattern.
SKELETONS = {"datetime": ("yMMMd", True), "long": ("yMMMMEEEEd", True), "date": ("yMMMd", False),
             "time": (None, True)}


def language_code(value: str | None) -> str | None:
    """Our code for a language tag ("zh-CN", "zh_Hans", "en-GB", "EN"), or None if we do not speak it."""
    if not value:
        return None
    tag = value.strip().replace("_", "-").lower()
    if tag in ALIASES:
        return ALIASES[tag]
    prefix = tag.split("-")[0]
    return ALIASES.get(prefix)


def html_lang(code: str) -> str:
    """The BCP 47 tag of our code, for `<html lang>` and Intl in the browser ("zh_Hans" -> "zh-Hans")."""
    return code.replace("_", "-")


@cache
def timezone_names() -> tuple[str, ...]:
    """The IANA zones an event may use, sorted (the settings' list): places, and UTC."""
    places = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/", "US/")))
    return (*places, "UTC")


def valid_timezone(name) -> bool:
    if not isinstance(name, str) or name not in timezone_names():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def zone(name: str | None) -> ZoneInfo:
    """The ZoneInfo of an event's zone name (UTC for none or one this system does not know)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local(moment: datetime, timezone: str | None) -> datetime:
    """A stored (naive UTC) moment as an aware datetime in the zone."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone(timezone))


def zone_label(moment: datetime, timezone: str | None, language: str = DEFAULT) -> str:
    """The zone as readers know it at that moment: "PST"/"PDT", "GMT+8", "UTC"; Chinese: 北京时间-style
    names where CLDR has them, else the offset."""
    if (timezone or "UTC") == "UTC":
        return "UTC"
    aware = local(moment, timezone)
    locale = Locale.parse(language)
    name = get_timezone_name(aware, width="short", locale=locale, zone_variant=None)
    if name and not name.startswith(("GMT", "UTC")) and not any(c.isdigit() for c in name):
        return name
    offset = aware.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def format_when(moment: datetime | None, timezone: str | None, language: str = DEFAULT, style: str = "datetime",
                *, with_zone: bool = True) -> str:
    """A stored moment in the event's zone and the reader's language, the zone named (not for "date")."""
    if moment is None:
        return ""
    aware = local(moment, timezone)
    locale = Locale.parse(language)
    date_skeleton, with_time = SKELETONS.get(style, SKELETONS["datetime"])
    date = format_skeleton(date_skeleton, aware, tzinfo=aware.tzinfo, locale=locale) if date_skeleton else ""
    time = format_skeleton("Hm", aware, tzinfo=aware.tzinfo, locale=locale) if with_time else ""
    text = str(locale.datetime_formats["medium"]).replace("{1}", date).replace("{0}", time) \
        if date and time else date or time
    if with_zone and style != "date":
        text = f"{text} {zone_label(moment, timezone, language)}"
    return text
