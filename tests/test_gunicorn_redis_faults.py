"""Two production server processes (gunicorn, gevent) on one PostgreSQL and one Redis (real servers), and Redis's
faults: frozen (SIGSTOP), a command is acknowledged without waiting for it and the phones of the same
process still see the change, /healthz says degraded; killed and restarted during voting, every phone's
shown counts converge to the database (the processes resubscribe and tell their phones sync:needed)."""
import signal
import threading
import time

import pytest
import requests
from faults_helpers import UNCLOSED_CLIENT_SOCKETS
from helpers import wait_until

from benchmarks.phones import Phone, run_script
from benchmarks.server import Server
from scripts.local_servers import start_postgres, start_redis

pytestmark = UNCLOSED_CLIENT_SOCKETS


@pytest.fixture(scope="module")
def layout(tmp_path_factory):
    folder = tmp_path_factory.mktemp("redis-faults")
    redis = start_redis(folder / "redis")
    postgres = start_postgres(folder / "pg")  # the scaled-out layout's database
    env = {"REDIS_URL": redis.url, "DATABASE_URL": postgres.url,
           "SOCKET_RATE_LIMIT": "1000/10", "TALLY_WINDOW_SECONDS": "0.1"}
    servers = [Server(env=env), Server(env=env)]
    state = {"redis": redis, "servers": servers, "folder": folder}  # the test restarting Redis replaces it
    try:
        for server in servers:
            server.start()
        yield state
    finally:
        for server in servers:
            server.close()
        current = state["redis"]
        if current.process.poll() is None:
            current.process.send_signal(signal.SIGCONT)
        current.stop()
        postgres.stop()


@pytest.fixture(scope="module")
def code(layout):
    return run_script(layout["servers"][0].env, (
        "from townhall.services import accounts, events\n"
        "with app.app_context():\n"
        "    uid = accounts.create_organizer(email='faults@example.com', name='F', password='x'*16)\n"
        "    print(events.create_event(owner_id=uid, title='Faults', premoderation=False))\n"
    ))[-1]


def health(server) -> tuple[int, dict]:
    response = requests.get(f"{server.base}/healthz", timeout=5)
    return response.status_code, response.json()


class ShownPhone(Phone):
    """A phone that keeps the counts it would show, as live.js does: a snapshot on joining and on
    "sync:needed", absolute tallies in between (never older ones than it holds)."""

    def __init__(self, base, code):
        super().__init__(base, code, listen=("sync:needed",))
        self.base, self.code = base, code
        self.counts: dict[str, int] = {}
        self.tally_seq = -1
        self.questions: list = []
        self.sio.on("questions:tallied", self._tallied)
        self.sio.on("questions:changed", lambda msg: self.questions.append(msg))
        self.sio.on("sync:needed", self._sync)
        self.snapshot()

    def snapshot(self) -> None:
        data = self.http.get(f"{self.base}/api/events/{self.code}/snapshot").json()
        with self._lock:
            self.counts = {str(q["id"]): q["votes"] for q in data["questions"]}
            self.tally_seq = max(self.tally_seq, data.get("tally_seq", -1))

    def _tallied(self, msg):
        with self._lock:
            if msg.get("tally_seq", 0) >= self.tally_seq:
                self.tally_seq = msg["tally_seq"]
                self.counts.update({str(k): v for k, v in msg["votes"].items()})

    def _sync(self, msg):
        with self._lock:
            self.received["sync:needed"] += 1
        threading.Thread(target=self.snapshot).start()  # not in Socket.IO's reader


def stored_votes(server, code) -> dict[str, int]:
    lines = run_script(server.env, (
        "from townhall.extensions import db\n"
        "from townhall.models import Question, Vote\n"
        "with app.app_context():\n"
        "    for q in db.session.query(Question).all():\n"
        "        print(q.id, q.vote_count, db.session.query(Vote).filter_by(question_id=q.id).count())\n"
    ))
    stored = {}
    for line in lines:
        qid, count, rows = line.split()
        assert count == rows, f"question {qid}: vote_count {count} but {rows} vote rows"
        stored[qid] = int(rows)
    return stored


def test_a_frozen_redis_holds_no_acknowledgement_and_health_says_degraded(layout, code):
    first, second = layout["servers"]
    redis = layout["redis"]
    asker, neighbour = Phone(first.base, code), ShownPhone(first.base, code)
    elsewhere = ShownPhone(second.base, code)
    neighbour.sio.on("questions:changed", lambda msg: neighbour.questions.append(msg))
    assert health(first) == (200, {"app": "ok", "database": "ok", "queue": "ok", "status": "ok"})
    redis.process.send_signal(signal.SIGSTOP)
    try:
        ack = asker.sio.call("question:ask", {"text": "Is Redis frozen?"}, timeout=8)  # Redis stays frozen meanwhile
        assert ack["ok"], ack
        wait_until(lambda: any(q["text"] == "Is Redis frozen?" for m in neighbour.questions for q in m["questions"]),
                   timeout=10, what="the phone on the same process to see the question")
        status, body = health(first)
        assert status == 503 and body["status"] == "degraded" and body["queue"].startswith("error"), body
        assert redis.process.poll() is None  # still there, still frozen: nothing above waited for it
    finally:
        redis.process.send_signal(signal.SIGCONT)
    wait_until(lambda: all(health(s)[0] == 200 for s in (first, second)), timeout=10,
               what="both processes healthy again")
    # The other process's phone learns the question: by the publication queued meanwhile, or by resyncing.
    wait_until(lambda: elsewhere.received["sync:needed"] or any(
        q["text"] == "Is Redis frozen?" for m in elsewhere.questions for q in m["questions"]),
        timeout=10, what="the phone on the other process to hear of it")
    for phone in (asker, neighbour, elsewhere):
        phone.close()


def test_b_redis_killed_and_restarted_while_phones_vote_every_phone_converges(layout, code):
    first, second = layout["servers"]
    asker = Phone(first.base, code)
    ids = []
    for i in range(4):
        ack = asker.sio.call("question:ask", {"text": f"Vote on me {i}"}, timeout=10)
        assert ack["ok"], ack
        ids.append(ack["data"]["question"]["id"] if "question" in ack["data"] else ack["data"]["id"])
    voters = [ShownPhone(server.base, code) for server in (first, second) for _ in range(6)]
    watchers = [ShownPhone(server.base, code) for server in (first, second) for _ in range(2)]
    acked = []
    lock = threading.Lock()

    def vote(phone, targets):
        for qid in targets:
            try:
                ack = phone.sio.call("question:vote", {"question_id": qid}, timeout=10)
            except Exception:
                continue
            if ack.get("ok"):
                with lock:
                    acked.append((id(phone), qid))
            time.sleep(0.05)

    threads = [threading.Thread(target=vote, args=(p, ids[:2])) for p in voters]
    for t in threads:
        t.start()
    redis = layout["redis"]
    redis.process.kill()  # mid burst
    redis.process.wait()
    more = [threading.Thread(target=vote, args=(p, ids[2:])) for p in voters]
    for t in threads:
        t.join()
    for t in more:
        t.start()
    for t in more:
        t.join()
    time.sleep(1)
    layout["redis"] = start_redis(layout["folder"] / "redis", port=redis.port)
    stored = stored_votes(first, code)
    assert sum(stored.values()) == len(acked), (stored, len(acked))  # acknowledged = stored, nothing doubled
    assert len(set(acked)) == len(acked)
    wanted = {str(qid): stored[str(qid)] for qid in ids}

    def converged():
        return all({k: p.counts.get(k) for k in wanted} == wanted for p in voters + watchers)

    wait_until(converged, timeout=10, what="every phone to show the stored counts")
    assert all(p.received["sync:needed"] for p in voters + watchers), "each process told its phones to resync"
    assert all(health(s)[0] == 200 for s in (first, second))
    for phone in voters + watchers + [asker]:
        phone.close()
