"""Socket.IO commands for moderation: the same services as the HTTP API, with acks."""
from .. import identity
from ..contracts.moderation import BanAsker, BanRef
from ..contracts.questions import ModerateMany, MoveMany
from ..services import bans, question_batches
from .handlers import command


@command("attendee:ban", BanAsker)
def ban(conn, data):
    return bans.ban(code=conn["code"], user_id=identity.user_id(), question_id=data.question_id, reason=data.reason)


@command("attendee:unban", BanRef)
def unban(conn, data):
    return bans.unban(code=conn["code"], user_id=identity.user_id(), ban_id=data.ban_id)


@command("questions:moderate", ModerateMany)
def moderate_many(conn, data):
    """{question_ids, action: approve | reject | archive, reason?} -> {questions}: all or none."""
    return question_batches.moderate_many(code=conn["code"], user_id=identity.user_id(), **data.given())


@command("questions:move", MoveMany)
def move_many(conn, data):
    """{question_ids, agenda_item_id (null: no item)} -> {questions}: all or none."""
    return question_batches.move_many(code=conn["code"], user_id=identity.user_id(), question_ids=data.question_ids,
                                      agenda_item_id=data.agenda_item_id)
