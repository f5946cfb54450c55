"""The agenda from the room's side: the item on the floor and its timer on the phone and the projector,
following the chair live; questions asked about a chosen item (or none) and a phone's filter by item."""
import re

import pytest
from playwright.sync_api import expect

from townhall.services import agenda

from .helpers import Chair, join, show_tab, wait_live

pytestmark = pytest.mark.browser


def ask_about(page, text, about=None):
    """Ask a question; about: the label of the ask-item option, None for the default (the current item)."""
    show_tab(page, "ask")
    page.get_by_test_id("ask-text").fill(text)
    if about:
        page.get_by_test_id("ask-item").select_option(label=about)
    page.get_by_test_id("ask-submit").click()
    expect(page.get_by_test_id("ask-done")).to_be_visible()
    return page.get_by_test_id("question-card").filter(has_text=text)


def test_the_item_on_the_floor_follows_the_chair_on_phones_and_projector(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Neighbourhood council")
    with seed.app.app_context():
        for title, minutes, presenter in [("Welcome", 5, "Mayor Ada"), ("Budget <i>2027</i>", 30, "Treasurer Tom"),
                                          ("Vote on the bench colour", 0, "")]:
            agenda.add_item(code=code, user_id=organizer.id, title=title, planned_minutes=minutes, presenter=presenter)
    chair = Chair(people.laptop("chair"), organizer, code)
    projector = people.projector()
    projector.goto(f"/e/{code}/projector")
    wait_live(projector)
    dana = join(people.phone("dana"), code, name="Dana")

    # Before the start: the phone says so and shows the whole agenda; the projector has no item yet.
    now = dana.get_by_test_id("agenda-now")
    expect(now).to_have_attribute("data-state", "not_started")
    expect(dana.get_by_test_id("agenda-item-title")).to_have_text("The meeting has not started yet")
    expect(dana.get_by_test_id("agenda-item-presenter")).to_have_text("First: Welcome")
    expect(dana.get_by_test_id("agenda-item-timer")).to_be_hidden()
    dana.get_by_test_id("agenda-toggle").click()
    steps = dana.get_by_test_id("agenda-entry")
    expect(steps.get_by_test_id("agenda-entry-title")).to_have_text(
        ["Welcome", "Budget <i>2027</i>", "Vote on the bench colour"])  # text, not markup
    expect(steps.get_by_test_id("agenda-entry-status")).to_have_text(["Upcoming", "Upcoming", "Upcoming"])
    expect(dana.get_by_test_id("ask-item")).to_have_value("general")
    expect(projector.get_by_test_id("projector-now")).to_be_hidden()
    shoot(dana, "phone-before-start")

    # The chair starts: the first item and its running timer, on the phone and on the projector.
    chair.call("POST", "/agenda/run/start")
    expect(now).to_have_attribute("data-state", "running")
    expect(dana.get_by_test_id("agenda-item-title")).to_have_text("Welcome")
    expect(dana.get_by_test_id("agenda-item-presenter")).to_have_text("Mayor Ada")
    expect(dana.get_by_test_id("agenda-state")).to_have_text("Now · item 1 of 3")
    expect(dana.get_by_test_id("agenda-item-remaining")).to_have_text(re.compile(r"^4:5\d left$"))
    expect(dana.get_by_test_id("agenda-item-timer")).to_have_attribute("data-overrun", "false")
    expect(steps.get_by_test_id("agenda-entry-status")).to_have_text(["Now", "Upcoming", "Upcoming"])
    expect(steps.first).to_have_attribute("data-current", "true")
    expect(projector.get_by_test_id("projector-item-title")).to_have_text("Welcome")
    expect(projector.get_by_test_id("projector-item-presenter")).to_have_text("Mayor Ada")
    expect(projector.get_by_test_id("projector-item-remaining")).to_have_text(re.compile(r"^4:5\d left$"))
    expect(projector.get_by_test_id("projector-item-timer")).to_have_attribute("data-overrun", "false")

    # Questions: by default about the item on the floor; another open item; or none at all.
    show_tab(dana, "ask")
    picker = dana.get_by_test_id("ask-item")
    expect(picker).to_have_value("current")
    expect(picker.locator("option")).to_have_text(
        ["Now: Welcome", "2. Budget <i>2027</i>", "3. Vote on the bench colour", "General (no agenda item)"])
    welcome_q = ask_about(dana, "Who is chairing tonight?")
    budget_q = ask_about(dana, "How much goes to the parks?", about="2. Budget <i>2027</i>")
    expect(picker).to_have_value("current")  # back to the default after sending
    general_q = ask_about(dana, "Where can I park my bike?", about="General (no agenda item)")
    expect(welcome_q.get_by_test_id("question-item")).to_have_text("Welcome")
    expect(budget_q.get_by_test_id("question-item")).to_have_text("Budget <i>2027</i>")
    expect(general_q.get_by_test_id("question-item")).to_be_hidden()

    # The filter: one item, the item on the floor, general questions, all.
    show = dana.get_by_test_id("question-filter")
    questions = dana.get_by_test_id("question-list").get_by_test_id("question-text")
    show.select_option(label="2. Budget <i>2027</i>")
    expect(questions).to_have_text(["How much goes to the parks?"])
    show.select_option("current")
    expect(questions).to_have_text(["Who is chairing tonight?"])
    show.select_option("general")
    expect(questions).to_have_text(["Where can I park my bike?"])
    show.select_option("all")
    expect(questions).to_have_count(3)
    show.select_option("current")
    shoot(dana, "phone-running-item")
    shoot(projector, "projector-running-item")

    # The chair moves on: the phone, its "current item" filter and the projector follow without a reload.
    chair.call("POST", "/agenda/run/next")
    expect(dana.get_by_test_id("agenda-item-title")).to_have_text("Budget <i>2027</i>")
    expect(dana.get_by_test_id("agenda-state")).to_have_text("Now · item 2 of 3")
    expect(dana.get_by_test_id("agenda-item-remaining")).to_have_text(re.compile(r"^(30:00|29:5\d) left$"))
    expect(steps.get_by_test_id("agenda-entry-status")).to_have_text(["Done", "Now", "Upcoming"])
    expect(questions).to_have_text(["How much goes to the parks?"])
    expect(show.locator("option:checked")).to_have_text("Now: Budget <i>2027</i>")
    expect(picker.locator("option")).to_have_text(
        ["Now: Budget <i>2027</i>", "3. Vote on the bench colour", "General (no agenda item)"])  # Welcome is done
    expect(projector.get_by_test_id("projector-item-title")).to_have_text("Budget <i>2027</i>")
    expect(projector.get_by_test_id("projector-item-state")).to_have_text("Now · item 2 of 3")

    # The vote has no time planned: it overruns at once, in colour and in words, on both screens.
    chair.call("POST", "/agenda/run/next")
    expect(dana.get_by_test_id("agenda-item-title")).to_have_text("Vote on the bench colour")
    expect(dana.get_by_test_id("agenda-item-timer")).to_have_attribute("data-overrun", "true")
    expect(dana.get_by_test_id("agenda-item-remaining")).to_have_text(re.compile(r"^Over by 0:0[1-9]$"))
    expect(projector.get_by_test_id("projector-item-timer")).to_have_attribute("data-overrun", "true")
    expect(projector.get_by_test_id("projector-item-remaining")).to_have_text(re.compile(r"^Over by 0:0[1-9]$"))
    expect(projector.get_by_test_id("projector-now")).to_have_attribute("data-overrun", "true")
    expect(dana.get_by_test_id("empty-questions")).to_have_text("No open questions about this item.")
    shoot(dana, "phone-overrun")
    shoot(projector, "projector-overrun")

    # The end.
    chair.call("POST", "/agenda/run/end")
    expect(dana.get_by_test_id("agenda-item-title")).to_have_text("The meeting has ended")
    expect(dana.get_by_test_id("agenda-item-timer")).to_be_hidden()
    expect(steps.get_by_test_id("agenda-entry-status")).to_have_text(["Done", "Done", "Done"])
    show_tab(dana, "ask")
    expect(dana.get_by_test_id("ask-item")).to_be_hidden()  # nothing left to ask about but "General"
    expect(show).to_have_value("all")  # no item on the floor any more
    expect(questions).to_have_count(3)
    expect(projector.get_by_test_id("projector-item-title")).to_have_text("The meeting has ended")
    expect(projector.get_by_test_id("projector-item-timer")).to_be_hidden()
    shoot(dana, "phone-ended")
