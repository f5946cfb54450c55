"""Socket.IO connections: who may join which room, presence, logout, and a server restart."""
import time

import pytest
from helpers import PASSWORD, api, finish_flushes, login, logout

from townhall.extensions import db
from townhall.models import Connection
from townhall.services import accounts, events, presence


def connections(app) -> int:
    with app.app_context():
        return db.session.query(Connection).count()


@pytest.mark.parametrize("auth_event, audience", [
    ("NOPE2345", "attendee"),
    ("", "attendee"),
    ("{event}", "superuser"),
    ("{event}", "moderator"),  # not logged in
])
def test_connection_refused(app, client, connect, event, auth_event, audience):
    socket = connect(client, auth_event.format(event=event), audience)
    assert not socket.connected
    assert connections(app) == 0


def test_moderator_room_only_for_the_events_organizer(app, event, make_organizer, login_client, connect, moderator):
    make_organizer(email="piet@example.com")
    assert not connect(login_client("piet@example.com"), event, "moderator").connected
    assert connect(moderator, event, "moderator").connected
    assert connections(app) == 1


def test_every_audience_connects_and_only_organizers_are_stored(app, client, event, moderator, connect):
    for target, audience in [(client, "attendee"), (client, "projector"), (moderator, "moderator")]:
        assert connect(target, event.lower(), audience).connected
    assert connections(app) == 1  # phones are counted in memory; organizer sockets in the table
    assert moderator.get(f"/api/events/{event}/stats").get_json()["connected"] == 0  # this phone never joined


def test_connected_count_follows_joined_phones(app, event, moderator, join, connect):
    watcher = connect(moderator, event, "moderator")
    phone, _ = join(event)
    socket = connect(phone, event)
    watcher.wait_for("stats:updated", lambda stats: stats and stats[-1]["connected"] == 1)
    second_tab = connect(phone, event)  # the same phone twice still counts once
    other, _ = join(event)
    other_socket = connect(other, event)
    watcher.wait_for("stats:updated", lambda stats: stats[-1]["connected"] == 2 and stats[-1]["joined"] == 2)
    for s in (socket, second_tab, other_socket):
        s.client.disconnect()
    watcher.wait_for("stats:updated", lambda stats: stats[-1]["connected"] == 0)
    assert moderator.get(f"/api/events/{event}/stats").get_json()["connected"] == 0
    assert connections(app) == 1  # only the moderator's own socket


def test_logout_disconnects_the_moderators_socket(app, event, moderator, attendee, connect):
    phone, _ = attendee
    watcher = connect(moderator, event, "moderator")
    listener = connect(phone, event)
    assert watcher.connected
    logout(moderator)
    assert not watcher.connected
    assert listener.connected  # attendees are not affected
    assert not connect(moderator, event, "moderator").connected
    assert connections(app) == 0  # the moderator's row went with its socket


def test_logout_elsewhere_ends_this_devices_socket_too(app, organizer, event, moderator, login_client, connect):
    watcher = connect(moderator, event, "moderator")
    logout(login_client(organizer.email))
    assert not watcher.connected


def test_restart_loses_nothing(app_factory, connect, background_tasks):
    first = app_factory("restart.db")
    with first.app_context():
        user_id = accounts.create_organizer(email="olga@example.com", name="Olga", password=PASSWORD)
        code = events.create_event(owner_id=user_id, title="Before the restart", premoderation=True)
    moderator = first.test_client()
    assert login(moderator, "olga@example.com").status_code == 302
    phone = first.test_client()
    api(phone, "POST", f"/api/events/{code}/join", {"name": "Ana"})
    voter = first.test_client()
    api(voter, "POST", f"/api/events/{code}/join")
    socket = connect(phone, code, server=first)
    connect(moderator, code, "moderator", server=first)  # its row outlives the process
    ask = socket.emit("question:ask", {"text": "Will it survive?", "anonymous": True})
    qid = ask["data"]["id"]
    api(moderator, "POST", f"/api/events/{code}/questions/{qid}/approve")
    api(moderator, "POST", f"/api/events/{code}/questions/{qid}/answering")
    api(voter, "POST", f"/api/events/{code}/questions/{qid}/vote")
    finish_flushes(background_tasks)  # the vote's tally went out (and moved the tally version on)
    before = {
        "public": phone.get(f"/api/events/{code}/snapshot").get_json(),
        "moderator": moderator.get(f"/api/events/{code}/snapshot?view=moderator").get_json(),
    }
    assert before["public"]["me"]["mine"] == [qid] and before["public"]["questions"][0]["votes"] == 1

    with first.app_context():
        presence.write_peaks()  # what a graceful stop does (gunicorn.conf.py); a crash may lose 1 s of peak
    second = app_factory("restart.db")  # the process restarts: new app, same database, same cookies
    runner = second.test_cli_runner()
    assert "1 stale connection" in runner.invoke(args=["reset-presence"]).output
    phone_after, moderator_after = second.test_client(), second.test_client()
    phone_after.set_cookie("session", phone.get_cookie("session").value)
    moderator_after.set_cookie("session", moderator.get_cookie("session").value)
    after = {
        "public": phone_after.get(f"/api/events/{code}/snapshot").get_json(),
        "moderator": moderator_after.get(f"/api/events/{code}/snapshot?view=moderator").get_json(),
    }
    before["moderator"]["stats"]["connected"] = 0  # no socket survives a restart
    for snapshot in (*before.values(), *after.values()):
        snapshot.pop("server_now")  # the clock moved on; everything else must not have
    assert after == before
    # and the restarted server is live: a new phone connects and sees the next change
    newcomer = second.test_client()
    api(newcomer, "POST", f"/api/events/{code}/join")
    listener = connect(newcomer, code, server=second)
    assert listener.emit("question:vote", {"question_id": qid})["data"]["votes"] == 2
    listener.wait_for("questions:tallied", lambda t: t and t[-1]["votes"] == {str(qid): 2})


def greeting(socket) -> dict:
    """The socket's hello (sent just after the connect is acknowledged)."""
    deadline = time.monotonic() + 2
    while not socket.hello:
        assert time.monotonic() < deadline, "no hello"
        socket.poll()
        time.sleep(0.01)
    return socket.hello[-1]["args"][0]


def test_a_phone_is_greeted_with_how_new_the_rooms_state_is(app, event, moderator, join, connect, make_question,
                                                             make_attendee, background_tasks):
    """hello {seq, tally_seq}: read after joining the room, equal to what a snapshot says then; a
    page whose state is as new needs no snapshot after reconnecting (static/js/live.js)."""
    phone, _ = join(event)
    first = connect(phone, event)
    hello = greeting(first)
    snapshot = phone.get(f"/api/events/{event}/snapshot").get_json()
    assert hello == {"seq": snapshot["seq"], "tally_seq": snapshot["tally_seq"]} and len(first.hello) == 1
    qid = make_question(event, "Will it be counted?")
    voter = make_attendee(event)
    with app.app_context():
        from townhall.services import questions

        questions.vote(code=event, attendee_id=voter[0], token=voter[1], question_id=qid)
    (tally,) = first.wait_for("questions:tallied")
    finish_flushes(background_tasks)
    again = connect(phone, event)
    hello = greeting(again)
    assert hello == {"seq": tally["seq"], "tally_seq": tally["tally_seq"]}
    assert hello["tally_seq"] > snapshot["tally_seq"]
    after = phone.get(f"/api/events/{event}/snapshot").get_json()
    assert (after["seq"], after["tally_seq"]) == (hello["seq"], hello["tally_seq"])
    assert after["questions"][0]["votes"] == 1
    projector = connect(app.test_client(), event, "projector")
    assert greeting(projector) == hello
    watcher = connect(moderator, event, "moderator")
    time.sleep(0.1)
    watcher.poll()
    assert watcher.hello == []  # organizers always fetch their (uncached) snapshot


def test_a_hall_connecting_together_is_greeted_once_each_with_the_same_version(app, event, join, connect):
    """Sockets that connect at the same moment share one greeting (realtime/greeter.py): every
    phone and the projector get exactly one hello, equal to the room's snapshot."""
    phones = [join(event)[0] for _ in range(6)]
    sockets = [connect(phone, event) for phone in phones] + [connect(app.test_client(), event, "projector")]
    greetings = [greeting(socket) for socket in sockets]
    snapshot = phones[0].get(f"/api/events/{event}/snapshot").get_json()
    assert greetings == [{"seq": snapshot["seq"], "tally_seq": snapshot["tally_seq"]}] * len(sockets)
    time.sleep(0.1)
    for socket in sockets:
        socket.poll()
    assert [len(socket.hello) for socket in sockets] == [1] * len(sockets)


def test_greetings_go_on_after_a_greeting_task_failed(app, event, join, connect, monkeypatch):
    """A greeting task that dies (here: its database read fails outside the per-event guard) is
    not left marked as running: the next phone to connect is greeted."""
    from townhall.realtime import greeter

    calls = {"n": 0}
    real = greeter.Greeter._greet

    def fail_once(self, batch):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("the database went away")
        return real(self, batch)

    monkeypatch.setattr(greeter.Greeter, "_greet", fail_once)
    first = connect(join(event)[0], event)
    deadline = time.monotonic() + 2
    while calls["n"] == 0:
        assert time.monotonic() < deadline, "no greeting attempted"
        time.sleep(0.01)
    time.sleep(0.1)
    first.poll()
    assert first.hello == []  # that phone falls back to its snapshot after its wait
    second = connect(join(event)[0], event)
    snapshot = app.test_client().get(f"/api/events/{event}/snapshot").get_json()
    assert greeting(second) == {"seq": snapshot["seq"], "tally_seq": snapshot["tally_seq"]}
