"""The production server as `make run` starts it (gunicorn, gevent-websocket's worker, real WebSockets):
room messages written straight to each socket (townhall/realtime/fanout.py) reach every phone whole
and in order, a phone that stops reading gets everything once it reads again, and a restart sends
phones away cleanly so they reconnect."""
import json
import socket
import threading

import pytest
import requests
import websocket
from helpers import wait_until

from benchmarks.phones import Phone, run_script
from benchmarks.server import Server

ASKERS = 4


@pytest.fixture(scope="module")
def server():
    server = Server(env={"SOCKET_RATE_LIMIT": "1000/10"})
    server.start()
    yield server
    server.close()


@pytest.fixture(scope="module")
def code(server):
    return run_script(server.env, (
        "from townhall.services import accounts, events\n"
        "with app.app_context():\n"
        "    uid = accounts.create_organizer(email='fan@example.com', name='Fan', password='x'*16)\n"
        "    print(events.create_event(owner_id=uid, title='Fan-out', premoderation=False))\n"
    ))[-1]


class RawPhone:
    """A phone speaking Engine.IO / Socket.IO over a WebSocket by hand, with a tiny receive buffer,
    that reads only when told to."""

    def __init__(self, base: str, code: str):
        with requests.Session() as http:
            page = http.get(f"{base}/e/{code}")
            csrf = page.text.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
            http.post(f"{base}/api/events/{code}/join", json={}, headers={"X-CSRFToken": csrf}).raise_for_status()
            cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
        self.ws = websocket.WebSocket(sockopt=[(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)])
        self.ws.connect(base.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket", cookie=cookie)
        assert self.ws.recv().startswith("0")
        self.ws.send("40" + json.dumps({"event": code, "audience": "attendee"}))
        assert self.ws.recv().startswith("40")

    def read_events(self, name: str, count: int, timeout: float = 30) -> list:
        """The next `count` payloads of event `name` (answering pings, skipping other events)."""
        found = []
        self.ws.settimeout(timeout)
        while len(found) < count:
            text = self.ws.recv()
            if text == "2":
                self.ws.send("3")
            elif text.startswith("42"):
                event, payload = json.loads(text[2:])
                if event == name:
                    found.append(payload)
        return found

    def close(self) -> None:
        self.ws.close()


def questions_seen(phone: Phone) -> list:
    return [m for m in phone.log if m[0] == "questions:changed"]


def listening(base: str, code: str, n: int) -> list[Phone]:
    phones = [Phone(base, code) for _ in range(n)]
    for phone in phones:
        phone.log = []
        phone.sio.on("questions:changed", lambda msg, p=phone: p.log.append(("questions:changed", msg)))
    return phones


def ask_many(askers: list[Phone], texts: list[str]) -> None:
    """Each asker asks its share at once, from its own thread."""
    def ask(phone, mine):
        for text in mine:
            ack = phone.sio.call("question:ask", {"text": text}, timeout=30)
            assert ack["ok"], ack

    threads = [threading.Thread(target=ask, args=(p, texts[i::len(askers)])) for i, p in enumerate(askers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def test_every_phone_gets_every_question_whole_and_in_order(server, code):
    phones = listening(server.base, code, 30)
    askers = [Phone(server.base, code) for _ in range(ASKERS)]
    texts = [f"Question {i}: " + "é字" * (i % 7) + "x" * (i * 37 % 250) + "?" for i in range(60)]
    ask_many(askers, texts)
    wait_until(lambda: all(len(questions_seen(p)) >= len(texts) for p in phones))
    reference = [msg for _name, msg in questions_seen(phones[0])]
    seqs = [msg["seq"] for msg in reference]
    assert seqs == list(range(seqs[0], seqs[0] + len(texts)))  # no gap, no repeat, in order
    assert sorted(q["text"] for msg in reference for q in msg["questions"]) == sorted(texts)
    for phone in phones[1:]:
        assert [msg for _name, msg in questions_seen(phone)] == reference
    for phone in phones + askers:
        phone.close()


def test_a_phone_that_stops_reading_gets_everything_in_order_once_it_reads(server, code):
    slow = RawPhone(server.base, code)
    phones = listening(server.base, code, 5)
    askers = [Phone(server.base, code) for _ in range(ASKERS)]
    # Large messages, more than the kernel buffers hold, while the slow phone reads nothing: its
    # socket fills, direct writes stop and the rest waits in its queue, behind what was cut short.
    texts = [f"{i:04d} " + "long question " * 21 + "?" for i in range(240)]
    ask_many(askers, texts)
    wait_until(lambda: all(len(questions_seen(p)) >= len(texts) for p in phones))
    received = slow.read_events("questions:changed", len(texts))
    seqs = [msg["seq"] for msg in received]
    assert seqs == list(range(seqs[0], seqs[0] + len(texts)))
    assert [q["text"] for msg in received for q in msg["questions"]] == [
        q["text"] for _name, msg in questions_seen(phones[0]) for q in msg["questions"]]
    assert sorted(q["text"] for msg in received for q in msg["questions"]) == sorted(texts)
    slow.close()
    for phone in phones + askers:
        phone.close()


def test_a_restart_sends_every_phone_away_and_keeps_the_peak():
    """SIGTERM under connected phones: the worker finishes what it is doing, writes the peak and
    exits without waiting for the sockets (they never end on their own); every phone sees its
    connection drop, which the page answers by reconnecting."""
    server = Server()
    server.start()
    try:
        code = run_script(server.env, (
            "from townhall.services import accounts, events\n"
            "with app.app_context():\n"
            "    uid = accounts.create_organizer(email='stop@example.com', name='Stop', password='x'*16)\n"
            "    print(events.create_event(owner_id=uid, title='Restart'))\n"))
        code = code[-1]
        phones = [Phone(server.base, code) for _ in range(20)]
        dropped = threading.Semaphore(0)
        for phone in phones:
            phone.sio.on("disconnect", lambda *_args: dropped.release())
        server.stop()  # SIGTERM, then waits for the process (killing it only after 15 s)
        for _ in phones:
            assert dropped.acquire(timeout=10)
        peak = run_script(server.env, (
            "from townhall.models import Event\n"
            "with app.app_context():\n"
            f"    print(Event.query.filter_by(code={code!r}).one().peak_connected)\n"))
        assert peak[-1] == "20"
        for phone in phones:
            phone.close()
    finally:
        server.close()
