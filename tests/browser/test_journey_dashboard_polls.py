"""Polls run from the dashboard (issue 15): the chair, on the dashboard at 1366x768, launches a prepared poll,
follows its tally, closes it, reveals the results and hides them again, without opening the polls page; a phone
sees it open and close, and projectors at 1920x1080 and 1280x720 show the results once revealed. Then open-text
answers on the projector: under premoderation they are counted but not shown ("1 answer, none shown yet", never
"No answers yet" beside the count); with the event's "show open-text answers" setting they appear without
approval, except one with a blocked word."""
import pytest
from playwright.sync_api import expect

from .helpers import Chair, join, wait_live

pytestmark = pytest.mark.browser

BENCH = "Where should the new benches go?"
SPOTS = ["By the pond", "Near the playground", "Under the old oak"]
SMALL_PROJECTOR = {"viewport": {"width": 1280, "height": 720}}


def phone_card(phone, poll_id):
    return phone.locator(f'[data-testid="poll-card"][data-poll-id="{poll_id}"]')


def dash_poll(page, poll_id):
    return page.locator(f'[data-testid="dash-poll"][data-poll-id="{poll_id}"]')


def bar(scope, option):
    return scope.locator(f'[data-testid="poll-bar"][data-option="{option}"]')


def open_projector(people, code, who="projector", options=None):
    projector = people._open(who, options) if options else people.projector(who)
    projector.goto(f"/e/{code}/projector")
    wait_live(projector)
    return projector


def text_answer(phone, poll_id, text):
    card = phone_card(phone, poll_id)
    card.get_by_test_id("poll-text-input").fill(text)
    card.get_by_test_id("poll-submit").click()
    expect(card.get_by_test_id("poll-voted")).to_be_visible()


def test_the_chair_launches_closes_and_reveals_a_poll_from_the_dashboard(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="River park town hall")
    chair = Chair(people.laptop("chair"), organizer, code)
    draft = chair.call("POST", "/polls", {"kind": "single", "question": BENCH, "options": SPOTS,
                                          "visibility": "on_reveal"})["poll"]["id"]
    chair.call("POST", "/polls", {"kind": "yesno", "question": "Fence the playground?"})
    dashboard = chair.page
    dashboard.goto(f"/dashboard/e/{code}")
    wait_live(dashboard)
    phone = join(people.phone("Ana"), code, name="Ana", tab="polls")
    projectors = [open_projector(people, code), open_projector(people, code, "projector-720", SMALL_PROJECTOR)]

    panel = dashboard.get_by_test_id("polls-panel")
    expect(panel).to_be_in_viewport()
    row = dash_poll(dashboard, draft)
    expect(row.get_by_test_id("dash-poll-question")).to_have_text(BENCH)
    expect(row.get_by_test_id("dash-poll-status")).to_have_text("Draft")
    expect(row.get_by_test_id("dash-poll-close")).to_be_hidden()
    expect(row.get_by_test_id("dash-poll-reveal")).to_be_hidden()
    expect(panel.get_by_test_id("link-polls-page")).to_have_attribute("href", f"/dashboard/e/{code}/polls")
    expect(phone.get_by_test_id("polls-live")).to_be_hidden()

    # Launch: the phone gets the poll, the projectors show it with its results hidden until revealed.
    row.get_by_test_id("dash-poll-launch").click()
    expect(row).to_have_attribute("data-status", "open")
    expect(row.get_by_test_id("dash-poll-status")).to_have_text("Open")
    expect(row.get_by_test_id("dash-poll-launch")).to_be_hidden()
    expect(phone_card(phone, draft)).to_have_attribute("data-status", "open")
    for projector in projectors:
        expect(projector.get_by_test_id("projector-poll-question")).to_have_text(BENCH)
    card = phone_card(phone, draft)
    card.get_by_test_id("poll-option").nth(1).check()
    card.get_by_test_id("poll-submit").click()
    expect(card.get_by_test_id("poll-voted")).to_be_visible()

    # The chair's tally moves live (moderators always see the counts).
    expect(row.get_by_test_id("dash-poll-turnout")).to_have_attribute("data-ballots", "1")
    expect(bar(row, 1)).to_have_attribute("data-count", "1")
    for projector in projectors:
        expect(projector.get_by_test_id("poll-turnout")).to_have_attribute("data-ballots", "1")
        expect(projector.get_by_test_id("poll-results-hidden")).to_have_text("Results hidden until revealed")
        expect(projector.get_by_test_id("poll-bar")).to_have_count(0)
    panel.evaluate("el => { el.scrollTop = 0; }")
    shoot(dashboard, "dashboard-polls-panel")

    # Close: the phone sees it closed. Reveal: the projectors show the results.
    row.get_by_test_id("dash-poll-close").click()
    expect(row).to_have_attribute("data-status", "closed")
    expect(row.get_by_test_id("dash-poll-summary")).to_have_text("Most chosen: Near the playground (100%)")
    expect(phone_card(phone, draft)).to_have_attribute("data-status", "closed")
    expect(phone_card(phone, draft).get_by_test_id("poll-submit")).to_have_count(0)
    row.get_by_test_id("dash-poll-reveal").click()
    expect(row.get_by_test_id("dash-poll-revealed")).to_be_visible()
    expect(row.get_by_test_id("dash-poll-reveal")).to_be_hidden()
    for projector in projectors:
        expect(bar(projector.get_by_test_id("projector-poll"), 1)).to_have_attribute("data-count", "1")
        expect(projector.get_by_test_id("projector-poll-state")).to_have_text("Poll closed · results")
    expect(bar(phone_card(phone, draft), 1)).to_have_attribute("data-count", "1")
    shoot(dashboard, "dashboard-polls-panel-revealed")
    shoot(projectors[0], "projector-revealed-1920")
    shoot(projectors[1], "projector-revealed-1280")

    # Hide results: the room is back to "hidden until revealed"; the chair may reveal them again.
    row.get_by_test_id("dash-poll-unreveal").click()
    expect(row.get_by_test_id("dash-poll-reveal")).to_be_visible()
    expect(row.get_by_test_id("dash-poll-revealed")).to_be_hidden()
    for projector in projectors:
        expect(projector.get_by_test_id("poll-results-hidden")).to_have_text("Results hidden until revealed")
    expect(phone_card(phone, draft).get_by_test_id("poll-bar")).to_have_count(0)
    row.get_by_test_id("dash-poll-reveal").click()
    expect(bar(projectors[0].get_by_test_id("projector-poll"), 1)).to_have_attribute("data-count", "1")


def test_open_text_answers_shown_without_approval_except_blocked_ones(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="River park town hall", premoderation=True)
    chair = Chair(people.laptop("chair"), organizer, code)
    projector = open_projector(people, code)
    ana, bo = (join(people.phone(name), code, name=name, tab="polls") for name in ("Ana", "Bo"))
    panel = projector.get_by_test_id("projector-poll")

    # Premoderation, setting off: the answer is counted and waits; the projector says so, not "No answers yet".
    waiting = chair.call("POST", "/polls", {"kind": "text", "question": "One word for the park?"})["poll"]["id"]
    chair.call("POST", f"/polls/{waiting}/open", {})
    text_answer(ana, waiting, "Shady trees")
    expect(projector.get_by_test_id("poll-turnout")).to_have_attribute("data-ballots", "1")
    expect(panel.get_by_test_id("poll-empty")).to_have_text("1 answer, none shown yet")
    expect(panel.get_by_text("No answers yet")).to_have_count(0)
    expect(panel.get_by_test_id("poll-answer")).to_have_count(0)
    shoot(projector, "projector-text-waiting-1920")
    chair.call("POST", f"/polls/{waiting}/close", {})

    # The setting on: answers appear at once, the blocked one stays off the screen.
    chair.call("PATCH", "", {"show_text_answers": True})
    shown = chair.call("POST", "/polls", {"kind": "text", "question": "What should the river path have?"})["poll"]["id"]
    chair.call("POST", f"/polls/{shown}/open", {})
    expect(projector.get_by_test_id("projector-poll-question")).to_have_text("What should the river path have?")
    expect(panel.get_by_test_id("poll-empty")).to_have_text("No answers yet")  # nothing in: true
    text_answer(ana, shown, "Benches and shade trees")
    text_answer(bo, shown, "No more bullshit")
    expect(projector.get_by_test_id("poll-turnout")).to_have_attribute("data-ballots", "2")
    expect(panel.get_by_test_id("poll-answer")).to_have_text(["Benches and shade trees"])
    expect(panel.get_by_test_id("poll-empty")).to_be_hidden()
    expect(panel.locator(".poll-answers-title")).to_have_text("Answers · 1 not shown yet")
    expect(panel.locator('[data-testid="poll-word"][data-word="benches"]')).to_have_count(1)
    expect(panel).not_to_contain_text("bullshit")
    expect(panel.get_by_text("No answers yet")).to_be_hidden()
    text_answer(join(people.phone("Cy"), code, name="Cy", tab="polls"), shown, "Lights for the evening")
    expect(panel.get_by_test_id("poll-answer")).to_have_text(["Lights for the evening", "Benches and shade trees"])
    shoot(projector, "projector-text-answers-1920")

