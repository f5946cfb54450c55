"""SQLite's write lock held by another process (a `BEGIN EXCLUSIVE` in a separate connection), against
the production server (gunicorn, one gevent worker).

Invariants: a command sent while the lock is held for 3 s succeeds once it frees (stored, acknowledged);
held for 10 s, the command is refused with a retryable error (socket ack code `busy`, HTTP 503 with a
JSON body and Retry-After), nothing stored, never a 500 or a hang; meanwhile other phones are served
(the snapshot and /healthz need no write lock), and once the lock frees the same command succeeds.
"""
import sqlite3
import threading
import time

import pytest
import requests
from faults_helpers import UNCLOSED_CLIENT_SOCKETS, database, rows, seed_event, start_server

from benchmarks.phones import Phone

pytestmark = UNCLOSED_CLIENT_SOCKETS


@pytest.fixture(scope="module")
def server():
    server = start_server()
    yield server
    server.close()


@pytest.fixture(scope="module")
def code(server):
    return seed_event(server)


class HeldLock:
    """A separate connection holding the database's write lock until released."""

    def __init__(self, server):
        self.conn = sqlite3.connect(database(server), isolation_level=None, check_same_thread=False)
        self.conn.execute("BEGIN EXCLUSIVE")

    def release(self):
        self.conn.execute("ROLLBACK")
        self.conn.close()


def in_background(fn):
    """Run fn in a thread; the returned dict gets "result" (or "error") when it ends."""
    box: dict = {}

    def run():
        try:
            box["result"] = fn()
        except Exception as exc:  # noqa: BLE001 - reported to the test
            box["error"] = exc

    box["thread"] = threading.Thread(target=run, daemon=True)
    box["thread"].start()
    return box


def outcome(box, timeout=20):
    """What the background call returned, once it has (its exception raised)."""
    box["thread"].join(timeout)
    assert not box["thread"].is_alive(), "no answer: the command hangs"
    if "error" in box:
        raise box["error"]
    return box["result"]


def others_are_served(server, code, other: Phone) -> None:
    """While a command waits on the lock, another phone's reads answer."""
    health = requests.get(f"{server.base}/healthz", timeout=3)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    snapshot = other.http.get(f"{server.base}/api/events/{code}/snapshot", timeout=3)
    assert snapshot.status_code == 200 and "questions" in snapshot.json()
    assert other.sio.connected


def stored(server, text) -> int:
    return rows(server, "SELECT count(*) FROM questions WHERE text = ?", (text,))[0][0]


def test_a_lock_held_3_s_delays_the_command_which_then_succeeds(server, code):
    phone, other = Phone(server.base, code), Phone(server.base, code)
    lock = HeldLock(server)
    try:
        asked = in_background(lambda: phone.sio.call("question:ask", {"text": "Held three seconds?"}, timeout=30))
        time.sleep(0.3)  # the command is now waiting on the lock
        others_are_served(server, code, other)
        assert "result" not in asked  # still waiting: the lock is held
        time.sleep(2.7)
    finally:
        lock.release()
    ack = outcome(asked, timeout=15)
    assert ack["ok"], ack
    assert stored(server, "Held three seconds?") == 1
    phone.close()
    other.close()


def test_a_lock_held_10_s_refuses_with_a_retryable_error_and_the_retry_succeeds(server, code):
    phone, other = Phone(server.base, code), Phone(server.base, code)
    lock = HeldLock(server)
    try:
        asked = in_background(lambda: phone.sio.call("question:ask", {"text": "Held ten seconds?"}, timeout=30))
        posted = in_background(lambda: other.http.post(
            f"{server.base}/api/events/{code}/questions", json={"text": "Posted while held?"},
            headers={"X-CSRFToken": other.csrf}, timeout=30))
        time.sleep(0.3)
        others_are_served(server, code, other)
        ack = outcome(asked, timeout=15)
        response = outcome(posted, timeout=15)
        assert ack == {"ok": False, "error": {"code": "busy", "message": ack["error"]["message"]}}
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "busy"
        assert int(response.headers["Retry-After"]) > 0
        others_are_served(server, code, other)
    finally:
        lock.release()
    assert stored(server, "Held ten seconds?") == 0 and stored(server, "Posted while held?") == 0
    # Retryable: the same command, sent again once the lock is free, is stored once.
    assert phone.sio.call("question:ask", {"text": "Held ten seconds?"}, timeout=15)["ok"]
    assert stored(server, "Held ten seconds?") == 1
    phone.close()
    other.close()


def test_votes_wait_on_the_lock_as_commands_do(server, code):
    """The vote writer's batches go through the same wait: 3 s, acknowledged; 10 s, `busy`, not stored."""
    asker, voter = Phone(server.base, code), Phone(server.base, code)
    qid = asker.sio.call("question:ask", {"text": "Vote on me under a lock?"}, timeout=15)["data"]["id"]
    lock = HeldLock(server)
    try:
        voted = in_background(lambda: voter.sio.call("question:vote", {"question_id": qid}, timeout=30))
        ack = outcome(voted, timeout=20)
        assert ack["ok"] is False and ack["error"]["code"] == "busy", ack
    finally:
        lock.release()
    assert rows(server, "SELECT count(*) FROM votes WHERE question_id = ?", (qid,))[0][0] == 0
    lock = HeldLock(server)
    try:
        voted = in_background(lambda: voter.sio.call("question:vote", {"question_id": qid}, timeout=30))
        time.sleep(2)
    finally:
        lock.release()
    ack = outcome(voted, timeout=15)
    assert ack["ok"] and ack["data"]["votes"] == 1, ack
    assert rows(server, "SELECT count(*) FROM votes WHERE question_id = ?", (qid,))[0][0] == 1
    asker.close()
    voter.close()
