"""Counts among verified and in-room phones: who sees them (moderators always; the projector and the
room with the event's show_trusted_counts), what the minutes print in every format, and the poll
setting `voters` (checked like every other field)."""
from datetime import timedelta

import pytest
from helpers import api, assert_error
from readers import docx_text, flat, pdf_text

from townhall.exports import docx, html, markdown, pdf
from townhall.extensions import db
from townhall.models import Attendee, Poll, utcnow
from townhall.models.statuses import JoinedWith
from townhall.services import minutes_record

CHOICES = ["Yes", "No"]


def _mark(app, ids, *, in_room=False, verified=False):
    with app.app_context():
        for attendee in db.session.scalars(db.select(Attendee).where(Attendee.id.in_(ids))):
            attendee.joined_at = utcnow() - timedelta(hours=1)
            attendee.in_room_at = utcnow() if in_room else None
            attendee.joined_with = JoinedWith.CODE if verified else JoinedWith.OPEN
        db.session.commit()


def _poll(moderator, code, **fields) -> int:
    body = {"kind": "yesno", "question": "Close the river road on Sundays?", **fields}
    response = api(moderator, "POST", f"/api/events/{code}/polls", body)
    assert response.status_code == 201, response.get_data(as_text=True)
    poll_id = response.get_json()["poll"]["id"]
    assert api(moderator, "POST", f"/api/events/{code}/polls/{poll_id}/open").status_code == 200
    return poll_id


def _ballot(phone, code, poll_id, choice):
    response = api(phone, "POST", f"/api/events/{code}/polls/{poll_id}/ballot", {"answer": {"choice": choice}})
    assert response.status_code == 200, response.get_data(as_text=True)


@pytest.fixture
def meeting(app, event, moderator, join, make_question):
    """Six phones: two in the room (one of them verified) vote No, four remote ones vote Yes; all six
    upvote one question."""
    phones = [join(event) for _ in range(6)]
    _mark(app, [phones[0][1]], in_room=True, verified=True)
    _mark(app, [phones[1][1]], in_room=True)
    question_id = make_question(event)
    poll_id = _poll(moderator, event)
    for i, (phone, _aid) in enumerate(phones):
        assert api(phone, "POST", f"/api/events/{event}/questions/{question_id}/vote").status_code == 200
        _ballot(phone, event, poll_id, 1 if i < 2 else 0)
    return question_id, poll_id, phones


def test_moderators_always_see_the_counts_the_room_only_with_the_setting(app, event, moderator, meeting):
    question_id, poll_id, ((phone, _aid), *_rest) = meeting
    view = api(moderator, "GET", f"/api/events/{event}/polls/{poll_id}").get_json()["poll"]
    assert view["among"] == {"verified": {"ballots": 1, "results": {"counts": [0, 1, 0]}},
                             "in_room": {"ballots": 2, "results": {"counts": [0, 2, 0]}}}
    assert view["voters"] == "everyone" and view["suspicious"] is None
    snapshot = moderator.get(f"/api/events/{event}/snapshot?view=moderator").get_json()
    question = next(q for q in snapshot["questions"] if q["id"] == question_id)
    assert (question["votes"], question["trust"]) == (6, {"verified": 1, "in_room": 2})

    def room_poll():
        return next(p for p in app.test_client().get(f"/api/events/{event}/snapshot").get_json()["polls"]
                    if p["id"] == poll_id)

    assert room_poll()["among"] is None and "suspicious" not in room_poll()
    assert api(phone, "GET", f"/api/events/{event}/polls/{poll_id}").get_json()["poll"]["among"] is None
    response = api(moderator, "PATCH", f"/api/events/{event}", {"show_trusted_counts": True})
    assert response.status_code == 200 and response.get_json()["event"]["show_trusted_counts"] is True
    assert room_poll()["among"]["in_room"] == {"ballots": 2, "results": {"counts": [0, 2, 0]}}
    assert api(phone, "GET", f"/api/events/{event}/polls/{poll_id}").get_json()["poll"]["among"]["verified"][
        "ballots"] == 1


def test_the_minutes_print_both_counts_in_every_format_when_the_in_room_qr_was_used(app, event, meeting):
    question_id, poll_id, _phones = meeting
    with app.app_context():
        event_id = db.session.scalar(db.select(Poll.event_id).where(Poll.id == poll_id))
        doc = minutes_record.document(event_id)
        rendered = [markdown.render(doc), html.render(doc), pdf_text(pdf.render(doc)), docx_text(docx.render(doc))]
    question = next(q for q in doc["unanswered"]["questions"] if q["id"] == question_id)
    assert question["trust"] == {"verified": 1, "in_room": 2}
    (poll,) = doc["general"]["polls"]
    assert poll["among"]["in_room"]["ballots"] == 2
    expected = "among 2 in-room phones: No 100% · among 1 verified phone: No 100%"
    assert poll["summary"].endswith(expected)
    for text in map(flat, rendered):
        assert expected in text
        assert any(words in text for words in ("6 (2 in the room, 1 verified)",  # Markdown
                                               ">2 in the room · 1 verified<",  # the web page
                                               "6 2 in room 1 verified"))  # PDF, Word: three lines in the cell


def test_minutes_of_an_open_event_that_used_no_verification_show_the_total_only(app, event, moderator, join,
                                                                               make_question):
    phone, _aid = join(event)
    question_id = make_question(event)
    poll_id = _poll(moderator, event)
    api(phone, "POST", f"/api/events/{event}/questions/{question_id}/vote")
    _ballot(phone, event, poll_id, 0)
    with app.app_context():
        event_id = db.session.scalar(db.select(Poll.event_id).where(Poll.id == poll_id))
        doc = minutes_record.document(event_id)
    (question,) = doc["unanswered"]["questions"]
    assert "trust" not in question
    (poll,) = doc["general"]["polls"]
    assert "among" not in poll and "among" not in poll["summary"]


def test_a_confidential_poll_withholds_a_group_below_its_threshold(app, event, moderator, join):
    poll_id = _poll(moderator, event, confidential=True, k_threshold=3)
    phones = [join(event) for _ in range(4)]
    _mark(app, [aid for _phone, aid in phones[:1]], in_room=True)
    for phone, _aid in phones:
        _ballot(phone, event, poll_id, 0)
    among = api(moderator, "GET", f"/api/events/{event}/polls/{poll_id}").get_json()["poll"]["among"]
    assert among["in_room"] == {"ballots": 1, "results": {"suppressed": True}}  # 1 < k: no numbers
    assert among["verified"] == {"ballots": 0, "results": {"suppressed": True}}


def test_a_confidential_poll_withholds_a_group_that_leaves_out_fewer_than_k_ballots(app, event, moderator, join):
    """Four of five ballots in the room: the room's counts beside the total would show the fifth one's."""
    poll_id = _poll(moderator, event, confidential=True, k_threshold=3)
    phones = [join(event) for _ in range(5)]
    _mark(app, [aid for _phone, aid in phones[:4]], in_room=True)
    for i, (phone, _aid) in enumerate(phones):
        _ballot(phone, event, poll_id, 0 if i < 4 else 1)
    poll = api(moderator, "GET", f"/api/events/{event}/polls/{poll_id}").get_json()["poll"]
    assert poll["results"] == {"counts": [4, 1, 0]}
    assert poll["among"]["in_room"] == {"ballots": 4, "results": {"suppressed": True}}


@pytest.mark.parametrize("voters", ["all", "", None, 1, ["verified"]])
def test_an_unknown_voters_setting_is_refused_and_nothing_is_stored(app, event, moderator, voters):
    body = {"kind": "yesno", "question": "Close the river road?", "voters": voters}
    error = assert_error(api(moderator, "POST", f"/api/events/{event}/polls", body), 400)
    assert error["field"] == "voters"
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Poll)) == 0


def test_a_draft_keeps_who_may_answer_and_an_edit_changes_it(event, moderator):
    response = api(moderator, "POST", f"/api/events/{event}/polls",
                   {"kind": "yesno", "question": "Close the river road?", "voters": "in_room"})
    poll = response.get_json()["poll"]
    assert poll["voters"] == "in_room"
    edited = api(moderator, "PATCH", f"/api/events/{event}/polls/{poll['id']}", {"voters": "verified"})
    assert edited.get_json()["poll"]["voters"] == "verified"
