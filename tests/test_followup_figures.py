"""Response-time arithmetic on known data (services/followup_figures.py, docs/followup.md)."""
from datetime import date, datetime, timedelta

from townhall.services.followup_figures import Item, by_office, figures, percentile, survival

NOW = datetime(2026, 12, 31, 12, 0)
START = datetime(2026, 12, 1, 12, 0)
DUE = date(2026, 12, 10)


def answered(days: float, **kw) -> Item:
    return Item(referred_at=START, first_due_on=kw.pop("first_due_on", DUE), due_on=kw.pop("due_on", DUE),
                answered_at=START + timedelta(days=days), **kw)


def waiting(since_days_ago: float, **kw) -> Item:
    return Item(referred_at=NOW - timedelta(days=since_days_ago), first_due_on=kw.pop("first_due_on", DUE),
                due_on=kw.pop("due_on", DUE), **kw)


def test_a_waiting_item_counts_as_censored_not_as_zero_nor_left_out():
    items = [answered(2), answered(4), answered(6), waiting(5)]
    # Kaplan-Meier: 4 at risk at day 2 -> 3/4; 3 at risk at day 4 -> 1/2; the waiting one leaves at day 5;
    # 1 at risk at day 6 -> 0.
    assert [(round(t / 86400), round(s, 3)) for t, s in survival(items, NOW)] == [(2, 0.75), (4, 0.5), (6, 0.0)]
    assert percentile(items, NOW, 0.5) == {"days": 4.0, "more_than_days": None}
    assert percentile(items, NOW, 0.9) == {"days": 6.0, "more_than_days": None}
    # Counting the waiting item as answered at once (zero) would have given a median of 2 days; leaving
    # it out, 4 days from 3 items; a waiting item older than every answer pushes the median out:
    assert percentile([answered(2), waiting(30), waiting(40)], NOW, 0.5) == {"days": None, "more_than_days": 40.0}


def test_percentiles_of_answers_only_are_the_plain_order_statistics():
    items = [answered(d) for d in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)]
    assert percentile(items, NOW, 0.5) == {"days": 5.0, "more_than_days": None}
    assert percentile(items, NOW, 0.9) == {"days": 9.0, "more_than_days": None}
    assert percentile([], NOW, 0.5) == {"days": None, "more_than_days": None}


def test_an_item_closed_without_a_written_answer_is_censored_when_it_left():
    closed = Item(referred_at=START, first_due_on=DUE, due_on=DUE, left_at=START + timedelta(days=3))
    result = figures([answered(5), closed], NOW)
    assert result["median"] == {"days": 5.0, "more_than_days": None}
    assert (result["answered"], result["waiting"], result["left_without_written_answer"]) == (1, 0, 1)


def test_on_time_counts_against_the_first_due_date_and_overdue_against_the_date_in_force():
    items = [
        answered(5),  # 6 Dec, due 10 Dec: on time
        answered(12, due_on=date(2026, 12, 20)),  # 13 Dec: late against the first promise, extension or not
        waiting(3, first_due_on=date(2027, 1, 15), due_on=date(2027, 1, 15)),  # not due yet: not judged
        waiting(20, first_due_on=date(2026, 12, 20), due_on=date(2026, 12, 20)),  # past due: judged late
        waiting(25, first_due_on=date(2026, 12, 15), due_on=date(2027, 1, 31)),  # more time: judged, not overdue
    ]
    result = figures(items, NOW)
    assert result["on_time"] == {"count": 1, "judged": 4, "share": 0.25}
    assert result["overdue"] == {"count": 1, "waiting": 3, "share": 0.333}


def test_feedback_shares_are_of_the_verdicts_given():
    items = [answered(1, feedback="yes"), answered(2, feedback="yes"), answered(3, feedback="no"), answered(4)]
    assert figures(items, NOW)["feedback"] == {
        "given": 3, "yes": {"count": 2, "share": 0.667}, "partly": {"count": 0, "share": 0.0},
        "no": {"count": 1, "share": 0.333}}
    assert figures([], NOW)["feedback"]["yes"] == {"count": 0, "share": None}


def test_figures_per_office_and_overall():
    result = by_office([("Roads", answered(2)), ("Parks", answered(8)), ("Roads", answered(4))], NOW)
    assert [o["office"] for o in result["offices"]] == ["Parks", "Roads"]
    assert result["offices"][1]["median"]["days"] == 2.0
    assert result["overall"]["count"] == 3 and result["overall"]["median"]["days"] == 4.0
