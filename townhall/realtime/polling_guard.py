"""Engine.IO long-polling POST bodies checked before Engine.IO reads them.

A phone on long-polling sends its packets as the body of a POST to /socket.io/. python-engineio
reads whatever it is given: a body over its size limit, with more packets than it decodes, with
bytes that are not UTF-8, or with a packet a client never POSTs (noop, ping, upgrade, JSONP) was
either answered 200 with its packets silently dropped, or made it close the socket and wait for
a poll that never came: the request then hung, holding its greenlet (or thread) and its
connection, for as long as the client kept it open (measured: no answer in 20 s).

This middleware sits in front of the Socket.IO path and answers such a POST itself, at once, with
a JSON error (413 for a body over the limit, 400 for the rest), before Engine.IO parses anything;
the socket it names is closed, without waiting, as Engine.IO closes a socket on a transport
error. A good body is handed on unchanged. WebSocket traffic and GET polls are not touched.
"""
import io
import json
from urllib.parse import parse_qs

from engineio.payload import Payload

SEPARATOR = b"\x1e"
# What a client POSTs: close (1), pong (3), message (4). Browsers and the python client send
# nothing else on a POST in Engine.IO 4 (the server pings; the upgrade goes over the WebSocket).
CLIENT_PACKETS = frozenset(b"134")
# python-engineio decodes at most this many packets in one payload (16); a client that sends more
# would lose them all. Our pages send a command at a time (and socket commands are rate limited).
MAX_PACKETS = Payload.max_decode_packets


class PollingGuard:
    def __init__(self, app, *, eio_server, path: str = "/socket.io", max_bytes: int):
        self.app = app
        self.eio = eio_server
        self.path = "/" + path.strip("/")
        self.max_bytes = max_bytes

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "POST" or not environ.get("PATH_INFO", "").startswith(self.path):
            return self.app(environ, start_response)
        query = parse_qs(environ.get("QUERY_STRING", ""))
        status, code, message = self._check(environ, query)
        if status is None:
            return self.app(environ, start_response)
        self._close(query)
        body = json.dumps({"error": {"code": code, "message": message}}).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store")])
        return [body]

    def _check(self, environ, query) -> tuple[str | None, str, str]:
        if "j" in query:
            return "400 Bad Request", "invalid_payload", "JSONP polling is not served."
        try:
            length = int(environ.get("CONTENT_LENGTH") or "")
        except ValueError:
            return "411 Length Required", "invalid_payload", "A polling POST needs a Content-Length."
        if length < 0:
            return "400 Bad Request", "invalid_payload", "Invalid Content-Length."
        if length > self.max_bytes:
            return "413 Content Too Large", "payload_too_large", \
                f"A polling payload may hold at most {self.max_bytes} bytes."
        data = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(data)  # what Engine.IO reads next
        problem = payload_problem(data)
        if problem:
            return "400 Bad Request", "invalid_payload", problem
        return None, "", ""

    def _close(self, query) -> None:
        """The socket the refused POST belongs to goes, without waiting for its queue to drain
        (Engine.IO's own disconnect waits for a poll to take its CLOSE packet: with none pending,
        forever)."""
        socket = self.eio.sockets.get((query.get("sid") or [""])[0])
        if socket is not None and not socket.upgraded:
            socket.close(wait=False, abort=True, reason=self.eio.reason.TRANSPORT_ERROR)


def payload_problem(data: bytes) -> str | None:
    """Why Engine.IO must not be handed this POST body (None: it may)."""
    if not data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "The payload is not UTF-8."
    packets = data.split(SEPARATOR, MAX_PACKETS)
    if len(packets) > MAX_PACKETS:
        return f"A polling payload may hold at most {MAX_PACKETS} packets."
    if any(not packet or packet[0] not in CLIENT_PACKETS for packet in packets):
        return "A polling payload may hold only close, pong and message packets."
    return None
