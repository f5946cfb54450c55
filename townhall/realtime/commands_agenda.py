"""Socket.IO commands for agenda: the same services as the HTTP API, with acks."""
from .. import identity
from ..extensions import socketio
from ..services import agenda
from .handlers import _command


@socketio.on("agenda:run")
@_command
def run(conn, payload):
    """{action: start|start_item|next|back|pause|resume|end, item_id?} -> ack data {seq, agenda}."""
    return agenda.run(code=conn["code"], user_id=identity.user_id(), action=payload.get("action"),
                      item_id=payload.get("item_id"))
