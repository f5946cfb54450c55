"""A shared storage that may be out of reach (Redis): after a failure it is not asked again for a
moment, so a Redis down or frozen costs the requests of that moment nothing (not a timeout each), and
the failure is logged at most once a minute. Used by the socket commands' limiter
(realtime/throttle.py) and by presence across processes (services/presence_shared.py)."""
import logging
import time

WARN_EVERY_SECONDS = 60.0


class Breaker:
    def __init__(self, log: logging.Logger, message: str, pause: float = 2.0):
        self.log, self.message, self.pause = log, message, pause
        self.until = float("-inf")
        self.warned = float("-inf")

    def resting(self) -> bool:
        """True while the storage is not to be asked (a failure less than `pause` seconds ago)."""
        return time.monotonic() < self.until

    def failed(self) -> None:
        """Call from the except clause of a failed call: pauses, and logs it with its traceback."""
        now = time.monotonic()
        self.until = now + self.pause
        if now - self.warned > WARN_EVERY_SECONDS:
            self.warned = now
            self.log.warning(self.message, exc_info=True)
