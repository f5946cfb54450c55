"""The chart's geometry (exports/followup_chart.py): points on known counts, and its text alternative."""
from townhall.exports.followup_chart import BOTTOM, LEFT, RIGHT, TOP, H, W, geometry


def test_nothing_to_draw():
    assert geometry({"days": [], "max": 0}) is None


def test_points_and_the_days_a_count_changed():
    days = [{"date": "2026-11-01", "open": 1, "answered": 0}, {"date": "2026-11-02", "open": 1, "answered": 0},
            {"date": "2026-11-03", "open": 0, "answered": 1}]
    chart = geometry({"days": days, "max": 1})
    bottom, top = H - BOTTOM, TOP
    assert chart["grid"] == [(bottom, "0"), ((bottom + top) / 2, "1"), (top, "2")]  # the top rounded up to 2
    middle = (bottom + top) / 2
    assert (LEFT, W - RIGHT, bottom, middle) == (34, 466, 208, 111)
    assert chart["open"] == "34.0,111.0 250.0,111.0 466.0,208.0"
    assert chart["answered"] == "34.0,208.0 250.0,208.0 466.0,111.0"
    assert [(c["label"], c["open"], c["answered"]) for c in chart["changes"]] == [("1 Nov", 1, 0), ("3 Nov", 0, 1)]
    assert [label for _, label, _ in chart["ticks"]] == ["1 Nov", "2 Nov", "3 Nov"]
    assert (chart["first"], chart["last"], chart["now_open"], chart["now_answered"]) == ("1 Nov", "3 Nov", 0, 1)


def test_one_day_is_a_level_line():
    chart = geometry({"days": [{"date": "2026-11-01", "open": 2, "answered": 0}], "max": 2})
    assert chart["open"] == "34,14.0 466,14.0"  # the top: 2
