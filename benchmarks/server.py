"""Start the real production server (gunicorn, one gevent worker, `make run`'s layout) on a scratch database."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.request import urlopen

from scripts.local_servers import free_port  # noqa: F401 (the benchmarks' and tests' too)

ROOT = Path(__file__).resolve().parent.parent


def pinned(command: list[str], core: int | None) -> list[str]:
    """The command on one CPU core (taskset), when the machine has more than one."""
    if core is None or (os.cpu_count() or 1) < 2 or not shutil.which("taskset"):
        return command
    return ["taskset", "-c", str(core), *command]


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urlopen(url, timeout=1)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not answer {url} within {seconds:.0f} s") from None
            time.sleep(0.05)


def wait_until_listening(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing listens on port {port} after {seconds:.0f} s") from None
            time.sleep(0.02)


class Server:
    """One server process: the app under gunicorn as `make run` starts it, or another command.

    core: the CPU core it is pinned to (None: anywhere). restart() keeps the database.
    """

    def __init__(self, command: list[str] | None = None, *, core: int | None = None, env: dict | None = None,
                 health_path: str = "/healthz", monitor: bool = False):
        self.instance = tempfile.mkdtemp(prefix="townhall-bench-")
        self.monitor = Path(self.instance) / "loop.jsonl" if monitor else None
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "TOWNHALL_INSTANCE": self.instance, "TOWNHALL_CONFIG": "production",
                    "PUBLIC_URL": self.base, "HOST": "127.0.0.1", "PORT": str(self.port), **(env or {})}
        if self.monitor:
            self.env["LOOP_MONITOR_FILE"] = str(self.monitor)
        self.app = command is None
        self.command = command or [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
        self.core = core
        self.health_path = health_path
        self.proc = None
        self._log = open(Path(self.instance) / "server.log", "a")

    def start(self, *, listening_only: bool = False) -> None:
        """listening_only: return once the port accepts connections (a restart under a storm of
        reconnecting phones: an HTTP answer may take long, and that is what the phones measure)."""
        if self.app:
            flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
            subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=self.env, check=True, capture_output=True)
        command = [c.replace("{port}", str(self.port)) for c in self.command]
        self.proc = subprocess.Popen(pinned(command, self.core), cwd=ROOT, env=self.env, stdout=self._log,
                                     stderr=subprocess.STDOUT)
        if listening_only:
            wait_until_listening(self.port)
        else:
            wait_until_up(self.base + self.health_path)

    @property
    def worker_pid(self) -> int:
        """The process that serves (gunicorn's only worker, or the server itself)."""
        children = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout.split()
        return int(children[0]) if self.app and children else self.proc.pid

    def stop(self) -> None:
        if not self.proc:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def restart(self, between=None) -> tuple[float, float]:
        """(seconds to stop, seconds to start again); between() runs while the server is down."""
        t0 = time.monotonic()
        self.stop()
        if between is not None:
            between()
        t1 = time.monotonic()
        self.start(listening_only=True)
        return t1 - t0, time.monotonic() - t1

    def log_tail(self, lines: int = 20) -> str:
        self._log.flush()
        return "\n".join((Path(self.instance) / "server.log").read_text().splitlines()[-lines:])

    def close(self) -> None:
        self.stop()
        self._log.close()
        shutil.rmtree(self.instance, ignore_errors=True)


@contextmanager
def production_server(core: int | None = None):
    """Yields (base_url, env) for a gunicorn+gevent server on a fresh SQLite file."""
    server = Server(core=core)
    try:
        server.start()
        yield server.base, server.env
    finally:
        server.close()
