"""LOOP_MONITOR_FILE (townhall/loop_monitor.py): what an operator reads when the server stalls."""
import gc
import json
import time

import gevent

from townhall import loop_monitor


def test_a_held_loop_and_a_full_collection_are_written_down(tmp_path, monkeypatch):
    monkeypatch.setattr(loop_monitor, "PERIOD", 0.3)
    out = tmp_path / "loop.jsonl"
    stop = loop_monitor.start(str(out))
    try:
        gevent.sleep(0.05)
        time.sleep(0.2)  # holds the loop: nothing else runs meanwhile
        gc.collect()
        gevent.sleep(0.7)
    finally:
        stop()
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines and max(line["max_lag_ms"] for line in lines) >= 150
    assert sum(line["gc"]["2"]["count"] for line in lines) >= 1
    assert max(line["gc"]["2"]["longest_ms"] for line in lines) > 0
