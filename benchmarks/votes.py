"""Many phones vote at once: ack latency and how many messages each phone receives.

Measures the coalescing promise of ARCHITECTURE.md: N voters produce a handful
of tally messages per phone, not N.
"""
import threading
import time

from .phones import Phone, all_at_once, latency_line, per_phone_line, run_script
from .server import production_server

VOTERS = 100
QUESTIONS = 5


def _setup_event(env) -> str:
    return run_script(env, (
        "from townhall.services import accounts, events\n"
        "with app.app_context():\n"
        "    uid = accounts.create_organizer(email='bench@example.com', name='Bench', password='x'*16)\n"
        "    print(events.create_event(owner_id=uid, title='Benchmark'))\n"
    ))[-1]


def run() -> None:
    with production_server() as (base, env):
        code = _setup_event(env)
        asker = Phone(base, code)
        ids = []
        for i in range(QUESTIONS):
            ack = asker.sio.call("question:ask", {"text": f"Benchmark question {i}"}, timeout=10)
            ids.append(ack["data"]["id"])
        phones = [Phone(base, code, listen=["questions:tallied"]) for _ in range(VOTERS)]
        latencies: list[float] = []
        lock = threading.Lock()

        def cast(phone):
            for qid in ids:
                ack, took = phone.timed_call("question:vote", {"question_id": qid})
                assert ack["ok"], ack
                with lock:
                    latencies.append(took)

        wall = all_at_once(phones, cast)
        time.sleep(1)  # let the last coalesced tally arrive
        votes = len(latencies)
        print(f"votes: {votes} from {VOTERS} phones on {QUESTIONS} questions in {wall:.2f} s "
              f"({votes / wall:.0f} votes/s), gunicorn + 1 gevent worker, SQLite")
        print(f"vote ack latency: {latency_line(latencies)}")
        received = [p.received["questions:tallied"] for p in phones]
        print(f"tally messages per phone: {per_phone_line(received)} (without coalescing it would be {votes})")
        for p in [asker, *phones]:
            p.close()
