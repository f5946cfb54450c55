"""JSON API for live polls (docs/polls.md; services/polls.py and poll_results.py)."""
from flask import jsonify, request

from .. import identity
from ..contracts import accepts, parse
from ..contracts.polls import Ballot, OpenPoll, PollInput
from ..extensions import limiter
from ..services import poll_results, polls
from .api_common import api_blueprint, attendee_args, body, fields, optional_body, per_attendee, require_user

bp = api_blueprint("api_polls", __name__)


def _reader(code) -> dict:
    """Who is reading: an organizer (if logged in), the phone (if joined), the view asked for."""
    return {**attendee_args(code), "user_id": identity.user_id(), "view": request.args.get("view")}


@bp.get("/events/<code>/polls")
def list_polls(code):
    return jsonify(poll_results.list_for(**_reader(code)))


@bp.get("/events/<code>/polls/<int:poll_id>")
def get_poll(code, poll_id):
    return jsonify({"poll": poll_results.one_for(poll_id=poll_id, **_reader(code))})


@bp.post("/events/<code>/polls")
@accepts(PollInput)
def create(code):
    return jsonify({"poll": polls.create(code=code, user_id=require_user(), **fields("code", "user_id"))}), 201


@bp.patch("/events/<code>/polls/<int:poll_id>")
@accepts(PollInput)
def edit(code, poll_id):
    poll = polls.edit(code=code, user_id=require_user(), poll_id=poll_id, **fields("code", "user_id", "poll_id"))
    return jsonify({"poll": poll})


@bp.delete("/events/<code>/polls/<int:poll_id>")
def delete(code, poll_id):
    polls.delete_poll(code=code, user_id=require_user(), poll_id=poll_id)
    return "", 204


@bp.post("/events/<code>/polls/<int:poll_id>/open")
@accepts(OpenPoll)
def open_poll(code, poll_id):
    user_id = require_user()
    duration = optional_body(OpenPoll).given()  # left out: the prepared one
    return jsonify({"poll": polls.open_poll(code=code, user_id=user_id, poll_id=poll_id, **duration)})


@bp.post("/events/<code>/polls/<int:poll_id>/close")
def close(code, poll_id):
    return jsonify({"poll": polls.close_poll(code=code, user_id=require_user(), poll_id=poll_id)})


@bp.post("/events/<code>/polls/<int:poll_id>/reveal")
def reveal(code, poll_id):
    return jsonify({"poll": polls.reveal(code=code, user_id=require_user(), poll_id=poll_id)})


@bp.post("/events/<code>/polls/<int:poll_id>/unreveal")
def unreveal(code, poll_id):
    return jsonify({"poll": polls.unreveal(code=code, user_id=require_user(), poll_id=poll_id)})


@bp.post("/events/<code>/polls/<int:poll_id>/ballot")
@limiter.limit("60 per minute", key_func=per_attendee)
@accepts(Ballot)
def ballot(code, poll_id):
    return jsonify(polls.vote(**attendee_args(code), poll_id=poll_id, answer=parse(Ballot, body()).answer))


@bp.post("/events/<code>/polls/<int:poll_id>/answers/<answer_id>/<any(hide,show):action>")
def moderate_answer(code, poll_id, answer_id, action):
    poll = polls.moderate_answer(code=code, user_id=require_user(), poll_id=poll_id, answer_id=answer_id,
                                 action=action)
    return jsonify({"poll": poll})
