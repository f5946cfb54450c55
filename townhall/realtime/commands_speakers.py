"""Socket.IO commands for speakers: the same services as the HTTP API, with acks.

The phone's identity comes from the session (never from the payload): a phone can
only ever withdraw its own request.
"""
from .. import identity
from ..contracts import parse
from ..contracts.people import AddSpeaker, FloorRequest, SpeakerMove
from ..extensions import socketio
from ..services import speakers
from .handlers import _attendee, _command


@socketio.on("speaker:request")
@_command
def request_floor(conn, payload):
    return speakers.request_floor(**_attendee(conn), topic=parse(FloorRequest, payload).topic)


@socketio.on("speaker:withdraw")
@_command
def withdraw(conn, _payload):
    return speakers.withdraw(**_attendee(conn))


@socketio.on("speaker:add")
@_command
def add(conn, payload):
    data = parse(AddSpeaker, payload)
    return speakers.add(code=conn["code"], user_id=identity.user_id(), name=data.name, topic=data.topic)


@socketio.on("speaker:moderate")
@_command
def moderate(conn, payload):
    move = parse(SpeakerMove, payload)
    return speakers.moderate(code=conn["code"], user_id=identity.user_id(), action=move.action,
                             request_id=move.request_id)
