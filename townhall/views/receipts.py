"""The asker's receipt as a page: /e/<code>/mine (the phone's own session) and /e/<code>/receipt/<key>
(the link it keeps). Private pages: never cached, never indexed, and the key never leaves in a Referer."""
from flask import Blueprint, abort, make_response, render_template

from .. import identity
from ..errors import DomainError, NotFound
from ..exports import fmt
from ..i18n import current_language
from ..links import base_url
from ..serializers.receipts import STEP_WORDS, day_text, when_text
from ..services import events, receipts

bp = Blueprint("receipts", __name__)


@bp.context_processor
def _formats() -> dict:
    return {"step_words": STEP_WORDS, "when_text": when_text, "day_text": day_text}


def receipt_link(code: str, key: str) -> str:
    return f"{base_url()}/e/{code}/receipt/{key}"


def private(response):
    """What every receipt answer carries: not stored by any cache, no Referer with the key, not indexed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _page(template: str, http_status: int = 200, *, zone: str | None = None, **context):
    with fmt.place(zone, current_language()):  # dates in the event's zone, written as the reader writes them
        return private(make_response(render_template(template, **context), http_status))


@bp.get("/e/<code>/mine")
def mine(code):
    try:
        event = events.get_event(code)
    except NotFound:
        abort(404)
    attendee_id, token = identity.attendee_of(event.id)
    try:
        receipt, key = receipts.open_mine(code=event.code, attendee_id=attendee_id, token=token,
                                          key=identity.receipt_key(event.id))
    except DomainError as exc:
        if exc.code != "not_joined":
            raise
        return _page("public/receipt_none.html", event=event)
    identity.remember_receipt(event.id, key)
    return _page("public/receipt.html", receipt=receipt, link=receipt_link(event.code, key), own=True,
                 api_base=f"/api/events/{event.code}/mine", zone=event.timezone)


@bp.get("/e/<code>/receipt/<key>")
def by_key(code, key):
    try:
        receipt = receipts.receipt_of_key(key=key, code=code)
    except NotFound as exc:
        return _page("error.html", 404, message=exc.message, status=404, back=None)
    return _page("public/receipt.html", receipt=receipt, link=receipt_link(receipt["event"], key), own=False,
                 api_base=f"/api/receipts/{key}", zone=events.get_event(receipt["event"]).timezone)
