"""CPU per vote, in one process as under gunicorn's gevent worker: 500 phones (greenlets) cast 10 votes
each on 20 questions (5,000 votes) through questions.vote, on a scratch SQLite file. No network, no
Socket.IO clients: what is measured is the service and the database, tally flushes included.
The reference, in the same run: the same 500 greenlets each running 10 empty use cases (BEGIN
IMMEDIATE, COMMIT), the least a vote written in its own transaction could cost.

    make bench BENCH=votecpu                 # runs this file in a process of its own (gevent patches it)
    PYTHONPATH=/path/to/other/checkout python benchmarks/vote_cpu.py
"""
from gevent import monkey

monkey.patch_all()

import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402

PHONES, QUESTIONS, VOTES_EACH = 500, 20, 10


def _setup(app) -> tuple[str, list[int], list[tuple[int, str]]]:
    from townhall.extensions import db
    from townhall.services import accounts, attendees, events, questions

    with app.app_context():
        db.create_all()
        owner = accounts.create_organizer(email="bench@example.com", name="Bench", password="x" * 16)
        code = events.create_event(owner_id=owner, title="CPU per vote")
        asker_id, asker_token = attendees.join(code=code)
        ids = [questions.ask(code=code, attendee_id=asker_id, token=asker_token, text=f"Question {i}")["id"]
               for i in range(QUESTIONS)]
        phones = [attendees.join(code=code) for _ in range(PHONES)]
    return code, ids, phones


def reference() -> float:
    """CPU per empty use case (one transaction, nothing in it), 500 greenlets at once."""
    from townhall import create_app
    from townhall.config import TestConfig
    from townhall.extensions import db
    from townhall.services.transaction import use_case

    scratch = Path(tempfile.mkdtemp(prefix="vote-cpu-ref-"))
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{scratch / 'bench.db'}",
                     SOCKETIO_ASYNC_MODE="gevent")
    with app.app_context():
        db.create_all()
    empty = use_case(lambda: None)

    def phone() -> None:
        with app.app_context():
            for _ in range(VOTES_EACH):
                empty()
                db.session.remove()

    cpu = time.process_time()
    gevent.joinall([gevent.spawn(phone) for _ in range(PHONES)], raise_error=True)
    per_op = (time.process_time() - cpu) / (PHONES * VOTES_EACH)
    print(f"reference, 500 greenlets x 10 empty transactions: CPU {per_op * 1e3:.3f} ms each")
    return per_op


def run(*, concurrent: bool, reference_cpu: float | None = None) -> None:
    from sqlalchemy import func, select

    from townhall import create_app
    from townhall.config import TestConfig
    from townhall.extensions import db
    from townhall.models import Question, Vote
    from townhall.services import questions

    scratch = Path(tempfile.mkdtemp(prefix="vote-cpu-"))
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{scratch / 'bench.db'}",
                     SOCKETIO_ASYNC_MODE="gevent", TALLY_WINDOW_SECONDS=0.2, VOTE_BATCH_SECONDS=0.02)
    code, ids, phones = _setup(app)
    latencies: list[float] = []

    def phone(number: int, attendee_id: int, token: str) -> None:
        with app.app_context():
            for k in range(VOTES_EACH):
                started = time.perf_counter()
                questions.vote(code=code, attendee_id=attendee_id, token=token,
                               question_id=ids[(number + k) % QUESTIONS])
                latencies.append(time.perf_counter() - started)
                db.session.remove()

    cpu, wall = time.process_time(), time.perf_counter()
    if concurrent:
        gevent.joinall([gevent.spawn(phone, n, a, t) for n, (a, t) in enumerate(phones)], raise_error=True)
    else:
        for n, (a, t) in enumerate(phones):
            phone(n, a, t)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    gevent.sleep(0.5)  # the last tally flush
    with app.app_context():
        rows = db.session.execute(select(func.count()).select_from(Vote)).scalar_one()
        counted = db.session.execute(select(func.sum(Question.vote_count))).scalar_one()
    votes = len(latencies)
    assert votes == PHONES * VOTES_EACH == rows == counted, (votes, rows, counted)
    cuts = statistics.quantiles(latencies, n=100)
    print(f"{'500 phones at once' if concurrent else 'one vote after another'}: {votes} votes, "
          f"CPU {cpu / votes * 1e3:.3f} ms/vote, wall {wall:.2f} s ({votes / wall:,.0f} votes/s), "
          f"in-process latency p50 {cuts[49] * 1e3:.1f} ms p99 {cuts[98] * 1e3:.1f} ms; rows = counts = {rows}"
          + (f"; x{cpu / votes / reference_cpu:.2f} the empty transaction" if reference_cpu else ""))


def main() -> None:
    per_empty = reference()
    run(concurrent=True, reference_cpu=per_empty)
    run(concurrent=False, reference_cpu=per_empty)


if __name__ == "__main__":
    main()
