"""The asker's receipt over JSON: by the phone's session, or by the key of its link; the verdict on a
written answer from either (CSRF like every browser write)."""
from flask import jsonify

from .. import identity
from ..contracts import accepts
from ..contracts.receipts import Verdict
from ..services import events, feedback, receipts
from .api_common import api_blueprint, attendee_args, fields
from .receipts import private, receipt_link

bp = api_blueprint("api_receipts", __name__)


@bp.get("/events/<code>/mine")
def mine(code):
    event = events.get_event(code)
    args = attendee_args(event.code)
    receipt, key = receipts.open_mine(**args, key=identity.receipt_key(event.id))
    identity.remember_receipt(event.id, key)
    return private(jsonify({"receipt": {**receipt, "link": receipt_link(event.code, key)}}))


@bp.get("/receipts/<key>")
def by_key(key):
    return private(jsonify({"receipt": receipts.receipt_of_key(key=key)}))


@bp.post("/events/<code>/mine/questions/<int:question_id>/feedback")
@accepts(Verdict)
def feedback_mine(code, question_id):
    question = feedback.give_mine(**attendee_args(code), question_id=question_id,
                                  **fields("code", "attendee_id", "token", "question_id"))
    return private(jsonify({"question": question}))


@bp.post("/receipts/<key>/questions/<int:question_id>/feedback")
@accepts(Verdict)
def feedback_by_key(key, question_id):
    question = feedback.give_by_key(key=key, question_id=question_id, **fields("key", "question_id", "code"))
    return private(jsonify({"question": question}))
