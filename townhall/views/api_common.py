"""What every JSON API blueprint shares: CSRF for browser writes, body parsing, who is asking."""
from flask import Blueprint, request
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address

from .. import identity
from ..contracts import M, parse
from ..errors import DomainError, InvalidInput, NotAuthenticated
from ..services import events
from . import protect_browser_write


def api_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint under /api whose cookie-authenticated writes need the CSRF header."""
    bp = Blueprint(name, import_name, url_prefix="/api")
    bp.before_request(protect_browser_write)
    return bp


def body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput(_l("The request body must be a JSON object."), code="invalid_json")
    return data


def optional_body(model: type[M]) -> M:
    """The body as `model`; a request with no body at all is the model with nothing sent."""
    return parse(model, body()) if request.get_data(cache=True) else model()


def fields(*own_arguments: str) -> dict:
    """The body as the service's **fields; a key named like one of the service's own
    keyword arguments is an unknown field (400), not a Python TypeError (500)."""
    data = body()
    clash = sorted(set(data) & set(own_arguments))
    if clash:
        raise InvalidInput(_l("Unknown field(s): %(fields)s.", fields=", ".join(clash)), field=clash[0])
    return data


def require_user() -> int:
    user_id = identity.user_id()
    if user_id is None:
        raise NotAuthenticated(_l("Log in or send an API token."))
    return user_id


def per_attendee() -> str:
    """Rate-limit key: the phone, not its IP (a whole venue may share one NAT address)."""
    try:
        attendee_id, _token = identity.attendee_of(events.get_event(request.view_args["code"]).id)
    except DomainError:
        attendee_id = None
    return f"attendee:{attendee_id}" if attendee_id else f"ip:{get_remote_address()}"


def attendee_args(code: str) -> dict:
    event = events.get_event(code)
    attendee_id, token = identity.attendee_of(event.id)
    return {"code": code, "attendee_id": attendee_id, "token": token}
