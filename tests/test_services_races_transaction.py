"""What a use case does when the database refuses it for a race (services/transaction.py): a deadlock
is run again transparently, its after-commit side effects once; a loser that keeps losing is a clear
503 `busy`; a unique violation that escapes is a 409 `conflict`. Real concurrency on the test's
database (PostgreSQL with TEST_DATABASE_URL=postgresql: a real deadlock; SQLite: writers queue)."""
import threading

import postgres
import pytest
from polls_helpers import make_open
from records_helpers import run_together
from sqlalchemy import insert, update
from sqlalchemy.exc import OperationalError

from townhall.errors import Conflict, Unavailable
from townhall.extensions import db
from townhall.models import Event, Participation
from townhall.services import events
from townhall.services.transaction import ATTEMPTS, on_commit, use_case


def seqs(app, *codes) -> list[int]:
    with app.app_context():
        return [events.get_event(code).seq for code in codes]


def test_a_deadlock_is_run_again_and_its_side_effects_happen_once(app, organizer, event, make_event):
    other = make_event(organizer.id)
    with app.app_context():
        ids = {code: events.get_event(code).id for code in (event, other)}
    before = seqs(app, event, other)
    gate = threading.Barrier(2)
    runs: list[str] = []
    effects: list[str] = []

    @use_case
    def bump_both(first: str, second: str) -> str:
        runs.append(first)
        db.session.execute(update(Event).where(Event.id == ids[first]).values(seq=Event.seq + 1))
        if runs.count(first) == 1:  # the first run of each waits for the other: crossed row locks
            try:
                gate.wait(timeout=2)  # SQLite: the other waits for our BEGIN IMMEDIATE, so this times out
            except threading.BrokenBarrierError:
                pass
        db.session.execute(update(Event).where(Event.id == ids[second]).values(seq=Event.seq + 1))
        on_commit(lambda: effects.append(first))
        return first

    results = run_together(app, [lambda: bump_both(event, other), lambda: bump_both(other, event)])
    assert sorted(results) == sorted([("ok", event), ("ok", other)]), results
    assert sorted(effects) == sorted([event, other])  # once each, for the run that committed
    assert seqs(app, event, other) == [before[0] + 2, before[1] + 2]  # the lost run left nothing behind
    if postgres.ENABLED:
        assert len(runs) == 3  # one of the two was chosen as the deadlock's victim and ran again


class _Deadlock(Exception):
    sqlstate = "40P01"  # what psycopg's DeadlockDetected carries


def test_a_use_case_that_keeps_losing_is_busy_and_stores_nothing(app, event):
    before = seqs(app, event)
    runs, effects = [], []

    @use_case
    def always_the_victim():
        runs.append(1)
        events.bump_seq(events.get_event(event).id)
        on_commit(lambda: effects.append(1))
        raise OperationalError("UPDATE events ...", {}, _Deadlock("deadlock detected"))

    with app.app_context(), pytest.raises(Unavailable) as refused:
        always_the_victim()
    assert refused.value.code == "busy" and refused.value.status == 503
    assert len(runs) == ATTEMPTS and effects == []
    assert seqs(app, event) == before


def test_a_unique_violation_that_escapes_is_a_conflict_after_reruns(app, organizer, event, make_attendee):
    poll_id = make_open(app, event, organizer.id)
    attendee_id, _token = make_attendee(event)
    before = seqs(app, event)
    runs, effects = [], []

    @use_case
    def participate_twice():  # as a use case that forgot to guard its insert would
        runs.append(1)
        events.bump_seq(events.get_event(event).id)
        on_commit(lambda: effects.append(1))
        for _ in range(2):
            db.session.execute(insert(Participation.__table__).values(poll_id=poll_id, attendee_id=attendee_id))

    with app.app_context(), pytest.raises(Conflict) as refused:
        participate_twice()
    assert refused.value.code == "conflict" and refused.value.status == 409
    assert len(runs) == ATTEMPTS and effects == []
    assert seqs(app, event) == before
    with app.app_context():
        assert db.session.query(Participation).filter_by(poll_id=poll_id).count() == 0
