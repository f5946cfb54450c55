"""The production server as `make run` starts it (gunicorn, gevent): a bad long-polling POST is refused
at once (townhall/realtime/polling_guard.py), and the server keeps answering. Before the guard, the
bodies below were answered 200 with their packets dropped, or not answered at all (a noop packet or
an oversized body made Engine.IO wait for a poll that never came, holding the connection). A WebSocket
message over the limit ends its connection before its payload is read (realtime/fanout._bound_reads)."""
import json
import struct
import time

import pytest
import requests
import websocket as websocket_client

from benchmarks.server import Server

BASE = "/socket.io/?EIO=4&transport=polling"
PROMPTLY = 1.0  # seconds; each answer below takes a few milliseconds on an idle machine


@pytest.fixture(scope="module")
def server():
    server = Server()
    server.start()
    yield server
    server.close()


def session(base: str) -> str:
    opened = requests.get(base + BASE, timeout=10)
    assert opened.status_code == 200
    return f"{base}{BASE}&sid={json.loads(opened.text[1:])['sid']}"


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


@pytest.mark.parametrize("body, status", [
    ("\x1e".join(["3"] * 17).encode(), 400),
    (b"4\xff\xfe", 400),
    (b"6\x1e6", 400),
    (b"4" + b"x" * 1_500_000, 413),
    ((b"3" for _ in range(3)), 411),  # sent chunked: no Content-Length
], ids=["17 packets", "invalid UTF-8", "noop packets", "1.5 MB", "chunked"])
def test_a_bad_polling_post_is_refused_at_once_and_the_server_keeps_answering(server, body, status):
    url = session(server.base)
    refused, seconds = timed(lambda: requests.post(url, data=body, timeout=10))
    assert refused.status_code == status and refused.json()["error"]["code"] in {"invalid_payload",
                                                                               "payload_too_large"}
    assert seconds < PROMPTLY
    health, seconds = timed(lambda: requests.get(f"{server.base}/healthz", timeout=10))
    assert health.status_code == 200 and seconds < PROMPTLY
    assert requests.get(url, timeout=10).status_code == 400  # the socket it named is gone


def test_a_good_polling_post_is_taken(server):
    url = session(server.base)
    assert requests.post(url, data="\x1e".join(["3"] * 16).encode(), timeout=10).text == "OK"


def websocket(base: str) -> websocket_client.WebSocket:
    ws = websocket_client.create_connection(base.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket",
                                            timeout=10)
    assert ws.recv().startswith("0")  # Engine.IO's open packet
    return ws


def test_a_websocket_message_over_the_limit_ends_the_connection_before_it_is_read(server):
    """gevent-websocket would read the whole 100 MB a frame announces before Engine.IO could refuse it."""
    ws = websocket(server.base)
    announced = 100 * 1024 * 1024
    header = struct.pack("!BBQ", 0x81, 0x80 | 127, announced) + b"\0\0\0\0"  # a masked text frame, mask 0
    started = time.monotonic()
    ws.sock.sendall(header + b"4" * 1000)  # the start of it: the server must not wait for the rest
    opcode, frame = ws.recv_data_frame(control_frame=True)
    assert opcode == websocket_client.ABNF.OPCODE_CLOSE and struct.unpack("!H", frame.data[:2])[0] == 1009
    assert time.monotonic() - started < PROMPTLY
    ws.shutdown()  # the server has closed it
    assert requests.get(f"{server.base}/healthz", timeout=10).status_code == 200


def test_a_websocket_message_under_the_limit_is_read(server):
    ws = websocket(server.base)
    ws.send("4" + '2["nothing",' + json.dumps("字" * 40_000, ensure_ascii=False) + "]")  # 120 KB: under 128 KiB
    ws.ping(b"still there?")
    opcode, frame = ws.recv_data_frame(control_frame=True)
    assert (opcode, frame.data) == (websocket_client.ABNF.OPCODE_PONG, b"still there?")
    ws.close()
