"""JSON API for the list of speakers (see services/speakers.py)."""
from flask import jsonify, request

from ..contracts import accepts, parse
from ..contracts.people import AddSpeaker, FloorRequest
from ..extensions import limiter
from ..services import speakers
from .api_common import api_blueprint, attendee_args, body, optional_body, per_attendee, require_user

bp = api_blueprint("api_speakers", __name__)

QUEUE_ACTIONS = [a for a, names_request in speakers.ACTIONS.items() if not names_request]
REQUEST_ACTIONS = [a for a, names_request in speakers.ACTIONS.items() if names_request]


@bp.get("/events/<code>/speakers")
def state(code):
    if request.args.get("view") == "moderator":
        return jsonify(speakers.moderator_state(code=code, user_id=require_user()))
    return jsonify(speakers.public_state(**attendee_args(code)))


@bp.post("/events/<code>/speakers")
@limiter.limit("10 per minute", key_func=per_attendee)
@accepts(FloorRequest)
def request_floor(code):
    topic = optional_body(FloorRequest).topic  # nothing sent: no topic
    entry = speakers.request_floor(**attendee_args(code), topic=topic)
    return jsonify({"request": entry}), 201


@bp.delete("/events/<code>/speakers/mine")
@limiter.limit("30 per minute", key_func=per_attendee)
def withdraw(code):
    return jsonify({"request": speakers.withdraw(**attendee_args(code))})


@bp.post("/events/<code>/speakers/add")
@accepts(AddSpeaker)
def add(code):
    data = parse(AddSpeaker, body())
    entry = speakers.add(code=code, user_id=require_user(), name=data.name, topic=data.topic)
    return jsonify({"request": entry}), 201


@bp.post("/events/<code>/speakers/<any(" + ",".join(QUEUE_ACTIONS) + "):action>")
def moderate_queue(code, action):
    return jsonify({"speakers": speakers.moderate(code=code, user_id=require_user(), action=action)})


@bp.post("/events/<code>/speakers/<int:request_id>/<any(" + ",".join(REQUEST_ACTIONS) + "):action>")
def moderate_request(code, request_id, action):
    view = speakers.moderate(code=code, user_id=require_user(), action=action, request_id=request_id)
    return jsonify({"speakers": view})
