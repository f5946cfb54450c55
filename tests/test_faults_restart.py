"""A server process killed or stopped under load, against the production server (gunicorn, one gevent
worker, a SQLite file).

Invariants: every command that was acknowledged is stored; nothing is stored twice; once the server is
back, every phone reconnects and what it shows converges to the database within 10 s.
"""
import os
import signal
import threading

from faults_helpers import (
    CONVERGE_WITHIN,
    UNCLOSED_CLIENT_SOCKETS,
    ShownPhone,
    rows,
    seed_event,
    start_server,
)
from helpers import wait_until

from benchmarks.phones import Phone

pytestmark = UNCLOSED_CLIENT_SOCKETS

VOTERS = 40


def vote_counts(server) -> dict[int, tuple[int, int]]:
    """question id -> (its stored vote_count, its Vote rows)."""
    return {qid: (count, stored) for qid, count, stored in rows(server, (
        "SELECT q.id, q.vote_count, (SELECT count(*) FROM votes v WHERE v.question_id = q.id) FROM questions q"))}


def test_kill_9_mid_vote_burst_keeps_every_acknowledged_vote_once_and_phones_converge():
    server = start_server()
    try:
        code = seed_event(server)
        asker = Phone(server.base, code)
        qids = [asker.sio.call("question:ask", {"text": f"Kill test {i}?"}, timeout=15)["data"]["id"] for i in range(3)]
        watchers = [ShownPhone(server.base, code) for _ in range(3)]
        voters = [Phone(server.base, code) for _ in range(VOTERS)]
        acked: list[tuple[int, int]] = []  # (voter index, question id) acknowledged as stored
        lock = threading.Lock()
        some_acked = threading.Event()

        def burst(index: int, phone: Phone) -> None:
            for qid in qids:
                try:
                    ack = phone.sio.call("question:vote", {"question_id": qid}, timeout=10)
                except Exception:  # noqa: BLE001 - the server died under this call: no answer, no promise
                    return
                if ack["ok"]:
                    with lock:
                        acked.append((index, qid))
                        if len(acked) >= VOTERS // 2:
                            some_acked.set()

        threads = [threading.Thread(target=burst, args=(i, p), daemon=True) for i, p in enumerate(voters)]
        for t in threads:
            t.start()
        assert some_acked.wait(30)
        os.kill(server.worker_pid, signal.SIGKILL)  # mid-burst: no shutdown hook runs
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait(10)
        server.proc = None
        for t in threads:
            t.join(15)
        with lock:
            promised = list(acked)
        assert len(promised) < VOTERS * len(qids), "the kill came after the burst: nothing was tested"

        server.start()  # the same database
        stored = {(attendee, qid) for attendee, qid in rows(server, "SELECT attendee_id, question_id FROM votes")}
        voter_ids = [wait_until(lambda p=p: _attendee_id(server, code, p), timeout=5) for p in voters]
        for index, qid in promised:
            assert (voter_ids[index], qid) in stored, "an acknowledged vote was lost"
        counts = vote_counts(server)
        for qid in qids:
            count, vote_rows = counts[qid]
            assert count == vote_rows <= VOTERS  # nothing doubled: the counter is the rows
        for watcher in watchers:
            watcher.reconnect()
        wait_until(lambda: all(w.shown[q] == vote_counts(server)[q][0] for w in watchers for q in qids),
                   timeout=CONVERGE_WITHIN, what="a phone still shows a tally the database does not hold")
        # Still live after the restart: a new vote reaches every reconnected phone.
        fresh = Phone(server.base, code)
        assert fresh.sio.call("question:vote", {"question_id": qids[0]}, timeout=15)["ok"]
        wait_until(lambda: all(w.shown[qids[0]] == vote_counts(server)[qids[0]][0] for w in watchers),
                   timeout=CONVERGE_WITHIN)
        for phone in [asker, fresh, *voters, *(w.phone for w in watchers)]:
            phone.close()
    finally:
        server.close()


def _attendee_id(server, code: str, phone: Phone) -> int | None:
    """The attendee row behind a phone, through its own snapshot (`me.id`)."""
    response = phone.http.get(f"{server.base}/api/events/{code}/snapshot", timeout=10)
    return response.ok and response.json()["me"]["id"]


def test_sigterm_while_questions_are_asked_drains_exits_cleanly_and_loses_nothing_acknowledged():
    server = start_server()
    try:
        code = seed_event(server)
        askers = [Phone(server.base, code) for _ in range(8)]
        acked: list[str] = []
        refused: list[dict] = []
        lock = threading.Lock()
        going = threading.Event()

        def ask(index: int, phone: Phone) -> None:
            for n in range(1000):
                text = f"Asker {index} question {n}?"
                try:
                    ack = phone.sio.call("question:ask", {"text": text}, timeout=10)
                except Exception:  # noqa: BLE001 - the connection dropped: no answer, no promise
                    return
                with lock:
                    (acked.append(text) if ack["ok"] else refused.append(ack))
                    if len(acked) >= 20:
                        going.set()

        threads = [threading.Thread(target=ask, args=(i, p), daemon=True) for i, p in enumerate(askers)]
        for t in threads:
            t.start()
        assert going.wait(30)
        server.proc.send_signal(signal.SIGTERM)
        returncode = server.proc.wait(timeout=20)  # gunicorn's graceful timeout is 10 s
        server.proc = None
        assert returncode == 0, server.log_tail()
        for t in threads:
            t.join(15)
        assert all(r["error"]["code"] in ("busy", "unavailable", "server_stopping") for r in refused), refused
        stored = [text for (text,) in rows(server, "SELECT text FROM questions")]
        assert len(stored) == len(set(stored)), "a question was stored twice"
        missing = set(acked) - set(stored)
        assert not missing, f"acknowledged but not stored: {sorted(missing)[:5]}"
        peak = rows(server, "SELECT peak_connected FROM events WHERE code = ?", (code,))[0][0]
        assert peak >= len(askers)
        assert "Traceback" not in server.log_tail(200), server.log_tail(60)
        for phone in askers:
            phone.close()
    finally:
        server.close()
