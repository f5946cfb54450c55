"""Presence across processes, in Redis (REDIS_URL): what each process publishes and reads.

Keys (all expire after PRESENCE_TTL_SECONDS unless their process refreshes them):

- `townhall:presence:process:<name>`: the process is alive (its heartbeat).
- `townhall:presence:event:<id>:<name>`: the attendee ids of the phones that process holds in the
  event, rewritten whole (in one MULTI) when they change and at every heartbeat, so a Redis that lost
  its data is whole again within a heartbeat.
- `townhall:presence:event:<id>`: the names of the processes that published phones in the event.

An event's count is the union of its processes' sets: one per attendee however many tabs, on however
many processes. A process that crashed stops refreshing its keys; they expire, and its phones are no
longer counted (those that reconnected elsewhere were counted once all along).
"""
import logging

import redis

from ..breaker import Breaker

log = logging.getLogger(__name__)

PREFIX = "townhall:presence"
TIMEOUTS = {"socket_timeout": 1.0, "socket_connect_timeout": 1.0}
RETRY_SECONDS = 2.0


class Board:
    def __init__(self, url: str, process: str, ttl: float):
        self.client = redis.Redis.from_url(url, **TIMEOUTS)
        self.process = process
        self.ttl_ms = max(1, int(ttl * 1000))
        self.breaker = Breaker(log, "Presence: Redis unreachable, counting this process's phones only", RETRY_SECONDS)

    def _alive(self, process: str) -> str:
        return f"{PREFIX}:process:{process}"

    def _phones(self, event_id: int, process: str) -> str:
        return f"{PREFIX}:event:{event_id}:{process}"

    def _processes(self, event_id: int) -> str:
        return f"{PREFIX}:event:{event_id}"

    def publish(self, phones: dict[int, list[int]], emptied: set[int]) -> bool:
        """This process is alive; its phones per event are these (events in `emptied` have none now).
        False when Redis could not be reached."""
        pipe = self.client.pipeline(transaction=True)
        pipe.set(self._alive(self.process), "1", px=self.ttl_ms)
        for event_id, ids in phones.items():
            key, names = self._phones(event_id, self.process), self._processes(event_id)
            pipe.delete(key)
            pipe.sadd(key, *ids)
            pipe.pexpire(key, self.ttl_ms)
            pipe.sadd(names, self.process)
            pipe.pexpire(names, self.ttl_ms)
        for event_id in emptied:
            pipe.delete(self._phones(event_id, self.process))
        return self._run(pipe) is not None

    def others(self, event_ids: list[int]) -> dict[int, set[int]] | None:
        """event id -> the attendee ids connected to other live processes; None when Redis could not
        be reached."""
        if not event_ids:
            return {}
        pipe = self.client.pipeline(transaction=False)
        for event_id in event_ids:
            pipe.smembers(self._processes(event_id))
        found = self._run(pipe)
        if found is None:
            return None
        wanted = [(event_id, name.decode()) for event_id, names in zip(event_ids, found) for name in names
                  if name.decode() != self.process]
        pipe = self.client.pipeline(transaction=False)
        for event_id, name in wanted:
            pipe.smembers(self._phones(event_id, name))
        members = self._run(pipe) if wanted else []
        if members is None:
            return None
        result: dict[int, set[int]] = {event_id: set() for event_id in event_ids}
        for (event_id, _name), ids in zip(wanted, members):
            result[event_id].update(int(i) for i in ids)
        return result

    def alive(self, processes: list[str]) -> set[str] | None:
        """Which of these processes heartbeat now; None when Redis could not be reached."""
        if not processes:
            return set()
        pipe = self.client.pipeline(transaction=False)
        for name in processes:
            pipe.exists(self._alive(name))
        found = self._run(pipe)
        return None if found is None else {name for name, there in zip(processes, found) if there}

    def withdraw(self, event_ids: list[int]) -> None:
        """A clean stop: this process holds no phone any more."""
        pipe = self.client.pipeline(transaction=True)
        pipe.delete(self._alive(self.process), *(self._phones(e, self.process) for e in event_ids))
        self._run(pipe)

    def clear_own(self) -> None:
        """At start: what a previous run under this name left (a crash) is not counted any longer."""
        try:
            keys = list(self.client.scan_iter(match=f"{PREFIX}:event:*:{self.process}", count=1000))
        except redis.RedisError:
            return
        pipe = self.client.pipeline(transaction=False)
        pipe.delete(self._alive(self.process), *keys)
        self._run(pipe)

    def _run(self, pipe):
        """The pipeline's results, or None when Redis is out of reach. After a failure Redis is not
        asked again for RETRY_SECONDS: a Redis down or frozen costs a request at most one timeout."""
        if self.breaker.resting():
            return None
        try:
            return pipe.execute()
        except redis.RedisError:
            self.breaker.failed()
            return None

    def close(self) -> None:
        self.client.close()
