"""Socket commands allowed per person: a sliding window over two fixed windows, in process memory.

Flask-Limiter does not see socket events. The `limits` package's memory storage was tried first:
it sweeps every key on a 10 ms timer, which under a thousand voting phones took a fifth of the
worker's CPU (py-spy). Here a hit is one dictionary lookup; windows older than the previous one are
dropped in one pass at most once per window length.
"""
import threading
import time

import limits


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
        """The HTTP limits' syntax ("30 per 10 seconds", "100/minute"), or "30/10": 30 commands per
        10 seconds."""
        count, _, seconds = spec.partition("/")
        if count.strip().isdigit() and seconds.strip().replace(".", "", 1).isdigit():
            return cls(int(count), float(seconds))
        item = limits.parse(spec)
        return cls(item.amount, float(item.get_expiry()))

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
