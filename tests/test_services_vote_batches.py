"""Votes written behind in batches (services/vote_writer.py, services/vote_batches.py): every acknowledged
vote is stored exactly once, each operation gets its own answer, and one phone's operations on a question
apply in the order they were sent."""
import sqlite3
import threading
import time
from types import SimpleNamespace

import pytest
from helpers import api
from records_helpers import run_together
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from townhall.errors import DomainError, Unavailable
from townhall.extensions import db
from townhall.models import Question, Vote
from townhall.services import events, merge, questions, vote_batches, vote_writer
from townhall.services.vote_batches import VoteOp


def stored(app) -> set[tuple[int, int]]:
    """Every (question_id, attendee_id) with a Vote row."""
    with app.app_context():
        return set(db.session.execute(select(Vote.question_id, Vote.attendee_id)).all())


def assert_counts_match_rows(app) -> None:
    with app.app_context():
        counts = dict(db.session.execute(select(Question.id, Question.vote_count)).all())
        rows = dict(db.session.execute(select(Vote.question_id, func.count()).group_by(Vote.question_id)).all())
    assert counts == {qid: rows.get(qid, 0) for qid in counts}


def store_vote(app, code, voter, question_id) -> None:
    """A vote cast before the test's own, without going through the (held) writer."""
    with app.app_context():
        [result] = vote_batches.apply([VoteOp(+1, code, voter[0], voter[1], question_id)])
    assert result["voted"], result


def attempt(fn, code, voter, question_id):
    """fn's result, or the code of the error it raised."""
    try:
        return fn(code=code, attendee_id=voter[0], token=voter[1], question_id=question_id)
    except DomainError as exc:
        return exc.code


def until(condition, timeout=10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.001)


class Phones:
    """Votes sent from threads of their own, as phones' requests are, while the writer is held:
    each waits in the writer's queue before the next is sent, so the order of submission is known."""

    def __init__(self, app):
        self.app = app
        self.threads: list[threading.Thread] = []
        self.results: list = []

    def queued(self) -> int:
        with self.app.app_context():
            return vote_writer.writer().queued()

    def send(self, fn, code, voter, question_id) -> None:
        self.run(lambda: attempt(fn, code, voter, question_id))

    def run(self, call) -> None:
        index, before = len(self.results), self.queued()
        self.results.append(None)

        def work():
            with self.app.app_context():
                try:
                    self.results[index] = call()
                finally:
                    db.session.remove()

        thread = threading.Thread(target=work)
        thread.start()
        self.threads.append(thread)
        until(lambda: self.queued() == before + 1)

    def answers(self) -> list:
        for thread in self.threads:
            thread.join(timeout=20)
        assert not any(thread.is_alive() for thread in self.threads)
        return self.results


@pytest.fixture
def phones(app):
    return Phones(app)


@pytest.fixture
def batches(monkeypatch):
    """The size of every batch the writer applies, in order (retries one at a time included)."""
    sizes = []
    apply = vote_batches.apply

    def counted(ops):
        sizes.append(len(ops))
        return apply(ops)

    monkeypatch.setattr(vote_batches, "apply", counted)
    return sizes


def ok(qid, votes, voted=True) -> dict:
    return {"id": qid, "votes": votes, "voted": voted}


# --- many phones at once ----------------------------------------------------------

def test_many_phones_at_once_every_acknowledged_vote_is_one_row(app, event, make_attendee, make_question):
    qids = [make_question(event) for _ in range(4)]
    voters = [make_attendee(event) for _ in range(24)]

    def phone(i, voter):
        acks = [(qid, +1, attempt(questions.vote, event, voter, qid)) for qid in qids]
        acks.append((qids[0], +1, attempt(questions.vote, event, voter, qids[0])))  # a second tap
        if i % 2:
            acks.append((qids[1], -1, attempt(questions.unvote, event, voter, qids[1])))
        return voter[0], bool(i % 2), acks

    results = run_together(app, [lambda i=i, voter=voter: phone(i, voter) for i, voter in enumerate(voters)])

    assert all(kind == "ok" for kind, _ in results), results
    expected = set()
    for attendee_id, unvoted, acks in (value for _, value in results):
        answers = [ack if isinstance(ack, str) else ack["voted"] for _, _, ack in acks]
        assert answers == [True] * 4 + ["already_voted"] + ([False] if unvoted else [])
        for qid, delta, ack in acks:
            if isinstance(ack, dict):
                assert ack["id"] == qid and 0 <= ack["votes"] <= len(voters)
                (expected.add if delta > 0 else expected.remove)((qid, attendee_id))
    assert stored(app) == expected
    assert_counts_match_rows(app)
    assert len(expected) == 4 * 24 - 12


# --- one phone, one question: in order ------------------------------------------------

def test_two_identical_votes_sent_together_count_once(app, event, make_attendee, make_question, held_votes,
                                                      phones, batches):
    qid, voter = make_question(event), make_attendee(event)
    phones.send(questions.vote, event, voter, qid)
    phones.send(questions.vote, event, voter, qid)
    held_votes.set()

    assert phones.answers() == [ok(qid, 1), "already_voted"]
    assert batches == [1, 1]  # the second waited for the next batch
    assert stored(app) == {(qid, voter[0])}
    assert_counts_match_rows(app)


def test_vote_unvote_vote_apply_in_the_order_sent(app, event, make_attendee, make_question, held_votes, phones,
                                                 batches):
    qid, voter, other = make_question(event), make_attendee(event), make_attendee(event)
    phones.send(questions.vote, event, other, qid)
    phones.send(questions.vote, event, voter, qid)
    phones.send(questions.unvote, event, voter, qid)
    phones.send(questions.vote, event, voter, qid)
    held_votes.set()

    assert phones.answers() == [ok(qid, 1), ok(qid, 2), ok(qid, 1, voted=False), ok(qid, 2)]
    assert batches == [2, 1, 1]
    assert stored(app) == {(qid, other[0]), (qid, voter[0])}  # as the last answer says: voted
    assert_counts_match_rows(app)


# --- refusals in a batch with votes that succeed ------------------------------------------

def test_refusals_and_good_votes_in_one_batch(app, organizer, event, make_event, make_attendee, make_question,
                                              moderate, held_votes, phones, batches):
    asker, voter, other = make_attendee(event), make_attendee(event), make_attendee(event)
    qid = make_question(event, asker=asker)
    answered = make_question(event)
    moderate(event, organizer.id, answered, "answered")
    closed = make_event(organizer.id)
    closed_question, closed_voter = make_question(closed), make_attendee(closed)
    with app.app_context():
        events.update_event(code=closed, user_id=organizer.id, is_open=False)
    impostor = (other[0], voter[1])  # someone else's id with this phone's token

    phones.send(questions.vote, event, asker, qid)
    phones.send(questions.vote, event, voter, qid)
    phones.send(questions.vote, closed, closed_voter, closed_question)
    phones.send(questions.vote, event, voter, answered)
    phones.send(questions.vote, event, impostor, qid)
    phones.send(questions.unvote, event, other, answered)
    phones.send(questions.vote, event, voter, 10_000)
    held_votes.set()

    assert phones.answers() == ["own_question", ok(qid, 1), "event_closed", "question_answered", "not_joined",
                                "not_voted", "question_not_found"]
    assert batches == [7]
    assert stored(app) == {(qid, voter[0])}
    assert_counts_match_rows(app)


def test_a_question_id_that_is_no_id_is_answered_without_queueing(app, event, make_attendee, batches):
    voter = make_attendee(event)
    with app.app_context():
        assert attempt(questions.vote, event, voter, "1") == "invalid_input"
        assert attempt(questions.unvote, event, voter, 2**40) == "invalid_input"
    assert batches == []


# --- the question leaves the room while votes for it wait ---------------------------------------

@pytest.mark.parametrize("leaves_by", ["hide", "merge"])
def test_votes_waiting_for_a_question_that_left_are_refused(app, organizer, event, make_attendee, make_question,
                                                            moderate, held_votes, phones, leaves_by):
    qid, kept = make_question(event), make_question(event)
    early, late, later, other = (make_attendee(event) for _ in range(4))
    store_vote(app, event, early, qid)
    phones.send(questions.vote, event, late, qid)
    phones.send(questions.vote, event, later, qid)
    phones.send(questions.unvote, event, early, qid)
    phones.send(questions.vote, event, other, kept)
    if leaves_by == "hide":
        moderate(event, organizer.id, qid, "hide")
    else:
        with app.app_context():
            merge.merge(code=event, user_id=organizer.id, question_id=qid, into_id=kept)
    held_votes.set()

    kept_votes = 2 if leaves_by == "merge" else 1  # a merge moved the early vote over
    assert phones.answers() == ["question_not_found"] * 3 + [ok(kept, kept_votes)]
    moved = {(kept, early[0])} if leaves_by == "merge" else {(qid, early[0])}
    assert stored(app) == moved | {(kept, other[0])}
    assert_counts_match_rows(app)


def test_a_merge_committed_between_read_and_write_refuses_only_its_votes(app, organizer, event, make_attendee,
                                                                         make_question, held_votes, phones,
                                                                         batches, monkeypatch):
    """On PostgreSQL a merge may commit between a batch reading a question and writing (SQLite's BEGIN
    IMMEDIATE rules that out). Here the merge has committed and the batch's read is made to see the
    question as it was: published. The count update refuses it; the batch's other votes still succeed."""
    target, duplicate = make_question(event), make_question(event)
    voter, other = make_attendee(event), make_attendee(event)
    with app.app_context():
        merge.merge(code=event, user_id=organizer.id, question_id=duplicate, into_id=target)
    read = vote_batches._questions

    def stale_read(conn, ids):
        rows = read(conn, ids)
        return {qid: SimpleNamespace(**{**row._asdict(), "status": "published"}) for qid, row in rows.items()}

    monkeypatch.setattr(vote_batches, "_questions", stale_read)
    phones.send(questions.vote, event, voter, duplicate)
    phones.send(questions.vote, event, other, target)
    held_votes.set()

    assert phones.answers() == ["question_not_found", ok(target, 1)]
    assert batches == [2, 1, 1]  # refused whole, then one at a time
    assert stored(app) == {(target, other[0])}
    assert_counts_match_rows(app)


# --- failures -------------------------------------------------------------------------------

def test_a_batch_failing_in_the_database_is_written_one_vote_at_a_time(app, event, make_attendee, make_question,
                                                                       held_votes, phones, batches, monkeypatch):
    asker = make_attendee(event)
    qid, kept = make_question(event, asker=asker), make_question(event)
    voters = [make_attendee(event) for _ in range(3)]
    store_vote(app, event, voters[0], qid)
    batches.clear()
    count = vote_batches._count
    failures = []

    def fails_once(conn, question_id, delta):  # after the batch's Vote rows were written
        if not failures:
            failures.append(question_id)
            raise OperationalError("UPDATE questions ...", {}, sqlite3.OperationalError("disk I/O error"))
        return count(conn, question_id, delta)

    monkeypatch.setattr(vote_batches, "_count", fails_once)
    for voter in voters:
        phones.send(questions.vote, event, voter, qid)
    phones.send(questions.vote, event, asker, qid)
    phones.send(questions.vote, event, voters[0], kept)
    held_votes.set()

    assert phones.answers() == ["already_voted", ok(qid, 2), ok(qid, 3), "own_question", ok(kept, 1)]
    assert failures and batches == [5, 1, 1, 1, 1, 1]
    assert stored(app) == {(qid, v[0]) for v in voters} | {(kept, voters[0][0])}
    assert_counts_match_rows(app)


def test_a_vote_the_writer_cannot_reach_in_time_is_withdrawn(app, event, make_attendee, make_question, held_votes,
                                                             monkeypatch):
    qid, voter = make_question(event), make_attendee(event)
    monkeypatch.setattr(vote_writer, "ANSWER_WITHIN", 0.05)
    with app.app_context():
        with pytest.raises(Unavailable) as caught:
            questions.vote(code=event, attendee_id=voter[0], token=voter[1], question_id=qid)
    assert caught.value.status == 503
    held_votes.set()
    assert stored(app) == set()
    with app.app_context():  # not stored, so the phone can try again
        assert questions.vote(code=event, attendee_id=voter[0], token=voter[1], question_id=qid) == ok(qid, 1)


# --- the same path from HTTP and the socket ---------------------------------------------------

def test_http_and_socket_votes_are_written_in_one_batch(app, event, make_question, join, connect, held_votes,
                                                        phones, batches):
    qid = make_question(event)
    web, web_id = join(event)
    phone, phone_id = join(event)
    socket = connect(phone, event)
    def http_vote():
        response = api(web, "POST", f"/api/events/{event}/questions/{qid}/vote")
        return response.status_code, response.get_json()

    phones.run(http_vote)
    phones.run(lambda: socket.emit("question:vote", {"question_id": qid}))
    held_votes.set()

    assert phones.answers() == [(200, ok(qid, 1)), {"ok": True, "data": ok(qid, 2)}]
    assert batches == [2]
    assert stored(app) == {(qid, web_id), (qid, phone_id)}
    assert_counts_match_rows(app)
