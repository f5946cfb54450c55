"""The event's blocklist: its own terms and whether the default list applies (matching:
townhall/moderation/blocklist.py). Read by the team's moderators, changed by the owner."""
from flask_babel import lazy_gettext as _l

from ..errors import InvalidInput
from ..moderation import blocklist
from . import operations, permissions
from .events import get_event
from .transaction import use_case

_UNSET = object()
TERMS_MAX_CHARS = 40_000


def _view(event) -> dict:
    return {"terms": event.blocklist or "", "use_default": bool(event.default_blocklist),
            "count": len(blocklist.parse(event.blocklist or "")), "default_count": len(blocklist.default().terms)}


def get(*, code: str, user_id: int | None) -> dict:
    event = get_event(code)
    permissions.require(user_id, event, "questions")
    return _view(event)


def _term_problem(term: str):
    """Why a term cannot be in a list (blocklist.problem), as a whole sentence to translate."""
    if len(term) > blocklist.TERM_MAX_LENGTH:
        return _l("The term %(term)s is longer than %(count)s characters.", term=repr(term[:60]),
                  count=blocklist.TERM_MAX_LENGTH)
    return _l("The term %(term)s has no letter or digit.", term=repr(term[:60]))


def _terms(text) -> str:
    if not isinstance(text, str) or len(text) > TERMS_MAX_CHARS:
        raise InvalidInput(_l("terms must be text, one term per line."), field="terms")
    terms = blocklist.parse(text)
    if len(terms) > blocklist.MAX_TERMS:
        raise InvalidInput(_l("At most %(count)s terms.", count=blocklist.MAX_TERMS), code="too_many_terms",
                           field="terms")
    for term in terms:
        if blocklist.problem(term):
            raise InvalidInput(_term_problem(term), code="invalid_term", field="terms")
    return "\n".join(terms)


@use_case
def update(*, code: str, user_id: int | None, terms=_UNSET, use_default=_UNSET) -> dict:
    event = get_event(code)
    permissions.require(user_id, event, "settings")
    if terms is _UNSET and use_default is _UNSET:
        raise InvalidInput(_l("Nothing to change: send terms and/or use_default."), code="empty", field="terms")
    if terms is not _UNSET:
        event.blocklist = _terms("" if terms is None else terms)
    if use_default is not _UNSET:
        if not isinstance(use_default, bool):
            raise InvalidInput(_l("use_default must be true or false."), field="use_default")
        event.default_blocklist = use_default
    view = _view(event)
    operations.record(event.id, user_id, "blocklist",
                      f"{view['count']} own terms; default list {'on' if view['use_default'] else 'off'}")
    return view
