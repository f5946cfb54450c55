"""The burst rule of services/vote_watch.py, with the clock given by hand: which votes make a flag,
which do not, and when a burst ends."""
from datetime import datetime, timedelta

from townhall.services.vote_watch import FRESH_SECONDS, MIN_FRESH, WINDOW_SECONDS, Watch, is_fresh

KEY = (1, "question", 7)
AT = datetime(2026, 12, 4, 19, 0)


def cast(watch, n, *, fresh=True, way=None, start=0.0, step=0.1, key=KEY):
    outcomes = [watch.saw(key, way, fresh, now=start + i * step, at=AT) for i in range(n)]
    return outcomes


def test_min_fresh_fresh_votes_the_same_way_make_one_new_burst():
    watch = Watch()
    outcomes = cast(watch, MIN_FRESH)
    assert outcomes[:-1] == [None] * (MIN_FRESH - 1)
    new, burst = outcomes[-1]
    assert new is True and burst.wire()["fresh_votes"] == MIN_FRESH and burst.wire()["votes"] == MIN_FRESH
    later = cast(watch, 5, start=10)
    assert all(outcome[0] is False for outcome in later)  # the same burst: no second log entry
    assert later[-1][1].fresh_votes == MIN_FRESH + 5


def test_an_established_room_voting_together_is_not_flagged():
    watch = Watch()
    assert cast(watch, 200, fresh=False) == [None] * 200  # phones that joined long before


def test_fresh_votes_that_are_half_or_less_of_the_window_are_not_flagged():
    watch = Watch()
    cast(watch, MIN_FRESH, fresh=False)
    assert cast(watch, MIN_FRESH, start=3) == [None] * MIN_FRESH  # 20 of 40: not more than half
    assert cast(watch, 1, start=6)[0][0] is True  # 21 of 41


def test_fresh_votes_split_between_poll_options_are_not_the_same_way():
    watch = Watch()
    key = (1, "poll", 3)
    outcomes = [watch.saw(key, i % 2, True, now=i * 0.1, at=AT) for i in range(2 * MIN_FRESH - 2)]
    assert outcomes == [None] * (2 * MIN_FRESH - 2)  # 19 and 19: neither way reaches 20 as a majority


def test_votes_older_than_the_window_drop_out_and_a_quiet_window_ends_the_burst():
    watch = Watch()
    cast(watch, MIN_FRESH - 1, step=0)
    assert cast(watch, 1, start=WINDOW_SECONDS + 1) == [None]  # the first 19 left the window
    cast(watch, MIN_FRESH, start=100, step=0)
    assert watch.flag(KEY, now=100 + WINDOW_SECONDS)["fresh_votes"] == MIN_FRESH + 1  # with the one at 61
    assert watch.flag(KEY, now=100 + WINDOW_SECONDS + 1) is None  # a minute without such a vote: over
    assert cast(watch, 1, start=100 + WINDOW_SECONDS + 2) == [None]  # the burst is over, the window empty
    again = cast(watch, MIN_FRESH, start=200, step=0)
    assert [outcome[0] for outcome in again if outcome] == [True, False]  # a new burst: logged again


def test_freshness_is_joined_within_fresh_seconds():
    assert is_fresh(AT - timedelta(seconds=FRESH_SECONDS - 1), AT)
    assert not is_fresh(AT - timedelta(seconds=FRESH_SECONDS), AT)
    assert not is_fresh(None, AT)
