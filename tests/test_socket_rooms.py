"""What each room receives: isolation of events and audiences, sequence numbers, coalesced tallies."""
import json

import pytest
from helpers import api

SECRET = "Pending: is the mayor resigning?"


def vote_many(app, code, question_id, voters):
    from townhall.services import questions

    for attendee_id, token in voters:
        with app.app_context():
            questions.vote(code=code, attendee_id=attendee_id, token=token, question_id=question_id)


def test_rooms_isolate_events(app, organizer, make_event, join, connect, make_attendee, make_question):
    a, b = make_event(organizer.id), make_event(organizer.id)
    phone_a, _ = join(a)
    listener_a = connect(phone_a, a)
    listener_b = connect(join(b)[0], b)
    qid = make_question(b, "Only for event B")
    vote_many(app, b, qid, [make_attendee(b)])
    listener_b.wait_for("questions:tallied")
    assert [m["name"] for m in listener_b.log] == ["questions:changed", "questions:tallied"]
    assert listener_a.poll() == []


@pytest.fixture
def premoderated(organizer, make_event):
    return make_event(organizer.id, premoderation=True)


def test_attendees_never_receive_pending_or_hidden_text(app, organizer, premoderated, moderator, join, connect,
                                                       make_attendee, moderate):
    code = premoderated
    phone, _ = join(code)
    attendee, projector = connect(phone, code), connect(app.test_client(), code, "projector")
    watcher = connect(moderator, code, "moderator")
    asker, _ = join(code)
    ack = connect(asker, code).emit("question:ask", {"text": SECRET})
    assert ack["ok"] and ack["data"]["status"] == "pending"
    qid = ack["data"]["id"]
    assert watcher.messages("questions:changed")[-1]["questions"][0]["text"] == SECRET
    moderate(code, organizer.id, qid, "reject")
    moderate(code, organizer.id, qid, "restore")  # now public
    assert attendee.messages("questions:changed")[-1]["questions"][0]["text"] == SECRET
    attendee.clear()
    projector.clear()

    moderate(code, organizer.id, qid, "hide")
    with app.app_context():
        from townhall.services import questions

        questions.edit(code=code, user_id=organizer.id, question_id=qid, text="Hidden and reworded")
        pending = make_attendee(code)
        questions.ask(code=code, attendee_id=pending[0], token=pending[1], text="Another pending secret")
    watcher.wait_for("stats:updated")  # the moderators' stats went out: attendees got none
    for socket in (attendee, projector):
        changed = socket.messages("questions:changed")
        assert changed[0] == {"seq": changed[0]["seq"], "questions": [], "removed": [qid]}
        everything = json.dumps(socket.poll())
        for text in (SECRET, "Hidden and reworded", "Another pending secret"):
            assert text not in everything
        assert socket.messages("stats:updated") == []
    moderator_texts = json.dumps(watcher.poll())
    assert "Hidden and reworded" in moderator_texts and "Another pending secret" in moderator_texts


def test_votes_on_a_question_hidden_within_the_window_are_tallied_to_moderators_only(
        app, organizer, event, join, connect, moderator, make_question, make_attendee, moderate, held_flushes):
    visible, hidden = make_question(event, "Visible"), make_question(event, "Soon hidden")
    attendee, watcher = connect(join(event)[0], event), connect(moderator, event, "moderator")
    voters = [make_attendee(event) for _ in range(2)]
    vote_many(app, event, hidden, voters)
    vote_many(app, event, visible, voters[:1])
    moderate(event, organizer.id, hidden, "hide")  # before the window's tally goes out
    held_flushes.set()
    assert watcher.wait_for("questions:tallied")[-1]["votes"] == {str(visible): 1, str(hidden): 2}
    assert attendee.wait_for("questions:tallied") == [{"seq": 3, "tally_seq": 1, "votes": {str(visible): 1}}]


def test_only_the_asker_hears_what_became_of_a_hidden_question(app, organizer, premoderated, join, connect,
                                                               moderate):
    asker_client, _ = join(premoderated)
    asker, other = connect(asker_client, premoderated), connect(join(premoderated)[0], premoderated)
    second_tab = connect(asker_client, premoderated)
    qid = asker.emit("question:ask", {"text": SECRET, "anonymous": True})["data"]["id"]
    moderate(premoderated, organizer.id, qid, "reject")
    for tab in (asker, second_tab):
        own = tab.messages("question:own")
        assert [(m["question"]["id"], m["question"]["status"]) for m in own] == [(qid, "pending"), (qid, "rejected")]
        assert own[0]["question"]["text"] == SECRET
    assert SECRET not in json.dumps(other.poll())
    snapshot = asker_client.get(f"/api/events/{premoderated}/snapshot").get_json()
    assert [(q["id"], q["status"]) for q in snapshot["me"]["own"]] == [(qid, "rejected")]
    assert snapshot["questions"] == []


def test_seq_in_broadcasts_increases_by_one_and_matches_the_snapshot(app, organizer, premoderated, moderator,
                                                                    join, connect, moderate):
    code = premoderated
    phone, _ = join(code)
    start = phone.get(f"/api/events/{code}/snapshot").get_json()["seq"]
    attendee, watcher = connect(phone, code), connect(moderator, code, "moderator")
    asker = connect(join(code)[0], code)
    first = asker.emit("question:ask", {"text": "First"})["data"]["id"]  # pending: attendees learn only seq
    second = asker.emit("question:ask", {"text": "Second"})["data"]["id"]
    moderate(code, organizer.id, first, "approve")
    moderate(code, organizer.id, second, "approve")
    moderate(code, organizer.id, first, "answering")
    moderate(code, organizer.id, second, "answering")  # moves both: one change
    api(moderator, "PATCH", f"/api/events/{code}", {"title": "Renamed"})
    moderate(code, organizer.id, first, "hide")
    expected = list(range(start + 1, start + 9))
    for socket in (attendee, watcher):
        seqs = [m["args"][0]["seq"] for m in socket.poll() if m["name"] in ("questions:changed", "event:updated")]
        assert seqs == expected
    assert phone.get(f"/api/events/{code}/snapshot").get_json()["seq"] == expected[-1]
    both = [m for m in attendee.messages("questions:changed") if m["seq"] == start + 6][0]
    assert {q["id"]: q["progress"] for q in both["questions"]} == {first: "open", second: "answering"}
    renamed = attendee.messages("event:updated")[0]
    assert renamed["event"]["title"] == "Renamed" and renamed["seq"] == renamed["event"]["seq"] == start + 7


def test_ten_votes_in_one_window_become_one_absolute_tally(app, event, join, connect, moderator, make_attendee,
                                                           make_question, held_flushes):
    qid = make_question(event)
    attendee, watcher = connect(join(event)[0], event), connect(moderator, event, "moderator")
    vote_many(app, event, qid, [make_attendee(event) for _ in range(10)])
    assert attendee.messages("questions:tallied") == []  # nothing before the window closes
    held_flushes.set()
    # one message with the absolute count; tallies do not advance the sequence (1: the question);
    # the room's says how new its counts are (the event's first tally: tally_seq 1)
    assert attendee.wait_for("questions:tallied") == [{"seq": 1, "tally_seq": 1, "votes": {str(qid): 10}}]
    # the moderators' also carries the votes among verified / in-room phones and the burst flag (none: 10
    # fresh votes are below the threshold)
    assert watcher.wait_for("questions:tallied") == [{"seq": 1, "votes": {str(qid): 10},
                                                      "trust": {str(qid): {"verified": 0, "in_room": 0}},
                                                      "suspicious": {str(qid): None}}]
    stats = watcher.wait_for("stats:updated")
    assert len(stats) == 1 and (stats[0]["votes"], stats[0]["joined"]) == (10, 12)


@pytest.mark.app_config(TALLY_WINDOW_SECONDS=0.5)
def test_quick_votes_in_real_time_become_a_few_tallies(app, event, join, connect, make_attendee, make_question):
    qid = make_question(event)
    attendee = connect(join(event)[0], event)
    vote_many(app, event, qid, [make_attendee(event) for _ in range(10)])
    tallies = attendee.wait_for("questions:tallied", lambda t: t and t[-1]["votes"] == {str(qid): 10})
    assert len(tallies) <= 3, tallies
    counts = [t["votes"][str(qid)] for t in tallies]
    assert counts == sorted(counts)


def test_projector_receives_the_public_stream(app, event, connect, make_question):
    projector = connect(app.test_client(), event, "projector")
    qid = make_question(event, "On the big screen")
    assert projector.messages("questions:changed")[0]["questions"][0]["id"] == qid


def test_a_large_rooms_tallies_come_less_often_than_the_moderators(app, organizer, event, moderator, join, connect,
                                                                   make_attendee, make_question, monkeypatch):
    """The room's window grows with the sockets in it (here one step per 2 sockets, not 1,000):
    the moderators still hear every window, the phones a coalesced, absolute message later."""
    from townhall.extensions import socketio
    from townhall.realtime import broadcast

    monkeypatch.setattr(broadcast, "ROOM_STEP", 2)
    windows = []
    sleep = socketio.sleep
    monkeypatch.setattr(socketio, "sleep", lambda seconds: windows.append(seconds) or sleep(seconds))
    watcher = connect(moderator, event, "moderator")
    phones = [connect(join(event)[0], event) for _ in range(5)]
    qid = make_question(event, "How often do we hear?")
    vote_many(app, event, qid, [make_attendee(event) for _ in range(3)])
    phones[0].wait_for("questions:tallied", lambda t: t and t[-1]["votes"] == {str(qid): 3})
    watcher.wait_for("questions:tallied", lambda t: t and t[-1]["votes"] == {str(qid): 3})
    base = app.config["TALLY_WINDOW_SECONDS"]
    assert base in windows and 2 * base in windows  # 5 phones // 2 = twice the moderators' window
    assert len(phones[0].messages("questions:tallied")) <= len(watcher.messages("questions:tallied"))
