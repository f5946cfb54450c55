"""Presence across server processes sharing one database and one Redis (a real redis-server on loopback):
each process publishes its phones, an event's count is the union over the live processes (one per
attendee), a restart clears only its own process's rows, and a process that stops heartbeating
(a crash) stops being counted within the TTL without inflating the peak."""
import os
import signal
import time

import pytest
from helpers import PASSWORD, api, login

from scripts.local_servers import redis_server as start_redis_server
from scripts.local_servers import start_redis
from townhall.extensions import db
from townhall.models import Connection, Event
from townhall.services import accounts, events, presence, presence_heartbeat

TTL = 1.0
BEAT = 0.1


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    with start_redis_server(tmp_path_factory.mktemp("redis")) as server:
        yield server.url


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    monkeypatch.setattr(presence, "PEAK_SECONDS", 0.02)
    monkeypatch.setattr(presence_heartbeat, "PUBLISH_SECONDS", 0.02)


@pytest.fixture
def servers(app_factory, redis_url):
    """servers(*names) -> apps on one database and one Redis, one per process name; each stops at
    the end as a process does (leave)."""
    import redis

    redis.Redis.from_url(redis_url).flushall()
    made = []

    def make(*names, ttl=TTL):
        apps = [app_factory("shared.db", REDIS_URL=redis_url, PROCESS_NAME=name, PRESENCE_TTL_SECONDS=ttl,
                            PRESENCE_HEARTBEAT_SECONDS=BEAT) for name in names]
        made.extend(apps)
        return apps

    yield make
    for app in made:
        presence.leave(app)


def setup_event(app):
    with app.app_context():
        owner = accounts.create_organizer(email="olga@example.com", name="Olga", password=PASSWORD)
        return events.create_event(owner_id=owner, title="Two processes")


def phone_on(app, code, connect, session=None):
    """A phone that joined (or the phone of `session`) connected to this process."""
    client = app.test_client()
    if session is None:
        assert api(client, "POST", f"/api/events/{code}/join").status_code == 201
    else:
        client.set_cookie("session", session)
    socket = connect(client, code, server=app)
    assert socket.connected
    return client, socket


def logged_in(app):
    client = app.test_client()
    assert login(client, "olga@example.com", PASSWORD).status_code == 302
    return client


def stats(client, code) -> dict:
    response = client.get(f"/api/events/{code}/stats")
    assert response.status_code == 200
    return response.get_json()


def eventually(check, timeout=5.0):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, "never became true"
        time.sleep(0.02)


def stored_peak(app, code) -> int:
    with app.app_context():
        return db.session.query(Event.peak_connected).filter_by(code=code).scalar()


def organizer_rows(app) -> list[tuple[str, str]]:
    with app.app_context():
        return sorted(db.session.query(Connection.sid, Connection.process).all())


def test_two_processes_phones_are_counted_once_each_in_the_stats_of_both(servers, connect):
    first, second = servers("app1", "app2")
    code = setup_event(first)
    on_first = [phone_on(first, code, connect) for _ in range(2)]
    on_second = [phone_on(second, code, connect) for _ in range(3)]
    # one phone with a tab on each process is one attendee
    phone_on(second, code, connect, session=on_first[0][0].get_cookie("session").value)
    moderators = logged_in(first), logged_in(second)
    for client in moderators:
        eventually(lambda c=client: stats(c, code)["connected"] == 5)
    eventually(lambda: stored_peak(first, code) == 5)
    on_second[0][1].client.disconnect()
    for client in moderators:
        eventually(lambda c=client: stats(c, code)["connected"] == 4)
    assert stats(moderators[0], code)["peak_connected"] == 5


def test_the_dashboard_on_one_process_hears_of_phones_joining_the_other(servers, connect):
    first, second = servers("app1", "app2")
    code = setup_event(first)
    dashboard = connect(logged_in(second), code, "moderator", server=second)  # the newest app's server
    assert dashboard.connected
    for _ in range(2):
        phone_on(second, code, connect)
    dashboard.wait_for("stats:updated", until=lambda seen: bool(seen) and seen[-1]["connected"] == 2)
    dashboard.clear()
    for _ in range(3):
        phone_on(first, code, connect)
    # the stats it gets count both processes' phones, whichever process sent them
    seen = dashboard.wait_for("stats:updated", until=lambda seen: bool(seen) and seen[-1]["connected"] == 5,
                              timeout=5)
    assert max(message["connected"] for message in seen) == 5


def test_restarting_one_process_leaves_the_others_organizers_and_phones(servers, connect):
    first, second = servers("app1", "app2")
    code = setup_event(first)
    for _ in range(2):
        phone_on(first, code, connect)
    dashboard = connect(logged_in(first), code, "moderator", server=first)
    assert dashboard.connected
    phone_on(second, code, connect)
    assert connect(logged_in(second), code, "moderator", server=second).connected
    assert sorted(process for _sid, process in organizer_rows(first)) == ["app1", "app2"]
    eventually(lambda: stats(logged_in(first), code)["connected"] == 3)

    presence.leave(second)  # process app2 stops ...
    restarted, = servers("app2")  # ... and starts again: `make run` resets its presence first
    result = restarted.test_cli_runner().invoke(args=["reset-presence"])
    assert result.exit_code == 0, result.output
    assert [process for _sid, process in organizer_rows(restarted)] == ["app1"]
    moderator = logged_in(restarted)
    eventually(lambda: stats(moderator, code)["connected"] == 2)  # app1's phones, still counted
    with restarted.app_context():  # a logout on the restarted process still finds app1's dashboard
        owner = accounts.authenticate(email="olga@example.com", password=PASSWORD).id
        assert len(presence.sockets_of_user(owner)) == 1


def test_a_crashed_process_stops_being_counted_within_the_ttl_and_the_peak_is_not_inflated(servers, connect):
    crashing, staying = servers("app1", "app2")
    code = setup_event(staying)
    moved = [phone_on(crashing, code, connect) for _ in range(3)]
    for _ in range(2):
        phone_on(staying, code, connect)
    connect(logged_in(crashing), code, "moderator", server=crashing)
    moderator = logged_in(staying)
    eventually(lambda: stats(moderator, code)["connected"] == 5)
    eventually(lambda: stored_peak(staying, code) == 5)

    crashing.extensions["townhall_presence"].stopped = True  # its heartbeat stops, nothing withdrawn
    # two of its phones reconnect to the other process; the third is gone
    for client, _socket in moved[:2]:
        phone_on(staying, code, connect, session=client.get_cookie("session").value)
    assert stats(moderator, code)["connected"] == 5  # counted once: the crashed process's set is not expired yet
    started = time.monotonic()
    eventually(lambda: stats(moderator, code)["connected"] == 4, timeout=TTL + 3)
    assert time.monotonic() - started < TTL + 1.5
    time.sleep(0.2)
    assert stored_peak(staying, code) == 5  # 8 phone connections, never more than 5 phones at once
    assert stats(moderator, code)["peak_connected"] == 5
    # its organizer row is cleared by the living process's heartbeat, once the TTL has passed
    eventually(lambda: [p for _s, p in organizer_rows(staying)] == [], timeout=TTL * 3 + 3)


def test_a_crashed_process_restarting_under_its_name_is_not_counted_from_its_reset_on(servers, connect):
    crashing, staying = servers("app1", "app2", ttl=30)  # far longer than the test: no expiry helps
    code = setup_event(staying)
    for _ in range(2):
        phone_on(crashing, code, connect)
    phone_on(staying, code, connect)
    moderator = logged_in(staying)
    eventually(lambda: stats(moderator, code)["connected"] == 3)
    crashing.extensions["townhall_presence"].stopped = True  # a crash: nothing withdrawn
    time.sleep(0.3)
    assert stats(moderator, code)["connected"] == 3  # its phones' sets have 30 s to live
    restarted, = servers("app1", ttl=30)
    assert restarted.test_cli_runner().invoke(args=["reset-presence"]).exit_code == 0
    eventually(lambda: stats(moderator, code)["connected"] == 1, timeout=2)


def test_a_frozen_redis_costs_the_count_one_timeout_then_this_process_counts_its_own(app_factory, connect,
                                                                                     tmp_path):
    server = start_redis(tmp_path / "frozen")
    try:
        app = app_factory(REDIS_URL=server.url, PROCESS_NAME="app1", PRESENCE_TTL_SECONDS=TTL,
                          PRESENCE_HEARTBEAT_SECONDS=BEAT)
        code = setup_event(app)
        phone_on(app, code, connect)
        moderator = logged_in(app)
        assert stats(moderator, code)["connected"] == 1
        os.kill(server.process.pid, signal.SIGSTOP)
        try:
            time.sleep(TTL + 0.5)  # what was read from Redis is now too old to trust
            started = time.monotonic()
            counts = [stats(moderator, code)["connected"] for _ in range(20)]
            took = time.monotonic() - started
            phone_on(app, code, connect)  # a connect does not wait for Redis either
            after = stats(moderator, code)["connected"]
        finally:
            os.kill(server.process.pid, signal.SIGCONT)
        assert counts == [1] * 20 and after == 2
        assert took < 2.5, took  # at most one or two timeouts (1 s), not one per request
    finally:
        presence.leave(app)
        server.stop()
