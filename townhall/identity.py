"""Who is asking: read from the server-side view of the signed session, never from a payload."""
from flask import session
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


def user_id() -> int | None:
    return current_user.id if current_user and current_user.is_authenticated else None
