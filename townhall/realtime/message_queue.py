"""Several processes on Redis, surviving its faults: publishing never blocks a command, a process
resubscribes within a second of Redis coming back, and phones are told to resync after an outage.

python-socketio's RedisManager publishes inside emit(): with Redis frozen (SIGSTOP) a question's
acknowledgement waited 13 s behind the emit after its commit. Here emit() delivers to this process's
own sockets at once (PubSubManager does, before publishing; its listener skips our own publications
by host_id, so nothing reaches a local socket twice) and puts the publication on a bounded queue that
one background task drains in order. When the queue is full the oldest publication is dropped (logged)
and the other processes are told to resync once Redis answers again.

Its listener backs off up to a minute after a failure (11 s measured); here it retries every
RETRY_SECONDS, pings when nothing came for PING_SECONDS (a frozen Redis keeps the connection open and
sends nothing), and after any failure tells this process's sockets "sync:needed" {spread_ms}: each
waits a random time up to spread_ms (longer the more sockets this process serves) and fetches its
snapshot. A publication that may have been lost (its publish timed out or was dropped) makes the
publisher send a resync notice once Redis answers: every other process then tells its sockets too.
"""
import collections
import logging
import threading
import time

from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import TimeoutError as RedisTimeout
from redis.retry import Retry
from socketio import RedisManager

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 0.5  # a Redis command (publish, ping, subscribe) gives up after this
RETRY_SECONDS = 0.5  # between attempts to reach Redis again
PING_SECONDS = 1.0  # the listener pings after this long with nothing received
QUEUE_LIMIT = 10_000  # publications waiting for Redis, per process
RESYNC = "townhall:resync"  # our own method on the channel: "the receivers resync their sockets"
SPREAD_MS_PER_SOCKET = 2  # a resync's snapshots, spread: 10,000 sockets over 20 s
SPREAD_MS_MIN, SPREAD_MS_MAX = 1000, 20_000


def redis_client(url: str) -> Redis:
    """A client that never waits long nor retries by itself: each caller decides what a failure means."""
    return Redis.from_url(url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS,
                          retry=Retry(NoBackoff(), 0))


def ping(url: str) -> str:
    """"ok", or "error: <what>" when Redis does not answer within TIMEOUT_SECONDS (for /healthz)."""
    client = redis_client(url)
    try:
        client.ping()
        return "ok"
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    finally:
        client.close()


def spread_ms(sockets: int) -> int:
    return max(SPREAD_MS_MIN, min(SPREAD_MS_MAX, sockets * SPREAD_MS_PER_SOCKET))


class QueuedRedisManager(RedisManager):
    """RedisManager whose publications go through an in-process queue (see the module's docstring)."""

    def __init__(self, url: str, channel: str, limit: int = QUEUE_LIMIT):
        super().__init__(url, channel=channel)
        self.limit = limit
        self._queue: collections.deque = collections.deque()
        self._queue_lock = threading.Lock()  # gevent's under gunicorn's monkey-patching
        self._wake = None
        self._drainer = None
        self._starting = threading.Lock()
        self.dropped = 0  # publications dropped since the start (full queue or an unsure publish)
        self.resync_owed = False  # others may have missed a publication of ours: tell them when Redis answers
        self.listening = False  # subscribed, and Redis answered lately
        self.resyncs = 0  # times this process told its sockets to resync

    # --- publishing -------------------------------------------------------

    def _publish(self, data):
        """Queued, never waits for Redis."""
        self._start_drainer()
        with self._queue_lock:
            if len(self._queue) >= self.limit:
                oldest = self._queue.popleft()
                self.dropped += 1
                self.resync_owed = True
                log.warning("message queue full (%d waiting for Redis): dropped the oldest publication (%s)",
                            self.limit, oldest.get("method"))
            self._queue.append(data)
        self._wake.set()

    def pending(self) -> int:
        return len(self._queue)

    def health(self) -> str:
        """"ok", or "error: ..." when Redis does not answer or this process is not subscribed (yet again)."""
        state = ping(self.redis_url)
        if state == "ok" and getattr(self, "thread", None) is not None and not self.listening:
            return "error: not subscribed"
        return state

    def _start_drainer(self) -> None:
        if self._drainer is not None:
            return
        with self._starting:
            if self._drainer is None:
                self._wake = self.server.eio.create_event()
                self._drainer = self.server.start_background_task(self._drain)

    def _drain(self) -> None:
        client = None
        while True:
            if not self._queue and not self.resync_owed:
                self._wake.wait(timeout=PING_SECONDS)
                self._wake.clear()
                continue
            try:
                client = client or redis_client(self.redis_url)
                if self.resync_owed:
                    client.ping()  # Redis answers again: the notice goes out after what waited
                while self._queue:
                    data = self._queue[0]
                    try:
                        client.publish(self.channel, self.json.dumps(data))
                    except (TimeoutError, RedisTimeout):
                        # Sent, maybe: Redis may still deliver it. Not sent again (no duplicates);
                        # the others resync instead.
                        self._forget(data, "its publish timed out")
                        raise
                    self._forget(data)
                if self.resync_owed:
                    client.publish(self.channel, self.json.dumps({"method": RESYNC, "host_id": self.host_id}))
                    self.resync_owed = False
                    log.warning("message queue: Redis answers again; the other processes were told to resync")
            except Exception as exc:
                self.resync_owed = True  # the others may miss what waits: they resync once it is out
                if client is not None:
                    client.close()
                client = None
                log.error("message queue: cannot publish to Redis (%s); %d publications waiting",
                          exc.__class__.__name__, len(self._queue))
                self.server.sleep(RETRY_SECONDS)

    def _forget(self, data, why: str | None = None) -> None:
        with self._queue_lock:
            if self._queue and self._queue[0] is data:
                self._queue.popleft()
        if why:
            self.dropped += 1
            self.resync_owed = True
            log.warning("message queue: dropped a publication (%s): %s", data.get("method"), why)

    # --- listening --------------------------------------------------------

    def _listen(self):
        """What PubSubManager's listener reads: our channel's messages, for ever, across Redis outages."""
        failed = False
        while True:
            client = pubsub = None
            try:
                client = redis_client(self.redis_url)
                pubsub = client.pubsub()
                pubsub.subscribe(self.channel)
                confirmed = pubsub.get_message(timeout=TIMEOUT_SECONDS * 2)  # the subscription's confirmation
                if confirmed is None or confirmed.get("type") != "subscribe":
                    raise TimeoutError("no confirmation of the subscription")
                pubsub.ignore_subscribe_messages = True
                self.listening = True
                if failed:
                    log.warning("message queue: subscribed again after a failure; this process's sockets resync")
                    self.resync_local()
                failed = False
                yield from self._messages(pubsub)
            except Exception as exc:
                if not failed:
                    log.error("message queue: lost the subscription to Redis (%s); retrying every %.1f s",
                              exc.__class__.__name__, RETRY_SECONDS)
                failed = True
                self.listening = False
                for thing in (pubsub, client):
                    try:
                        if thing is not None:
                            thing.close()
                    except Exception:
                        pass
                self.server.sleep(RETRY_SECONDS)

    def _messages(self, pubsub):
        channel = self.channel.encode()
        pinged = None
        while True:
            message = pubsub.get_message(timeout=PING_SECONDS)
            if message is None:
                if pinged is not None:
                    raise TimeoutError("Redis did not answer a ping")
                pubsub.ping()
                pinged = time.monotonic()
                continue
            pinged = None
            if message.get("type") != "message" or message.get("channel") != channel:
                continue
            try:
                data = self.json.loads(message["data"])
            except ValueError:
                continue
            if isinstance(data, dict) and data.get("method") == RESYNC:
                if data.get("host_id") != self.host_id:
                    self.resync_local()
                continue
            yield data

    def resync_local(self) -> None:
        """Every socket of this process fetches its snapshot, spread over a time that grows with their number."""
        self.resyncs += 1
        everyone = self.rooms.get("/", {}).get(None, {})
        try:
            self.server.emit("sync:needed", {"spread_ms": spread_ms(len(everyone))}, to=[None], namespace="/",
                             ignore_queue=True)
        except Exception:
            log.exception("message queue: could not tell this process's sockets to resync")


def health(url: str | None) -> str:
    """/healthz's "queue": "none" (one process, no queue), "ok", or "error: ..." (within ~TIMEOUT_SECONDS)."""
    if not url:
        return "none"
    from ..extensions import socketio

    manager = getattr(socketio.server, "manager", None)
    return manager.health() if isinstance(manager, QueuedRedisManager) else ping(url)
