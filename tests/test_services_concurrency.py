"""Many phones at once: the database, not luck, keeps the counts right (file SQLite, WAL)."""

import postgres
import pytest
from helpers import question_row
from records_helpers import run_together

from townhall.errors import Conflict
from townhall.extensions import db
from townhall.models import Question, Vote
from townhall.services import questions

THREADS = 12


def vote_rows(app, question_id):
    with app.app_context():
        return db.session.query(Vote).filter_by(question_id=question_id).count()


@pytest.mark.skipif(postgres.ENABLED, reason="a SQLite setting: this run is on PostgreSQL")
def test_sqlite_file_runs_in_wal_mode(app):
    with app.app_context():
        assert db.session.execute(db.text("PRAGMA journal_mode")).scalar() == "wal"


def test_simultaneous_votes_of_different_people_all_count(app, event, make_attendee, make_question):
    qid = make_question(event)
    voters = [make_attendee(event) for _ in range(THREADS)]
    results = run_together(app, [
        (lambda a=a, t=t: questions.vote(code=event, attendee_id=a, token=t, question_id=qid)) for a, t in voters
    ])
    assert [kind for kind, _ in results] == ["ok"] * THREADS, results
    assert sorted(value["votes"] for _, value in results) == list(range(1, THREADS + 1))
    assert question_row(app, qid)["vote_count"] == THREADS == vote_rows(app, qid)


def test_one_person_voting_from_many_tabs_counts_once(app, event, make_attendee, make_question):
    qid = make_question(event)
    attendee_id, token = make_attendee(event)
    results = run_together(app, [
        lambda: questions.vote(code=event, attendee_id=attendee_id, token=token, question_id=qid)
    ] * THREADS)
    outcomes = sorted(kind if kind == "ok" else value.code for kind, value in results)
    assert outcomes == ["already_voted"] * (THREADS - 1) + ["ok"], results
    assert all(isinstance(value, Conflict) for kind, value in results if kind == "error")
    assert question_row(app, qid)["vote_count"] == 1 == vote_rows(app, qid)


def test_simultaneous_votes_and_unvotes_keep_count_equal_to_rows(app, event, make_attendee, make_question):
    qid = make_question(event)
    voters = [make_attendee(event) for _ in range(THREADS)]
    for attendee_id, token in voters[::2]:  # half have voted already and take it back
        with app.app_context():
            questions.vote(code=event, attendee_id=attendee_id, token=token, question_id=qid)
    calls = []
    for i, (attendee_id, token) in enumerate(voters):
        fn = questions.unvote if i % 2 == 0 else questions.vote
        calls.append(lambda fn=fn, a=attendee_id, t=token: fn(code=event, attendee_id=a, token=t, question_id=qid))
    results = run_together(app, calls)
    assert all(kind == "ok" for kind, _ in results), results
    assert question_row(app, qid)["vote_count"] == THREADS // 2 == vote_rows(app, qid)


def test_simultaneous_now_answering_leaves_exactly_one(app, organizer, event, make_question):
    ids = [make_question(event) for _ in range(6)]
    results = run_together(app, [
        (lambda q=q: questions.moderate(code=event, user_id=organizer.id, question_id=q, action="answering"))
        for q in ids
    ])
    assert all(kind == "ok" for kind, _ in results), results
    with app.app_context():
        answering = db.session.query(Question).filter_by(progress="answering").count()
    assert answering == 1
