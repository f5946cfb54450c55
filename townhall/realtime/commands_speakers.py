"""Socket.IO commands for speakers: the same services as the HTTP API, with acks.

The phone's identity comes from the session (never from the payload): a phone can
only ever withdraw its own request.
"""
from .. import identity
from ..contracts import Nothing
from ..contracts.people import AddSpeaker, FloorRequest, SpeakerMove
from ..services import speakers
from .handlers import command, phone_args


@command("speaker:request", FloorRequest)
def request_floor(conn, data):
    return speakers.request_floor(**phone_args(conn), topic=data.topic)


@command("speaker:withdraw", Nothing)
def withdraw(conn, _data):
    return speakers.withdraw(**phone_args(conn))


@command("speaker:add", AddSpeaker)
def add(conn, data):
    return speakers.add(code=conn["code"], user_id=identity.user_id(), name=data.name, topic=data.topic)


@command("speaker:moderate", SpeakerMove)
def moderate(conn, move):
    return speakers.moderate(code=conn["code"], user_id=identity.user_id(), action=move.action,
                             request_id=move.request_id)
