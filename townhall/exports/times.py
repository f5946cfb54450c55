"""Times in the minutes: ISO 8601 in UTC to the second, with a Z (docs/minutes.md)."""
from datetime import UTC, date


def iso(value) -> str | None:
    """A stored (naive UTC) datetime as "2026-11-21T18:02:00Z"; a string is kept as it is."""
    if value is None or isinstance(value, str):
        return value
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.replace(microsecond=0).isoformat() + "Z"


def day(value: date | None) -> str | None:
    """A date as "2026-12-15"."""
    return value.isoformat() if value else None
