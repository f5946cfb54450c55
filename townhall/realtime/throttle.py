"""Socket commands allowed per person, counted where RATELIMIT_STORAGE_URI says, as the HTTP limits are.

- `memory://` (the default): in this process's memory, a sliding window over two fixed windows
  (Throttle). The `limits` package's memory storage was tried first: it sweeps every key on a 10 ms
  timer, which under a thousand voting phones took a fifth of the worker's CPU (py-spy). Here a hit
  is one dictionary lookup; windows older than the previous one are dropped in one pass at most once
  per window length.
- Any other storage (`redis://host:6379`, ...; REDIS_URL when set, config.py): the `limits` package's
  storage and its sliding window counter (SharedThrottle), the same two-window estimate, shared by every
  process using that storage. The key is the person (attendee, organizer), never the socket, so a
  phone reconnecting to another process keeps its budget.
"""
import logging
import threading
import time

import limits
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import SlidingWindowCounterRateLimiter

from ..breaker import Breaker

log = logging.getLogger(__name__)


def rate(spec: str) -> tuple[int, float]:
    """(commands, seconds) from the HTTP limits' syntax ("30 per 10 seconds", "100/minute"), or from
    "30/10": 30 commands per 10 seconds."""
    count, _, seconds = spec.partition("/")
    if count.strip().isdigit() and seconds.strip().replace(".", "", 1).isdigit():
        return int(count), float(seconds)
    item = limits.parse(spec)
    return item.amount, float(item.get_expiry())


def from_config(config) -> "Throttle | SharedThrottle":
    """The socket commands' limiter for an app: SOCKET_RATE_LIMIT, counted in RATELIMIT_STORAGE_URI."""
    spec, storage = config["SOCKET_RATE_LIMIT"], config["RATELIMIT_STORAGE_URI"]
    if storage.startswith("memory://"):
        return Throttle.parse(spec)
    return SharedThrottle(spec, storage, **config.get("RATELIMIT_STORAGE_OPTIONS", {}))


class Throttle:
    """At most `count` hits per key in any `seconds`, estimated as the moving-window limit is by
    the usual two-window approximation (this window's hits plus the previous window's, weighted by
    how much of it still overlaps)."""

    def __init__(self, count: int, seconds: float):
        self.count = count
        self.seconds = seconds
        self.lock = threading.Lock()
        self.windows: dict[str, tuple[int, int, int]] = {}  # key -> (window number, hits, hits before)
        self.swept = 0

    @classmethod
    def parse(cls, spec: str) -> "Throttle":
        return cls(*rate(spec))

    def hit(self, key: str, now: float | None = None) -> bool:
        """Count one command for key; False (and not counted) when over the limit."""
        now = time.monotonic() if now is None else now
        window, into = divmod(now, self.seconds)
        window = int(window)
        with self.lock:
            if window > self.swept + 1:
                self._sweep(window)
            current, hits, before = self.windows.get(key, (window, 0, 0))
            if current != window:  # a new window: the last one becomes "before" if adjacent
                hits, before = 0, hits if current == window - 1 else 0
            estimate = hits + before * (1 - into / self.seconds)
            if estimate + 1 > self.count:
                self.windows[key] = (window, hits, before)
                return False
            self.windows[key] = (window, hits + 1, before)
            return True

    def _sweep(self, window: int) -> None:
        self.windows = {k: v for k, v in self.windows.items() if v[0] >= window - 1}
        self.swept = window


class SharedThrottle:
    """At most `count` hits per key in any `seconds`, counted in a `limits` storage that other
    processes share. A storage that cannot be reached lets the command through (logged at most once
    a minute): the limit protects the server, it decides nothing a person asked for. After a failure
    the storage is not asked again for RETRY_SECONDS, so a Redis that is down or frozen costs the
    commands of that time nothing (not a timeout each)."""

    NAMESPACE = "townhall-socket"
    RETRY_SECONDS = 2.0

    def __init__(self, spec: str, storage_uri: str, **options):
        count, seconds = rate(spec)
        if not seconds.is_integer():
            raise ValueError(f"SOCKET_RATE_LIMIT {spec!r}: a shared storage counts whole seconds.")
        self.count, self.seconds = count, seconds
        self.item = limits.RateLimitItemPerSecond(count, int(seconds))
        storage = storage_from_string(storage_uri, wrap_exceptions=True, **options)
        self.limiter = SlidingWindowCounterRateLimiter(storage)
        self.breaker = Breaker(log, "Socket rate limit storage unreachable: commands are not limited",
                               self.RETRY_SECONDS)

    def hit(self, key: str) -> bool:
        """Count one command for key; False (and not counted) when over the limit."""
        if self.breaker.resting():
            return True
        try:
            return self.limiter.hit(self.item, self.NAMESPACE, key)
        except StorageError:
            self.breaker.failed()
            return True
