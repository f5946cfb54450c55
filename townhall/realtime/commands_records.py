"""Socket.IO commands for records: the same services as the HTTP API, with acks.

notes:save {item_id, text, base_version} -> ack {ok: true, data: {item_id, text, version, updated_at}}
  or {ok: false, error: {code: "notes_conflict", message, current: {item_id, text, version, updated_at}}}.
"""
from .. import identity
from ..extensions import socketio
from ..services import records
from .handlers import _command


@socketio.on("notes:save")
@_command
def save_notes(conn, payload):
    return records.save_notes(code=conn["code"], user_id=identity.user_id(), item_id=payload.get("item_id"),
                              text=payload.get("text"), base_version=payload.get("base_version"))
