"""Domain errors: each has a stable code, an HTTP status and a human message."""


class DomainError(Exception):
    code = "error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field

    def to_dict(self) -> dict:
        body = {"code": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        return {"error": body}


class InvalidInput(DomainError):
    code = "invalid_input"
    status = 400


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    status = 401


class Forbidden(DomainError):
    code = "forbidden"
    status = 403


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
