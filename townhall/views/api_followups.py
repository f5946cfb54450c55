"""JSON API for following questions up (services/followups.py): refer a question to an office with a due date,
defer it, close it without an answer, the end-of-meeting review and its one step, and the offices to refer to."""
from flask import jsonify, request

from ..contracts import accepts, parse
from ..contracts.followups import Close, Defer, Refer, Resolve
from ..services import followups
from .api_common import api_blueprint, body, optional_body, require_user

bp = api_blueprint("api_followups", __name__)


@bp.get("/events/<code>/offices")
def offices(code):
    return jsonify(followups.offices(code=code, user_id=require_user()))


@bp.post("/events/<code>/questions/<int:question_id>/refer")
@accepts(Refer)
def refer(code, question_id):
    user_id, data = require_user(), parse(Refer, body())
    return jsonify(followups.refer(code=code, user_id=user_id, question_id=question_id, **data.model_dump()))


@bp.post("/events/<code>/questions/<int:question_id>/defer")
@accepts(Defer)
def defer(code, question_id):
    user_id, data = require_user(), optional_body(Defer)
    return jsonify(followups.defer(code=code, user_id=user_id, question_id=question_id, note=data.note))


@bp.post("/events/<code>/questions/<int:question_id>/close")
@accepts(Close)
def close(code, question_id):
    user_id, data = require_user(), parse(Close, body())
    return jsonify(followups.close(code=code, user_id=user_id, question_id=question_id, reason=data.reason))


@bp.get("/events/<code>/followups/review")
def review(code):
    return jsonify(followups.review(code=code, user_id=require_user(), min_votes=request.args.get("min_votes", 1)))


@bp.post("/events/<code>/followups/resolve")
@accepts(Resolve)
def resolve(code):
    user_id, data = require_user(), parse(Resolve, body()).model_dump()
    return jsonify(followups.resolve(code=code, user_id=user_id, refer=data["refer"], close=data["close"]))
