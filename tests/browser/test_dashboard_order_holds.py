"""The chair aims at a card on the live list while the room votes: the list holds its order under the
pointer (the counts still change), so the click lands on the question aimed at; once the pointer leaves
the list, it sorts by votes again."""
import pytest
from playwright.sync_api import expect

from .helpers import card, join, mod_card, open_dashboard

pytestmark = pytest.mark.browser


def live_order(dashboard):
    return [int(key) for key in dashboard.get_by_test_id("list-live").locator(":scope > li").evaluate_all(
        "cards => cards.map(c => c.dataset.questionId)")]


def test_the_live_list_holds_still_under_the_pointer_and_sorts_again_when_it_leaves(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Order under the pointer")
    pool = seed.question(code, "When does the outdoor pool reopen?")
    bus = seed.question(code, "Why was the night bus line cut?")
    dashboard = open_dashboard(people.laptop("chair"), organizer, code)
    bob = join(people.phone("bob"), code, name="Bob")
    carol = join(people.phone("carol"), code, name="Carol")
    live = dashboard.get_by_test_id("list-live")

    card(bob, pool).get_by_test_id("vote-button").click()
    expect(mod_card(dashboard, pool)).to_have_attribute("data-votes", "1")
    assert live_order(dashboard) == [pool, bus]

    # The chair points at the bus question, about to hide it; meanwhile the room votes it up past the pool.
    mod_card(dashboard, bus).get_by_test_id("action-hide").hover()
    expect(live).to_have_attribute("data-held", "true")
    for phone in (bob, carol):
        card(phone, bus).get_by_test_id("vote-button").click()
    expect(mod_card(dashboard, bus)).to_have_attribute("data-votes", "2")  # the count changes in place
    assert live_order(dashboard) == [pool, bus], "the card under the pointer stayed where it was"
    shoot(dashboard, "order-held")

    # The pointer leaves the list: it sorts by votes again.
    dashboard.get_by_test_id("sort-votes").hover()
    expect(live).not_to_have_attribute("data-held", "true")
    expect(live.locator(":scope > li").first).to_have_attribute("data-question-id", str(bus))

    # Back on it, the click hides the question aimed at, and only that one.
    mod_card(dashboard, bus).get_by_test_id("action-hide").click()
    expect(mod_card(dashboard, bus)).to_have_attribute("data-status", "hidden")
    expect(mod_card(dashboard, pool)).to_have_attribute("data-status", "published")
    expect(card(carol, bus)).to_have_count(0)
