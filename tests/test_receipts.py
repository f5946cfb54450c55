"""The asker's receipt: by the phone's session (/e/<code>/mine, /api/events/<code>/mine) and by the link it keeps
(/e/<code>/receipt/<key>, /api/receipts/<key>); what it reveals to nobody else; retention and deletion."""

import pytest
from helpers import api, assert_error, login, logout
from receipt_helpers import answer_in_writing, refer
from sqlalchemy import select

from townhall.extensions import db
from townhall.models import Event, Question
from townhall.models.followup import Receipt
from townhall.services import retention


def ask(phone, code, text, anonymous=False):
    response = api(phone, "POST", f"/api/events/{code}/questions", {"text": text, "anonymous": anonymous})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["question"]["id"]


def mine(phone, code):
    response = phone.get(f"/api/events/{code}/mine")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["receipt"]


def key_of(receipt) -> str:
    return receipt["link"].rsplit("/receipt/", 1)[1]


def receipts_stored(app) -> list[dict]:
    with app.app_context():
        return [{"event_id": r.event_id, "author_tag": r.author_tag, "key_hash": r.key_hash}
                for r in db.session.scalars(select(Receipt))]


def test_a_phone_reads_its_own_questions_and_gets_a_link_whose_key_is_stored_only_as_a_hash(app, event, join):
    phone, _ = join(event, "Pia Lindqvist")
    named = ask(phone, event, "Will the park have lights?")
    anonymous = ask(phone, event, "Who pays for the lights?", anonymous=True)
    assert receipts_stored(app) == []  # asking makes no receipt: opening it does

    receipt = mine(phone, event)
    assert [q["id"] for q in receipt["questions"]] == [named, anonymous]
    assert {q["status"] for q in receipt["questions"]} == {"Published"}
    assert [q["author"] for q in receipt["questions"]] == ["Pia Lindqvist", None]
    assert [s["kind"] for s in receipt["questions"][1]["history"]] == ["submit", "publish"]
    key = key_of(receipt)
    assert len(key) >= 22  # >= 128 bits
    [stored] = receipts_stored(app)
    assert key not in str(stored) and stored["key_hash"] != key
    assert mine(phone, event)["link"] == receipt["link"]  # the phone keeps its key: the same link
    assert len(receipts_stored(app)) == 1


def test_another_phone_and_a_fresh_browser_see_nothing_of_it(app, event, join, client):
    phone, _ = join(event, "Pia Lindqvist")
    ask(phone, event, "Will the park have lights?")
    key = key_of(mine(phone, event))
    neighbour, _ = join(event, "Noa")
    ask(neighbour, event, "Is the café staying?")

    theirs = mine(neighbour, event)
    assert [q["text"] for q in theirs["questions"]] == ["Is the café staying?"]
    assert key_of(theirs) != key
    page = neighbour.get(f"/e/{event}/mine").get_data(as_text=True)
    assert "Is the café staying?" in page and "Will the park have lights?" not in page and key not in page

    assert_error(client.get(f"/api/events/{event}/mine"), 401, "not_joined")
    response = client.get(f"/e/{event}/mine")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert 'data-testid="receipt-none"' in text and "has not joined" in text
    assert "Will the park have lights?" not in text
    # The room's snapshot never carries a receipt key.
    assert key not in client.get(f"/api/events/{event}/snapshot").get_data(as_text=True)
    assert key not in phone.get(f"/api/events/{event}/snapshot").get_data(as_text=True)


def test_the_kept_link_opens_the_receipt_anywhere_privately(app, event, join, client):
    phone, _ = join(event, "Pia Lindqvist")
    ask(phone, event, "Will the park have lights?")
    key = key_of(mine(phone, event))

    response = client.get(f"/e/{event}/receipt/{key}")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Will the park have lights?" in text and "My questions and answers" in text
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert '<meta name="robots" content="noindex, nofollow">' in text
    assert "<script>" not in text and "onclick" not in text
    as_json = client.get(f"/api/receipts/{key}")
    assert as_json.status_code == 200 and as_json.headers["Referrer-Policy"] == "no-referrer"
    assert [q["text"] for q in as_json.get_json()["receipt"]["questions"]] == ["Will the park have lights?"]
    assert "link" not in as_json.get_json()["receipt"]


@pytest.mark.parametrize("guess", ["x" * 32, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "a" * 300])
def test_a_guessed_key_is_a_404(app, event, join, client, guess):
    phone, _ = join(event)
    ask(phone, event, "Will the park have lights?")
    mine(phone, event)
    response = client.get(f"/e/{event}/receipt/{guess}")
    assert response.status_code == 404 and 'data-testid="error-page"' in response.get_data(as_text=True)
    assert "Will the park" not in response.get_data(as_text=True)
    assert_error(client.get(f"/api/receipts/{guess}"), 404, "receipt_not_found")


def test_a_key_under_another_events_code_is_a_404(app, event, join, client, make_event, organizer):
    phone, _ = join(event)
    ask(phone, event, "Will the park have lights?")
    key = key_of(mine(phone, event))
    other = make_event(organizer.id, title="Another meeting")
    assert client.get(f"/e/{other}/receipt/{key}").status_code == 404
    assert client.get(f"/e/{event}/receipt/{key}").status_code == 200


def test_an_anonymous_question_is_listed_for_its_asker_and_the_page_never_names_them(app, event, join, client):
    phone, _ = join(event, "Pia Lindqvist")
    question = ask(phone, event, "Who pays for the lights?", anonymous=True)
    answer_in_writing(app, question, "The council does.")
    receipt = mine(phone, event)
    [listed] = receipt["questions"]
    assert listed["anonymous"] is True and listed["author"] is None
    for page in (phone.get(f"/e/{event}/mine"), client.get(f"/e/{event}/receipt/{key_of(receipt)}")):
        text = page.get_data(as_text=True)
        assert "Who pays for the lights?" in text and "Asked anonymously" in text
        assert "Pia" not in text and "Lindqvist" not in text


def test_status_answer_and_history_in_plain_words_without_staff_names(app, event, join, organizer):
    phone, _ = join(event, "Pia Lindqvist")
    question = ask(phone, event, "Will the park have lights?")
    refer(app, question, office="Planning", user_id=organizer.id)
    with app.app_context():
        from townhall.models import Followup
        due = db.session.get(Followup, question).due_on
    [referred] = mine(phone, event)["questions"]
    assert referred["status"] == f"Referred to Planning, due {due.day} {due.strftime('%b')} {due.year}"
    assert referred["answer"] is None and referred["can_give_verdict"] is False

    answer_in_writing(app, question, "The lights go up in March.", user_id=organizer.id, refer_first=False)
    [answered] = mine(phone, event)["questions"]
    assert answered["status"] == "Answered in writing"
    assert answered["answer"]["kind"] == "writing" and answered["answer"]["text"] == "The lights go up in March."
    assert answered["can_give_verdict"] is True
    steps = answered["history"]
    assert [s["kind"] for s in steps] == ["submit", "publish", "refer", "answer_in_writing"]
    assert [s["actor_label"] for s in steps[2:]] == ["The event's team", "Office"]
    assert steps[2]["office"] == "Planning" and steps[2]["due_on"] == due.isoformat()
    assert all("actor_name" not in s for s in steps)
    page = phone.get(f"/e/{event}/mine").get_data(as_text=True)
    assert "The lights go up in March." in page and "Olga" not in page and "Organizer" not in page


def test_closed_and_rejected_questions_say_why(app, event, join, moderator):
    phone, _ = join(event)
    question = ask(phone, event, "Will the park have lights?")
    response = api(moderator, "POST", f"/api/events/{event}/questions/{question}/hide",
                   {"reason": "off_topic"})
    assert response.status_code == 200, response.get_data(as_text=True)
    [rejected] = mine(phone, event)["questions"]
    assert rejected["status"] == "Not published: off topic"


def test_retention_keeps_a_kept_link_working_and_forgets_askers_without_one(app, event, join, client):
    phone, _ = join(event, "Pia Lindqvist")
    question = ask(phone, event, "Will the park have lights?")
    key = key_of(mine(phone, event))
    other, _ = join(event, "Noa")
    theirs = ask(other, event, "Is the café staying?")

    with app.app_context():
        event_id = db.session.scalar(select(Event.id).filter_by(code=event))
    with app.app_context():
        assert retention.forget(event_id=event_id) == 2
    with app.app_context():
        assert db.session.get(Question, theirs).author_tag is None  # no receipt: forgotten as before
        assert db.session.get(Question, question).attendee_id is None
        assert db.session.get(Question, question).author_name is None

    response = client.get(f"/api/receipts/{key}")
    assert response.status_code == 200
    assert [q["text"] for q in response.get_json()["receipt"]["questions"]] == ["Will the park have lights?"]
    assert "Will the park have lights?" in client.get(f"/e/{event}/receipt/{key}").get_data(as_text=True)
    # The phone itself, its identity deleted, still finds the receipt it opened, with the same link.
    assert mine(phone, event)["link"].endswith(key)
    assert_error(other.get(f"/api/events/{event}/mine"), 401, "not_joined")


def test_deleting_the_event_deletes_its_receipts(app, event, join, moderator, client):
    phone, _ = join(event)
    ask(phone, event, "Will the park have lights?")
    key = key_of(mine(phone, event))
    assert len(receipts_stored(app)) == 1
    response = api(moderator, "DELETE", f"/api/events/{event}", {"confirm": event})
    assert response.status_code == 204, response.get_data(as_text=True)
    assert receipts_stored(app) == []
    assert_error(client.get(f"/api/receipts/{key}"), 404, "receipt_not_found")


def test_a_session_that_lost_its_key_gets_a_new_link_and_the_old_one_stops_working(app, event, join, client):
    phone, _ = join(event)
    ask(phone, event, "Will the park have lights?")
    old = key_of(mine(phone, event))
    with phone.session_transaction() as session:
        session.pop("receipts")
    new = key_of(mine(phone, event))
    assert new != old and len(receipts_stored(app)) == 1
    assert client.get(f"/e/{event}/receipt/{old}").status_code == 404
    assert client.get(f"/e/{event}/receipt/{new}").status_code == 200


def test_logging_in_and_out_on_the_phone_keeps_its_link(app, event, join, organizer):
    phone, _ = join(event)
    ask(phone, event, "Will the park have lights?")
    link = mine(phone, event)["link"]
    assert login(phone, organizer.email).status_code == 302
    assert mine(phone, event)["link"] == link
    logout(phone)
    assert mine(phone, event)["link"] == link
