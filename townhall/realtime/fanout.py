"""A room message written straight to every phone's WebSocket: encoded once, sent thousands of times.

python-socketio sends a room message by putting it on each socket's queue, where a writer greenlet
per socket frames it and writes it. Profiled at 10,000 phones that costs ~70 µs per phone, so one
new question took 0.7 s to reach the last phone. Here the message becomes one finished WebSocket
frame, and each socket gets it with one non-blocking send. A socket that cannot take it at once
(still on long-polling, upgrading, closing, packets already waiting in its queue, its writer in the
middle of a send, or its kernel buffer full) gets the message through python-socketio's own path,
behind what is already queued, so every phone still receives every message in order.

The direct path needs gevent-websocket (gunicorn's GeventWebSocketWorker, as `make run` serves):
`track()` puts a WebSocket class in Engine.IO's place that records itself on its Engine.IO socket and
holds a per-socket lock while Engine.IO's writer sends; it also bounds what a phone's message may
announce before any of it is read (`_bound_reads`). Anywhere else (threading mode in the tests,
the development server) no socket is tracked and every message takes the normal path.
"""
import struct
import threading

import gevent
import gevent.lock
from engineio import packet as eio_packet
from socketio import Manager
from socketio import packet as sio_packet

from .message_queue import QueuedRedisManager
from .room_index import RoomIndex


def frame(text: str) -> bytes:
    """An unmasked, final WebSocket text frame (RFC 6455 §5.2), as a server sends."""
    data = text.encode()
    n = len(data)
    if n < 126:
        return struct.pack("!BB", 0x81, n) + data
    if n < 65536:
        return struct.pack("!BBH", 0x81, 126, n) + data
    return struct.pack("!BBQ", 0x81, 127, n) + data


def track(eio_server) -> bool:
    """Swap Engine.IO's gevent-websocket wrapper for one that fanout can write through. False when
    Engine.IO does not serve WebSocket through gevent-websocket here."""
    base = eio_server._async.get("websocket")
    if eio_server.async_mode != "gevent" or base is None or getattr(base, "tracked", False):
        return bool(base is not None and getattr(base, "tracked", False))
    if base.__module__ != "engineio.async_drivers.gevent" or not hasattr(base, "wait") or _uses_simple(base):
        return False
    eio_server._async = {**eio_server._async, "websocket": _tracked_class(base)}
    return True


def _uses_simple(base) -> bool:
    from engineio.async_drivers import gevent as driver

    return getattr(driver, "SimpleWebSocketWSGI", None) is not None


def _tracked_class(base):
    from gevent.lock import Semaphore

    class TrackedWebSocket(base):
        tracked = True

        def __init__(self, handler, server):
            super().__init__(handler, server)
            self.limit = getattr(server, "max_http_buffer_size", None)  # Engine.IO's, for a phone's message

        def __call__(self, environ, start_response):
            self.lock = Semaphore()
            self.sending = 0  # sends started and not finished, waiting for the lock included
            self.received = 0  # bytes of the message being read: its frames, and control frames between
            eio_socket = getattr(self.app, "__self__", None)  # the handler is Socket._websocket_handler
            if eio_socket is not None and "wsgi.websocket" in environ:
                eio_socket.townhall_ws = self
                if self.limit:
                    _bound_reads(environ["wsgi.websocket"], self, self.limit)
            try:
                return super().__call__(environ, start_response)
            finally:
                if eio_socket is not None:
                    eio_socket.townhall_ws = None

        def wait(self):
            self.received = 0
            return super().wait()

        def send(self, message):
            """Engine.IO's writer: counted from before it waits for the lock, so that a direct write
            never slips in while the writer holds packets it has taken off the queue."""
            self.sending += 1
            try:
                with self.lock:
                    return super().send(message)
            finally:
                self.sending -= 1

        def write_now(self, data: bytes) -> bool:
            """Write a finished frame without waiting; False when nothing was written (the caller
            then queues the message). A partial write is finished in the background, counted as a
            send in progress, so nothing else reaches this socket before the rest of the frame."""
            if self.sending:
                return False
            ws = getattr(self, "_sock", None)
            stream = getattr(ws, "stream", None)
            if stream is None or ws.closed:
                return False
            sock = stream.handler.socket
            try:
                sent = sock.send(data, 0, timeout=0.0)
            except OSError:  # BlockingIOError included: nothing was written
                return False
            if sent < len(data):
                self.sending += 1
                self.lock.acquire()  # free: nothing was sending
                gevent.spawn(self._finish, sock, data[sent:])
            return True

        def _finish(self, sock, rest: bytes) -> None:
            try:
                sock.sendall(rest)
            except OSError:
                pass
            finally:
                self.lock.release()
                self.sending -= 1

    return TrackedWebSocket


def _bound_reads(ws, tracked, limit: int) -> None:
    """gevent-websocket reads a frame of whatever length it announces before Engine.IO checks the
    message's size (max_http_buffer_size): a message whose frames announce more than `limit` bytes
    ends the connection (close code 1009, "message too big") before its payload is read."""
    read = ws.raw_read

    def bounded(length: int) -> bytes:
        tracked.received += length
        if tracked.received > limit:
            with tracked.lock:  # gevent-websocket's close() sends no code: the close frame is made here
                ws.send_frame(struct.pack("!H", 1009) + b"Message too big", ws.OPCODE_CLOSE)
            ws.closed = True  # Engine.IO closes the connection next; no second close frame
            raise OSError("WebSocket message over the size limit")
        return read(length)

    ws.raw_read = bounded


def _write_now(server, eio_sid: str, data: bytes) -> bool:
    eio_socket = server.eio.sockets.get(eio_sid)
    ws = getattr(eio_socket, "townhall_ws", None)
    if ws is None or not eio_socket.upgraded or eio_socket.upgrading or eio_socket.closing or eio_socket.closed:
        return False
    if not eio_socket.queue.empty():
        return False
    return ws.write_now(data)


class FanOut:
    """emit() of a client manager, with the direct path for messages to a room (no ack callback).

    Writing to 10,000 sockets takes 100-150 ms of the loop: every YIELD_EVERY sockets the emit lets
    other greenlets run (a vote's acknowledgement waits less), holding a lock so that a second
    message to the room cannot overtake this one on the sockets not yet written (its list of
    sockets may be another, phones having left meanwhile)."""

    YIELD_EVERY = 500

    _writing = None
    _making = threading.Lock()

    def _lock(self):
        """Greenlets' or threads' lock, as the server runs: python-socketio sets its async_mode after
        handing it this manager, so the choice waits for the first message."""
        if self._writing is None:
            with self._making:
                if self._writing is None:
                    gevent_mode = getattr(self.server, "async_mode", None) == "gevent"
                    self._writing = gevent.lock.RLock() if gevent_mode else threading.RLock()
        return self._writing

    def emit(self, event, data, namespace, room=None, skip_sid=None, callback=None, to=None, **kwargs):
        room = to or room
        if callback is not None or room is None or namespace not in self.rooms:
            return super().emit(event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, **kwargs)
        args = list(data) if isinstance(data, tuple) else [] if data is None else [data]
        encoded = self.server.packet_class(sio_packet.EVENT, namespace=namespace, data=[event, *args]).encode()
        if isinstance(encoded, list):  # binary attachments: python-socketio's own path
            return super().emit(event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, **kwargs)
        message = eio_packet.Packet(eio_packet.MESSAGE, encoded)
        data_frame = frame(message.encode())
        skip = skip_sid if isinstance(skip_sid, list) else [skip_sid]
        with self._lock():
            for i, (sid, eio_sid) in enumerate(self.get_participants(namespace, room)):
                if i and i % self.YIELD_EVERY == 0:
                    self.server.sleep(0)
                if sid in skip:
                    continue
                if not _write_now(self.server, eio_sid, data_frame):
                    self.server._send_eio_packet(eio_sid, message)


class FanOutManager(RoomIndex, FanOut, Manager):
    """The client manager of a single server process."""


class FanOutRedisManager(RoomIndex, QueuedRedisManager, FanOut, Manager):
    """Several processes on Redis: each delivers what the queue brings to its own phones directly.

    QueuedRedisManager publishes (through its queue, message_queue.py); on receipt PubSubManager
    calls Manager.emit through super(), which this order resolves to FanOut.emit."""


def client_manager(message_queue: str | None, channel: str = "flask-socketio"):
    """The client manager for Flask-SocketIO: direct fan-out locally, and through Redis when one is
    configured; any other queue keeps python-socketio's default."""
    if not message_queue:
        return FanOutManager()
    if message_queue.startswith(("redis://", "rediss://")):
        return FanOutRedisManager(message_queue, channel=channel)
    return None
