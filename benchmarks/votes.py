"""Many phones vote at once: ack latency and how many messages each phone receives.

Measures the coalescing promise of ARCHITECTURE.md: N voters produce a handful
of tally messages per phone, not N.
"""
import statistics
import subprocess
import sys
import threading
import time

import requests
import socketio

from .server import ROOT, production_server

VOTERS = 100
QUESTIONS = 5


def _setup_event(env) -> str:
    script = (
        "from wsgi import app\n"
        "from townhall.services import accounts, events\n"
        "with app.app_context():\n"
        "    uid = accounts.create_organizer(email='bench@example.com', name='Bench', password='x'*16)\n"
        "    print(events.create_event(owner_id=uid, title='Benchmark'))\n"
    )
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout.strip().splitlines()[-1]


class Phone:
    def __init__(self, base: str, code: str):
        self.http = requests.Session()
        page = self.http.get(f"{base}/e/{code}")
        self.csrf = page.text.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
        self.http.post(f"{base}/api/events/{code}/join", json={}, headers={"X-CSRFToken": self.csrf}).raise_for_status()
        self.sio = socketio.Client(reconnection=False)
        self.tallies = 0
        self.sio.on("questions:tallied", self._tallied)
        cookie = "; ".join(f"{k}={v}" for k, v in self.http.cookies.items())
        self.sio.connect(base, headers={"Cookie": cookie}, auth={"event": code, "audience": "attendee"},
                         transports=["websocket"])

    def _tallied(self, _msg):
        self.tallies += 1

    def vote(self, question_id: int) -> float:
        start = time.perf_counter()
        ack = self.sio.call("question:vote", {"question_id": question_id}, timeout=30)
        assert ack["ok"], ack
        return time.perf_counter() - start


def run() -> None:
    with production_server() as (base, env):
        code = _setup_event(env)
        asker = Phone(base, code)
        ids = []
        for i in range(QUESTIONS):
            ack = asker.sio.call("question:ask", {"text": f"Benchmark question {i}"}, timeout=10)
            ids.append(ack["data"]["id"])
        phones = [Phone(base, code) for _ in range(VOTERS)]
        latencies: list[float] = []
        lock = threading.Lock()

        def cast(phone):
            for qid in ids:
                took = phone.vote(qid)
                with lock:
                    latencies.append(took)

        start = time.perf_counter()
        threads = [threading.Thread(target=cast, args=(p,)) for p in phones]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        time.sleep(1)  # let the last coalesced tally arrive
        latencies.sort()
        votes = len(latencies)
        print(f"votes: {votes} from {VOTERS} phones on {QUESTIONS} questions in {wall:.2f} s "
              f"({votes / wall:.0f} votes/s), gunicorn + 1 gevent worker, SQLite")
        print(f"vote ack latency: p50 {statistics.median(latencies) * 1000:.0f} ms, "
              f"p95 {latencies[int(votes * 0.95)] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")
        received = [p.tallies for p in phones]
        print(f"tally messages per phone: mean {statistics.mean(received):.1f}, max {max(received)} "
              f"(without coalescing it would be {votes})")
        for p in [asker, *phones]:
            p.sio.disconnect()
