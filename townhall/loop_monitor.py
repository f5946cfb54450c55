"""What stalls the one worker, for benchmarks and operators: event-loop lag and garbage collections.

Enabled by LOOP_MONITOR_FILE (gunicorn.conf.py starts it in the worker): every PERIOD seconds one
JSON line with the largest delay a greenlet waking from a 10 ms sleep saw, and the collections of
each generation with the longest one. Off by default; it costs a wake-up every 10 ms.
"""
import gc
import json
import time

TICK = 0.01
PERIOD = 5.0


def start(path: str):
    """Start watching; returns a function that stops."""
    import gevent

    collections = {0: [0, 0.0], 1: [0, 0.0], 2: [0, 0.0]}  # generation -> [count, longest seconds]
    started = {}

    def on_gc(phase, info):
        if phase == "start":
            started["at"] = time.perf_counter()
        elif "at" in started:
            entry = collections[info["generation"]]
            entry[0] += 1
            entry[1] = max(entry[1], time.perf_counter() - started.pop("at"))

    gc.callbacks.append(on_gc)

    def watch():
        worst, since = 0.0, time.monotonic()
        while True:
            before = time.monotonic()
            gevent.sleep(TICK)
            worst = max(worst, time.monotonic() - before - TICK)
            if time.monotonic() - since >= PERIOD:
                line = {"at": round(time.time(), 1), "max_lag_ms": round(worst * 1000, 1),
                        "gc": {str(g): {"count": c, "longest_ms": round(t * 1000, 1)}
                               for g, (c, t) in collections.items()}}
                with open(path, "a") as out:
                    out.write(json.dumps(line) + "\n")
                worst, since = 0.0, time.monotonic()
                for entry in collections.values():
                    entry[0], entry[1] = 0, 0.0

    watcher = gevent.spawn(watch)

    def stop() -> None:
        watcher.kill()
        gc.callbacks.remove(on_gc)

    return stop
