"""Similar questions: a phone typing a near-duplicate is shown the question already asked and upvotes it instead
(or still sends its own); the moderator sees "Similar to #…" on the new question and merges it from there."""
import re

import pytest
from playwright.sync_api import expect

from .helpers import card, join, mod_card, open_dashboard

pytestmark = pytest.mark.browser

ASKED = "When will the river park reopen?"


def test_typing_a_near_duplicate_suggests_the_question_to_upvote_instead(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="River park town hall")
    first = seed.question(code, ASKED)
    seed.question(code, "How do I recycle batteries?")
    phone = join(people.phone("ana"), code, name="Ana", tab="ask")
    suggestions = phone.get_by_test_id("similar-questions")
    expect(suggestions).to_be_hidden()

    phone.get_by_test_id("ask-text").press_sequentially("When is the river park reopening?", delay=20)
    expect(suggestions).to_be_visible()
    [item] = suggestions.get_by_test_id("similar-question").all()
    expect(item).to_have_attribute("data-question-id", str(first))
    expect(item.get_by_test_id("similar-text")).to_have_text(ASKED)
    expect(item.get_by_test_id("similar-votes")).to_have_text("▲ 0 votes")
    expect(phone.get_by_test_id("similar-status")).to_have_text(
        "1 similar question was already asked. You can upvote it instead.")
    shoot(phone, "phone-similar-suggested")

    phone.get_by_role("button", name=f"Upvote instead: {ASKED} (0 votes)").click()
    expect(item.get_by_test_id("similar-upvote")).to_have_attribute("aria-pressed", "true")
    expect(item.get_by_test_id("similar-upvote")).to_have_text("Upvoted ✓")
    expect(item.get_by_test_id("similar-votes")).to_have_text("▲ 1 vote")
    expect(card(phone, first).get_by_test_id("vote-count")).to_have_text("1")
    expect(phone.get_by_test_id("similar-status")).to_have_text(re.compile("^Upvoted"))
    expect(phone.get_by_test_id("ask-text")).to_have_value("When is the river park reopening?")
    shoot(phone, "phone-similar-upvoted")

    # Something else: nothing to suggest. Then the person sends their own question anyway.
    phone.get_by_test_id("ask-text").fill("")
    phone.get_by_test_id("ask-text").press_sequentially("How can I recycle old batteries", delay=10)
    expect(suggestions.get_by_test_id("similar-text")).to_have_text("How do I recycle batteries?")
    phone.get_by_test_id("ask-text").fill("Can the park have a water fountain?")
    expect(suggestions).to_be_hidden()
    phone.get_by_test_id("ask-text").fill("When is the river park reopening?")
    expect(suggestions).to_be_visible()
    phone.get_by_test_id("ask-submit").click()
    expect(phone.get_by_test_id("ask-done")).to_have_text("Your question is posted.")
    expect(suggestions).to_be_hidden()
    expect(phone.get_by_test_id("question-card")).to_have_count(3)


def test_the_moderator_sees_a_likely_duplicate_and_merges_it_from_the_suggestion(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="River park town hall", premoderation=True)
    dashboard = open_dashboard(people.laptop("moderator"), organizer, code)
    first = seed.question(code, ASKED)
    dashboard.get_by_test_id("tab-incoming").click()
    mod_card(dashboard, first).get_by_test_id("action-approve").click()
    expect(dashboard.get_by_test_id("count-incoming")).to_have_text("0")

    phone = join(people.phone("ben"), code, name="Ben", tab="ask")
    phone.get_by_test_id("ask-text").fill("When is the river park reopening?")
    phone.get_by_test_id("ask-submit").click()
    expect(phone.get_by_test_id("ask-done")).to_be_visible()

    expect(dashboard.get_by_test_id("count-incoming")).to_have_text("1")
    waiting = dashboard.get_by_test_id("list-incoming").get_by_test_id("mod-question")
    similar = waiting.get_by_test_id("similar-to")
    expect(similar).to_have_attribute("data-question-id", str(first))
    expect(similar).to_contain_text(f"Similar to #{first}")
    expect(similar).to_contain_text(ASKED)
    shoot(dashboard, "dashboard-similar-to")
    similar.get_by_role("button", name=re.compile(f"^Merge this question into #{first}")).click()
    waiting.get_by_test_id("merge-yes").click()
    expect(dashboard.get_by_test_id("count-incoming")).to_have_text("0")
    expect(mod_card(dashboard, first)).to_have_attribute("data-votes", "0")
    expect(phone.get_by_test_id("pending-merged-into")).to_contain_text(ASKED)
