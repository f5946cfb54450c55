"""Socket.IO commands for following questions up: the same services and contracts as the HTTP API
(views/api_followups.py), with acks {ok: true, data} or {ok: false, error: {code, message, field?}}."""
from .. import identity
from ..contracts.followups import CloseCommand, DeferCommand, ReferCommand, Resolve
from ..services import followups
from .handlers import command


@command("question:refer", ReferCommand)
def refer(conn, data):
    return followups.refer(code=conn["code"], user_id=identity.user_id(), **data.model_dump())


@command("question:defer", DeferCommand)
def defer(conn, data):
    return followups.defer(code=conn["code"], user_id=identity.user_id(), question_id=data.question_id,
                           note=data.note)


@command("question:close", CloseCommand)
def close(conn, data):
    return followups.close(code=conn["code"], user_id=identity.user_id(), question_id=data.question_id,
                           reason=data.reason)


@command("followups:resolve", Resolve)
def resolve(conn, data):
    items = data.model_dump()
    return followups.resolve(code=conn["code"], user_id=identity.user_id(), refer=items["refer"],
                             close=items["close"])
