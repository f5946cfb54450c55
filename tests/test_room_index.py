"""The room index (townhall/realtime/room_index.py) keeps python-socketio's rooms exactly as the
library itself would: the same random connects, joins, leaves, room closes and disconnects applied
to both leave the same rooms, and a socket that left receives nothing more."""
import itertools
import random

import socketio

from townhall.realtime import fanout


class Server:
    packet_class = socketio.packet.Packet

    def __init__(self):
        ids = (f"sid{i}" for i in itertools.count())
        self.eio = type("Eio", (), {"sockets": {}, "generate_id": staticmethod(lambda: next(ids))})()
        self.sent = []

    def _send_eio_packet(self, eio_sid, pkt):
        self.sent.append(eio_sid)


def managers():
    plain, indexed = socketio.Manager(), fanout.FanOutManager()
    plain.set_server(Server())
    indexed.set_server(Server())
    return plain, indexed


def snapshot(manager) -> dict:
    return {ns: {room: dict(members) for room, members in rooms.items()} for ns, rooms in manager.rooms.items()}


def test_random_joins_leaves_and_disconnects_leave_the_rooms_the_library_would():
    rng = random.Random(11)
    plain, indexed = managers()
    live: list[tuple[str, str]] = []  # (eio sid, namespace)
    rooms = [f"event:{i}" for i in range(4)] + ["moderators:1", "author:x"]
    for step in range(3000):
        op = rng.random()
        if op < 0.3 or not live:
            eio_sid, ns = f"eio{step}", rng.choice(["/", "/other"])
            assert plain.connect(eio_sid, ns) == indexed.connect(eio_sid, ns)
            live.append((eio_sid, ns))
            continue
        eio_sid, ns = rng.choice(live)
        sid = plain.sid_from_eio_sid(eio_sid, ns)
        if op < 0.6:
            room = rng.choice(rooms)
            plain.enter_room(sid, ns, room)
            indexed.enter_room(sid, ns, room)
        elif op < 0.75:
            room = rng.choice(rooms)
            plain.leave_room(sid, ns, room)
            indexed.leave_room(sid, ns, room)
        elif op < 0.78:
            room = rng.choice(rooms)
            plain.close_room(room, ns)
            indexed.close_room(room, ns)
        else:
            plain.pre_disconnect(sid, ns)
            indexed.pre_disconnect(sid, ns)
            plain.disconnect(sid, ns)
            indexed.disconnect(sid, ns)
            live.remove((eio_sid, ns))
        assert sorted(map(str, plain.get_rooms(sid, ns))) == sorted(map(str, indexed.get_rooms(sid, ns)))
    assert snapshot(plain) == snapshot(indexed)
    assert plain.pending_connect == indexed.pending_connect
    assert plain.pending_disconnect == indexed.pending_disconnect


def test_a_phone_that_left_gets_no_more_messages_and_the_others_still_do():
    _, manager = managers()
    sids = {}
    for name in ("ana", "bo", "cy"):
        sids[name] = manager.connect(f"eio-{name}", "/")
        manager.enter_room(sids[name], "/", "event:1")
        manager.enter_room(sids[name], "/", f"author:{name}")
    manager.pre_disconnect(sids["bo"], "/")
    manager.disconnect(sids["bo"], "/")
    manager.emit("question:new", {"id": 1}, "/", room="event:1")
    assert sorted(manager.server.sent) == ["eio-ana", "eio-cy"]
    assert manager.get_rooms(sids["bo"], "/") == []
    assert "author:bo" not in manager.rooms["/"]
    assert sorted(manager.get_rooms(sids["ana"], "/")) == ["author:ana", "event:1", sids["ana"]]
