"""Socket.IO commands for polls: the same services as the HTTP API, with acks.

poll:vote {poll_id, answer} -> ack {ok: true, data: {poll_id, ballots, voted, changed}}
  or {ok: false, error: {code: "poll_closed" | "already_voted" | "invalid_answer" | ..., message}}.
poll:follow {poll_id} -> ack {ok: true, data: {poll_id}}
  or {ok: false, error: {code: "not_voted" | "poll_not_found" | "not_joined" | ..., message}}:
  after a ballot over HTTP, the phone's socket joins the poll's voters' room (after_vote results).
The phone's identity comes from its session, never from the payload: a socket joins a
voters' room only once the server has found this phone's Participation row.
"""
from flask_babel import lazy_gettext as _l
from flask_socketio import join_room

from ..contracts.polls import PollFollow, PollVote
from ..errors import NotAuthenticated
from ..services import polls
from . import rooms
from .handlers import command, phone_args


@command("poll:vote", PollVote)
def vote(conn, ballot):
    result = polls.vote(**phone_args(conn), poll_id=ballot.poll_id, answer=ballot.answer)
    if conn["audience"] == "attendee":  # committed: this phone has voted
        join_room(rooms.poll_voters(result["poll_id"]))
    return result


@command("poll:follow", PollFollow)
def follow(conn, data):
    if conn["audience"] != "attendee":  # a projector shows the room's view only
        raise NotAuthenticated(_l("Only a joined phone follows its polls."), code="not_joined")
    result = polls.voter(**phone_args(conn), poll_id=data.poll_id)
    join_room(rooms.poll_voters(result["poll_id"]))
    return result
