"""Polls over Socket.IO: polls:changed per audience (seq + 1), coalesced poll:tallied, poll:vote acks."""
import pytest
from helpers import api
from polls_helpers import CHOICES, ballot_rows, poll_row


def error_code(ack) -> str:
    assert ack["ok"] is False and set(ack) == {"ok", "error"}, ack
    assert ack["error"]["message"]
    return ack["error"]["code"]


def url(code, tail=""):
    return f"/api/events/{code}/polls{tail}"


def current_seq(client, code) -> int:
    return client.get(f"/api/events/{code}/snapshot").get_json()["seq"]


def new_poll(moderator, code, **fields) -> int:
    body = {"kind": "single", "question": "What first?", "options": CHOICES, **fields}
    response = api(moderator, "POST", url(code), body)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["poll"]["id"]


def run_action(moderator, code, poll_id, action) -> dict:
    response = api(moderator, "POST", url(code, f"/{poll_id}/{action}"))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["poll"]


@pytest.fixture
def audiences(room):
    """(phone client, phone socket, projector socket, moderators socket), all cleared."""
    return room.phone, room.phone_socket, room.projector, room.moderators


def test_drafts_reach_moderators_only_and_the_room_keeps_its_seq(app, event, moderator, audiences):
    _phone, phone_socket, projector, watcher = audiences
    before = current_seq(moderator, event)
    pid = new_poll(moderator, event)
    (changed,) = watcher.messages("polls:changed")
    assert changed["seq"] == before + 1 and [p["id"] for p in changed["polls"]] == [pid]
    assert changed["polls"][0]["status"] == "draft" and changed["removed"] == []
    for socket in (phone_socket, projector):
        assert socket.messages("polls:changed") == []
        assert socket.messages("seq:advanced") == [{"seq": before + 1}]

    run_action(moderator, event, pid, "open")
    for socket in (phone_socket, projector, watcher):
        (message,) = socket.messages("polls:changed")[-1:]
        assert message["seq"] == before + 2
        (poll,) = message["polls"]
        assert poll["id"] == pid and poll["status"] == "open" and poll["results"] == {"counts": [0, 0, 0]}
        assert poll["present"] == 1  # the phone is connected
    assert len(phone_socket.messages("polls:changed")) == 1

    second = new_poll(moderator, event)  # another draft: the room's list does not change
    assert [p["id"] for p in watcher.messages("polls:changed")[-1]["polls"]] == [pid, second]
    assert phone_socket.messages("seq:advanced")[-1] == {"seq": before + 3}
    api(moderator, "DELETE", url(event, f"/{second}"))
    assert watcher.messages("polls:changed")[-1]["removed"] == [second]
    assert phone_socket.messages("seq:advanced")[-1] == {"seq": before + 4}

    run_action(moderator, event, pid, "close")
    api(moderator, "DELETE", url(event, f"/{pid}"))
    for socket in (phone_socket, watcher):
        last = socket.messages("polls:changed")[-1]
        assert last["seq"] == before + 6 and last["polls"] == [] and last["removed"] == [pid]


def test_ballots_are_tallied_once_per_window_with_the_final_counts(app, event, moderator, join, connect,
                                                                   audiences, held_flushes):
    _phone, phone_socket, projector, watcher = audiences
    pid = new_poll(moderator, event)
    run_action(moderator, event, pid, "open")
    seq = current_seq(moderator, event)
    voters = [connect(join(event)[0], event) for _ in range(10)]
    for i, voter in enumerate(voters):
        assert voter.emit("poll:vote", {"poll_id": pid, "answer": {"choice": i % 3}})["ok"]
    held_flushes.set()  # the window ends
    expected = {"seq": seq, "poll_id": pid, "ballots": 10, "present": 11, "results": {"counts": [4, 3, 3]}}
    # The moderators also get the counts among verified and in-room phones (none of these) and the flag
    # of a burst of fresh phones (none: 10 phones are below the threshold).
    none = {"ballots": 0, "results": {"counts": [0, 0, 0]}}
    moderators = {**expected, "among": {"verified": none, "in_room": none}, "suspicious": None}
    for socket in (phone_socket, projector, watcher):
        (tally,) = socket.wait_for("poll:tallied")
        # The room's message says how new its numbers are (the first tally of the event: 1)
        assert tally == (moderators if socket is watcher else {**expected, "tally_seq": 1})
    assert current_seq(moderator, event) == seq  # tallies do not advance seq


def test_on_reveal_results_reach_the_room_only_with_the_reveal(app, event, moderator, audiences):
    _phone, phone_socket, projector, watcher = audiences
    pid = new_poll(moderator, event, visibility="on_reveal")
    run_action(moderator, event, pid, "open")
    assert phone_socket.messages("polls:changed")[-1]["polls"][0]["results"] is None
    assert phone_socket.emit("poll:vote", {"poll_id": pid, "answer": {"choice": 2}})["ok"]
    assert projector.wait_for("poll:tallied")[-1]["results"] is None
    assert projector.messages("poll:tallied")[-1]["ballots"] == 1
    assert watcher.wait_for("poll:tallied")[-1]["results"] == {"counts": [0, 0, 1]}
    run_action(moderator, event, pid, "close")
    assert projector.messages("polls:changed")[-1]["polls"][0]["results"] is None
    seq = current_seq(moderator, event)
    run_action(moderator, event, pid, "reveal")
    for socket in (phone_socket, projector):
        message = socket.messages("polls:changed")[-1]
        assert message["seq"] == seq + 1
        assert message["polls"][0]["revealed"] is True and message["polls"][0]["results"] == {"counts": [0, 0, 1]}


def tallies_of(socket, pid, wait_for: int = 0) -> list:
    """The poll:tallied messages of this poll the socket got; wait_for: wait until there are that many
    (the room's flush has its own window, so it may come after the moderators')."""
    if wait_for:
        socket.wait_for("poll:tallied", lambda ms: len([m for m in ms if m["poll_id"] == pid]) >= wait_for)
    return [m for m in socket.messages("poll:tallied") if m["poll_id"] == pid]


def test_after_vote_the_room_waits_but_a_voter_fetches_its_own_view(app, event, moderator, audiences):
    phone, phone_socket, projector, _watcher = audiences
    pid = new_poll(moderator, event, visibility="after_vote")
    run_action(moderator, event, pid, "open")
    assert phone_socket.emit("poll:vote", {"poll_id": pid, "answer": {"choice": 0}})["ok"]
    assert projector.wait_for("poll:tallied")[-1]["results"] is None
    own = phone.get(url(event, f"/{pid}")).get_json()["poll"]
    assert own["voted"] is True and own["results"] == {"counts": [1, 0, 0]}
    run_action(moderator, event, pid, "close")
    assert projector.messages("polls:changed")[-1]["polls"][0]["results"] == {"counts": [1, 0, 0]}


def test_after_vote_results_reach_only_the_voters_room_also_after_a_reconnect(
        app, event, moderator, join, connect, held_flushes, audiences):  # held first: the audiences' flush waits too
    phone, phone_socket, projector, watcher = audiences
    pid = new_poll(moderator, event, visibility="after_vote")
    run_action(moderator, event, pid, "open")
    bob = connect(join(event, name="Bob")[0], event)  # joined, never votes
    carl_client, _ = join(event, name="Carl")
    carl = connect(carl_client, event)
    for socket in (phone_socket, projector, watcher, bob, carl):
        socket.clear()
    assert phone_socket.emit("poll:vote", {"poll_id": pid, "answer": {"choice": 0}})["ok"]  # joins the room
    response = api(carl_client, "POST", url(event, f"/{pid}/ballot"), {"answer": {"choice": 1}})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert carl.emit("poll:follow", {"poll_id": pid}) == {"ok": True, "data": {"poll_id": pid}}
    held_flushes.set()  # one window: both ballots
    watcher.wait_for("poll:tallied")
    for voter in (phone_socket, carl):
        room, own = tallies_of(voter, pid, wait_for=2)  # the room's first, then the voters' room's
        assert room["results"] is None and room["ballots"] == 2
        assert own == {**room, "results": {"counts": [1, 1, 0]}}
    for socket in (bob, projector):
        (tally,) = tallies_of(socket, pid, wait_for=1)
        assert tally["results"] is None and tally["ballots"] == 2
        assert "counts" not in repr(socket.log)  # never the numbers, in any message

    # A reconnect: the server puts the phone back in the voters' room from its participation row.
    phone_socket.client.disconnect()
    again = connect(phone, event)
    for socket in (again, bob, projector, watcher):
        socket.clear()
    dana_client, _ = join(event, name="Dana")
    response = api(dana_client, "POST", url(event, f"/{pid}/ballot"), {"answer": {"choice": 2}})
    assert response.status_code == 200
    watcher.wait_for("poll:tallied")
    assert [t["results"] for t in tallies_of(again, pid, wait_for=2)] == [None, {"counts": [1, 1, 1]}]
    assert [t["results"] for t in tallies_of(bob, pid, wait_for=1)] == [None]
    assert "counts" not in repr(bob.log) and "counts" not in repr(projector.log)

    # Closed: the whole room sees the results (polls:changed); tallies go to the room again.
    run_action(moderator, event, pid, "close")
    assert bob.messages("polls:changed")[-1]["polls"][0]["results"] == {"counts": [1, 1, 1]}


def test_the_voters_room_respects_the_confidential_threshold(app, event, moderator, join, audiences):
    _phone, phone_socket, _projector, watcher = audiences
    pid = new_poll(moderator, event, visibility="after_vote", confidential=True, k_threshold=3)
    run_action(moderator, event, pid, "open")
    assert phone_socket.emit("poll:vote", {"poll_id": pid, "answer": {"choice": 0}})["ok"]
    assert phone_socket.wait_for("poll:tallied", lambda ts: len(ts) >= 2)[-1]["results"] == {"suppressed": True}
    phone_socket.clear()
    watcher.clear()
    for choice in (1, 1):
        api(join(event)[0], "POST", url(event, f"/{pid}/ballot"), {"answer": {"choice": choice}})
    final = lambda ts: any(t["ballots"] == 3 and t["results"] for t in ts)  # noqa: E731
    assert watcher.wait_for("poll:tallied", final)
    phone_socket.wait_for("poll:tallied", lambda ms: any(m["poll_id"] == pid and final([m]) for m in ms))
    assert tallies_of(phone_socket, pid)[-1]["results"] == {"counts": [1, 2, 0]}


def test_poll_follow_checks_the_ballot_on_the_server_and_refuses_without_one(
        app, event, moderator, join, connect, audiences):
    _phone, phone_socket, projector, watcher = audiences
    pid = new_poll(moderator, event, visibility="after_vote")
    draft = new_poll(moderator, event, visibility="after_vote")
    run_action(moderator, event, pid, "open")
    bob = connect(join(event, name="Bob")[0], event)
    assert error_code(bob.emit("poll:follow", {"poll_id": pid})) == "not_voted"
    assert error_code(bob.emit("poll:follow", {"poll_id": draft})) == "poll_not_found"
    assert error_code(bob.emit("poll:follow", {"poll_id": 9999})) == "poll_not_found"
    assert error_code(bob.emit("poll:follow", {"poll_id": str(pid)})) == "invalid_input"
    # Someone else's identity in the payload is never taken: the field is refused, by name.
    posing = bob.emit("poll:follow", {"poll_id": pid, "attendee_id": 1})
    assert error_code(posing) == "invalid_input" and posing["error"]["field"] == "attendee_id"
    assert error_code(projector.emit("poll:follow", {"poll_id": pid})) == "not_joined"
    stranger = connect(app.test_client(), event)  # not joined
    assert error_code(stranger.emit("poll:follow", {"poll_id": pid})) == "not_joined"
    for socket in (bob, projector, stranger, watcher):
        socket.clear()
    assert phone_socket.emit("poll:vote", {"poll_id": pid, "answer": {"choice": 2}})["ok"]
    watcher.wait_for("poll:tallied")
    for socket in (bob, stranger, projector):  # refused: not in the voters' room
        assert [t["results"] for t in tallies_of(socket, pid, wait_for=1)] == [None]


def test_a_hidden_answer_is_announced_to_the_room(app, event, moderator, audiences):
    _phone, phone_socket, projector, watcher = audiences
    pid = new_poll(moderator, event, kind="text", options=None)
    run_action(moderator, event, pid, "open")
    assert phone_socket.emit("poll:vote", {"poll_id": pid, "answer": {"text": "Rude words"}})["ok"]
    answer = watcher.wait_for("poll:tallied")[-1]["results"]["answers"][0]
    projector.clear()
    response = api(moderator, "POST", url(event, f"/{pid}/answers/{answer['id']}/hide"))
    assert response.get_json()["poll"]["results"]["answers"] == [{**answer, "hidden": True}]
    room = projector.messages("polls:changed")[-1]["polls"][0]["results"]
    assert room == {"answers": [], "words": []}
    assert watcher.messages("polls:changed")[-1]["polls"][0]["results"]["answers"][0]["hidden"] is True


def test_poll_vote_answers_with_acks(app, event, moderator, audiences, join, connect):
    _phone, phone_socket, projector, _watcher = audiences
    pid = new_poll(moderator, event)
    assert error_code(phone_socket.emit("poll:vote", {"poll_id": pid, "answer": {"choice": 0}})) == "poll_not_found"
    run_action(moderator, event, pid, "open")
    assert error_code(phone_socket.emit("poll:vote", {"poll_id": pid, "answer": {"choice": 7}})) == "invalid_answer"
    assert error_code(phone_socket.emit("poll:vote", {"poll_id": str(pid), "answer": {"choice": 0}})) \
        == "invalid_input"
    assert error_code(phone_socket.emit("poll:vote", "hello")) == "invalid_input"
    assert error_code(projector.emit("poll:vote", {"poll_id": pid, "answer": {"choice": 0}})) == "not_joined"
    ack = phone_socket.emit("poll:vote", {"poll_id": pid, "answer": {"choice": 0}})
    assert ack == {"ok": True, "data": {"poll_id": pid, "ballots": 1, "voted": True, "changed": False}}
    assert error_code(phone_socket.emit("poll:vote", {"poll_id": pid, "answer": {"choice": 1}})) == "already_voted"
    run_action(moderator, event, pid, "close")
    late = connect(join(event)[0], event)
    assert error_code(late.emit("poll:vote", {"poll_id": pid, "answer": {"choice": 1}})) == "poll_closed"
    assert poll_row(app, pid)["ballot_count"] == 1 == len(ballot_rows(app, pid))


def test_the_snapshot_carries_the_polls(app, event, moderator, audiences):
    phone, phone_socket, _projector, _watcher = audiences
    draft = new_poll(moderator, event)
    pid = new_poll(moderator, event)
    run_action(moderator, event, pid, "open")
    phone_socket.emit("poll:vote", {"poll_id": pid, "answer": {"choice": 1}})
    snapshot = phone.get(f"/api/events/{event}/snapshot").get_json()
    assert [p["id"] for p in snapshot["polls"]] == [pid] and snapshot["me"]["polls_voted"] == [pid]
    moderators = moderator.get(f"/api/events/{event}/snapshot?view=moderator").get_json()
    assert [p["id"] for p in moderators["polls"]] == [draft, pid]
    assert moderators["polls"][1]["results"] == {"counts": [0, 1, 0]}
