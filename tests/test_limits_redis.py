"""REDIS_URL alone (no RATELIMIT_STORAGE_URI) puts both rate limiters in Redis, so several processes
count each limit once: the HTTP limits (Flask-Limiter) and the socket commands' limit, the latter per
person, so a phone reconnecting to the other process keeps its budget. Redis out of reach turns
nothing into an error: requests and commands go through, and it is logged."""
import logging
import os
import signal
import time

import pytest
import redis
from helpers import PASSWORD, api, login

from benchmarks.server import free_port
from scripts.local_servers import redis_server as start_redis_server
from scripts.local_servers import start_redis
from townhall.config import STORAGE_TIMEOUTS
from townhall.extensions import limiter
from townhall.realtime.throttle import SharedThrottle
from townhall.services import accounts, events


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    with start_redis_server(tmp_path_factory.mktemp("redis")) as server:
        yield server.url


@pytest.fixture
def storage_recovers():
    """Flask-Limiter's one Limiter outlives the test's apps: once it has fallen back to memory (Redis
    out of reach), it would stay so for the next tests until its next check of the storage."""
    yield
    limiter._storage_dead = False


# Presence heartbeats (REDIS_URL) that end soon after the test's last socket
QUICK = {"PRESENCE_TTL_SECONDS": 0.5, "PRESENCE_HEARTBEAT_SECONDS": 0.1}


def two_servers(app_factory, url, **config):
    first, second = (app_factory("shared.db", REDIS_URL=url, PROCESS_NAME=name, **QUICK, **config)
                     for name in ("app1", "app2"))
    with first.app_context():
        owner = accounts.create_organizer(email="olga@example.com", name="Olga", password=PASSWORD)
        code = events.create_event(owner_id=owner, title="Two servers", premoderation=False)
    return first, second, code


def test_redis_url_alone_shares_the_socket_limit_per_person_across_processes(app_factory, connect, redis_url):
    client = redis.Redis.from_url(redis_url)
    client.flushall()
    first, second, code = two_servers(app_factory, redis_url, SOCKET_RATE_LIMIT="3 per minute")
    assert first.config["RATELIMIT_STORAGE_URI"] == redis_url
    phone = first.test_client()
    assert api(phone, "POST", f"/api/events/{code}/join").status_code == 201
    on_first = connect(phone, code, server=first)
    assert on_first.emit("question:ask", {"text": "One"})["ok"]
    assert on_first.emit("question:ask", {"text": "Two"})["ok"]
    on_first.client.disconnect()  # the phone moves to the other process: the same person, the same budget
    moved = second.test_client()
    moved.set_cookie("session", phone.get_cookie("session").value)
    on_second = connect(moved, code, server=second)
    assert on_second.emit("question:ask", {"text": "Three"})["ok"]
    refused = on_second.emit("question:ask", {"text": "Four"})
    assert refused["ok"] is False and refused["error"]["code"] == "rate_limited"
    neighbour = second.test_client()  # another person on the same process is not slowed down
    assert api(neighbour, "POST", f"/api/events/{code}/join").status_code == 201
    assert connect(neighbour, code, server=second).emit("question:ask", {"text": "Mine"})["ok"]
    assert client.keys("*townhall-socket*attendee*")


def test_redis_url_alone_shares_the_http_limits_across_processes(app_factory, redis_url):
    client = redis.Redis.from_url(redis_url)
    client.flushall()
    first, second, code = two_servers(app_factory, redis_url, RATELIMIT_ENABLED=True,
                                      JOIN_RATE_LIMIT="3 per minute")
    statuses = [api(server.test_client(), "POST", f"/api/events/{code}/join").status_code
                for server in (first, second, first, second)]
    assert statuses == [201, 201, 201, 429]
    refused = api(second.test_client(), "POST", f"/api/events/{code}/join")
    assert refused.get_json()["error"]["code"] == "rate_limited"
    assert client.keys("LIMITS*")


def test_redis_out_of_reach_fails_open_with_a_log_line(app_factory, connect, caplog, storage_recovers):
    dead = f"redis://127.0.0.1:{free_port()}"  # nothing listens there
    app = app_factory(REDIS_URL=dead, **QUICK, RATELIMIT_ENABLED=True, JOIN_RATE_LIMIT="100 per minute",
                      SOCKET_RATE_LIMIT="100 per minute")
    with app.app_context():
        owner = accounts.create_organizer(email="olga@example.com", name="Olga", password=PASSWORD)
        code = events.create_event(owner_id=owner, title="Redis down", premoderation=False)
    with caplog.at_level(logging.WARNING):
        phone = app.test_client()
        assert api(phone, "POST", f"/api/events/{code}/join").status_code == 201
        socket = connect(phone, code, server=app)
        assert socket.connected
        for n in range(3):
            assert socket.emit("question:ask", {"text": f"Still heard {n}"})["ok"]
        moderator = app.test_client()
        assert login(moderator, "olga@example.com").status_code == 302
        # presence without Redis: this process's phones, counted in its memory
        assert moderator.get(f"/api/events/{code}/stats").get_json()["connected"] == 1
    messages = [r.getMessage() for r in caplog.records]
    assert "Rate limit storage unreachable - falling back to in-memory storage" in messages
    assert messages.count("Socket rate limit storage unreachable: commands are not limited") == 1
    assert "Presence: Redis unreachable, counting this process's phones only" in messages


def test_a_frozen_redis_costs_socket_commands_one_short_timeout_not_one_each(tmp_path, caplog):
    """Redis stopped mid-meeting (SIGSTOP: connections open, no answer): the first command waits out
    the storage timeout (0.5 s) and is let through; the next ones, for two seconds, do not wait at all."""
    server = start_redis(tmp_path / "frozen")
    try:
        throttle = SharedThrottle("2/10", server.url, **STORAGE_TIMEOUTS)
        assert throttle.hit("attendee:1") and throttle.hit("attendee:1")
        assert not throttle.hit("attendee:1")  # counted in Redis: the limit holds while it answers
        os.kill(server.process.pid, signal.SIGSTOP)
        try:
            with caplog.at_level(logging.WARNING, logger="townhall.realtime.throttle"):
                started = time.monotonic()
                assert throttle.hit("attendee:1")
                first = time.monotonic() - started
                started = time.monotonic()
                assert all(throttle.hit("attendee:1") for _ in range(50))
                rest = time.monotonic() - started
        finally:
            os.kill(server.process.pid, signal.SIGCONT)
        assert first < 1.5 and rest < 0.2, (first, rest)
        assert len(caplog.records) == 1
    finally:
        server.stop()
