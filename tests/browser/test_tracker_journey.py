"""The public follow-up tracker in a browser, on a phone (390x844) and a laptop (1366x768): the figures,
the chart, the list with its overdue flag, a filter, a row's history, and a written answer arriving live."""
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tracker_helpers import days_ago, make_riverton, step  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture
def riverton(seed, live_server):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Riverside town hall")
    return make_riverton(live_server.app, organizer.id, code)


def row(page, text):
    return page.get_by_test_id("followup-row").filter(has_text=text)


def test_the_tracker_on_a_phone(people, riverton, shoot):
    phone = people.phone()
    phone.goto(f"/e/{riverton['code']}/followup")
    overall = phone.get_by_test_id("figures-row").first
    expect(overall.get_by_test_id("figure-median")).to_have_text("15 days")
    expect(overall.get_by_test_id("figure-on-time")).to_contain_text("33%")
    expect(phone.get_by_test_id("figures-row").filter(has_text="Roads").get_by_test_id("figure-median")).to_have_text(
        "more than 10 days")
    expect(phone.get_by_test_id("followup-row")).to_have_count(6)
    potholes = row(phone, "potholes")
    expect(potholes.get_by_test_id("followup-overdue")).to_have_text("Overdue by 3 days")
    expect(potholes.get_by_test_id("followup-overdue")).to_be_visible()
    expect(row(phone, "park lights").get_by_test_id("followup-answer")).to_contain_text("In March.")
    expect(phone.get_by_test_id("tracker-chart-svg")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # the figures scroll in their card
    chart = phone.get_by_test_id("tracker-chart-svg").bounding_box()
    assert chart["width"] >= 300 and chart["height"] >= 100
    shoot(phone, "tracker-phone-top")
    shoot(phone, "tracker-phone", full_page=True)

    potholes.get_by_text("History").click()
    expect(potholes.get_by_test_id("followup-history")).to_contain_text("Referred to Roads")
    expect(potholes.get_by_test_id("followup-history")).to_contain_text("We will check the budget")

    phone.get_by_test_id("filter-status").select_option("overdue")  # the script submits the form
    expect(phone.get_by_test_id("followup-row")).to_have_count(1)
    assert phone.url.endswith("status=overdue") or "status=overdue" in phone.url
    expect(phone.get_by_test_id("tracker-count")).to_contain_text("1 question")
    shoot(phone, "tracker-phone-overdue")


def test_the_tracker_on_a_laptop_updates_live(people, riverton, live_server, shoot):
    laptop = people.laptop()
    violations, console = [], []
    laptop.context.expose_binding("__cspReport", lambda _source, report: violations.append(report))
    laptop.context.add_init_script(
        'document.addEventListener("securitypolicyviolation", '
        '(e) => window.__cspReport({directive: e.effectiveDirective, blocked: e.blockedURI}));')
    laptop.on("console", lambda message: message.type == "error" and console.append(message.text))
    laptop.goto(f"/e/{riverton['code']}/followup")
    expect(laptop.get_by_test_id("tracker-page")).to_have_attribute("data-live", "true")
    expect(laptop.get_by_test_id("figures-row").first.get_by_test_id("figure-overdue")).to_contain_text("50%")
    assert laptop.evaluate("document.documentElement.scrollWidth") <= 1366
    table = laptop.locator(".fu-figures").bounding_box()
    card = laptop.get_by_test_id("tracker-figures").bounding_box()
    assert table["width"] <= card["width"]  # the figures fit without scrolling on a laptop
    shoot(laptop, "tracker-laptop")
    shoot(laptop, "tracker-laptop-full", full_page=True)

    step(live_server.app, riverton["q"]["overdue"], "answer_in_writing", at=days_ago(0), office_id=riverton["roads"],
         answer="Crews start on Elm Street next Monday.")
    potholes = row(laptop, "potholes")
    expect(potholes.get_by_test_id("followup-answer")).to_contain_text("Crews start on Elm Street next Monday.")
    expect(potholes.get_by_test_id("followup-status")).to_have_text("Answered")
    expect(potholes.get_by_test_id("followup-overdue")).to_have_count(0)
    expect(laptop.get_by_test_id("tracker-live")).to_contain_text("Updated")
    expect(laptop.get_by_test_id("figures-row").first.get_by_test_id("figure-overdue")).to_contain_text("0%")
    shoot(laptop, "tracker-laptop-after-answer")
    assert violations == [] and console == []  # the page and its script live under the CSP
