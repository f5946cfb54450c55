"""The stuffing attack of issue 11, run as an attacker would: a script makes 150 fresh phone identities
(a fresh HTTP client each, so a fresh cookie; a real join over HTTP; its own Socket.IO connection) and
pushes one question and one poll option.

In OPEN mode nothing is dropped: every scripted vote and ballot counts in the total. What changes is
that the moderators are told within seconds (votes:suspicious on their socket, `suspicious` in their
snapshot, one operation-log entry per burst), and that the counts among in-room / verified phones
stay at the honest room's value. A poll restricted to in-room (or verified) phones refuses all 150
ballots with not_eligible. (Verified joining itself, passcode and one-time codes, is tested with the
join modes.)
"""
import time
from datetime import timedelta

import pytest
from helpers import api

from townhall.extensions import db
from townhall.models import Attendee, Ballot, Operation, utcnow
from townhall.models.statuses import JoinedWith
from townhall.services import vote_watch

SCRIPTED = 150
HONEST = 4
CHOICES = ["Yes", "No"]


def _ack_error(ack) -> str:
    assert ack["ok"] is False and set(ack) == {"ok", "error"}, ack
    return ack["error"]["code"]


def _mark(app, attendee_ids, *, in_room=False, verified=False, joined_minutes_ago=60) -> None:
    """What the join modes and the in-room QR set (built by the joining helper), set directly."""
    with app.app_context():
        for attendee in db.session.scalars(db.select(Attendee).where(Attendee.id.in_(attendee_ids))):
            attendee.joined_at = utcnow() - timedelta(minutes=joined_minutes_ago)
            if in_room:
                attendee.in_room_at = utcnow()
            if verified:
                attendee.joined_with = JoinedWith.PASSCODE
        db.session.commit()


def _poll(moderator, code, **fields) -> int:
    body = {"kind": "single", "question": "Close the river road to cars on Sundays?", "options": CHOICES, **fields}
    response = api(moderator, "POST", f"/api/events/{code}/polls", body)
    assert response.status_code == 201, response.get_data(as_text=True)
    poll_id = response.get_json()["poll"]["id"]
    assert api(moderator, "POST", f"/api/events/{code}/polls/{poll_id}/open").status_code == 200
    return poll_id


@pytest.fixture
def honest_room(app, event, join, connect):
    """HONEST phones that joined an hour ago and scanned the in-room QR (two of them verified too)."""
    phones = [join(event) for _ in range(HONEST)]
    _mark(app, [aid for _client, aid in phones[:2]], in_room=True, verified=True)
    _mark(app, [aid for _client, aid in phones[2:]], in_room=True)
    return [(client, aid, connect(client, event)) for client, aid in phones]


def test_150_scripted_phones_are_counted_flagged_within_seconds_and_kept_out_of_the_in_room_count(
        app, event, moderator, connect, honest_room, make_question):
    question_id = make_question(event)
    watcher = connect(moderator, event, "moderator")
    poll_id = _poll(moderator, event)
    for _client, _aid, socket in honest_room:  # the honest room: one vote each, for "No"
        assert socket.emit("question:vote", {"question_id": question_id})["ok"]
        assert socket.emit("poll:vote", {"poll_id": poll_id, "answer": {"choice": 1}})["ok"]
    watcher.clear()

    started = time.monotonic()
    for i in range(SCRIPTED):  # the script: a fresh identity per loop, as an attacker clearing cookies
        if i == 2 * vote_watch.MIN_FRESH:  # flagged while the script still runs, not after it
            assert watcher.wait_for("votes:suspicious", until=lambda got: len(got) >= 2, timeout=3)
        phone = app.test_client()
        joined = api(phone, "POST", f"/api/events/{event}/join", {})
        assert joined.status_code == 201
        socket = connect(phone, event)
        assert socket.emit("question:vote", {"question_id": question_id})["ok"]  # counted, never dropped
        assert socket.emit("poll:vote", {"poll_id": poll_id, "answer": {"choice": 0}})["ok"]
        socket.client.disconnect()

    # The moderators hear of each burst once, within seconds of the script starting.
    flags = watcher.wait_for("votes:suspicious", until=lambda got: len(got) >= 2, timeout=5)
    assert time.monotonic() - started < 60
    by_target = {(f["target"], f["id"]): f["suspicious"] for f in flags}
    assert set(by_target) == {("question", question_id), ("poll", poll_id)}
    for flag in by_target.values():
        assert flag["fresh_votes"] >= vote_watch.MIN_FRESH and flag["window_seconds"] == vote_watch.WINDOW_SECONDS
    assert len(flags) == 2  # once per burst, not once per vote

    # Every vote counts in the total; the moderators' view flags it and shows the honest in-room count.
    snapshot = moderator.get(f"/api/events/{event}/snapshot?view=moderator").get_json()
    question = next(q for q in snapshot["questions"] if q["id"] == question_id)
    assert question["votes"] == SCRIPTED + HONEST
    assert question["trust"] == {"verified": 2, "in_room": HONEST}
    assert question["suspicious"]["fresh_votes"] >= SCRIPTED - 1  # the burst goes on counting
    poll = next(p for p in snapshot["polls"] if p["id"] == poll_id)
    assert poll["ballots"] == SCRIPTED + HONEST and poll["results"] == {"counts": [SCRIPTED, HONEST]}
    assert poll["among"] == {"verified": {"ballots": 2, "results": {"counts": [0, 2]}},
                             "in_room": {"ballots": HONEST, "results": {"counts": [0, HONEST]}}}
    assert poll["suspicious"]["fresh_votes"] >= vote_watch.MIN_FRESH

    # The operation log holds one entry per burst (no actor: the server noticed it).
    entries = api(moderator, "GET", f"/api/events/{event}/operations").get_json()["operations"]
    suspicious = [(e["targets"], e["actor"]["id"]) for e in entries if e["action"] == "suspicious_votes"]
    assert sorted(suspicious, key=str) == sorted([({"question_id": question_id}, None),
                                                  ({"poll_id": poll_id}, None)], key=str)


def test_a_poll_for_in_room_phones_refuses_all_150_scripted_ballots(app, event, moderator, connect, honest_room):
    poll_id = _poll(moderator, event, voters="in_room")
    refused = 0
    for _ in range(SCRIPTED):
        phone = app.test_client()
        assert api(phone, "POST", f"/api/events/{event}/join", {}).status_code == 201
        socket = connect(phone, event)
        ack = socket.emit("poll:vote", {"poll_id": poll_id, "answer": {"choice": 0}})
        refused += _ack_error(ack) == "not_eligible"
        assert "scan the QR code on the screen" in ack["error"]["message"]
        socket.client.disconnect()
    assert refused == SCRIPTED
    for _client, _aid, socket in honest_room:
        assert socket.emit("poll:vote", {"poll_id": poll_id, "answer": {"choice": 1}})["ok"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Ballot)) == HONEST
    poll = api(moderator, "GET", f"/api/events/{event}/polls/{poll_id}").get_json()["poll"]
    assert poll["ballots"] == HONEST and poll["results"] == {"counts": [0, HONEST]}
    assert poll["present"] == HONEST  # "N present": the eligible phones connected, not the 150
    room = app.test_client().get(f"/api/events/{event}/snapshot").get_json()  # the projector's view
    (shown,) = [p for p in room["polls"] if p["id"] == poll_id]
    assert (shown["present"], shown["voters"]) == (HONEST, "in_room")  # ballots: with the next tally flush


def test_a_poll_for_verified_phones_refuses_an_open_join_over_http(app, event, moderator, honest_room, join):
    poll_id = _poll(moderator, event, voters="verified")
    phone, _aid = join(event)
    response = api(phone, "POST", f"/api/events/{event}/polls/{poll_id}/ballot", {"answer": {"choice": 0}})
    assert response.status_code == 403
    error = response.get_json()["error"]
    assert error["code"] == "not_eligible" and "passcode" in error["message"]
    honest, _aid, _socket = honest_room[0]  # verified
    assert api(honest, "POST", f"/api/events/{event}/polls/{poll_id}/ballot",
               {"answer": {"choice": 1}}).status_code == 200
    with app.app_context():
        assert [(b.verified, b.in_room) for b in db.session.scalars(db.select(Ballot))] == [(True, True)]
        assert db.session.scalar(db.select(db.func.count()).select_from(Operation)
                                 .where(Operation.action == "suspicious_votes")) == 0
