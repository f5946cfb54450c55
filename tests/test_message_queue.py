"""The message queue's publisher (townhall/realtime/message_queue.py) against a real redis-server: bounded
while Redis is away (the oldest publications dropped, counted), everything still waiting published in
order once Redis answers, followed by the notice that makes the other processes resync."""
import json

import socketio
from helpers import wait_until

from benchmarks.server import free_port
from scripts.local_servers import start_redis
from townhall.realtime.message_queue import RESYNC, QueuedRedisManager, health, spread_ms


def test_a_full_queue_drops_the_oldest_then_publishes_the_rest_in_order_and_a_resync_notice(tmp_path):
    port = free_port()
    url = f"redis://127.0.0.1:{port}"
    manager = QueuedRedisManager(url, channel="townhall-test", limit=3)
    socketio.Server(async_mode="threading", client_manager=manager)
    assert health(url).startswith("error")  # nothing listens there yet: answered, not hung
    for n in range(5):
        manager._publish({"method": "emit", "n": n, "host_id": manager.host_id})
    assert manager.pending() == 3 and manager.dropped == 2 and manager.resync_owed
    redis = start_redis(tmp_path / "redis", port=port)
    try:
        import redis as redis_module

        listener = redis_module.Redis.from_url(url).pubsub()
        listener.subscribe("townhall-test")
        received = []

        def drain():
            message = listener.get_message(timeout=0.1)
            if message and message["type"] == "message":
                received.append(json.loads(message["data"]))
            return received and received[-1].get("method") == RESYNC

        # the publisher retries every half second: what waited goes out, in order, then the notice
        wait_until(drain, timeout=10)
        assert [m.get("n") for m in received] == [2, 3, 4, None]
        assert received[-1] == {"method": RESYNC, "host_id": manager.host_id}
        assert manager.pending() == 0 and not manager.resync_owed
        assert health(url) == "ok"
        listener.close()
    finally:
        redis.stop()


def test_a_resync_is_spread_over_more_time_the_more_sockets_a_process_serves():
    assert spread_ms(0) == 1000
    assert spread_ms(5000) == 10_000
    assert spread_ms(1_000_000) == 20_000
