"""The socket commands' limit is counted where RATELIMIT_STORAGE_URI says: in each process's memory by
default, or in a storage every process shares (Redis here), so a phone moving between two servers
(behind a load balancer, or across a restart) keeps one budget, as with the HTTP limits."""
import logging

import pytest
import redis
from helpers import PASSWORD, api

from scripts import local_servers
from townhall.realtime.throttle import SharedThrottle
from townhall.services import accounts, events

LIMIT = "3 per minute"


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    with local_servers.redis_server(tmp_path_factory.mktemp("redis")) as server:
        client = redis.Redis.from_url(server.url)
        yield server.url, client
        client.close()


def error_code(ack) -> str:
    assert ack["ok"] is False, ack
    return ack["error"]["code"]


def _two_servers(app_factory, storage: str):
    """Two server processes on one database, and a phone that joined on the first (its session cookie
    works on both)."""
    first, second = (app_factory("shared.db", RATELIMIT_STORAGE_URI=storage, SOCKET_RATE_LIMIT=LIMIT)
                     for _ in range(2))
    with first.app_context():
        owner = accounts.create_organizer(email="olga@example.com", name="Olga", password=PASSWORD)
        code = events.create_event(owner_id=owner, title="Two servers", premoderation=False)
    phone = first.test_client()
    assert api(phone, "POST", f"/api/events/{code}/join").status_code == 201
    same_phone = second.test_client()
    same_phone.set_cookie("session", phone.get_cookie("session").value)
    return first, second, code, phone, same_phone


def test_two_servers_sharing_one_redis_share_each_persons_limit(app_factory, connect, redis_server):
    uri, client = redis_server
    client.flushall()
    first, second, code, phone, same_phone = _two_servers(app_factory, uri)
    on_first, on_second = connect(phone, code, server=first), connect(same_phone, code, server=second)
    assert on_first.emit("question:ask", {"text": "One"})["ok"]
    assert on_second.emit("question:ask", {"text": "Two"})["ok"]
    assert on_first.emit("question:ask", {"text": "Three"})["ok"]
    assert error_code(on_second.emit("question:ask", {"text": "Four"})) == "rate_limited"
    assert error_code(on_first.emit("question:ask", {"text": "Five"})) == "rate_limited"
    neighbour = second.test_client()  # someone else is not slowed down
    assert api(neighbour, "POST", f"/api/events/{code}/join").status_code == 201
    assert connect(neighbour, code, server=second).emit("question:ask", {"text": "Mine"})["ok"]
    assert client.keys("*townhall-socket*")  # counted in Redis, not in either process


def test_by_default_each_server_counts_in_its_own_memory(app_factory, connect):
    first, second, code, phone, same_phone = _two_servers(app_factory, "memory://")
    on_first, on_second = connect(phone, code, server=first), connect(same_phone, code, server=second)
    for n in range(3):
        assert on_first.emit("question:ask", {"text": f"First {n}"})["ok"]
    assert error_code(on_first.emit("question:ask", {"text": "One too many"})) == "rate_limited"
    assert on_second.emit("question:ask", {"text": "On the other server"})["ok"]


def test_a_storage_out_of_reach_lets_commands_through_and_says_so_once(caplog):
    port = local_servers.free_port()  # nothing listens there
    throttle = SharedThrottle("2/10", f"redis://127.0.0.1:{port}")
    with caplog.at_level(logging.WARNING, logger="townhall.realtime.throttle"):
        assert all(throttle.hit("attendee:1") for _ in range(5))
    assert [r.getMessage() for r in caplog.records] == [
        "Socket rate limit storage unreachable: commands are not limited"]


def test_a_shared_limit_is_written_as_the_http_limits_are():
    for spec in ("30/10", "30 per 10 seconds", "100/minute"):
        assert SharedThrottle(spec, "memory://").hit("attendee:1")
    with pytest.raises(ValueError, match="whole seconds"):
        SharedThrottle("3/2.5", "memory://")
