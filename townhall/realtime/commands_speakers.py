"""Socket.IO commands for speakers: the same services as the HTTP API, with acks.

The phone's identity comes from the session (never from the payload): a phone can
only ever withdraw its own request.
"""
from .. import identity
from ..extensions import socketio
from ..services import speakers
from .handlers import _attendee, _command


@socketio.on("speaker:request")
@_command
def request_floor(conn, payload):
    return speakers.request_floor(**_attendee(conn), topic=payload.get("topic"))


@socketio.on("speaker:withdraw")
@_command
def withdraw(conn, _payload):
    return speakers.withdraw(**_attendee(conn))


@socketio.on("speaker:add")
@_command
def add(conn, payload):
    return speakers.add(code=conn["code"], user_id=identity.user_id(), name=payload.get("name"),
                        topic=payload.get("topic"))


@socketio.on("speaker:moderate")
@_command
def moderate(conn, payload):
    return speakers.moderate(code=conn["code"], user_id=identity.user_id(), action=payload.get("action"),
                             request_id=payload.get("request_id"))
