"""The only module that emits. Called after commit, never inside a transaction.

Every message carries the event's sequence number and absolute values.
Messages that change structure advance the sequence by one; tallies and stats
do not advance it and are coalesced: all votes of one window become one message.

Two audiences, two windows. Moderators get tallies and stats every TALLY_WINDOW_SECONDS. The room
gets tallies every TALLY_WINDOW_SECONDS per thousand sockets in it (at most ROOM_WINDOW_MAX times
that): a tally written to 10,000 phones five times a second would take half the worker's time, once
every two seconds a twentieth, and absolute counts lose nothing by arriving less often.
"""
import threading

from flask import current_app

from ..extensions import socketio
from . import rooms, tasks

ROOM_STEP = 1000  # sockets per TALLY_WINDOW_SECONDS of the room's window
ROOM_WINDOW_MAX = 10  # the room's window is at most this many TALLY_WINDOW_SECONDS

_loaders: dict = {}
_lock = threading.Lock()
# (event_id, audience) -> {"questions": set, "polls": set, "stats": bool}; audience "room" or "moderators"
_pending: dict[tuple[int, str], dict] = {}


def init_app(app, *, load_tallies, load_stats, load_poll_tallies, mark_tallied) -> None:
    """load_tallies(event_id, ids), load_stats(event_id) and load_poll_tallies(event_id, ids)
    read the database; mark_tallied(event_id=...) records that the room's tallies moved on,
    between reading and emitting them (services/room_view.py says why)."""
    _loaders.update(tallies=load_tallies, stats=load_stats, poll_tallies=load_poll_tallies, tallied=mark_tallied)


def questions_changed(event_id: int, seq: int, public: list, removed: list, moderator: list,
                      own: list[tuple[str, dict]] = ()) -> None:
    socketio.emit("questions:changed", {"seq": seq, "questions": public, "removed": removed},
                  to=rooms.public(event_id))
    socketio.emit("questions:changed", {"seq": seq, "questions": moderator, "removed": []},
                  to=rooms.moderators(event_id))
    for tag, question in own:  # absolute state; does not advance seq
        socketio.emit("question:own", {"seq": seq, "question": question}, to=rooms.author(tag))


def followup_changed(event_id: int, item: dict, tag: str | None) -> None:
    """A follow-up moved (referred, transferred, more time, answered in writing, closed, the asker's verdict):
    everyone following the event's questions gets it, and the asker's own phone(s). `item` is
    serializers.followups.followup_public; it carries no sequence (a hint: the tracker is the truth)."""
    message = {"followup": item}
    socketio.emit("followup:changed", message, to=[rooms.public(event_id), rooms.moderators(event_id),
                                                    rooms.tracker(event_id)])
    if tag:
        socketio.emit("followup:changed", {**message, "mine": True}, to=rooms.author(tag))


def phone_banned(tag: str) -> None:
    """A ban on the phone behind this author tag was made or lifted: it fetches its snapshot (me.banned)."""
    socketio.emit("phone:banned", {}, to=rooms.author(tag))


def changed(event_id: int, seq: int, name: str, *, public: dict | None, moderators: dict) -> None:
    """One structural change (seq advanced by one) as one message per audience.

    public=None: the room may not see this change; it still learns that seq moved on
    ("seq:advanced"), so its sequence has no holes.
    """
    socketio.emit(name, {"seq": seq, **moderators}, to=rooms.moderators(event_id))
    if public is None:
        socketio.emit("seq:advanced", {"seq": seq}, to=rooms.public(event_id))
    else:
        socketio.emit(name, {"seq": seq, **public}, to=rooms.public(event_id))


def event_updated(event_id: int, event: dict) -> None:
    for room in (rooms.public(event_id), rooms.moderators(event_id)):
        socketio.emit("event:updated", {"seq": event["seq"], "event": event}, to=room)


def event_deleted(event_id: int, code: str, extra_rooms: list[str]) -> None:
    """The event is gone: every audience is told, then its rooms are emptied (on every worker)."""
    audiences = [rooms.public(event_id), rooms.moderators(event_id), rooms.projector(event_id),
                 rooms.tracker(event_id)]
    socketio.emit("event:deleted", {"code": code}, to=audiences)  # once per socket, in however many
    for room in (*audiences, *extra_rooms):
        socketio.close_room(room)


def minutes_published(event_id: int, seq: int, minutes: dict | None) -> None:
    """Which minutes attendees can read now (null: none), to the room and the organizers.

    Absolute and unsequenced like a tally: carries the current seq without advancing it.
    """
    for room in (rooms.public(event_id), rooms.moderators(event_id)):
        socketio.emit("minutes:published", {"seq": seq, "minutes": minutes}, to=room)


def votes_suspicious(event_id: int, message: dict) -> None:
    """A burst of fresh phones voting one way (services/vote_watch.py), to the moderators only:
    {target: "question" or "poll", id, suspicious: {fresh_votes, votes, window_seconds, ...}}.
    Unsequenced, like a tally: the moderators' snapshot carries the same flag."""
    socketio.emit("votes:suspicious", message, to=rooms.moderators(event_id))


def schedule_tally(event_id: int, question_id: int) -> None:
    _schedule(event_id, question_id=question_id)
    _schedule(event_id, stats=True)


def schedule_stats(event_id: int) -> None:
    _schedule(event_id, stats=True)


def schedule_poll_tally(event_id: int, poll_id: int) -> None:
    """poll:tallied for this poll at the end of the window: one per poll, absolute numbers."""
    _schedule(event_id, poll_id=poll_id)


def _schedule(event_id: int, *, question_id: int | None = None, poll_id: int | None = None,
              stats: bool = False) -> None:
    audiences = ("moderators",) if question_id is None and poll_id is None else ("moderators", "room")
    started = []
    with _lock:
        for audience in audiences:
            entry = _pending.get((event_id, audience))
            if entry is None:
                entry = _pending[(event_id, audience)] = {"questions": set(), "polls": set(), "stats": False}
                started.append(audience)
            if question_id is not None:
                entry["questions"].add(question_id)
            if poll_id is not None:
                entry["polls"].add(poll_id)
            entry["stats"] = entry["stats"] or stats
    app = current_app._get_current_object() if started else None
    for audience in started:
        window = app.config["TALLY_WINDOW_SECONDS"]
        if audience == "room":
            window *= min(ROOM_WINDOW_MAX, max(1, room_size(event_id) // ROOM_STEP))
        tasks.start(f"the {audience} tallies of event {event_id}", _FLUSHES[audience], app, event_id, window)


def room_size(event_id: int) -> int:
    """Sockets of this process in the event's room (phones and projectors): what a message to it costs."""
    return len(socketio.server.manager.rooms.get("/", {}).get(rooms.public(event_id), ()))


def _take(event_id: int, audience: str, window: float) -> dict | None:
    socketio.sleep(window)
    with _lock:
        return _pending.pop((event_id, audience), None)


def _flush_room(app, event_id: int, window: float) -> None:
    entry = _take(event_id, "room", window)
    if not entry:
        return
    with app.app_context():
        questions = entry["questions"] and _loaders["tallies"](event_id, entry["questions"])
        polls = entry["polls"] and _loaders["poll_tallies"](event_id, entry["polls"])
        if not (questions or polls):
            return
        # Between reading and emitting (room_view.mark_tallied); each message carries the new
        # version, so a phone knows how new its counts are when it reconnects ("hello").
        version = _loaders["tallied"](event_id=event_id)
        if questions and questions["public"]:
            socketio.emit("questions:tallied",
                          {"seq": questions["seq"], "tally_seq": version, "votes": questions["public"]},
                          to=rooms.public(event_id))
        if polls:
            for message in polls["public"]:
                socketio.emit("poll:tallied", {"seq": polls["seq"], "tally_seq": version, **message},
                              to=rooms.public(event_id))
            # After the room's (results null): a voter's phone is in both rooms and applies the
            # results of this second message; it never clears results on a null one.
            for message in polls.get("voters", ()):
                socketio.emit("poll:tallied", {"seq": polls["seq"], "tally_seq": version, **message},
                              to=rooms.poll_voters(message["poll_id"]))


def _flush_moderators(app, event_id: int, window: float) -> None:
    entry = _take(event_id, "moderators", window)
    if not entry:
        return
    with app.app_context():
        if entry["questions"]:
            questions = _loaders["tallies"](event_id, entry["questions"], moderators=True)
            socketio.emit("questions:tallied", {"seq": questions["seq"], "votes": questions["all"],
                                                "trust": questions["trust"], "suspicious": questions["suspicious"]},
                          to=rooms.moderators(event_id))
        if entry["polls"]:
            polls = _loaders["poll_tallies"](event_id, entry["polls"])
            for message in polls["moderators"]:
                socketio.emit("poll:tallied", {"seq": polls["seq"], **message}, to=rooms.moderators(event_id))
        if entry["stats"]:
            socketio.emit("stats:updated", _loaders["stats"](event_id), to=rooms.moderators(event_id))


_FLUSHES = {"room": _flush_room, "moderators": _flush_moderators}


def end_sockets(sids: list[str]) -> None:
    """Disconnect sockets (e.g. a moderator's after logout), on any worker."""
    for sid in sids:
        socketio.server.disconnect(sid, namespace="/")
