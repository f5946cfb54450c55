"""Public snapshots for a hall of phones, in process: what one snapshot costs the worker.

An event with 40 questions, 3 polls, 6 agenda items (one running) and 10 speaker requests
(one speaking, timer running); 2,000 phones that joined, some of which asked, voted and
answered polls. Each phone fetches GET /api/events/<code>/snapshot once through the Flask
test client; the CPU time of the requesting thread is measured per request. Then the same
while a writer votes every 200 ms (each vote's coalesced flush moves the tally version on).

Run: python -m benchmarks snapshots (nothing else runs; a scratch SQLite file in /tmp).
"""
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

PHONES = 2_000
QUESTIONS = 40
VOTERS = 600  # phones that voted for questions (3 each)
BALLOTS = 300  # phones that answered the two open polls
WRITER_PERIOD = 0.2
WRITER_VOTES = 5  # per period


def _app(path: Path):
    from townhall import create_app
    from townhall.config import TestConfig
    from townhall.extensions import db

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", TESTING=False,
                     WTF_CSRF_ENABLED=False, TALLY_WINDOW_SECONDS=0.2)
    with app.app_context():
        db.create_all()
    return app


def _seed(app) -> tuple[str, list[tuple[int, str]], list[int], int]:
    from townhall.services import accounts, agenda, attendees, events, polls, questions, speakers

    rng = random.Random(7)
    with app.app_context():
        owner = accounts.create_organizer(email="bench@example.com", name="Bench", password="x" * 16)
        code = events.create_event(owner_id=owner, title="Snapshot benchmark")
        for n in range(6):
            agenda.add_item(code=code, user_id=owner, title=f"Item {n + 1}", planned_minutes=10)
        agenda.run(code=code, user_id=owner, action="start")
        phones = [attendees.join(code=code, name=f"Phone {n}") for n in range(PHONES)]
        ids = [questions.ask(code=code, attendee_id=a, token=t, text=f"Question number {n} about the river park?")
               ["id"] for n, (a, t) in enumerate(phones[:QUESTIONS])]
        for a, t in phones[QUESTIONS:QUESTIONS + VOTERS]:
            for qid in rng.sample(ids, 3):
                questions.vote(code=code, attendee_id=a, token=t, question_id=qid)
        for a, t in phones[-10:]:
            speakers.request_floor(code=code, attendee_id=a, token=t, topic="The bridge")
        speakers.moderate(code=code, user_id=owner, action="next")
        speakers.moderate(code=code, user_id=owner, action="start")
        live = polls.create(code=code, user_id=owner, kind="single", question="Which first?",
                            options=["Bikes", "Buses", "Trees"], visibility="live")["id"]
        after = polls.create(code=code, user_id=owner, kind="multiple", question="Which also?",
                             options=["Benches", "Lights", "Shade"], max_choices=2, visibility="after_vote",
                             duration_seconds=3600)["id"]
        rating = polls.create(code=code, user_id=owner, kind="rating", question="How was it?",
                              scale_min=1, scale_max=5, visibility="live")["id"]
        for pid in (live, after, rating):
            polls.open_poll(code=code, user_id=owner, poll_id=pid)
        for a, t in phones[:BALLOTS]:
            polls.vote(code=code, attendee_id=a, token=t, poll_id=live, answer={"choice": rng.randrange(3)})
            polls.vote(code=code, attendee_id=a, token=t, poll_id=after, answer={"choices": [rng.randrange(3)]})
            polls.vote(code=code, attendee_id=a, token=t, poll_id=rating, answer={"rating": rng.randint(1, 5)})
        polls.close_poll(code=code, user_id=owner, poll_id=rating)
        event_id = events.get_event(code).id
    return code, phones, ids, event_id


def _clients(app, event_id: int, phones):
    clients = []
    for attendee_id, token in phones:
        client = app.test_client()
        with client.session_transaction() as session:
            session["attendees"] = {str(event_id): [attendee_id, token]}
        clients.append(client)
    return clients


def _fetch_all(clients, url: str) -> tuple[list[float], list[float], int]:
    cpu, wall, size = [], [], 0
    for client in clients:
        c0, w0 = time.thread_time(), time.perf_counter()
        response = client.get(url)
        cpu.append(time.thread_time() - c0)
        wall.append(time.perf_counter() - w0)
        assert response.status_code == 200, response.status_code
        size = len(response.data)
    return cpu, wall, size


def _line(label: str, cpu: list[float], wall: list[float]) -> str:
    q = statistics.quantiles(wall, n=100)
    return (f"{label}: {len(cpu)} snapshots, CPU {statistics.mean(cpu) * 1000:.3f} ms mean / "
            f"{statistics.median(cpu) * 1000:.3f} ms median per snapshot; wall p50 {q[49] * 1000:.2f} ms, "
            f"p99 {q[98] * 1000:.2f} ms; total CPU {sum(cpu):.2f} s")


def _writer(app, code, voters, ids, stop: threading.Event, done: list) -> None:
    from townhall.errors import DomainError
    from townhall.services import questions

    pairs = ((a, t, q) for a, t in voters for q in ids)
    while not stop.is_set():
        with app.app_context():
            for _ in range(WRITER_VOTES):
                a, t, q = next(pairs)
                try:
                    questions.vote(code=code, attendee_id=a, token=t, question_id=q)
                    done.append(1)
                except DomainError:
                    pass
        stop.wait(WRITER_PERIOD)


def _without_json_template(app, clients, url) -> None:
    """The same with the room's part kept but the whole body encoded per response: does the kept JSON matter?"""
    from townhall.services import snapshots

    if not hasattr(snapshots, "public_snapshot_json"):
        return  # before the room's part was kept
    kept = snapshots.public_snapshot_json

    def encode_all(**kwargs) -> str:
        return app.json.dumps(snapshots.public_snapshot(**kwargs), separators=(",", ":"))

    snapshots.public_snapshot_json = encode_all
    try:
        cpu, wall, _ = _fetch_all(clients, url)
    finally:
        snapshots.public_snapshot_json = kept
    print(_line("quiet room, whole body encoded per response", cpu, wall))


def run() -> None:
    from townhall.realtime import deadlines

    with tempfile.TemporaryDirectory(prefix="townhall-snapshots-") as scratch:
        app = _app(Path(scratch) / "bench.db")
        t0 = time.perf_counter()
        code, phones, ids, event_id = _seed(app)
        print(f"seeded {PHONES} phones, {QUESTIONS} questions, 3 polls, 6 agenda items, 10 speaker requests "
              f"in {time.perf_counter() - t0:.1f} s")
        url = f"/api/events/{code}/snapshot"
        clients = _clients(app, event_id, phones)
        _fetch_all(clients[:50], url)  # warm up
        reference, _, _ = _fetch_all(clients[:500], f"/api/events/{code}")
        print(f"reference, GET /api/events/<code> (one small query): CPU {statistics.mean(reference) * 1000:.3f} ms"
              " mean per request (the test client's own share)")
        cpu, wall, size = _fetch_all(clients, url)
        print(_line("quiet room", cpu, wall) + f"; {size} bytes each")
        print(f"  a storm of 10,000 such snapshots: {statistics.mean(cpu) * 10_000:.1f} s of CPU on one worker")
        _without_json_template(app, clients, url)

        stop, votes = threading.Event(), []
        writer = threading.Thread(target=_writer, args=(app, code, phones[QUESTIONS + VOTERS:], ids, stop, votes))
        writer.start()
        try:
            t0 = time.perf_counter()
            cpu, wall, _ = _fetch_all(clients, url)
            elapsed = time.perf_counter() - t0
        finally:
            stop.set()
            writer.join()
        print(_line(f"tallies moving every {WRITER_PERIOD * 1000:.0f} ms", cpu, wall)
              + f"; {len(votes)} votes written meanwhile in {elapsed:.1f} s")
        time.sleep(0.5)  # the last flush
        deadlines.cancel_all()
        from townhall.extensions import db

        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    run()
