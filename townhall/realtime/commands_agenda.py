"""Socket.IO commands for agenda: the same services as the HTTP API, with acks."""
from .. import identity
from ..contracts.agenda import Run
from ..services import agenda
from .handlers import command


@command("agenda:run", Run)
def run(conn, step):
    """{action: start|start_item|next|back|pause|resume|end, item_id?} -> ack data {seq, agenda}."""
    return agenda.run(code=conn["code"], user_id=identity.user_id(), action=step.action, item_id=step.item_id)
