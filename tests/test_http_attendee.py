"""A phone over HTTP: join, ask, vote and unvote through the JSON API, with CSRF on."""
import pytest
from helpers import api, assert_error, csrf_token, question_row

from townhall.extensions import db
from townhall.models import Attendee, Question, Vote


def count(app, model) -> int:
    with app.app_context():
        return db.session.query(model).count()


def test_join_sets_the_cookie_and_returns_a_snapshot(app, client, event):
    response = api(client, "POST", f"/api/events/{event}/join", {"name": "Ana"})
    assert response.status_code == 201
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only
    body = response.get_json()
    assert body["event"]["code"] == event and body["seq"] == 0 and body["questions"] == []
    assert body["me"] == {"id": body["me"]["id"], "name": "Ana", "mine": [], "voted": [], "own": [], "polls_voted": [],
                          "banned": False}
    assert body["polls"] == []
    # the cookie identifies the phone on the next request
    snapshot = client.get(f"/api/events/{event}/snapshot").get_json()
    assert snapshot["me"]["id"] == body["me"]["id"]
    assert app.test_client().get(f"/api/events/{event}/snapshot").get_json()["me"] is None


def test_joining_again_from_the_same_phone_keeps_one_identity_and_one_vote(app, join, event, make_question):
    phone, attendee_id = join(event)
    question = make_question(event)
    assert api(phone, "POST", f"/api/events/{event}/questions/{question}/vote").status_code == 200
    again = api(phone, "POST", f"/api/events/{event}/join", {})
    assert again.status_code == 200
    assert again.get_json()["me"]["id"] == attendee_id and again.get_json()["me"]["voted"] == [question]
    assert_error(api(phone, "POST", f"/api/events/{event}/questions/{question}/vote"), 409, "already_voted")
    assert count(app, Attendee) == 2 and question_row(app, question)["vote_count"] == 1


def test_join_with_lowercase_code(client, event):
    assert api(client, "POST", f"/api/events/{event.lower()}/join").status_code == 201


def test_join_requires_name_when_the_event_asks_for_it(app, client, organizer, make_event):
    code = make_event(organizer.id, names_required=True)
    error = assert_error(api(client, "POST", f"/api/events/{code}/join", {}), 400, "empty")
    assert error["field"] == "name"
    assert count(app, Attendee) == 0
    assert api(client, "POST", f"/api/events/{code}/join", {"name": "Ana"}).status_code == 201


def test_join_closed_or_unknown_event(app, client, organizer, make_event):
    closed = make_event(organizer.id, is_open=False)
    assert_error(api(client, "POST", f"/api/events/{closed}/join"), 409, "event_closed")
    assert_error(api(client, "POST", "/api/events/NOPE2345/join"), 404, "event_not_found")
    assert count(app, Attendee) == 0


def test_join_without_csrf_token_is_refused(app, client, event):
    error = assert_error(api(client, "POST", f"/api/events/{event}/join", {"name": "Ana"}, csrf=False), 400,
                         "csrf_failed")
    assert "security token" in error["message"] and "nothing was changed" in error["message"]
    assert count(app, Attendee) == 0


def test_ask_vote_unvote_round_trip(app, event, join):
    asker, _ = join(event)
    voter, _ = join(event)
    response = api(asker, "POST", f"/api/events/{event}/questions", {"text": "Is the pool reopening?"})
    assert response.status_code == 201
    question = response.get_json()["question"]
    assert (question["text"], question["votes"], question["mine"]) == ("Is the pool reopening?", 0, True)
    url = f"/api/events/{event}/questions/{question['id']}/vote"
    assert api(voter, "POST", url).get_json() == {"id": question["id"], "votes": 1, "voted": True}
    assert_error(api(voter, "POST", url), 409, "already_voted")
    assert_error(api(asker, "POST", url), 403, "own_question")
    assert voter.get(f"/api/events/{event}/snapshot").get_json()["me"]["voted"] == [question["id"]]
    assert api(voter, "DELETE", url).get_json() == {"id": question["id"], "votes": 0, "voted": False}
    assert_error(api(voter, "DELETE", url), 409, "not_voted")
    assert question_row(app, question["id"])["vote_count"] == 0


def test_writes_without_csrf_token_are_refused_and_store_nothing(app, event, join, make_question):
    phone, _ = join(event)
    qid = make_question(event)
    assert_error(api(phone, "POST", f"/api/events/{event}/questions", {"text": "Sneaky"}, csrf=False), 400,
                 "csrf_failed")
    assert_error(api(phone, "POST", f"/api/events/{event}/questions/{qid}/vote", csrf=False), 400, "csrf_failed")
    assert_error(phone.post(f"/api/events/{event}/questions/{qid}/vote", headers={"X-CSRFToken": "forged"}), 400,
                 "csrf_failed")
    assert count(app, Question) == 1 and count(app, Vote) == 0
    api(phone, "POST", f"/api/events/{event}/questions/{qid}/vote")
    assert_error(api(phone, "DELETE", f"/api/events/{event}/questions/{qid}/vote", csrf=False), 400, "csrf_failed")
    assert count(app, Vote) == 1


def test_csrf_token_of_another_session_is_refused(app, event, join):
    phone, _ = join(event)
    other, _ = join(event)
    response = phone.post(f"/api/events/{event}/questions", json={"text": "Hi"},
                          headers={"X-CSRFToken": csrf_token(other)})
    assert_error(response, 400, "csrf_failed")
    assert count(app, Question) == 0


def test_ask_without_joining(app, client, event):
    assert_error(api(client, "POST", f"/api/events/{event}/questions", {"text": "Hello?"}), 401, "not_joined")
    assert count(app, Question) == 0


def test_cookie_of_one_event_does_not_count_for_another(app, organizer, event, join, make_event):
    phone, _ = join(event)
    other = make_event(organizer.id)
    assert_error(api(phone, "POST", f"/api/events/{other}/questions", {"text": "Hello?"}), 401, "not_joined")


@pytest.mark.parametrize(
    "payload, status, code",
    [
        ({"text": "x" * 301}, 400, "too_long"),
        ({"text": "   "}, 400, "empty"),
        ({}, 400, "empty"),
        ({"text": 42}, 400, "invalid_input"),
        ({"text": "ok", "anonymous": "yes"}, 400, "invalid_input"),
        ([1, 2], 400, "invalid_json"),
        ("just a string", 400, "invalid_json"),
    ],
)
def test_invalid_questions_are_refused(app, event, attendee, payload, status, code):
    phone, _ = attendee
    assert_error(api(phone, "POST", f"/api/events/{event}/questions", payload), status, code)
    assert count(app, Question) == 0


def test_body_that_is_not_json(app, event, attendee):
    phone, _ = attendee
    response = phone.post(f"/api/events/{event}/questions", data="text=hello", content_type="application/json",
                          headers={"X-CSRFToken": csrf_token(phone)})
    assert_error(response, 400, "invalid_json")
    assert count(app, Question) == 0


def test_anonymous_question_over_http_carries_no_name(app, event, join):
    phone, _ = join(event, name="Ana Lima")
    question = api(phone, "POST", f"/api/events/{event}/questions", {"text": "Anon?", "anonymous": True}).get_json()
    assert question["question"]["author"] is None
    public = app.test_client().get(f"/api/events/{event}/snapshot").get_json()
    assert "Ana Lima" not in str(public)
    assert phone.get(f"/api/events/{event}/snapshot").get_json()["me"]["mine"] == [question["question"]["id"]]


def test_script_text_comes_back_verbatim_as_json_text(app, event, attendee):
    phone, _ = attendee
    text = '<script>alert(1)</script> & "quotes"'
    response = api(phone, "POST", f"/api/events/{event}/questions", {"text": text})
    assert response.mimetype == "application/json"
    assert response.get_json()["question"]["text"] == text
    snapshot = app.test_client().get(f"/api/events/{event}/snapshot")
    assert snapshot.mimetype == "application/json"
    assert snapshot.get_json()["questions"][0]["text"] == text


def test_unknown_event_and_question(client, event, attendee):
    phone, _ = attendee
    assert_error(client.get("/api/events/NOPE2345"), 404, "event_not_found")
    assert_error(client.get("/api/events/NOPE2345/snapshot"), 404, "event_not_found")
    assert_error(api(phone, "POST", f"/api/events/{event}/questions/999/vote"), 404, "question_not_found")
    assert_error(client.get("/api/no-such-thing"), 404, "not_found")
    assert_error(api(client, "PUT", f"/api/events/{event}"), 405, "method_not_allowed")


def test_the_document_lists_the_200_of_joining_again(client):
    responses = client.get("/api/openapi.json").get_json()["paths"]["/api/events/{code}/join"]["post"]["responses"]
    assert {"200", "201"} <= set(responses)
    assert responses["200"]["content"] == responses["201"]["content"]
