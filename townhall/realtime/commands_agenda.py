"""Socket.IO commands for agenda: the same services as the HTTP API, with acks."""
from .. import identity
from ..contracts import parse
from ..contracts.agenda import Run
from ..extensions import socketio
from ..services import agenda
from .handlers import _command


@socketio.on("agenda:run")
@_command
def run(conn, payload):
    """{action: start|start_item|next|back|pause|resume|end, item_id?} -> ack data {seq, agenda}."""
    step = parse(Run, payload)
    return agenda.run(code=conn["code"], user_id=identity.user_id(), action=step.action, item_id=step.item_id)
