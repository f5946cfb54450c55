"""Domain errors: each has a stable code, an HTTP status and a human message.

The message is written with lazy_gettext (`_l`). `message` is its text when the error was made (in that
request's language; English outside one: background writers, the command line); the answer (to_dict)
translates it again where it is written, so an error made by a background writer (a batch of votes)
reaches each phone in that phone's language.
"""
from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    code = "error"
    status = 400

    def __init__(self, message, *, code: str | None = None, field: str | None = None):
        self._text = message  # a LazyString (_l): translated again in the answer's own locale
        message = str(message)
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field

    def to_dict(self) -> dict:
        body = {"code": self.code, "message": str(self._text)}
        if self.field:
            body["field"] = self.field
        return {"error": body}

    def headers(self) -> dict[str, str]:
        """HTTP headers the answer carries (Retry-After where the same request may be sent again)."""
        retry_after = getattr(self, "retry_after", None)
        return {"Retry-After": str(retry_after)} if retry_after else {}


class InvalidInput(DomainError):
    code = "invalid_input"
    status = 400


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    status = 401


class Forbidden(DomainError):
    code = "forbidden"
    status = 403


class TooLarge(DomainError):
    code = "too_large"
    status = 413


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Conflict(DomainError):
    code = "conflict"
    status = 409


class EventClosed(DomainError):
    code = "event_closed"
    status = 409


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


class Unavailable(DomainError):
    code = "unavailable"
    status = 503


class DatabaseBusy(Unavailable):
    """The database's write lock stayed taken (SQLite held by another process): nothing was written,
    the same command may be sent again. HTTP answers carry Retry-After."""
    code = "busy"
    retry_after = 2

    def __init__(self, message=None, **kwargs):
        super().__init__(message or _l("The server is busy: nothing was changed. Try again in a moment."), **kwargs)
