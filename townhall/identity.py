"""Who is asking: read from the server-side view of the signed session, never from a payload."""
from flask import g, session
from flask_login import current_user

_KEY = "attendees"


def remember_attendee(event_id: int, attendee_id: int, token: str) -> None:
    joined = dict(session.get(_KEY, {}))
    joined[str(event_id)] = [attendee_id, token]
    session[_KEY] = joined
    session.permanent = True


def attendee_of(event_id: int) -> tuple[int | None, str | None]:
    pair = session.get(_KEY, {}).get(str(event_id))
    if not pair or len(pair) != 2:
        return None, None
    return pair[0], pair[1]


_RECEIPTS = "receipts"


def remember_receipt(event_id: int, key: str) -> None:
    """The key of this phone's receipt link for the event (services/receipts): kept on the phone only."""
    keys = dict(session.get(_RECEIPTS, {}))
    keys[str(event_id)] = key
    session[_RECEIPTS] = keys


def receipt_key(event_id: int) -> str | None:
    key = session.get(_RECEIPTS, {}).get(str(event_id))
    return key if isinstance(key, str) else None


_PENDING = "pending"


def hold_pending(event_id: int, kind: str, value: str) -> None:
    """Something a link brought for this event, kept until the phone joins: a slip's attendee code
    ("key", taken off the address bar) or an in-room token ("room")."""
    pending = dict(session.get(_PENDING, {}))
    pending[f"{kind}:{event_id}"] = value[:64]
    session[_PENDING] = pending


def pending(event_id: int, kind: str) -> str | None:
    value = session.get(_PENDING, {}).get(f"{kind}:{event_id}")
    return value if isinstance(value, str) else None


def forget_pending(event_id: int, kind: str) -> None:
    held = session.get(_PENDING, {})
    if f"{kind}:{event_id}" in held:
        session[_PENDING] = {k: v for k, v in held.items() if k != f"{kind}:{event_id}"}


def user_id() -> int | None:
    return current_user.id if current_user and current_user.is_authenticated else None


def fresh_session() -> None:
    """A new session at log in and log out: nothing of the old one is kept but the attendee identities
    this browser joined events with, their receipts' keys (and whether the cookie outlives the browser, which
    they decide).

    The session is a signed cookie, so a cookie captured or planted before log in never carries the
    organizer; what it did carry is the CSRF token (and Flask-Login's keys), and a token someone else
    knows must not guard an organizer's writes. An organizer who also joined an event as a phone in
    this browser stays that phone: the identity is theirs, and in verified modes their only one.
    """
    joined, keys = session.get(_KEY), session.get(_RECEIPTS)
    permanent = session.permanent
    session.clear()
    g.pop("csrf_token", None)  # Flask-WTF's copy for this request: a form drawn after this gets a new one
    if joined:
        session[_KEY] = joined
        session.permanent = permanent
    if keys:  # the receipt links of those identities' questions
        session[_RECEIPTS] = keys
