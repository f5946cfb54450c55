"""Shared column helpers."""
from datetime import UTC, date, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """The UTC date: due dates are compared with it (an event's own time zone comes with issue 14)."""
    return utcnow().date()
