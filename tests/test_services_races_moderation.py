"""The team's read-then-write use cases under real concurrency (threads, each in its own app context,
one database; run on PostgreSQL with TEST_DATABASE_URL=postgresql): merges, the question on the floor,
published minutes. Each race ends in a state the rules allow, with a clear refusal for the loser and
never a 500 (an unexpected exception)."""
from records_helpers import run_together

from townhall.errors import DomainError
from townhall.extensions import db
from townhall.models import Minutes, Question, Vote
from townhall.models.statuses import QuestionStatus
from townhall.services import minutes, questions
from townhall.services.merge import merge


def publish(app, *ids):
    """The questions are in the room (an event without premoderation publishes on asking)."""
    assert all(stored(app, qid)[qid]["status"] == QuestionStatus.PUBLISHED for qid in ids)


def voted(app, code, make_attendee, qid, count):
    for _ in range(count):
        attendee_id, token = make_attendee(code)
        with app.app_context():
            questions.vote(code=code, attendee_id=attendee_id, token=token, question_id=qid)


def stored(app, *ids) -> dict[int, dict]:
    with app.app_context():
        rows = {}
        for qid in ids:
            q = db.session.get(Question, qid)
            rows[qid] = {"status": q.status, "into": q.merged_into_id, "vote_count": q.vote_count,
                         "votes": db.session.query(Vote).filter_by(question_id=qid).count()}
        return rows


def outcomes(results) -> list[str]:
    """'ok' or the refusal's code; anything else than a domain refusal fails the test (a 500)."""
    for kind, value in results:
        assert kind == "ok" or isinstance(value, DomainError), value
    return sorted(kind if kind == "ok" else value.code for kind, value in results)


def test_a_chain_of_merges_racing_strands_no_vote(app, organizer, event, make_question, make_attendee):
    q1, q2, q3 = (make_question(event, text=f"Question {i} about the park?") for i in range(3))
    publish(app, q1, q2, q3)
    for qid, count in ((q1, 3), (q2, 2), (q3, 1)):
        voted(app, event, make_attendee, qid, count)
    results = run_together(app, [
        lambda: merge(code=event, user_id=organizer.id, question_id=q1, into_id=q2),
        lambda: merge(code=event, user_id=organizer.id, question_id=q2, into_id=q3),
    ])
    outcomes(results)
    rows = stored(app, q1, q2, q3)
    for row in rows.values():  # the count is the rows, and a merged question holds none
        assert row["vote_count"] == row["votes"]
        if row["status"] == QuestionStatus.MERGED:
            assert row["votes"] == 0
    assert sum(row["votes"] for row in rows.values()) == 6  # six different voters, none lost
    # Whatever the order, q2 ended merged into q3 (q1 went into q2 first, and its votes then on to q3
    # with q2's, or q1's merge came second and was refused: target_merged).
    assert rows[q2] | {"vote_count": 0} == {"status": "merged", "into": q3, "vote_count": 0, "votes": 0}


def test_one_duplicate_merged_into_two_targets_at_once_records_the_one_that_won(app, organizer, event,
                                                                                make_question, make_attendee):
    dup, a, b = (make_question(event, text=f"Question {i} about the bus?") for i in range(3))
    publish(app, dup, a, b)
    voted(app, event, make_attendee, dup, 4)
    results = run_together(app, [
        lambda: merge(code=event, user_id=organizer.id, question_id=dup, into_id=a),
        lambda: merge(code=event, user_id=organizer.id, question_id=dup, into_id=b),
    ])
    assert outcomes(results) == ["already_merged", "ok"]
    winner = next(value["into"]["id"] for kind, value in results if kind == "ok")
    rows = stored(app, dup, a, b)
    assert rows[dup]["into"] == winner
    assert rows[winner]["votes"] == rows[winner]["vote_count"] == 4
    loser = b if winner == a else a
    assert rows[loser]["votes"] == rows[loser]["vote_count"] == 0


def test_crossed_merges_do_not_deadlock(app, organizer, event, make_question, make_attendee):
    q1, q2 = (make_question(event, text=f"Question {i} about the library?") for i in range(2))
    publish(app, q1, q2)
    voted(app, event, make_attendee, q1, 2)
    voted(app, event, make_attendee, q2, 3)
    for round_ in range(3):  # the first round merges one way; the later ones find it done
        results = run_together(app, [
            lambda: merge(code=event, user_id=organizer.id, question_id=q1, into_id=q2),
            lambda: merge(code=event, user_id=organizer.id, question_id=q2, into_id=q1),
        ])
        codes = outcomes(results)
        assert codes.count("ok") == (1 if round_ == 0 else 0), codes
        assert set(codes) <= {"ok", "already_merged", "target_merged"}, codes
    rows = stored(app, q1, q2)
    assert sorted(row["status"] for row in rows.values()) == ["merged", "published"]
    assert sorted(row["votes"] for row in rows.values()) == [0, 5]
    assert all(row["votes"] == row["vote_count"] for row in rows.values())


def test_now_answering_on_two_questions_at_once_leaves_one_and_refuses_none(app, organizer, event, make_question):
    ids = [make_question(event, text=f"Question {i} on the floor?") for i in range(2)]
    publish(app, *ids)
    for _ in range(5):
        results = run_together(app, [
            (lambda q=q: questions.moderate(code=event, user_id=organizer.id, question_id=q, action="answering"))
            for q in ids
        ])
        assert outcomes(results) == ["ok", "ok"]
        with app.app_context():
            answering = db.session.query(Question.id).filter_by(progress="answering").all()
        assert len(answering) == 1


def finals(app, code, user_id, count) -> None:
    with app.app_context():
        for _ in range(count):
            minutes.save_draft(code=code, user_id=user_id, base_revision=0, summary="The meeting.")
            minutes.finalize(code=code, user_id=user_id, base_revision=1)


def test_two_versions_published_at_once_leave_one_published(app, organizer, event):
    finals(app, event, organizer.id, 2)
    for _ in range(4):
        results = run_together(app, [
            (lambda v=v: minutes.publish(code=event, user_id=organizer.id, version=v)) for v in (1, 2)
        ])
        assert outcomes(results) == ["ok", "ok"]
        with app.app_context():
            published = db.session.query(Minutes.version).filter(Minutes.published_at.is_not(None)).all()
        assert len(published) == 1
        with app.app_context():
            minutes.unpublish(code=event, user_id=organizer.id)
