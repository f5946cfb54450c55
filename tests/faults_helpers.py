"""What the fault tests share: a gunicorn server on a SQLite file (benchmarks/server.py), an event
seeded in it, phones, database reads from a separate process, and waiting on conditions."""
import sqlite3
import time
from pathlib import Path

from benchmarks.phones import Phone, run_script
from benchmarks.server import Server

CONVERGE_WITHIN = 10.0  # every client converges to the database within this many seconds


def wait_until(check, timeout: float = 20.0, message: str = "timed out"):
    deadline = time.monotonic() + timeout
    while not (result := check()):
        assert time.monotonic() < deadline, message
        time.sleep(0.05)
    return result


def start_server(**env) -> Server:
    server = Server(env={"SOCKET_RATE_LIMIT": "10000/10", **env})
    server.start()
    return server


def seed_event(server: Server, *, premoderation: bool = False) -> str:
    return run_script(server.env, (
        "from townhall.services import accounts, events\n"
        "with app.app_context():\n"
        "    uid = accounts.create_organizer(email='fault@example.com', name='Fault', password='x'*16)\n"
        f"    print(events.create_event(owner_id=uid, title='Faults', premoderation={premoderation}))\n"
    ))[-1]


def database(server: Server) -> Path:
    return Path(server.instance) / "townhall.db"


def rows(server: Server, sql: str, params=()) -> list[tuple]:
    """A read from a separate connection, as another process would."""
    with sqlite3.connect(database(server), timeout=30) as conn:
        return conn.execute(sql, params).fetchall()


class Listener(Phone):
    """A phone that keeps the last tally of each question and the questions it was told of."""

    def __init__(self, base: str, code: str):
        super().__init__(base, code)
        self.tallies: dict[int, int] = {}
        self.questions: dict[int, dict] = {}
        self.sio.on("votes:changed", self._on_votes)
        self.sio.on("questions:changed", self._on_questions)

    def _on_votes(self, msg):
        for tally in msg.get("tallies", msg.get("questions", [])):
            self.tallies[tally["id"]] = tally["votes"]

    def _on_questions(self, msg):
        for q in msg.get("questions", []):
            self.questions[q["id"]] = q
