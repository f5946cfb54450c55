"""The tracker's rows, filters, figures and chart on known data (services/tracker.py, tracker_chart.py)."""
from datetime import timedelta

import pytest
from tracker_helpers import ask, days_ago, make_riverton, step

from townhall.errors import InvalidInput, NotFound
from townhall.models.base import utcnow
from townhall.services import tracker


@pytest.fixture
def riverton(app, organizer, event):
    return make_riverton(app, organizer.id, event)


def rows_by_text(view):
    return {row["text"]: row for row in view["followups"]}


def test_the_event_lists_what_was_followed_up_and_nothing_rejected_or_untouched(app, riverton):
    with app.app_context():
        view = tracker.event_tracker(code=riverton["code"])
    q = riverton["q"]
    assert [row["question_id"] for row in view["followups"]] == [
        q["closed"], q["deferred"], q["waiting"], q["anonymous"], q["overdue"], q["late"]]  # newest first
    rows = {row["question_id"]: row for row in view["followups"]}
    assert {k: (rows[q[k]]["status"], rows[q[k]]["overdue"], rows[q[k]]["age_days"], rows[q[k]]["office"])
            for k in ("late", "overdue", "waiting", "deferred", "closed", "anonymous")} == {
        "late": ("answered", False, 15, "Parks"), "overdue": ("open", True, 10, "Roads"),
        "waiting": ("open", False, 4, "Roads"), "deferred": ("open", False, 2, None),
        "closed": ("closed", False, 0, None), "anonymous": ("answered", False, 6, "Parks")}
    assert rows[q["overdue"]]["overdue_days"] == 3 and rows[q["waiting"]]["overdue_days"] is None
    assert rows[q["late"]]["answer_text"] == "In March." and rows[q["overdue"]]["answer_text"] is None
    assert rows[q["anonymous"]]["author"] is None and rows[q["late"]]["author"] == "Pia Park"
    assert [e["kind"] for e in rows[q["overdue"]]["history"]] == ["submit", "publish", "refer"]
    assert rows[q["overdue"]]["history"][-1]["note"] == "We will check the budget"
    assert rows[q["closed"]]["history"][-1]["note"] == "Out of scope for this meeting"
    assert view["organization"] == {"slug": "riverton", "name": "City of Riverton"}
    assert [o["name"] for o in view["offices"]] == ["Parks", "Roads"]


@pytest.mark.parametrize("status, keys", [
    ("open", ["deferred", "waiting", "overdue"]), ("overdue", ["overdue"]), ("answered", ["anonymous", "late"]),
    ("closed", ["closed"]), ("OPEN ", ["deferred", "waiting", "overdue"]), ("", None),
])
def test_the_status_filter(app, riverton, status, keys):
    with app.app_context():
        view = tracker.event_tracker(code=riverton["code"], status=status)
    q = riverton["q"]
    expected = keys or ["closed", "deferred", "waiting", "anonymous", "overdue", "late"]
    assert [row["question_id"] for row in view["followups"]] == [q[k] for k in expected]


def test_the_office_filter_by_name_or_id(app, riverton):
    q = riverton["q"]
    with app.app_context():
        by_name = tracker.event_tracker(code=riverton["code"], office="roads")
        by_id = tracker.event_tracker(code=riverton["code"], office=str(riverton["parks"]), status="answered")
    assert [row["question_id"] for row in by_name["followups"]] == [q["waiting"], q["overdue"]]
    assert by_name["filters"] == {"office": riverton["roads"], "status": None}
    assert [row["question_id"] for row in by_id["followups"]] == [q["anonymous"], q["late"]]


@pytest.mark.parametrize("office, status, field", [
    ("Libraries", None, "office"), ("999999", None, "office"), (None, "late", "status"), (None, "referred", "status"),
])
def test_a_filter_that_names_nothing_is_invalid(app, riverton, office, status, field):
    with app.app_context(), pytest.raises(InvalidInput) as refused:
        tracker.event_tracker(code=riverton["code"], office=office, status=status)
    assert refused.value.code == "invalid_filter" and refused.value.field == field


def test_the_figures_count_the_open_items_as_censored(app, riverton):
    with app.app_context():
        figures = tracker.event_tracker(code=riverton["code"])["figures"]
    overall = figures["overall"]
    assert (overall["count"], overall["answered"], overall["waiting"]) == (4, 2, 2)
    # 4 days (waiting), 6 (answered), 10 (waiting), 15 (answered): the estimate falls to 2/3 at 6 days,
    # to 0 at 15: the median and the 90th percentile are both 15 days.
    assert overall["median"] == {"days": 15.0, "more_than_days": None}
    assert overall["p90"] == {"days": 15.0, "more_than_days": None}
    assert overall["on_time"] == {"count": 1, "judged": 3, "share": 0.333}
    assert overall["overdue"] == {"count": 1, "waiting": 2, "share": 0.5}
    assert overall["feedback"]["yes"] == {"count": 1, "share": 1.0}
    roads = next(o for o in figures["offices"] if o["office"] == "Roads")
    assert roads["median"] == {"days": None, "more_than_days": 10.0}  # nothing answered yet


def test_the_chart_counts_open_and_answered_at_the_end_of_each_day(app, riverton):
    with app.app_context():
        chart = tracker.event_tracker(code=riverton["code"])["chart"]
    today = riverton["today"]
    assert len(chart["days"]) == 21
    assert chart["days"][0]["date"] == (today - timedelta(days=20)).isoformat()
    assert chart["days"][-1]["date"] == today.isoformat()
    ago = {(today - timedelta(days=i)).isoformat(): i for i in range(21)}
    counts = {ago[d["date"]]: (d["open"], d["answered"]) for d in chart["days"]}
    assert counts[20] == counts[11] == (1, 0)
    assert counts[10] == counts[9] == (2, 0)
    assert counts[8] == counts[6] == (3, 0)
    assert counts[5] == (2, 1)  # the park lights answered
    assert counts[4] == counts[3] == (3, 1)  # the bus stop referred
    assert counts[2] == counts[0] == (2, 2)  # the toilets answered
    assert chart["max"] == 3


def test_a_question_closed_after_its_referral_stops_counting_as_open_and_is_not_overdue(app, riverton):
    q, today = riverton["q"], riverton["today"]
    step(app, q["overdue"], "close", at=days_ago(1), note="Handed to the county")
    with app.app_context():
        view = tracker.event_tracker(code=riverton["code"])
    row = next(r for r in view["followups"] if r["question_id"] == q["overdue"])
    assert (row["status"], row["overdue"], row["overdue_days"], row["age_days"]) == ("closed", False, None, 9)
    assert view["chart"]["days"][-1] == {"date": today.isoformat(), "open": 1, "answered": 2}
    assert view["figures"]["overall"]["overdue"] == {"count": 0, "waiting": 1, "share": 0.0}


def test_the_organization_lists_its_events_newest_first(app, organizer, riverton, make_event):
    from townhall.extensions import db
    from townhall.services import events

    later = make_event(organizer.id, title="Second town hall")
    with app.app_context():
        first, second = events.get_event(riverton["code"]), events.get_event(later)
        first.starts_at, second.starts_at = utcnow() - timedelta(days=30), utcnow() - timedelta(days=1)
        second.organization_id = riverton["org"]
        db.session.commit()
    asked = ask(app, later, "Parking at the new hall?", at=days_ago(1))
    step(app, asked, "refer", at=days_ago(1), office_id=riverton["roads"], due_on=riverton["today"])
    with app.app_context():
        view = tracker.organization_tracker(slug="Riverton")
    assert [e["title"] for e in view["events"]] == ["Second town hall", "Town hall on the river park"]
    assert view["followups"][0]["question_id"] == asked
    assert view["followups"][0]["event"]["title"] == "Second town hall"
    assert {r["event"]["title"] for r in view["followups"][1:]} == {"Town hall on the river park"}
    assert riverton["code"] not in repr(view)  # the organization's page hands out no join code
    assert view["figures"]["overall"]["count"] == 5


def test_unknown_codes_and_slugs(app, riverton):
    with app.app_context():
        with pytest.raises(NotFound):
            tracker.event_tracker(code="NOSUCHCODE")
        with pytest.raises(NotFound) as missing:
            tracker.organization_tracker(slug="atlantis")
    assert missing.value.code == "organization_not_found"
