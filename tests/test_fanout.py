"""Direct fan-out (townhall/realtime/fanout.py) against sockets that push back: a full kernel buffer,
a write cut short, a writer busy mid-send, packets already queued. Whatever happens, every socket's
byte stream is whole frames carrying every message once, in the order sent.

The sockets are fakes shaped like gevent-websocket's and Engine.IO's (tests/test_gunicorn_fanout.py
runs the real ones); greenlets run on gevent's hub in this thread.
"""
import itertools
import json
import random

import gevent
import gevent.event
import gevent.queue
import pytest
import socketio
from engineio import packet as eio_packet

from townhall.realtime import fanout


class Wire:
    """A socket's kernel buffer: takes at most `room` bytes until the reader drains it."""

    def __init__(self, room: int | None = None):
        self.room = room
        self.bytes = bytearray()
        self.delivered = 0

    def send(self, data, flags=0, timeout=None):
        assert timeout == 0.0, "direct writes must never wait"
        return self._take(data)

    def _take(self, data) -> int:
        if self.room is not None and self.room - (len(self.bytes) - self.delivered) <= 0:
            raise BlockingIOError
        n = len(data) if self.room is None else min(len(data), self.room - (len(self.bytes) - self.delivered))
        self.bytes += data[:n]
        return n

    def sendall(self, data):
        while data:
            try:
                data = data[self._take(data):]
            except BlockingIOError:
                gevent.sleep(0.0005)  # wait until writable

    def drain(self):
        self.delivered = len(self.bytes)


class GeventWebSocket:
    """What Engine.IO's gevent driver wraps: `_sock` with `.stream.handler.socket` and `.closed`."""

    def __init__(self, wire):
        self.closed = False
        self.stream = type("Stream", (), {})()
        self.stream.handler = type("Handler", (), {"socket": wire})()


class DriverWebSocket:
    """The shape of engineio.async_drivers.gevent.WebSocketWSGI (gevent-websocket flavour)."""

    def __init__(self, handler, server):
        self.app = handler

    def __call__(self, environ, start_response):
        self._sock = environ["wsgi.websocket"]
        return self.app(self)

    def send(self, message):
        self._sock.stream.handler.socket.sendall(fanout.frame(message))

    def wait(self):
        return None


class EngineSocket:
    """An upgraded Engine.IO socket: its WebSocket handler runs for the life of the connection, with
    a queue and a writer greenlet, as engineio.socket does it."""

    def __init__(self, wire, tracked_class):
        self.upgraded, self.upgrading, self.closing, self.closed = True, False, False, False
        self.queue = gevent.queue.JoinableQueue()
        self.ws = None
        self.done = gevent.event.Event()
        self.connection = gevent.spawn(tracked_class(self._handler, None), {"wsgi.websocket": GeventWebSocket(wire)},
                                       None)
        gevent.sleep(0)  # the handler starts: the socket is now tracked

    def _handler(self, ws):
        self.ws = ws
        assert self.townhall_ws is ws  # the tracked class recorded itself on this socket
        self.writer = gevent.spawn(self._writer)
        self.done.wait()
        return []

    def _writer(self):
        while True:
            packets = [self.queue.get()]
            while not self.queue.empty():
                packets.append(self.queue.get())
            for pkt in packets:
                if pkt is None:
                    return
                self.ws.send(pkt.encode())

    def end(self):
        self.queue.put(None)
        self.done.set()


class Server:
    packet_class = socketio.packet.Packet

    def __init__(self):
        self.eio = type("Eio", (), {})()
        self.eio.sockets = {}
        self.eio.generate_id = lambda: next(self._ids)
        self._ids = (f"sid{i}" for i in itertools.count())

    def _send_eio_packet(self, eio_sid, pkt):
        self.eio.sockets[eio_sid].queue.put(pkt)


def frames(data: bytes) -> list[str]:
    """The text payloads of a byte stream of unmasked frames; fails on a torn frame."""
    out, i = [], 0
    while i < len(data):
        assert data[i] == 0x81, f"torn frame at byte {i}"
        n = data[i + 1]
        i += 2
        if n == 126:
            n, i = int.from_bytes(data[i:i + 2], "big"), i + 2
        elif n == 127:
            n, i = int.from_bytes(data[i:i + 8], "big"), i + 8
        assert i + n <= len(data), "frame cut short"
        out.append(data[i:i + n].decode())
        i += n
    return out


def events_in(data: bytes) -> list:
    return [json.loads(text[2:])[1] for text in frames(data) if text.startswith("42")]


@pytest.fixture
def room():
    """(manager, {name: (wire, engine socket)}): sockets in room "event:1"."""
    server = Server()
    manager = fanout.FanOutManager()
    manager.set_server(server)
    tracked = fanout._tracked_class(DriverWebSocket)
    wires = {"fast": Wire(), "tight": Wire(room=30_000), "stuck": Wire(room=0)}
    sockets = {}
    for name, wire in wires.items():
        eio_sid = f"eio-{name}"
        server.eio.sockets[eio_sid] = sockets[name] = EngineSocket(wire, tracked)
        sid = manager.connect(eio_sid, "/")
        manager.enter_room(sid, "/", "event:1")
    yield manager, {name: (wires[name], sockets[name]) for name in wires}
    for sock in sockets.values():
        sock.end()
    gevent.joinall([sock.connection for sock in sockets.values()], timeout=2)
    assert all(sock.townhall_ws is None for sock in sockets.values())  # untracked once the connection ends


def test_messages_arrive_whole_and_in_order_whatever_the_socket_can_take(room):
    manager, sockets = room
    rng = random.Random(7)
    sent = []
    for i in range(300):
        message = {"seq": i, "text": "x" * rng.choice([3, 90, 200, 1000, 70_000])}
        manager.emit("questions:changed", message, "/", room="event:1")
        sent.append(message)
        if i % 7 == 0:
            sockets["tight"][0].drain()
        if i == 150:
            sockets["stuck"][0].room = 30_000  # the stuck phone starts reading again
        gevent.sleep(0)  # writers and finishers get their turn
    for _ in range(5000):
        for wire, _sock in sockets.values():
            wire.drain()
        gevent.sleep(0.001)
        if all(sock.queue.empty() and not sock.ws.sending for _w, sock in sockets.values()):
            break
    for name, (wire, _sock) in sockets.items():
        assert events_in(bytes(wire.bytes)) == sent, name


def test_what_was_queued_first_is_sent_first(room):
    manager, sockets = room
    wire, sock = sockets["fast"]
    sock.queue.put(eio_packet.Packet(eio_packet.MESSAGE, '2["queued:before",{"n":1}]'))
    manager.emit("questions:changed", {"seq": 1}, "/", room="event:1")
    manager.emit("questions:changed", {"seq": 2}, "/", room="event:1")
    gevent.sleep(0.01)
    assert frames(bytes(wire.bytes)) == ['42["queued:before",{"n":1}]', '42["questions:changed",{"seq":1}]',
                                         '42["questions:changed",{"seq":2}]']


def test_a_closing_socket_and_a_skipped_sid_get_nothing_directly(room):
    manager, sockets = room
    wire, sock = sockets["fast"]
    sock.closing = True
    manager.emit("questions:changed", {"seq": 1}, "/", room="event:1")
    assert wire.bytes == b""  # went to its queue: Engine.IO decides what a closing socket still sends
    assert not sock.queue.empty()


def test_a_frame_is_what_rfc_6455_says():
    assert fanout.frame("hi") == b"\x81\x02hi"
    assert fanout.frame("é" * 100)[:4] == b"\x81\x7e\x00\xc8"  # 200 bytes: 16-bit length
    assert fanout.frame("a" * 70_000)[:10] == b"\x81\x7f" + (70_000).to_bytes(8, "big")


def settle(sockets, rounds=2000):
    for _ in range(rounds):
        for wire, _sock in sockets.values():
            wire.drain()
        gevent.sleep(0.001)
        if all(sock.queue.empty() and not sock.ws.sending for _w, sock in sockets.values()):
            return
    raise AssertionError("sockets did not settle")


def test_a_frame_cut_short_is_finished_before_anything_else_reaches_the_socket(room):
    manager, sockets = room
    sockets["stuck"][0].room = None
    wire, sock = sockets["tight"]
    wire.room = 100
    manager.emit("questions:changed", {"seq": 1, "text": "a" * 1000}, "/", room="event:1")
    assert 0 < len(wire.bytes) <= 100  # cut short: the rest is left to a background send
    wire.drain()  # the phone reads: the socket could take the next frame right now, but must not
    manager.emit("questions:changed", {"seq": 2}, "/", room="event:1")
    settle(sockets)
    assert events_in(bytes(wire.bytes)) == [{"seq": 1, "text": "a" * 1000}, {"seq": 2}]


def test_nothing_cuts_into_a_frame_engine_io_is_still_writing(room):
    manager, sockets = room
    sockets["stuck"][0].room = None
    wire, sock = sockets["tight"]
    wire.room = 0
    manager.emit("questions:changed", {"seq": 1, "text": "b" * 500}, "/", room="event:1")  # full: queued
    wire.room = 100
    gevent.sleep(0)  # Engine.IO's writer sends 100 bytes of it and waits for the socket
    assert 0 < len(wire.bytes) < 500 and sock.queue.empty()
    wire.drain()
    manager.emit("questions:changed", {"seq": 2}, "/", room="event:1")
    settle(sockets)
    assert events_in(bytes(wire.bytes)) == [{"seq": 1, "text": "b" * 500}, {"seq": 2}]


class QueueServer(Server):
    """No socket is tracked: every message takes the queue path, recorded in order."""

    async_mode = "gevent"

    def __init__(self):
        super().__init__()
        self.sent = []

    def _send_eio_packet(self, eio_sid, pkt):
        self.sent.append((eio_sid, json.loads(pkt.data[1:])[1]["seq"]))

    def sleep(self, seconds=0):
        gevent.sleep(seconds)


def test_a_second_message_never_overtakes_the_first_while_the_first_lets_others_run():
    """A message to a big room lets other greenlets run every few hundred sockets; a second message
    to the room, sent meanwhile (after a phone left, so its sockets come in another order), still
    reaches every socket after the first, even when so many phones left that its sockets come in
    another order."""
    server = QueueServer()
    manager = fanout.FanOutManager()
    manager.set_server(server)
    sids = [manager.connect(f"eio{i}", "/") for i in range(3 * fanout.FanOut.YIELD_EVERY)]
    for sid in sids:
        manager.enter_room(sid, "/", "event:1")
    first = gevent.spawn(manager.emit, "questions:changed", {"seq": 1}, "/", room="event:1")
    gevent.sleep(0)  # the first message is on its way, part of the room written
    assert 0 < len(server.sent) < len(sids)
    gone = sids[:fanout.FanOut.YIELD_EVERY + 100]
    for sid in gone:
        manager.leave_room(sid, "/", "event:1")
    second = gevent.spawn(manager.emit, "questions:changed", {"seq": 2}, "/", room="event:1")
    gevent.joinall([first, second], raise_error=True)
    received = {}
    for eio_sid, seq in server.sent:
        received.setdefault(eio_sid, []).append(seq)
    assert all(received.pop(f"eio{i}") == [1] for i in range(len(gone)))
    assert set(map(tuple, received.values())) == {(1, 2)} and len(received) == len(sids) - len(gone)
