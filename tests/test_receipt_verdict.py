"""The asker's verdict on a written answer: yes / partly / no with an optional short follow-up, once, from the
phone or the kept link; refused before a written answer and for another asker's question."""
import pytest
from helpers import api, assert_error, question_row
from receipt_helpers import answer_in_writing, refer
from sqlalchemy import select

from townhall.contracts import replies as r
from townhall.extensions import db
from townhall.models import Followup, LedgerEntry


def ask(phone, code, text="Will the park have lights?", anonymous=False):
    response = api(phone, "POST", f"/api/events/{code}/questions", {"text": text, "anonymous": anonymous})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["question"]["id"]


def verdict_url(code, question_id):
    return f"/api/events/{code}/mine/questions/{question_id}/feedback"


def stored(app, question_id) -> dict:
    with app.app_context():
        followup = db.session.get(Followup, question_id)
        kinds = list(db.session.scalars(select(LedgerEntry.kind).filter_by(question_id=question_id)
                                        .order_by(LedgerEntry.id)))
        return {"feedback": followup and followup.feedback, "text": followup and followup.feedback_text,
                "at": followup and followup.feedback_at, "kinds": kinds,
                "notes": list(db.session.scalars(select(LedgerEntry.note).filter_by(question_id=question_id,
                                                                                    kind="feedback")))}


@pytest.fixture
def answered(app, event, join):
    """(phone, question id): a question its phone asked, answered in writing."""
    phone, _ = join(event, "Pia Lindqvist")
    question = ask(phone, event)
    answer_in_writing(app, question, "The lights go up in March.")
    return phone, question


def test_the_asker_says_partly_once_and_it_is_recorded(app, event, answered):
    phone, question = answered
    response = api(phone, "POST", verdict_url(event, question), {"verdict": "partly", "text": "  Which March?  "})
    assert response.status_code == 200, response.get_data(as_text=True)
    given = response.get_json()["question"]
    assert given["verdict"]["verdict"] == "partly" and given["verdict"]["text"] == "Which March?"
    assert given["can_give_verdict"] is False and given["state"] == "answered_in_writing"
    after = stored(app, question)
    assert after["feedback"] == "partly" and after["text"] == "Which March?" and after["at"] is not None
    assert after["kinds"][-1] == "feedback" and after["notes"] == ["partly"]  # the text stays off the ledger
    assert question_row(app, question)["ledger_state"] == "answered_in_writing"

    again = api(phone, "POST", verdict_url(event, question), {"verdict": "yes"})
    assert_error(again, 409, "feedback_given")
    assert stored(app, question) == after
    page = phone.get(f"/e/{event}/mine").get_data(as_text=True)
    assert "Which March?" in page and 'data-testid="verdict-form"' not in page


def test_the_kept_link_gives_the_verdict_too(app, event, answered, client):
    phone, question = answered
    key = phone.get(f"/api/events/{event}/mine").get_json()["receipt"]["link"].rsplit("/", 1)[1]
    assert 'data-testid="verdict-form"' in client.get(f"/e/{event}/receipt/{key}").get_data(as_text=True)
    response = api(client, "POST", f"/api/receipts/{key}/questions/{question}/feedback", {"verdict": "no"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert stored(app, question)["feedback"] == "no"
    assert_error(api(phone, "POST", verdict_url(event, question), {"verdict": "yes"}), 409, "feedback_given")
    assert_error(api(client, "POST", f"/api/receipts/{'x' * 32}/questions/{question}/feedback", {"verdict": "no"}),
                 404, "receipt_not_found")


def test_no_verdict_before_a_written_answer(app, event, join):
    phone, _ = join(event)
    question = ask(phone, event)
    assert_error(api(phone, "POST", verdict_url(event, question), {"verdict": "yes"}), 409, "not_answered")
    refer(app, question)
    before = stored(app, question)
    assert_error(api(phone, "POST", verdict_url(event, question), {"verdict": "yes"}), 409, "not_answered")
    assert stored(app, question) == before and before["feedback"] is None


def test_someone_elses_question_is_not_found(app, event, answered, join):
    _phone, question = answered
    neighbour, _ = join(event)
    ask(neighbour, event, "Is the café staying?")
    assert_error(api(neighbour, "POST", verdict_url(event, question), {"verdict": "no"}), 404, "question_not_found")
    assert_error(api(neighbour, "POST", verdict_url(event, 999999), {"verdict": "no"}), 404, "question_not_found")
    assert stored(app, question)["feedback"] is None


@pytest.mark.parametrize(("body", "field"), [
    ({"verdict": "maybe"}, "verdict"),
    ({}, "verdict"),
    ({"verdict": "yes", "text": "x" * 501}, "text"),
    ({"verdict": "yes", "text": 5}, "text"),
    ({"verdict": "yes", "attendee_id": 1}, "attendee_id"),
    ({"verdict": "yes", "mood": "fine"}, "mood"),
])
def test_a_bad_verdict_is_refused_and_changes_nothing(app, event, answered, body, field):
    phone, question = answered
    before = stored(app, question)
    error = assert_error(api(phone, "POST", verdict_url(event, question), body), 400)
    assert error.get("field") == field
    assert stored(app, question) == before


def test_a_write_without_the_csrf_header_is_refused(app, event, answered):
    phone, question = answered
    response = api(phone, "POST", verdict_url(event, question), {"verdict": "yes"}, csrf=False)
    assert response.status_code == 400
    assert stored(app, question)["feedback"] is None


def test_a_phone_that_never_joined_gives_no_verdict(app, event, answered, client):
    _phone, question = answered
    assert_error(api(client, "POST", verdict_url(event, question), {"verdict": "yes"}), 401, "not_joined")


def test_the_answers_fit_their_reply_models(app, event, answered, client):
    phone, question = answered
    receipt = r.Receipt.model_validate(phone.get(f"/api/events/{event}/mine").get_json()["receipt"])
    assert receipt.link and receipt.questions[0].answer.kind == "writing"
    key = receipt.link.rsplit("/", 1)[1]
    by_key = r.Receipt.model_validate(client.get(f"/api/receipts/{key}").get_json()["receipt"])
    assert by_key.link is None and by_key.questions[0].history[-1].kind == "answer_in_writing"
    given = api(phone, "POST", verdict_url(event, question), {"verdict": "yes"}).get_json()["question"]
    assert r.MyQuestion.model_validate(given).verdict.verdict == "yes"
