"""The minimal reference for the scale benchmark: a bare WebSocket broadcast server, no app logic.

gevent, one greenlet per connection, RFC 6455 framing written out by hand, and just enough
Engine.IO 4 / Socket.IO 5 for the load generator's phones: the open packet, CONNECT, pings, and
one command ("question:ask") that is acknowledged and broadcast to every phone as
"questions:changed". Each broadcast frame is encoded once and written to every socket. What the
app does beyond this (Flask, sessions, the database, python-socketio) is what the ratios show.

Run: python -m benchmarks.reference_server PORT
"""
import base64
import hashlib
import json
import struct
import sys

from gevent import monkey

monkey.patch_all()

from gevent.server import StreamServer  # noqa: E402

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
OPEN = "0" + json.dumps({"sid": "x", "upgrades": [], "pingInterval": 25000, "pingTimeout": 20000,
                         "maxPayload": 1000000})
clients: set = set()
seq = 0


def frame(text: str) -> bytes:
    data = text.encode()
    n = len(data)
    if n < 126:
        head = struct.pack("!BB", 0x81, n)
    elif n < 65536:
        head = struct.pack("!BBH", 0x81, 126, n)
    else:
        head = struct.pack("!BBQ", 0x81, 127, n)
    return head + data


def read_exact(sock, n: int, buf: bytearray) -> bytes:
    while len(buf) < n:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError
        buf += chunk
    out = bytes(buf[:n])
    del buf[:n]
    return out


def read_frame(sock, buf: bytearray) -> tuple[int, str]:
    b1, b2 = read_exact(sock, 2, buf)
    length = b2 & 0x7F
    if length == 126:
        (length,) = struct.unpack("!H", read_exact(sock, 2, buf))
    elif length == 127:
        (length,) = struct.unpack("!Q", read_exact(sock, 8, buf))
    mask = read_exact(sock, 4, buf) if b2 & 0x80 else None
    payload = read_exact(sock, length, buf)
    if mask:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return b1 & 0x0F, payload.decode()


def handle(sock, _address):
    buf = bytearray()
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            return
        buf += chunk
    head, _, rest = bytes(buf).partition(b"\r\n\r\n")
    buf = bytearray(rest)
    key = next(line.split(b":", 1)[1].strip() for line in head.split(b"\r\n")
               if line.lower().startswith(b"sec-websocket-key:"))
    accept = base64.b64encode(hashlib.sha1(key + GUID).digest())
    sock.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")
    sock.sendall(frame(OPEN))
    try:
        while True:
            opcode, text = read_frame(sock, buf)
            if opcode == 8:
                return
            if text.startswith("40"):
                clients.add(sock)
                sock.sendall(frame('40{"sid":"y"}'))
            elif text.startswith("42"):
                on_event(sock, text)
    except (ConnectionError, OSError):
        pass
    finally:
        clients.discard(sock)
        sock.close()


def on_event(sock, text: str) -> None:
    global seq
    bracket = text.index("[")
    ack_id = text[2:bracket]
    name, payload = json.loads(text[bracket:])
    if name != "question:ask":
        return
    seq += 1
    sock.sendall(frame(f"43{ack_id}" + json.dumps([{"ok": True, "data": {"id": seq}}])))
    message = frame("42" + json.dumps(["questions:changed", {
        "seq": seq, "questions": [{"id": seq, "text": payload["text"], "votes": 0}], "removed": []}]))
    for client in list(clients):
        try:
            client.sendall(message)
        except OSError:
            clients.discard(client)


if __name__ == "__main__":
    StreamServer(("127.0.0.1", int(sys.argv[1])), handle, backlog=4096).serve_forever()
