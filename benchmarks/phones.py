"""What the benchmarks share: seeding the scratch database, a phone, running phones at once, figures."""
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter

import requests
import socketio

from .server import ROOT


def run_script(env, script: str) -> list[str]:
    """Run Python against the benchmark's database (a separate process, like `flask shell`); its output lines."""
    return subprocess.run([sys.executable, "-c", "from wsgi import app\n" + script], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True).stdout.strip().splitlines()


class Phone:
    """An attendee's phone: joins over HTTP, then talks over one WebSocket.

    Counts the messages named in `listen` (received[name]) and keeps the last of each (last[name]).
    """

    def __init__(self, base: str, code: str, listen=(), *, transports=("websocket",), node: str | None = None):
        """transports: the browser's order is ("polling", "websocket"); node: the per-page value a proxy
        hashes on (static/js/live/node.js). The client sends the Origin a page on `base` would."""
        self.http = requests.Session()
        page = self.http.get(f"{base}/e/{code}")
        page.raise_for_status()
        self.csrf = page.text.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
        self.http.post(f"{base}/api/events/{code}/join", json={}, headers={"X-CSRFToken": self.csrf}).raise_for_status()
        self.received: Counter = Counter()
        self.last: dict = {}
        self._lock = threading.Lock()
        self.sio = socketio.Client(reconnection=False)
        for name in listen:
            self.sio.on(name, self._counter(name))
        cookie = "; ".join(f"{k}={v}" for k, v in self.http.cookies.items())
        self.sio.connect(f"{base}?node={node}" if node else base, headers={"Cookie": cookie},
                         auth={"event": code, "audience": "attendee"}, transports=list(transports))

    def _counter(self, name):
        def count(message):
            with self._lock:
                self.received[name] += 1
                self.last[name] = message
        return count

    def timed_call(self, command: str, payload: dict) -> tuple[dict, float]:
        """Send a socket command; (ack, seconds until the ack)."""
        start = time.perf_counter()
        ack = self.sio.call(command, payload, timeout=30)
        return ack, time.perf_counter() - start

    def close(self) -> None:
        self.sio.disconnect()
        self.http.close()


def all_at_once(phones, work) -> float:
    """Run work(phone) on every phone in its own thread, released together; wall-clock seconds."""
    gate = threading.Barrier(len(phones) + 1)

    def body(phone):
        gate.wait()
        work(phone)

    threads = [threading.Thread(target=body, args=(p,)) for p in phones]
    for t in threads:
        t.start()
    gate.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - start


def latency_line(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    return (f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {ordered[int(len(ordered) * 0.95)] * 1000:.0f} ms, "
            f"max {ordered[-1] * 1000:.0f} ms")


def per_phone_line(counts: list[int]) -> str:
    return f"mean {statistics.mean(counts):.1f}, max {max(counts)}"
