"""Idempotency keys: a phone's retry after a lost answer (a dropped connection) never stores a second
question or counts a vote twice; it gets the same answer. Over HTTP (what the phone page uses) and the socket."""
import base64
import os
import uuid

import pytest
from helpers import api, assert_error, question_row

from townhall.extensions import db
from townhall.models import Question, Vote


def stored(app, model) -> int:
    with app.app_context():
        return db.session.query(model).count()


def key() -> str:
    return base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()


@pytest.mark.parametrize("anonymous", [False, True])
def test_a_question_sent_twice_with_one_key_is_stored_once_and_answered_the_same(app, event, join, anonymous):
    asker, _ = join(event)
    body = {"text": "Will the library open on Sundays?", "anonymous": anonymous, "idempotency_key": key()}
    first = api(asker, "POST", f"/api/events/{event}/questions", body)
    again = api(asker, "POST", f"/api/events/{event}/questions", body)
    assert first.status_code == again.status_code == 201
    assert again.get_json()["question"] == first.get_json()["question"]
    assert first.get_json()["question"]["mine"] is True
    assert stored(app, Question) == 1
    # the key is never shown: not in the answer, not in the room's snapshot
    assert body["idempotency_key"] not in again.get_data(as_text=True)
    assert body["idempotency_key"] not in asker.get(f"/api/events/{event}/snapshot").get_data(as_text=True)


def test_different_keys_and_no_key_are_different_questions(app, event, join):
    asker, _ = join(event)
    url = f"/api/events/{event}/questions"
    ids = {api(asker, "POST", url, {"text": "Same words?", "idempotency_key": str(uuid.uuid4())}).get_json()
           ["question"]["id"] for _ in range(2)}
    ids |= {api(asker, "POST", url, {"text": "Same words?"}).get_json()["question"]["id"] for _ in range(2)}
    assert len(ids) == 4 and stored(app, Question) == 4


def test_one_phones_key_is_not_another_phones(app, event, join):
    """The key is remembered per asking phone: another phone sending the same key asks its own question."""
    shared = key()
    first = api(join(event)[0], "POST", f"/api/events/{event}/questions", {"text": "A?", "idempotency_key": shared})
    second = api(join(event)[0], "POST", f"/api/events/{event}/questions", {"text": "B?", "idempotency_key": shared})
    assert first.get_json()["question"]["id"] != second.get_json()["question"]["id"]
    assert second.get_json()["question"]["text"] == "B?" and stored(app, Question) == 2


@pytest.mark.parametrize("bad", ["short", "x" * 65, "has space in it!!", "ключ-ключ-ключ-ключ", 12345678901234567,
                                 None])
def test_a_bad_key_is_refused_and_stores_nothing(app, event, join, make_question, bad):
    asker, _ = join(event)
    body = {"text": "Fine text?", "idempotency_key": bad}
    if bad is None:  # null: no key
        assert api(asker, "POST", f"/api/events/{event}/questions", body).status_code == 201
        return
    error = assert_error(api(asker, "POST", f"/api/events/{event}/questions", body), 400, "invalid_input")
    assert error["field"] == "idempotency_key"
    qid = make_question(event, "Another?")
    before = stored(app, Question)
    voter, _ = join(event)
    assert_error(api(voter, "POST", f"/api/events/{event}/questions/{qid}/vote", {"idempotency_key": bad}), 400,
                 "invalid_input")
    assert stored(app, Question) == before and stored(app, Vote) == 0


def test_a_vote_retried_with_its_key_counts_once_and_answers_the_same(app, event, join, make_question):
    qid = make_question(event, "More buses at night?")
    voter, _ = join(event)
    url = f"/api/events/{event}/questions/{qid}/vote"
    tap = {"idempotency_key": key()}
    assert api(voter, "POST", url, tap).get_json() == {"id": qid, "votes": 1, "voted": True}
    assert api(voter, "POST", url, tap).get_json() == {"id": qid, "votes": 1, "voted": True}  # the retry
    assert question_row(app, qid)["vote_count"] == 1 and stored(app, Vote) == 1
    untap = {"idempotency_key": key()}
    assert api(voter, "DELETE", url, untap).get_json() == {"id": qid, "votes": 0, "voted": False}
    assert api(voter, "DELETE", url, untap).get_json() == {"id": qid, "votes": 0, "voted": False}
    assert question_row(app, qid)["vote_count"] == 0 and stored(app, Vote) == 0
    # without a key, a repeat is still told what it is
    api(voter, "POST", url)
    assert_error(api(voter, "POST", url), 409, "already_voted")


def test_over_the_socket_too(app, event, join, connect, make_question):
    phone = connect(join(event)[0], event)
    ask = {"text": "Can the market stay open later?", "idempotency_key": key()}
    first, again = phone.emit("question:ask", ask), phone.emit("question:ask", ask)
    assert first["ok"] and again == first
    assert stored(app, Question) == 1
    qid = make_question(event, "Will the pool reopen?")
    tap = {"question_id": qid, "idempotency_key": key()}
    assert phone.emit("question:vote", tap) == {"ok": True, "data": {"id": qid, "votes": 1, "voted": True}}
    assert phone.emit("question:vote", tap) == {"ok": True, "data": {"id": qid, "votes": 1, "voted": True}}
    assert question_row(app, qid)["vote_count"] == 1 and stored(app, Vote) == 1
    untap = {"question_id": qid, "idempotency_key": key()}
    assert phone.emit("question:unvote", untap)["data"] == {"id": qid, "votes": 0, "voted": False}
    assert phone.emit("question:unvote", untap)["data"] == {"id": qid, "votes": 0, "voted": False}
    assert question_row(app, qid)["vote_count"] == 0 and stored(app, Vote) == 0
    refused = phone.emit("question:vote", {"question_id": qid, "idempotency_key": "no"})
    assert refused["ok"] is False and refused["error"]["code"] == "invalid_input"
    assert stored(app, Vote) == 0


def test_forgetting_the_events_identities_forgets_the_keys(app, event, join):
    from townhall.models import Event
    from townhall.services import retention

    asker, _ = join(event)
    sent = {"text": "Kept after the meeting?", "idempotency_key": key()}
    qid = api(asker, "POST", f"/api/events/{event}/questions", sent).get_json()["question"]["id"]
    with app.app_context():
        retention.forget(event_id=db.session.query(Event).filter_by(code=event).one().id)
        row = db.session.get(Question, qid)
        assert row.client_key is None and row.text == "Kept after the meeting?"
