"""Socket.IO commands for moderation: the same services as the HTTP API, with acks."""
from .. import identity
from ..contracts.moderation import BanAsker, BanRef
from ..services import bans
from .handlers import command


@command("attendee:ban", BanAsker)
def ban(conn, data):
    return bans.ban(code=conn["code"], user_id=identity.user_id(), question_id=data.question_id, reason=data.reason)


@command("attendee:unban", BanRef)
def unban(conn, data):
    return bans.unban(code=conn["code"], user_id=identity.user_id(), ban_id=data.ban_id)
