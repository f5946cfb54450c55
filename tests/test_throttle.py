"""The socket commands' limiter: per key, a moving window estimated from two fixed windows."""
import pytest

from townhall.realtime.throttle import Throttle


def test_allows_the_limit_then_refuses_until_the_window_moves_on():
    throttle = Throttle.parse("3/10")
    assert [throttle.hit("ana", now=100.0) for _ in range(4)] == [True, True, True, False]
    assert throttle.hit("ben", now=100.0)  # each person has their own budget
    # at 111 the window 100-110 still overlaps 90 % of the last 10 s: 3 * 0.9 = 2.7 hits -> full
    assert not throttle.hit("ana", now=111.0)
    # at 119 only 10 % overlaps: 0.3 hits, so two more fit, not a third
    assert [throttle.hit("ana", now=119.0) for _ in range(3)] == [True, True, False]
    assert [throttle.hit("ana", now=140.0) for _ in range(3)] == [True, True, True]


def test_refused_hits_are_not_counted():
    throttle = Throttle(2, 10)
    for _ in range(50):
        throttle.hit("ana", now=5.0)
    assert throttle.hit("ana", now=21.0)  # two windows later the budget is whole again


def test_old_windows_are_swept():
    throttle = Throttle(5, 1)
    for i in range(1000):
        throttle.hit(f"phone-{i}", now=10.5)
    throttle.hit("late", now=13.5)
    assert set(throttle.windows) == {"late"}


@pytest.mark.parametrize("spec, count, seconds", [("30/10", 30, 10), ("30 per 10 seconds", 30, 10),
                                                  ("100/minute", 100, 60), ("5 per hour", 5, 3600)])
def test_the_socket_limit_is_written_as_the_http_limits_are(spec, count, seconds):
    throttle = Throttle.parse(spec)
    assert (throttle.count, throttle.seconds) == (count, seconds)
