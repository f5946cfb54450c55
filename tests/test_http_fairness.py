"""The fairness of the queue over HTTP and the socket: skip_reason with answering (accepted, recorded,
refused with a JSON error when wrong, nothing stored), GET /api/events/<code>/fairness (the team only), and
the asker key only in the moderators' view of a question."""
import pytest
from helpers import api, assert_error

from townhall.extensions import db
from townhall.models import Question, QueueSkip


def ask(client, code, text):
    response = api(client, "POST", f"/api/events/{code}/questions", {"text": text})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["question"]["id"]


@pytest.fixture
def queue(app, event, join):
    """Two questions of one phone (4 and 2 votes) and one of another (1 vote)."""
    phone, _ = join(event, name="Ana Lima")
    other, _ = join(event, name="Ben")
    ids = [ask(phone, event, "Ana's popular question?"), ask(phone, event, "Ana's second question?"),
           ask(other, event, "Ben's question?")]
    with app.app_context():
        for qid, votes in zip(ids, (4, 2, 1), strict=True):
            db.session.get(Question, qid).vote_count = votes
        db.session.commit()
    return ids


def stored_skips(app):
    with app.app_context():
        return [(s.chosen_id, s.passed_over_id, s.passed_over_count, s.reason) for s in db.session.query(QueueSkip)]


def test_answering_with_a_reason_records_the_skip_and_the_figures_show_it(app, event, moderator, queue):
    top, second, low = queue
    response = api(moderator, "POST", f"/api/events/{event}/questions/{low}/answering",
                   {"skip_reason": "Time-sensitive"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["question"]["progress"] == "answering"
    assert stored_skips(app) == [(low, top, 2, "Time-sensitive")]

    figures = moderator.get(f"/api/events/{event}/fairness")
    assert figures.status_code == 200
    skips = figures.get_json()["fairness"]["skips"]
    assert (skips["count"], skips["on_floor"]) == (1, 1)
    assert skips["items"][0]["passed_over"] == {"id": top, "text": "Ana's popular question?", "status": "published"}
    assert skips["items"][0]["reason"] == "Time-sensitive"


def test_answering_without_a_body_still_works_and_records_an_empty_reason(app, event, moderator, queue):
    response = api(moderator, "POST", f"/api/events/{event}/questions/{queue[1]}/answering")
    assert response.status_code == 200
    assert stored_skips(app) == [(queue[1], queue[0], 1, "")]


@pytest.mark.parametrize(("action", "body", "code"), [
    ("answering", {"skip_reason": "x" * 201}, "too_long"),
    ("answering", {"skip_reason": 7}, "invalid_input"),
    ("answering", {"skip_reason": "ok", "why": "unknown field"}, None),
    ("answered", {"skip_reason": "Time-sensitive"}, "skip_reason_not_allowed"),
])
def test_a_bad_skip_reason_is_a_400_and_nothing_changes(app, event, moderator, queue, action, body, code):
    response = api(moderator, "POST", f"/api/events/{event}/questions/{queue[2]}/{action}", body)
    error = assert_error(response, 400, code)
    if code != "invalid_input" and code is not None:
        assert error.get("field") == "skip_reason", error
    assert stored_skips(app) == []
    with app.app_context():
        assert db.session.get(Question, queue[2]).progress == "open"


def test_only_the_team_reads_the_figures(app, event, join, queue):
    phone, _ = join(event, name="Curious")
    assert_error(phone.get(f"/api/events/{event}/fairness"), 401)
    assert_error(app.test_client().get(f"/api/events/{event}/fairness"), 401)
    assert_error(app.test_client().get("/api/events/NOSUCHCODE/fairness"), 401)


def test_the_asker_key_is_for_moderators_only(app, event, join, moderator, queue):
    snapshot = moderator.get(f"/api/events/{event}/snapshot?view=moderator").get_json()
    keys = {q["id"]: q["asker"] for q in snapshot["questions"]}
    assert keys[queue[0]] == keys[queue[1]] != keys[queue[2]]
    assert all(isinstance(k, str) and len(k) == 12 for k in keys.values())
    phone, _ = join(event, name="Dee")
    for q in phone.get(f"/api/events/{event}/snapshot").get_json()["questions"]:
        assert "asker" not in q
    # An anonymous question gets no key: it would tie it to the same phone's named questions.
    named = api(phone, "POST", f"/api/events/{event}/questions",
                {"text": "Named, from Dee"}).get_json()["question"]["id"]
    hidden = api(phone, "POST", f"/api/events/{event}/questions",
                 {"text": "Quietly, from Dee", "anonymous": True}).get_json()["question"]["id"]
    keys = {q["id"]: q["asker"] for q in moderator.get(f"/api/events/{event}/snapshot?view=moderator").get_json()[
        "questions"]}
    assert isinstance(keys[named], str) and keys[hidden] is None


def test_the_socket_takes_the_skip_reason_and_refuses_a_long_one(app, event, room, queue):
    moderators = room.moderators
    ack = moderators.emit("question:moderate", {"question_id": queue[2], "action": "answering",
                                                "skip_reason": "y" * 201})
    assert ack["ok"] is False and ack["error"]["code"] == "too_long"
    assert stored_skips(app) == []
    ack = moderators.emit("question:moderate", {"question_id": queue[2], "action": "answering",
                                                "skip_reason": "Asked earlier in writing"})
    assert ack["ok"] is True and ack["data"]["progress"] == "answering"
    assert stored_skips(app) == [(queue[2], queue[0], 2, "Asked earlier in writing")]


def test_an_organizer_of_another_event_is_refused(app, event, make_organizer, login_client, queue):
    make_organizer(email="stranger@example.com", name="Stranger")
    stranger = login_client("stranger@example.com")
    assert_error(stranger.get(f"/api/events/{event}/fairness"), 403)
