"""Socket.IO commands for records: the same services as the HTTP API, with acks.

notes:save {item_id, text, base_version} -> ack {ok: true, data: {item_id, text, version, updated_at}}
  or {ok: false, error: {code: "notes_conflict", message, current: {item_id, text, version, updated_at}}}.
"""
from .. import identity
from ..contracts.records import SaveNotes
from ..services import records
from .handlers import command


@command("notes:save", SaveNotes)
def save_notes(conn, data):
    return records.save_notes(code=conn["code"], user_id=identity.user_id(), item_id=data.item_id, text=data.text,
                              base_version=data.base_version)
