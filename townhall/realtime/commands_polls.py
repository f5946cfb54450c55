"""Socket.IO commands for polls: the same services as the HTTP API, with acks.

poll:vote {poll_id, answer} -> ack {ok: true, data: {poll_id, ballots, voted, changed}}
  or {ok: false, error: {code: "poll_closed" | "already_voted" | "invalid_answer" | ..., message}}.
The phone's identity comes from its session, never from the payload.
"""
from ..extensions import socketio
from ..services import polls
from .handlers import _attendee, _command


@socketio.on("poll:vote")
@_command
def vote(conn, payload):
    return polls.vote(**_attendee(conn), poll_id=payload.get("poll_id"), answer=payload.get("answer"))
