"""Journey (laptop, 1366x768): the moderator puts a lower-voted question on the floor; a small dialog asks why
(a quick pick), the fairness panel then shows 1 skip with that reason; the top-voted question goes on the floor
without a question asked; the "Fair queue" sort puts the second question of one asker after the others and is
kept after a reload."""
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from townhall.extensions import db
from townhall.models import Question

from .helpers import mod_card, open_dashboard

pytestmark = pytest.mark.browser
OUT = Path("/tmp/fairness")


def test_a_skip_asks_why_and_the_panel_counts_it(people, seed, shoot, live_server):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Budget night")
    ann, ben = seed.attendee(code, "Ann"), seed.attendee(code, "Ben")
    pool = seed.question(code, "Will the pool reopen in May?", asker=ann)
    again = seed.question(code, "And the sauna, will it reopen too?", asker=ann)
    bus = seed.question(code, "Why was the bus line cut?", asker=ben)
    with live_server.app.app_context():
        for qid, votes in ((pool, 9), (again, 7), (bus, 2)):
            db.session.get(Question, qid).vote_count = votes
        db.session.commit()

    dashboard = open_dashboard(people.laptop("moderator"), organizer, code)
    panel = dashboard.get_by_test_id("fairness-panel")
    expect(panel).to_be_visible()
    expect(dashboard.get_by_test_id("fairness-skips")).to_have_attribute("data-skips", "0")
    expect(dashboard.get_by_test_id("fairness-asker-named")).to_contain_text("0 of 3")

    # the fair queue: Ann's second question after Ben's, though it has more votes
    dashboard.get_by_test_id("sort-fair").click()
    live = dashboard.get_by_test_id("list-live").get_by_test_id("mod-question")
    expect(live).to_have_count(3)
    assert [live.nth(i).get_attribute("data-question-id") for i in range(3)] == [str(pool), str(bus), str(again)]

    # the bus question (2 votes) before the pool (9): asked why
    mod_card(dashboard, bus).get_by_test_id("action-answering").click()
    dialog = dashboard.get_by_test_id("skip-dialog")
    expect(dialog).to_be_visible()
    expect(dashboard.get_by_test_id("skip-over")).to_have_text("“Will the pool reopen in May?” (9 votes) and 1 more")
    dashboard.get_by_test_id("skip-pick").filter(has_text="Time-sensitive").click()
    expect(dashboard.get_by_test_id("skip-reason")).to_have_value("Time-sensitive")
    OUT.mkdir(exist_ok=True)
    shutil.copy(shoot(dashboard, "skip-dialog"), OUT / "skip-dialog-1366.png")
    dashboard.get_by_test_id("skip-confirm").click()
    expect(dialog).to_be_hidden()
    expect(dashboard.get_by_test_id("answering-highlight")).to_have_attribute("data-question-id", str(bus))

    skips = dashboard.get_by_test_id("fairness-skips")
    expect(skips).to_have_attribute("data-skips", "1")
    expect(skips).to_contain_text("1 skip of 1 put on the floor")
    expect(dashboard.get_by_test_id("fairness-skip")).to_have_count(1)
    expect(dashboard.get_by_test_id("fairness-reason")).to_have_text("Time-sensitive")
    expect(dashboard.get_by_test_id("fairness-skip")).to_contain_text("Why was the bus line cut?")
    panel.scroll_into_view_if_needed()
    shutil.copy(shoot(dashboard, "fairness-panel"), OUT / "fairness-panel-1366.png")

    # cancel leaves everything as it was
    mod_card(dashboard, again).get_by_test_id("action-answering").click()
    expect(dialog).to_be_visible()
    dashboard.get_by_test_id("skip-cancel").click()
    expect(dialog).to_be_hidden()
    expect(dashboard.get_by_test_id("answering-highlight")).to_have_attribute("data-question-id", str(bus))

    # the top-voted waiting question: straight on the floor, no dialog, no second skip
    mod_card(dashboard, pool).get_by_test_id("action-answering").click()
    expect(dashboard.get_by_test_id("answering-highlight")).to_have_attribute("data-question-id", str(pool))
    expect(dialog).to_be_hidden()
    expect(skips).to_contain_text("1 skip of 2 put on the floor")

    dashboard.reload()  # the sort is kept
    expect(dashboard.get_by_test_id("sort-fair")).to_have_attribute("aria-pressed", "true")
    expect(skips).to_contain_text("1 skip of 2 put on the floor")
    dashboard.set_viewport_size({"width": 1920, "height": 1080})
    shutil.copy(shoot(dashboard, "dashboard-1920"), OUT / "dashboard-1920.png")
