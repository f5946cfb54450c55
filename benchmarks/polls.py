"""Many phones answer a poll at once, then a close races late ballots.

An organizer creates and opens a single-choice poll over the HTTP API (API token);
the phones vote with the socket command poll:vote. Measures ballots/s, ack latency
and the coalescing of poll:tallied (docs/polls.md), and checks the counts: the final
tally equals the accepted ballots, and a ballot racing the close is either counted
or refused with poll_closed, never stored uncounted.
"""
import threading
import time
from collections import Counter

import requests

from .phones import Phone, all_at_once, latency_line, per_phone_line, run_script
from .server import production_server

VOTERS = 100
LATE_VOTERS = 20
LATE_SPACING_SECONDS = 0.01  # late phones vote one after another over ~200 ms; the close is sent half-way
OPTIONS = ["Option A", "Option B", "Option C", "Option D"]


def _organizer_token(env) -> str:
    return run_script(env, (
        "from townhall.services import accounts\n"
        "with app.app_context():\n"
        "    uid = accounts.create_organizer(email='bench@example.com', name='Bench', password='x'*16)\n"
        "    print(accounts.create_api_token(user_id=uid, name='benchmark')[1])\n"
    ))[-1]


class Organizer:
    """The moderator's side: the JSON API with a bearer token."""

    def __init__(self, base: str, token: str):
        self.base = base
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"

    def request(self, method: str, path: str, **kwargs) -> dict:
        response = self.http.request(method, f"{self.base}/api{path}", timeout=30, **kwargs)
        response.raise_for_status()
        return response.json()


class Ballots:
    """Socket ballots cast by several threads: latencies and how each was answered."""

    def __init__(self, poll_id: int):
        self.poll_id = poll_id
        self.latencies: list[float] = []
        self.outcomes: Counter = Counter()  # "accepted" or the error code
        self._lock = threading.Lock()

    def cast(self, phone: Phone, choice: int) -> None:
        ack, took = phone.timed_call("poll:vote", {"poll_id": self.poll_id, "answer": {"choice": choice}})
        with self._lock:
            self.latencies.append(took)
            self.outcomes["accepted" if ack["ok"] else ack["error"]["code"]] += 1

    @property
    def accepted(self) -> int:
        return self.outcomes["accepted"]

    def refused(self) -> str:
        other = {k: v for k, v in self.outcomes.items() if k != "accepted"}
        return ", ".join(f"{v} {k}" for k, v in sorted(other.items())) or "none"


def run() -> None:
    with production_server() as (base, env):
        organizer = Organizer(base, _organizer_token(env))
        code = organizer.request("POST", "/events", json={"title": "Poll benchmark"})["event"]["code"]
        poll_id = organizer.request("POST", f"/events/{code}/polls", json={
            "kind": "single", "question": "Which option?", "options": OPTIONS})["poll"]["id"]
        poll_path = f"/events/{code}/polls/{poll_id}"
        organizer.request("POST", f"{poll_path}/open")
        phones: list[Phone] = []
        try:
            for _ in range(VOTERS):
                phones.append(Phone(base, code, listen=["poll:tallied"]))
            for _ in range(LATE_VOTERS):
                phones.append(Phone(base, code))
            first = _at_once(phones[:VOTERS], poll_id)
            _close_while_voting(organizer, poll_path, phones[VOTERS:], poll_id, accepted_before=first)
        finally:
            for p in phones:
                p.close()


def _at_once(phones: list[Phone], poll_id: int) -> int:
    """Every phone casts its ballot at the same moment; the number accepted."""
    ballots = Ballots(poll_id)
    choice = {id(p): i % len(OPTIONS) for i, p in enumerate(phones)}
    wall = all_at_once(phones, lambda p: ballots.cast(p, choice[id(p)]))
    time.sleep(1)  # let the last coalesced tally arrive
    cast = len(ballots.latencies)
    print(f"ballots: {cast} from {len(phones)} phones on one single-choice poll in {wall:.2f} s "
          f"({cast / wall:.0f} ballots/s), gunicorn + 1 gevent worker, SQLite; "
          f"{ballots.accepted} accepted, refused: {ballots.refused()}")
    print(f"ballot ack latency: {latency_line(ballots.latencies)}")
    received = [p.received["poll:tallied"] for p in phones]
    print(f"poll:tallied messages per phone: {per_phone_line(received)} (without coalescing it would be {cast})")
    finals = Counter((m["ballots"], sum(m["results"]["counts"])) if m["results"] else (m["ballots"], None)
                     for m in (p.last.get("poll:tallied") for p in phones) if m)
    missing = sum(1 for p in phones if "poll:tallied" not in p.last)
    equal = set(finals) == {(ballots.accepted, ballots.accepted)} and not missing
    seen = ", ".join(f"ballots {b} / counts {c} on {n} phones" for (b, c), n in sorted(finals.items()))
    print(f"final tally on the phones: {seen}{f'; {missing} phones got none' if missing else ''} "
          f"= {ballots.accepted} accepted ballots: {'yes' if equal else 'NO'}")
    return ballots.accepted


def _close_while_voting(organizer: Organizer, poll_path: str, late: list[Phone], poll_id: int,
                        accepted_before: int) -> None:
    """The late phones vote one after another while the organizer closes the poll half-way."""
    ballots = Ballots(poll_id)
    order = {id(p): i for i, p in enumerate(late)}

    def cast(phone):
        time.sleep(order[id(phone)] * LATE_SPACING_SECONDS)
        ballots.cast(phone, order[id(phone)] % len(OPTIONS))

    closed_after = {}

    def close():
        time.sleep(len(late) * LATE_SPACING_SECONDS / 2)
        start = time.perf_counter()
        organizer.request("POST", f"{poll_path}/close")
        closed_after["seconds"] = time.perf_counter() - start

    closer = threading.Thread(target=close)
    closer.start()
    all_at_once(late, cast)
    closer.join()
    print(f"close while {len(late)} more phones vote (one every {LATE_SPACING_SECONDS * 1000:.0f} ms, close sent "
          f"half-way, answered in {closed_after['seconds'] * 1000:.0f} ms): {ballots.accepted} accepted, "
          f"refused: {ballots.refused()}")
    poll = organizer.request("GET", poll_path)["poll"]
    counts = sum(poll["results"]["counts"])
    expected = accepted_before + ballots.accepted
    print(f"stored (read back over the API): status {poll['status']}, ballots {poll['ballots']}, sum of counts "
          f"{counts}; accepted {accepted_before} + {ballots.accepted} = {expected}: "
          f"{'equal' if poll['ballots'] == counts == expected else 'NOT EQUAL'}")
