"""Background work that fails says so in the server's log, with the traceback."""
import logging

from townhall.realtime import tasks


def test_a_failing_background_task_is_logged_with_what_it_was_and_its_traceback(app, caplog):
    def fail(number):
        raise RuntimeError(f"broken {number}")

    with caplog.at_level(logging.ERROR, logger="townhall.realtime.tasks"):
        tasks.start("closing poll 7 on time", fail, 7).join(timeout=5)
    (record,) = [r for r in caplog.records if r.name == "townhall.realtime.tasks"]
    assert record.getMessage() == "background task failed: closing poll 7 on time"
    assert record.exc_info and str(record.exc_info[1]) == "broken 7"


def test_a_background_task_that_works_logs_nothing(app, caplog):
    done = []
    with caplog.at_level(logging.ERROR, logger="townhall.realtime.tasks"):
        tasks.start("a fine task", done.append, 1).join(timeout=5)
    assert done == [1] and not caplog.records
