"""Socket.IO entry points: connect/disconnect into rooms, and commands with acks.

Handlers translate: they read identity from the session, call one service,
and answer with {"ok": true, "data": ...} or {"ok": false, "error": {...}}.
"""
from flask import current_app, request, session
from flask_babel import lazy_gettext as _l
from flask_socketio import ConnectionRefusedError, join_room

from .. import identity
from ..contracts import Command, parse
from ..contracts import questions as asking
from ..errors import DomainError, Forbidden, InvalidInput, RateLimited
from ..extensions import socketio
from ..services import events, merge, permissions, presence, questions, voter_rooms
from ..services.secrets import author_tag
from . import lifecycle, rooms, throttle
from .greeter import greeter

AUDIENCES = ("attendee", "moderator", "projector", "tracker")
# The public follow-up tracker's page: hears followup:changed in the event's tracker room and nothing else;
# no identity read, no command taken.
READ_ONLY = frozenset({"tracker"})


def _throttle() -> "throttle.Throttle | throttle.SharedThrottle":
    """One limiter per app (Flask-Limiter does not see socket events), counting where the HTTP limits do."""
    found = current_app.extensions.get("townhall_socket_throttle")
    if found is None:
        found = current_app.extensions["townhall_socket_throttle"] = throttle.from_config(current_app.config)
    return found


@socketio.on("connect")
def on_connect(auth=None):
    """Join the audience's rooms. A phone's connect usually reads nothing from the database and
    writes nothing: presence is counted in memory (services/presence.py)."""
    auth = auth if isinstance(auth, dict) else {}
    audience = auth.get("audience", "attendee")
    if audience not in AUDIENCES:
        raise ConnectionRefusedError(str(_l("Unknown audience.")), {"code": "invalid_audience"})
    try:
        event_id, code = events.locate(str(auth.get("event", "")))
    except DomainError as exc:
        raise ConnectionRefusedError(exc.message, {"code": exc.code}) from None
    if audience in READ_ONLY:
        join_room(rooms.tracker(event_id))
        session["socket"] = {"event_id": event_id, "code": code, "audience": audience,
                             "limit_key": f"sid:{request.sid}"}
        return
    user_id = identity.user_id()
    attendee_id = None
    if audience == "moderator":
        if not permissions.can(user_id, events.get_event(code), "view"):
            raise ConnectionRefusedError(str(_l("Log in as an organizer of this event.")), {"code": "forbidden"})
        join_room(rooms.moderators(event_id))
    else:
        join_room(rooms.public(event_id))
        if audience == "projector":
            join_room(rooms.projector(event_id))
        attendee_id, token = identity.attendee_of(event_id)
        if attendee_id and audience == "attendee":
            attendee_id = _join_as_phone(event_id, attendee_id, token)
    # Commands are rate-limited per person, so reconnecting does not reset the limit.
    who = f"attendee:{attendee_id}" if attendee_id else f"user:{user_id}" if user_id else f"sid:{request.sid}"
    session["socket"] = {"event_id": event_id, "code": code, "audience": audience, "limit_key": who}
    presence.connected(sid=request.sid, event_id=event_id, audience=audience,
                       attendee_id=attendee_id if audience == "attendee" else None,
                       user_id=user_id if audience == "moderator" else None)
    if audience != "moderator":
        greeter(current_app._get_current_object()).add(request.sid, event_id)


def _join_as_phone(event_id: int, attendee_id: int, token: str) -> int:
    """A joined phone's own rooms: its questions' news (author room) and the voters' room of every
    poll whose results only its voters may see yet, if it voted there. The identity is the signed
    session's, as every HTTP request takes it; each command checks it against the database."""
    join_room(rooms.author(author_tag(token, event_id)))
    for poll_id in voter_rooms.polls_to_join(event_id, attendee_id):
        join_room(rooms.poll_voters(poll_id))
    return attendee_id


@socketio.on("disconnect")
def on_disconnect(*_args):
    if session.get("socket", {}).get("audience") in READ_ONLY:  # never counted, nothing to forget: no write
        return
    presence.disconnected(sid=request.sid)


COMMANDS: dict[str, type[Command]] = {}  # every socket command and the model of its payload


def command(name: str, model: type[Command]):
    """Register a socket command: rate-limited per person, its payload parsed with `model`
    (townhall/contracts), then fn(conn, data); domain errors become ack codes."""

    def register(fn):
        def handler(payload=None):
            conn = session.get("socket")
            if not conn:
                return _error(DomainError(_l("Not connected to an event."), code="not_connected"))
            if conn["audience"] in READ_ONLY:
                return _error(Forbidden(_l("This connection only follows the tracker."), code="read_only"))
            if not _throttle().hit(conn["limit_key"]):
                return _error(RateLimited(_l("Too many commands; slow down.")))
            if payload is not None and not isinstance(payload, dict):
                return _error(InvalidInput(_l("The payload must be an object.")))
            try:
                with lifecycle.busy():
                    return {"ok": True, "data": fn(conn, parse(model, payload))}
            except DomainError as exc:
                return _error(exc)

        handler.__name__ = fn.__name__
        COMMANDS[name] = model
        socketio.on(name)(handler)
        return fn

    return register


def _error(exc: DomainError) -> dict:
    return {"ok": False, **exc.to_dict()}


def phone_args(conn) -> dict:
    """The phone behind a socket, as a phone's service calls take it: its event's code and the
    identity from its signed session (never from the payload)."""
    attendee_id, token = identity.attendee_of(conn["event_id"])
    return {"code": conn["code"], "attendee_id": attendee_id, "token": token}


@command("question:ask", asking.Ask)
def ask(conn, data):
    return questions.ask(**phone_args(conn), **data.given())


@command("question:vote", asking.QuestionRef)
def vote(conn, data):
    return questions.vote(**phone_args(conn), **data.given())


@command("question:unvote", asking.QuestionRef)
def unvote(conn, data):
    return questions.unvote(**phone_args(conn), **data.given())


@command("question:moderate", asking.Moderate)
def moderate(conn, data):
    """{question_id, action, reason?, answer_text?, skip_reason?}: reason with reject/hide, answer_text with
    answered, skip_reason with answering (recorded when a higher-voted question is passed over)."""
    return questions.moderate(code=conn["code"], user_id=identity.user_id(), **data.given())


@command("question:edit", asking.EditCommand)
def edit(conn, data):
    """{question_id, text?, agenda_item_id?, answer_text?, next_step?}, as the HTTP PATCH."""
    return questions.edit(code=conn["code"], user_id=identity.user_id(), **data.given())


@command("question:merge", asking.MergeCommand)
def merge_question(conn, data):
    """{question_id, into_id} -> {question, into}."""
    return merge.merge(code=conn["code"], user_id=identity.user_id(), question_id=data.question_id,
                       into_id=data.into_id)
