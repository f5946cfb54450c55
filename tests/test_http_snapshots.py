"""Public snapshots over HTTP: the room's part is built once per state and shared; each phone gets its own.

What a phone must never notice: an outdated room (after any structural change, after a tally
went out), another phone's own parts, stale times, another event's room, or a changed wire format.
"""
import json
from datetime import datetime

import pytest
from helpers import Clock, api, finish_flushes
from polls_helpers import CHOICES
from sqlalchemy import event as sa_event

from townhall import serializers
from townhall.extensions import db, socketio
from townhall.links import join_url
from townhall.models import Question, Vote
from townhall.realtime import rooms
from townhall.services import agenda, attendees, events, poll_results, polls, questions, room_view, snapshots, speakers
from townhall.services.secrets import author_tag


def snapshot(client, code) -> dict:
    response = client.get(f"/api/events/{code}/snapshot")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def rooms_part(body: dict) -> dict:
    """What every phone shares: all but server_now, me and the speakers' mine."""
    shared = {k: v for k, v in body.items() if k not in ("server_now", "me")}
    shared["speakers"] = {k: v for k, v in body["speakers"].items() if k != "mine"}
    return shared


def call(app, fn, **kwargs):
    with app.app_context():
        return fn(**kwargs)


def new_poll(app, code, user_id, *, open_it=True, **fields) -> int:
    fields = {"kind": "single", "question": "What first?", "options": CHOICES, **fields}
    poll_id = call(app, polls.create, code=code, user_id=user_id, **fields)["id"]
    if open_it:
        call(app, polls.open_poll, code=code, user_id=user_id, poll_id=poll_id)
    return poll_id


def ballot(client, code, poll_id, choice=0):
    response = api(client, "POST", f"/api/events/{code}/polls/{poll_id}/ballot", {"answer": {"choice": choice}})
    assert response.status_code == 200, response.get_data(as_text=True)


class Statements:
    """The SQL statements the app runs while in the block."""

    def __init__(self, app):
        self.app, self.sql = app, []

    def _record(self, _conn, _cursor, statement, *_args):
        self.sql.append(statement)

    def __enter__(self):
        with self.app.app_context():
            self.engine = db.engine
        sa_event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc):
        sa_event.remove(self.engine, "before_cursor_execute", self._record)

    def touching(self, *tables) -> list[str]:
        return [s for s in self.sql if any(f" {table}" in s for table in tables)]


# --- shared and own parts ---------------------------------------------------------

def test_two_phones_share_the_rooms_part_and_each_gets_its_own_me(app, organizer, event, join):
    asker, asker_id = join(event, name="Ana")
    voter, voter_id = join(event, name="Ben")
    asked = api(asker, "POST", f"/api/events/{event}/questions", {"text": "Where does the bridge go?"})
    qid = asked.get_json()["question"]["id"]
    api(voter, "POST", f"/api/events/{event}/questions/{qid}/vote")
    first, second = snapshot(asker, event), snapshot(voter, event)
    assert rooms_part(first) == rooms_part(second)
    assert [q["id"] for q in first["questions"]] == [qid]
    assert (first["me"]["id"], first["me"]["name"], first["me"]["mine"], first["me"]["voted"]) == \
        (asker_id, "Ana", [qid], [])
    assert (second["me"]["id"], second["me"]["name"], second["me"]["mine"], second["me"]["voted"]) == \
        (voter_id, "Ben", [], [qid])
    anonymous = snapshot(app.test_client(), event)
    assert anonymous["me"] is None and "mine" not in anonymous["speakers"]
    assert rooms_part(anonymous) == rooms_part(first)


def test_a_kept_rooms_part_is_not_read_again(app, organizer, event, join):
    call(app, agenda.add_item, code=event, user_id=organizer.id, title="Budget")
    first, _ = join(event)
    api(first, "POST", f"/api/events/{event}/speakers", {})
    new_poll(app, event, organizer.id)
    room_tables = ("agenda_items", "speaker_requests", "ballots")
    with Statements(app) as building:
        snapshot(first, event)
    with Statements(app) as kept:
        snapshot(join(event)[0], event)  # a join answers a snapshot too: the room is kept by now
        snapshot(first, event)
    assert building.touching(*room_tables)
    assert kept.touching(*room_tables) == []


def test_a_phones_after_vote_results_and_place_in_the_queue_stay_its_own(app, organizer, event, join):
    pid = new_poll(app, event, organizer.id, visibility="after_vote")
    voter, _ = join(event, name="Ana")
    other, _ = join(event, name="Ben")
    ballot(voter, event, pid, choice=2)
    waiting = api(voter, "POST", f"/api/events/{event}/speakers", {}).get_json()["request"]
    mine = snapshot(voter, event)  # built by the voter's request, with its own parts filled in
    theirs, room = snapshot(other, event), snapshot(app.test_client(), event)
    assert mine["polls"][0]["results"] == {"counts": [0, 0, 1]}
    assert theirs["polls"][0]["results"] is None and room["polls"][0]["results"] is None
    assert mine["speakers"]["mine"] == {"waiting": {"id": waiting["id"], "position": 1}, "speaking": None}
    assert theirs["speakers"]["mine"] == {"waiting": None, "speaking": None}
    assert (mine["me"]["polls_voted"], theirs["me"]["polls_voted"]) == ([pid], [])
    assert [e["id"] for e in theirs["speakers"]["queue"]] == [waiting["id"]]  # the queue is the room's
    assert snapshot(voter, event)["polls"][0]["results"] == {"counts": [0, 0, 1]}  # and back again
    call(app, speakers.moderate, code=event, user_id=organizer.id, action="next")
    assert snapshot(voter, event)["speakers"]["mine"] == {"waiting": None, "speaking": {"id": waiting["id"]}}
    assert snapshot(other, event)["speakers"]["mine"] == {"waiting": None, "speaking": None}


# --- the room's part follows every change ------------------------------------------

@pytest.fixture
def busy(app, organizer, make_event, make_attendee, join):
    """A premoderated event with an agenda, a waiting speaker, polls in each state; its ids."""
    code = make_event(organizer.id, premoderation=True)
    items = [call(app, agenda.add_item, code=code, user_id=organizer.id, title=t)["item_id"]
             for t in ("Budget", "Bridge")]
    asker = make_attendee(code)
    pending = call(app, questions.ask, code=code, attendee_id=asker[0], token=asker[1], text="Pending?")["id"]
    shown = call(app, questions.ask, code=code, attendee_id=asker[0], token=asker[1], text="Shown?")["id"]
    call(app, questions.moderate, code=code, user_id=organizer.id, question_id=shown, action="approve")
    speaker = make_attendee(code, name="Ana")
    call(app, speakers.request_floor, code=code, attendee_id=speaker[0], token=speaker[1])
    ids = {
        "draft": new_poll(app, code, organizer.id, open_it=False),
        "open": new_poll(app, code, organizer.id, visibility="on_reveal"),
        "pending": pending, "shown": shown, "items": items,
    }
    phone, _ = join(code)
    return code, ids, phone


CHANGES = {
    "question published": (
        lambda app, code, ids, owner: call(app, questions.moderate, code=code, user_id=owner,
                                           question_id=ids["pending"], action="approve"),
        lambda s, ids: sorted(q["id"] for q in s["questions"]) == sorted([ids["pending"], ids["shown"]])),
    "question hidden": (
        lambda app, code, ids, owner: call(app, questions.moderate, code=code, user_id=owner,
                                           question_id=ids["shown"], action="hide"),
        lambda s, ids: s["questions"] == []),
    "agenda advanced": (
        lambda app, code, ids, owner: call(app, agenda.run, code=code, user_id=owner, action="start"),
        lambda s, ids: s["agenda"]["current_item_id"] == ids["items"][0] == s["event"]["current_item_id"]),
    "speaker called": (
        lambda app, code, ids, owner: call(app, speakers.moderate, code=code, user_id=owner, action="next"),
        lambda s, ids: (s["speakers"]["current"] or {}).get("name") == "Ana" and s["speakers"]["queue"] == []),
    "poll launched": (
        lambda app, code, ids, owner: call(app, polls.open_poll, code=code, user_id=owner, poll_id=ids["draft"]),
        lambda s, ids: [p["id"] for p in s["polls"]] == sorted([ids["draft"], ids["open"]])),
    "poll closed": (
        lambda app, code, ids, owner: call(app, polls.close_poll, code=code, user_id=owner, poll_id=ids["open"]),
        lambda s, ids: s["polls"][0]["status"] == "closed" and s["polls"][0]["results"] is None),
    "poll revealed": (
        lambda app, code, ids, owner: call(app, polls.reveal, code=code, user_id=owner, poll_id=ids["open"]),
        lambda s, ids: s["polls"][0]["revealed"] and s["polls"][0]["results"] == {"counts": [0, 0, 0]}),
    "event settings": (
        lambda app, code, ids, owner: call(app, events.update_event, code=code, user_id=owner,
                                           title="Renamed", anonymous_speakers=True),
        lambda s, ids: s["event"]["title"] == "Renamed" and s["speakers"]["queue"][0]["name"] == "Speaker 1"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_the_rooms_part_follows_every_structural_change(app, organizer, busy, join, change):
    code, ids, phone = busy
    make_change, shows = CHANGES[change]
    before = snapshot(phone, code)
    assert not shows(before, ids)
    snapshot(app.test_client(), code)  # both variants kept
    make_change(app, code, ids, organizer.id)
    for client in (phone, join(code)[0], app.test_client()):
        after = snapshot(client, code)
        assert shows(after, ids), (change, after)
        assert after["seq"] > before["seq"] and after["seq"] == after["event"]["seq"]


def test_votes_reach_the_rooms_part_with_their_tally(app, event, join, make_question, held_flushes,
                                                     background_tasks):
    qid = make_question(event)
    watcher, _ = join(event)
    assert snapshot(watcher, event)["questions"][0]["votes"] == 0
    voters = [join(event)[0] for _ in range(3)]
    for voter in voters:
        assert api(voter, "POST", f"/api/events/{event}/questions/{qid}/vote").status_code == 200
    assert snapshot(voters[0], event)["me"]["voted"] == [qid]  # the phone's own part: at once
    held_flushes.set()  # the window ends: one tally for the three votes
    finish_flushes(background_tasks)
    for client in (watcher, app.test_client(), join(event)[0]):
        assert snapshot(client, event)["questions"][0]["votes"] == 3


def test_ballots_reach_the_rooms_part_with_their_tally(app, organizer, event, join, held_flushes, background_tasks):
    live = new_poll(app, event, organizer.id)
    after_vote = new_poll(app, event, organizer.id, visibility="after_vote")
    watcher, _ = join(event)
    before = snapshot(watcher, event)
    assert [(p["ballots"], p["results"]) for p in before["polls"]] == [(0, {"counts": [0, 0, 0]}), (0, None)]
    voter, _ = join(event)
    ballot(voter, event, live, choice=1)
    ballot(voter, event, after_vote, choice=2)
    held_flushes.set()
    finish_flushes(background_tasks)
    room = snapshot(watcher, event)["polls"]
    assert [(p["ballots"], p["results"]) for p in room] == [(1, {"counts": [0, 1, 0]}), (1, None)]
    assert snapshot(voter, event)["polls"][1]["results"] == {"counts": [0, 0, 1]}


@pytest.mark.parametrize("message", ["questions:tallied", "poll:tallied"])
def test_a_phone_that_joins_after_a_tally_went_out_gets_its_counts(app, organizer, event, join, make_question,
                                                                  held_flushes, background_tasks, monkeypatch,
                                                                  message):
    """The storm race: a phone in the room after a tally's emit never hears it, so its snapshot carries it."""
    qid, pid = make_question(event), new_poll(app, event, organizer.id)
    event_id = call(app, lambda: events.get_event(event).id)
    snapshot(join(event)[0], event)  # the room's part is kept
    voter, _ = join(event)
    api(voter, "POST", f"/api/events/{event}/questions/{qid}/vote")
    ballot(voter, event, pid, choice=2)
    late = []
    emit = socketio.emit

    def emit_then_join(name, *args, **kwargs):
        emit(name, *args, **kwargs)
        if name == message and kwargs.get("to") == rooms.public(event_id) and not late:
            late.append((args[0], snapshot(app.test_client(), event)))  # joins just after the emit

    monkeypatch.setattr(socketio, "emit", emit_then_join)
    held_flushes.set()
    finish_flushes(background_tasks)
    ((sent, fetched),) = late
    if message == "questions:tallied":
        assert sent["votes"] == {str(qid): 1} and fetched["questions"][0]["votes"] == 1
    else:
        assert sent["ballots"] == 1 and fetched["polls"][0]["ballots"] == 1
        assert fetched["polls"][0]["results"] == sent["results"] == {"counts": [0, 0, 1]}


def test_processes_sharing_a_database_each_see_the_others_changes(app_factory, background_tasks):
    """Two apps on one database file: two server processes, each with its own kept rooms."""
    first = app_factory("shared.db")
    second = app_factory("shared.db")
    with first.app_context():
        from townhall.services import accounts

        owner = accounts.create_organizer(email="pat@example.com", name="Pat", password="x" * 16)
        code = events.create_event(owner_id=owner, title="Shared")
        phone = attendees.join(code=code)
        qid = questions.ask(code=code, attendee_id=phone[0], token=phone[1], text="Shared?")["id"]
    reader = first.test_client()
    assert snapshot(reader, code)["questions"][0]["votes"] == 0
    with second.app_context():
        voter = attendees.join(code=code)
        questions.vote(code=code, attendee_id=voter[0], token=voter[1], question_id=qid)
    finish_flushes(background_tasks)  # the second process's tally went out
    assert snapshot(reader, code)["questions"][0]["votes"] == 1
    with second.app_context():
        questions.moderate(code=code, user_id=owner, question_id=qid, action="hide")
    assert snapshot(reader, code)["questions"] == []


# --- time ---------------------------------------------------------------------------

@pytest.fixture
def clock(monkeypatch):
    """One frozen server time for every module that reads it."""
    clock = Clock(datetime(2026, 5, 4, 19, 0, 0, 250000))
    for module in (snapshots, agenda, speakers, polls, poll_results):
        monkeypatch.setattr(module, "utcnow", clock)
    return clock


def test_a_kept_rooms_part_is_served_with_fresh_times(app, organizer, event, join, clock, monkeypatch):
    monkeypatch.setattr(polls, "arm_timer", lambda *_args: None)  # the close is not recorded yet
    item = call(app, agenda.add_item, code=event, user_id=organizer.id, title="Budget", planned_minutes=1)["item_id"]
    call(app, agenda.run, code=event, user_id=organizer.id, action="start")
    speaker, _ = join(event, name="Ana")
    api(speaker, "POST", f"/api/events/{event}/speakers", {})
    call(app, speakers.moderate, code=event, user_id=organizer.id, action="next")
    call(app, speakers.moderate, code=event, user_id=organizer.id, action="start")
    pid = new_poll(app, event, organizer.id, visibility="after_vote", duration_seconds=60)
    ballot(speaker, event, pid, choice=1)
    phone = app.test_client()
    first = snapshot(phone, event)
    assert first["server_now"] == "2026-05-04T19:00:00.250000Z"
    assert first["polls"][0]["status"] == "open" and first["polls"][0]["results"] is None
    clock.tick(30)
    later = snapshot(phone, event)
    assert later["seq"] == first["seq"] and later["server_now"] == "2026-05-04T19:00:30.250000Z"
    (running,) = later["agenda"]["items"]
    assert (running["id"], running["elapsed_seconds"], running["remaining_seconds"], running["overrun"]) == \
        (item, 30, 30, False)
    timer = later["speakers"]["current"]["timer"]
    assert (timer["elapsed_seconds"], timer["remaining_seconds"], timer["running"]) == (30, 90, True)
    assert later["polls"][0]["status"] == "open"
    clock.tick(31)  # past the agenda item's plan and the poll's deadline; nothing written
    after = snapshot(phone, event)
    assert after["seq"] == first["seq"]
    assert after["agenda"]["items"][0]["elapsed_seconds"] == 61 and after["agenda"]["items"][0]["overrun"]
    poll = after["polls"][0]
    assert (poll["status"], poll["closed_at"]) == ("closed", poll["closes_at"])
    assert poll["results"] == {"counts": [0, 1, 0]}  # after_vote: the room sees them once closed


# --- one room per event, a bounded number ---------------------------------------------

@pytest.mark.app_config(SNAPSHOT_CACHE_EVENTS=2)
def test_rooms_are_kept_per_event_and_only_a_few(app, organizer, make_event, make_question):
    codes = [make_event(organizer.id, title=f"Event {n}") for n in range(3)]
    asked = {code: make_question(code, f"Question of {code}") for code in codes}
    ids = {code: call(app, lambda c=code: events.get_event(c).id) for code in codes}
    phone = app.test_client()
    for code in [*codes, codes[0]]:
        body = snapshot(phone, code)
        assert body["event"]["code"] == code and body["event"]["title"] == f"Event {codes.index(code)}"
        assert [q["id"] for q in body["questions"]] == [asked[code]]
    with app.app_context():
        assert room_view.cached_events() == [ids[codes[2]], ids[codes[0]]]
    assert phone.get("/api/events/NOSUCH/snapshot").status_code == 404


# --- the wire format ------------------------------------------------------------------

def _as_before(app, code, phone, now) -> dict:
    """The public snapshot assembled as it was before the room's part was kept: each part's own view."""
    with app.app_context():
        event = events.get_event(code)
        attendee = attendees.known(event, *phone) if phone else None
        published = db.session.query(Question).filter_by(event_id=event.id, status="published").order_by(Question.id)
        me = None
        if attendee:
            own = db.session.query(Question).filter_by(event_id=event.id, author_tag=author_tag(phone[1], event.id))
            own = own.order_by(Question.id).all()
            voted = db.session.query(Vote.question_id).filter_by(attendee_id=attendee.id).order_by(Vote.question_id)
            me = {**serializers.attendee(attendee), "mine": [q.id for q in own], "voted": [v for (v,) in voted],
                  "own": [serializers.question_public(q) for q in own if not q.is_public],
                  "polls_voted": sorted(poll_results.voted_in(event.id, attendee.id)), "banned": False}
        return {
            "seq": event.seq,
            "tally_seq": event.tally_seq,
            "server_now": serializers.iso(now),
            "event": serializers.event_public(event, join_url(event.code)),
            "questions": [serializers.question_public(q) for q in published],
            "agenda": agenda.view(event, moderator=False),
            "speakers": speakers.view(event, moderator=False, attendee_id=attendee.id if attendee else None),
            "polls": poll_results.views(event, audience="phone" if attendee else "room",
                                        attendee_id=attendee.id if attendee else None),
            "me": me,
        }


def _encoded(body: dict) -> bytes:
    """What jsonify() sends for body."""
    return (json.dumps(body, sort_keys=True, separators=(",", ":")) + "\n").encode()


def test_snapshots_and_joins_answer_the_same_json_as_before(app, organizer, event, join, make_attendee, connect,
                                                           clock, monkeypatch, background_tasks):
    monkeypatch.setattr(polls, "arm_timer", lambda *_args: None)  # no close on time: the clock stands still
    call(app, agenda.add_item, code=event, user_id=organizer.id, title="Budget «2027»")
    call(app, agenda.run, code=event, user_id=organizer.id, action="start")
    asker = make_attendee(event, name="Zoë")
    qid = call(app, questions.ask, code=event, attendee_id=asker[0], token=asker[1], text="Où est le pont? 桥")["id"]
    call(app, questions.ask, code=event, attendee_id=asker[0], token=asker[1], text="Secret", anonymous=True)
    call(app, speakers.request_floor, code=event, attendee_id=asker[0], token=asker[1])
    call(app, speakers.moderate, code=event, user_id=organizer.id, action="next")
    call(app, speakers.moderate, code=event, user_id=organizer.id, action="start")
    live = new_poll(app, event, organizer.id)
    after_vote = new_poll(app, event, organizer.id, visibility="after_vote", duration_seconds=300)
    call(app, polls.vote, code=event, attendee_id=asker[0], token=asker[1], poll_id=after_vote,
         answer={"choice": 1})
    call(app, questions.moderate, code=event, user_id=organizer.id, question_id=qid, action="hide")
    phone_client, phone_id = join(event, name="Ben")
    token = attendees_token(phone_client, event)
    api(phone_client, "POST", f"/api/events/{event}/polls/{live}/ballot", {"answer": {"choice": 0}})
    connect(phone_client, event)  # present: 1
    finish_flushes(background_tasks)  # the ballots' tallies went out
    clock.tick(42)
    asker_client = app.test_client()
    with asker_client.session_transaction() as session:
        session["attendees"] = {str(call(app, lambda: events.get_event(event).id)): list(asker)}
    cases = [(phone_client, (phone_id, token)), (asker_client, asker), (app.test_client(), None)]
    for client, phone in cases:
        response = client.get(f"/api/events/{event}/snapshot")
        assert response.mimetype == "application/json"
        assert response.data == _encoded(_as_before(app, event, phone, clock.now))
    newcomer = app.test_client()
    response = api(newcomer, "POST", f"/api/events/{event}/join", {"name": "Cleo"})
    assert response.status_code == 201
    body = response.get_json()
    assert response.data == _encoded(_as_before(app, event, (body["me"]["id"], attendees_token(newcomer, event)),
                                                 clock.now))
    again = api(newcomer, "POST", f"/api/events/{event}/join", {})
    assert again.status_code == 200 and again.data == response.data


def attendees_token(client, code) -> str:
    """The raw token the phone's session holds for the event (tests only)."""
    with client.session_transaction() as session:
        ((_event_id, (_attendee_id, token)),) = session["attendees"].items()
    return token
