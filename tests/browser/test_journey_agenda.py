"""The chair builds an agenda (mouse and keyboard), runs it with live timers, and reuses it as a template;
a second organizer's agenda page follows live."""
import re

import pytest
from playwright.sync_api import expect

from .helpers import Chair, login, wait_live

pytestmark = pytest.mark.browser


def open_agenda(page, organizer, code):
    login(page, organizer.email, organizer.password)
    page.goto(f"/dashboard/e/{code}/agenda")
    wait_live(page)
    return page


def add_item(page, title, minutes, presenter=""):
    page.get_by_test_id("add-title").fill(title)
    page.get_by_test_id("add-presenter").fill(presenter)
    page.get_by_test_id("add-minutes").fill(str(minutes))
    page.get_by_test_id("add-submit").click()
    expect(page.get_by_test_id("item-title").last).to_have_text(title)


def titles(page):
    return page.get_by_test_id("item-title")


def test_build_run_and_reuse_an_agenda(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Neighbourhood council")
    chair = open_agenda(people.laptop("chair"), organizer, code)
    expect(chair.get_by_test_id("agenda-empty")).to_be_visible()
    expect(chair.get_by_test_id("run-start")).to_be_disabled()

    add_item(chair, "Welcome", 5, presenter="Mayor Ada")
    add_item(chair, "Budget <b>2027</b>", 30)
    add_item(chair, "Vote on the bench colour", 0)
    expect(chair.get_by_test_id("planned-total")).to_have_text("Planned: 35 min")
    expect(titles(chair).nth(1)).to_have_text("Budget <b>2027</b>")  # text, not markup

    # a second organizer tab follows every change live
    watcher = people.laptop("watcher")
    watcher.context.add_cookies(chair.context.cookies())
    watcher.goto(f"/dashboard/e/{code}/agenda")
    wait_live(watcher)

    # keyboard: the vote moves up to second place
    chair.get_by_test_id("agenda-item").nth(2).focus()
    chair.keyboard.press("Alt+ArrowUp")
    expect(titles(chair)).to_have_text(["Welcome", "Vote on the bench colour", "Budget <b>2027</b>"])
    expect(chair.get_by_test_id("agenda-announce")).to_have_text(re.compile("position 2 of 3"))
    assert chair.evaluate("document.activeElement.dataset.itemId") == \
        chair.get_by_test_id("agenda-item").nth(1).get_attribute("data-item-id")
    # mouse: drag Welcome below the budget
    chair.get_by_test_id("agenda-item").nth(0).get_by_test_id("item-drag-handle").drag_to(
        chair.get_by_test_id("agenda-item").nth(2), target_position={"x": 300, "y": 45})
    order = ["Vote on the bench colour", "Budget <b>2027</b>", "Welcome"]
    expect(titles(chair)).to_have_text(order)
    expect(titles(watcher)).to_have_text(order)
    # buttons: Move up puts Welcome back in the middle
    chair.get_by_test_id("agenda-item").nth(2).get_by_test_id("item-move-up").click()
    order = ["Vote on the bench colour", "Welcome", "Budget <b>2027</b>"]
    expect(titles(watcher)).to_have_text(order)

    # inline edit and a delete that is first cancelled, then confirmed
    budget = chair.get_by_test_id("agenda-item").filter(has_text="Budget")
    budget.get_by_test_id("item-edit").click()
    budget.get_by_test_id("edit-minutes").fill("601")
    budget.get_by_test_id("edit-save").click()
    expect(budget.get_by_text("planned_minutes must be a whole number from 0 to 600.")).to_be_visible()
    budget.get_by_test_id("edit-minutes").fill("20")
    budget.get_by_test_id("edit-save").click()
    expect(budget.get_by_test_id("item-planned")).to_have_text("20 min planned")
    expect(watcher.get_by_test_id("planned-total")).to_have_text("Planned: 25 min")
    add_item(chair, "Typo item", 1)
    typo = chair.get_by_test_id("agenda-item").filter(has_text="Typo item")
    typo.get_by_test_id("item-delete").click()
    typo.get_by_test_id("item-delete-cancel").click()
    expect(titles(chair)).to_have_count(4)
    typo.get_by_test_id("item-delete").click()
    typo.get_by_test_id("item-delete-confirm").click()
    expect(titles(watcher)).to_have_text(order)
    shoot(chair, "agenda-built")

    # run of show: the 0-minute vote overruns at once; pause stops the clock
    chair.get_by_test_id("run-start").click()
    bar = chair.get_by_test_id("run-bar")
    expect(bar).to_have_attribute("data-state", "running")
    expect(chair.get_by_test_id("current-title")).to_have_text("Vote on the bench colour")
    expect(chair.get_by_test_id("current-remaining")).to_have_text(re.compile(r"Over by 0:0[1-9]"))
    expect(chair.get_by_test_id("current-timer")).to_have_attribute("data-overrun", "true")
    expect(watcher.get_by_test_id("current-remaining")).to_have_text(re.compile(r"Over by 0:0[1-9]"))
    shoot(chair, "overrun")
    chair.get_by_test_id("run-pause").click()
    expect(bar).to_have_attribute("data-paused", "true")
    paused_at = chair.get_by_test_id("current-elapsed").inner_text()
    chair.wait_for_timeout(1300)
    expect(chair.get_by_test_id("current-elapsed")).to_have_text(paused_at)
    chair.get_by_test_id("run-resume").click()
    expect(chair.get_by_test_id("run-next")).to_have_text("Next: Welcome →")
    chair.get_by_test_id("run-next").click()
    expect(chair.get_by_test_id("current-title")).to_have_text("Welcome")
    expect(chair.get_by_test_id("current-remaining")).to_have_text(re.compile(r"^4:5\d left$"))
    vote = chair.get_by_test_id("agenda-item").filter(has_text="bench colour")
    expect(vote).to_have_attribute("data-status", "done")
    expect(vote.get_by_test_id("item-times")).to_contain_text("Started")
    expect(watcher.get_by_test_id("agenda-item").filter(has_text="Welcome")).to_have_attribute("data-current", "true")
    chair.get_by_test_id("run-back").click()
    expect(chair.get_by_test_id("current-title")).to_have_text("Vote on the bench colour")
    chair.get_by_test_id("run-end").click()
    chair.get_by_test_id("run-end-confirm").click()
    expect(bar).to_have_attribute("data-state", "ended")
    expect(watcher.get_by_test_id("meeting-state")).to_have_text("Meeting ended")
    shoot(chair, "ended")

    # save as a template and use it for the next event; copy this event's agenda too
    chair.get_by_test_id("template-name").fill("Council evening")
    chair.get_by_test_id("template-save").click()
    expect(chair.get_by_test_id("template-saved")).to_have_text("Saved as “Council evening”.")
    following = seed.event(organizer.id, title="Next council")
    chair.goto(f"/dashboard/e/{following}/agenda")
    wait_live(chair)
    expect(chair.get_by_test_id("template-select")).to_contain_text("Council evening — 3 items, 25 min")
    chair.get_by_test_id("template-apply").click()
    expect(titles(chair)).to_have_text(order)
    chair.get_by_test_id("copy-event-select").select_option(code)
    chair.get_by_test_id("copy-apply").click()
    expect(chair.get_by_test_id("apply-done")).to_have_text("Added 3 items from “Neighbourhood council”.")
    expect(titles(chair)).to_have_count(6)
    expect(chair.get_by_test_id("agenda-item").filter(has_text="Welcome").first).to_have_attribute(
        "data-status", "upcoming")
    shoot(chair, "reused")


@pytest.mark.parametrize("page_path", ["", "/agenda"], ids=["dashboard", "agenda-page"])
def test_finishing_the_last_item_asks_before_ending_the_meeting(people, seed, page_path):
    """On the last item Next reads "Finish and end meeting" and asks first, as End does, on both pages
    that run the meeting."""
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="River park town hall")
    chair = Chair(people.laptop("chair"), organizer, code)
    chair.call("POST", "/agenda/items", {"title": "Benches", "planned_minutes": 10})
    chair.call("POST", "/agenda/run/start")
    page = chair.page
    page.goto(f"/dashboard/e/{code}{page_path}")
    wait_live(page)
    expect(page.get_by_test_id("run-next")).to_have_text("Finish and end meeting")
    page.get_by_test_id("run-next").click()
    expect(page.get_by_test_id("run-end-confirm")).to_be_focused()
    expect(page.get_by_test_id("run-bar")).to_have_attribute("data-state", "running")
    page.get_by_test_id("run-end-cancel").click()
    expect(page.get_by_test_id("run-bar")).to_have_attribute("data-state", "running")
    expect(page.get_by_test_id("current-title")).to_have_text("Benches")
    page.get_by_test_id("run-next").click()
    page.get_by_test_id("run-end-confirm").click()
    expect(page.get_by_test_id("run-bar")).to_have_attribute("data-state", "ended")
