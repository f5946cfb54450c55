"""What the fault tests share: a gunicorn server on a SQLite file (benchmarks/server.py), an event
seeded in it, phones, database reads from a separate process, and waiting on conditions."""
import sqlite3
from pathlib import Path

import pytest
from helpers import wait_until

from benchmarks.phones import Phone, run_script
from benchmarks.server import Server

CONVERGE_WITHIN = 10.0  # every client converges to the database within this many seconds
# Each fault module sets `pytestmark = UNCLOSED_CLIENT_SOCKETS`: the Socket.IO and HTTP clients of a
# server that was killed, stopped or dropped them leave sockets to the garbage collector, which may run
# at any moment of any later test; their ResourceWarning says nothing about the server under test.
UNCLOSED_CLIENT_SOCKETS = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


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


def reconnect(phone: Phone, base: str, code: str) -> None:
    """The same phone (its session cookie) connecting again, as the page does after a drop."""
    import socketio

    old = phone.sio
    try:
        old.disconnect()
    except Exception:  # noqa: BLE001 - already gone
        pass
    phone.dead = [*getattr(phone, "dead", []), old]  # kept until the test ends (forget_dead_sockets)
    phone.sio = socketio.Client(reconnection=False)
    for name, handler in getattr(phone, "handlers", {}).items():
        phone.sio.on(name, handler)
    cookie = "; ".join(f"{k}={v}" for k, v in phone.http.cookies.items())
    wait_until(lambda: _try_connect(phone.sio, base, code, cookie), timeout=30, what="the phone to reconnect")


def _try_connect(sio, base: str, code: str, cookie: str) -> bool:
    try:
        sio.connect(base, headers={"Cookie": cookie}, auth={"event": code, "audience": "attendee"},
                    transports=["websocket"], wait_timeout=5)
        return True
    except Exception:  # noqa: BLE001 - the server is not back yet
        return False


def snapshot(phone: Phone, base: str, code: str) -> dict:
    response = phone.http.get(f"{base}/api/events/{code}/snapshot", timeout=10)
    response.raise_for_status()
    return response.json()


class ShownPhone:
    """What a phone's page shows of the questions' tallies: on every (re)connect a snapshot, then the
    `questions:tallied` messages applied on top (static/js/live: messages are hints, the snapshot is
    the truth). `shown` maps question id -> votes."""

    def __init__(self, base: str, code: str):
        self.base, self.code = base, code
        self.phone = Phone(base, code)
        self.shown: dict[int, int] = {}
        self.phone.handlers = {"questions:tallied": self._tallied}
        self.phone.sio.on("questions:tallied", self._tallied)
        self.resync()

    def _tallied(self, message):
        for qid, votes in message["votes"].items():
            self.shown[int(qid)] = votes

    def resync(self) -> None:
        self.last_snapshot = snapshot(self.phone, self.base, self.code)
        self.shown.update({q["id"]: q["votes"] for q in self.last_snapshot["questions"]})

    def reconnect(self) -> None:
        reconnect(self.phone, self.base, self.code)
        self.resync()


def forget_dead_sockets() -> None:
    """Collect now the client sockets of a server that was killed or stopped under them (a Socket.IO
    client whose server vanished leaves its socket for the garbage collector), so their ResourceWarning
    is neither an error in this test nor in a later one that happens to collect them."""
    import gc
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
