"""The JSON API. Every write the UI does goes through here (or the equivalent socket command)."""
from flask import current_app, jsonify, request
from flask_login import current_user

from .. import identity, serializers
from ..contracts import accepts, parse
from ..contracts import questions as asking
from ..contracts.events import DeleteEvent, EventInput, Join
from ..contracts.people import TokenName
from ..errors import DomainError
from ..extensions import limiter
from ..links import join_url
from ..openapi import spec
from ..services import (
    accounts,
    attendees,
    event_deletion,
    events,
    merge,
    permissions,
    questions,
    room_check,
    similar_questions,
    snapshots,
)
from .api_common import (
    api_blueprint,
    attendee_args,
    body,
    fields,
    optional_body,
    per_attendee,
    require_user,
)
from .api_joining import failure_limit

bp = api_blueprint("api", __name__)


@bp.get("/openapi.json")
def openapi():
    return jsonify(spec())


@bp.get("/me")
def me():
    require_user()
    return jsonify({"user": serializers.user(current_user)})


# --- events ----------------------------------------------------------------

@bp.get("/events")
def list_events():
    user_id = require_user()
    return jsonify({"events": [{**serializers.event_moderator(e, join_url(e.code)), "role": role}
                               for e, role in events.events_for(user_id)]})


@bp.post("/events")
@accepts(EventInput)
def create_event():
    user_id = require_user()
    code = events.create_event(owner_id=user_id, **fields("owner_id"))
    return jsonify({"event": serializers.event_moderator(events.get_event(code), join_url(code))}), 201


@bp.get("/events/<code>")
def get_event(code):
    event = events.get_event(code)
    return jsonify({"event": serializers.event_public(event, join_url(event.code))})


@bp.patch("/events/<code>")
@accepts(EventInput)
def update_event(code):
    events.update_event(code=code, user_id=require_user(), **fields("code", "user_id"))
    event = events.get_event(code)
    return jsonify({"event": serializers.event_moderator(event, join_url(event.code))})


@bp.delete("/events/<code>")
@accepts(DeleteEvent)
def delete_event(code):
    """The owner deletes the event and everything in it; the body confirms: {"confirm": code or title}."""
    confirm = optional_body(DeleteEvent).confirm
    event_deletion.delete_event(code=code, user_id=require_user(), confirm=confirm)
    return "", 204


def _json(text: str, status: int = 200):
    """A JSON body encoded by the service, sent as jsonify() would send it."""
    return current_app.response_class(f"{text}\n", status=status, mimetype=current_app.json.mimetype)


@bp.get("/events/<code>/snapshot")
def snapshot(code):
    if request.args.get("view") == "moderator":
        return jsonify(snapshots.moderator_snapshot(code=code, user_id=require_user()))
    # The hot path after a restart (every phone, at once): the event's id without loading the event.
    attendee_id, token = identity.attendee_of(events.locate(code)[0])
    return _json(snapshots.public_snapshot_json(code=code, attendee_id=attendee_id, token=token))


@bp.post("/events/<code>/join")
@limiter.limit(lambda: current_app.config["JOIN_RATE_LIMIT"])
@failure_limit()
@accepts(Join)
def join(code):
    sent = parse(Join, request.get_json(silent=True))  # no body: a phone that gives no name
    event_id = events.locate(code)[0]
    known_id, known_token = identity.attendee_of(event_id)
    attendee_id, token = attendees.join(code=code, name=sent.name, attendee_id=known_id, token=known_token,
                                        passcode=sent.passcode, key=sent.key)
    identity.remember_attendee(event_id, attendee_id, token)
    identity.forget_pending(event_id, "key")  # a slip's link filled the form in: done
    room_token = identity.pending(event_id, "room")
    if room_token:  # it scanned the in-room QR before joining
        identity.forget_pending(event_id, "room")
        try:
            room_check.mark(code=code, attendee_id=attendee_id, token=token, room_token=room_token)
        except DomainError:
            pass  # expired while it joined: it scans again
    return _json(snapshots.public_snapshot_json(code=code, attendee_id=attendee_id, token=token),
                 200 if attendee_id == known_id else 201)


# --- questions -------------------------------------------------------------

@bp.post("/events/<code>/questions")
@limiter.limit("10 per minute", key_func=per_attendee)
@accepts(asking.Ask)
def ask(code):
    question = questions.ask(**attendee_args(code), **parse(asking.Ask, body()).given())
    return jsonify({"question": question}), 201


@bp.get("/events/<code>/similar")
@limiter.limit("30 per minute", key_func=per_attendee)
def similar(code):
    """?text=: what the phone's person is typing; the published questions like it."""
    return jsonify(similar_questions.for_phone(**attendee_args(code), text=request.args.get("text")))


@bp.post("/events/<code>/questions/<int:question_id>/vote")
@limiter.limit("120 per minute", key_func=per_attendee)
@accepts(asking.VoteKey)
def vote(code, question_id):
    key = optional_body(asking.VoteKey).given()
    return jsonify(questions.vote(**attendee_args(code), question_id=question_id, **key))


@bp.delete("/events/<code>/questions/<int:question_id>/vote")
@limiter.limit("120 per minute", key_func=per_attendee)
@accepts(asking.VoteKey)
def unvote(code, question_id):
    key = optional_body(asking.VoteKey).given()
    return jsonify(questions.unvote(**attendee_args(code), question_id=question_id, **key))


@bp.post("/events/<code>/questions/<int:question_id>/<any(" + ",".join(questions.TRANSITIONS) + "):action>")
@accepts(asking.Moderation)
def moderate(code, question_id, action):
    user_id = require_user()
    # Optional body: {"reason"} with reject/hide, {"answer_text"} with answered.
    data = optional_body(asking.Moderation).given()
    question = questions.moderate(code=code, user_id=user_id, question_id=question_id, action=action, **data)
    return jsonify({"question": question})


@bp.post("/events/<code>/questions/<int:question_id>/merge")
@accepts(asking.Merge)
def merge_question(code, question_id):
    user_id = require_user()
    data = parse(asking.Merge, body())
    return jsonify(merge.merge(code=code, user_id=user_id, question_id=question_id, into_id=data.into_id))


@bp.patch("/events/<code>/questions/<int:question_id>")
@accepts(asking.Edit)
def edit(code, question_id):
    user_id = require_user()
    # text, agenda_item_id (null: no item), answer_text, next_step ("": clear)
    question = questions.edit(code=code, user_id=user_id, question_id=question_id,
                              **parse(asking.Edit, body()).given())
    return jsonify({"question": question})


@bp.get("/events/<code>/stats")
def stats(code):
    event = events.get_event(code)
    permissions.require(require_user(), event, "view")
    return jsonify(snapshots.stats(event.id))


# --- API tokens ------------------------------------------------------------

@bp.get("/tokens")
def list_tokens():
    rows = accounts.list_api_tokens(user_id=require_user())
    return jsonify({"tokens": [serializers.api_token(t) for t in rows]})


@bp.post("/tokens")
@accepts(TokenName)
def create_token():
    row, secret = accounts.create_api_token(user_id=require_user(), name=parse(TokenName, body()).name)
    return jsonify({"token": serializers.api_token(row, secret)}), 201


@bp.delete("/tokens/<int:token_id>")
def revoke_token(token_id):
    accounts.revoke_api_token(user_id=require_user(), token_id=token_id)
    return "", 204


@bp.errorhandler(DomainError)
def domain_error(exc):
    return jsonify(exc.to_dict()), exc.status, exc.headers()
