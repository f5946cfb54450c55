"""Journey 1: the main loop with pre-moderation — ask, approve, vote, answer — seen live
on two phones, the moderator's dashboard and the projector, without any reload."""
import pytest
from playwright.sync_api import expect

from .helpers import (
    ask,
    card,
    join,
    mod_card,
    open_dashboard,
    projector_item,
    wait_live,
)

pytestmark = pytest.mark.browser

QUESTION = "Will the river park playground be fenced off from the road?"


def test_ask_approve_vote_answer_live_on_every_screen(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="River park town hall", premoderation=True)

    dashboard = open_dashboard(people.laptop("moderator"), organizer, code)
    expect(dashboard.get_by_test_id("count-incoming")).to_have_text("0")
    projector = people.projector()
    projector.goto(f"/e/{code}/projector")
    wait_live(projector)
    expect(projector.get_by_test_id("projector-empty")).to_contain_text("No questions yet")
    alice = join(people.phone("alice"), code, name="Alice")
    bob = join(people.phone("bob"), code, name="Bob")

    # Alice asks; with pre-moderation on, only she sees it, as waiting for the moderator.
    ask(alice, QUESTION)
    expect(alice.get_by_test_id("ask-done")).to_have_text("Sent. Waiting for the moderator to approve it.")
    waiting = alice.get_by_test_id("pending-question")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text(QUESTION)
    expect(waiting).to_contain_text("Waiting for the moderator")
    expect(alice.get_by_test_id("question-card")).to_have_count(0)
    expect(bob.get_by_test_id("empty-questions")).to_be_visible()
    expect(bob.get_by_test_id("question-card")).to_have_count(0)
    shoot(alice, "alice-waiting-for-moderator")

    # The dashboard shows it under Incoming without a reload.
    expect(dashboard.get_by_test_id("count-incoming")).to_have_text("1")
    dashboard.get_by_test_id("tab-incoming").click()
    incoming = dashboard.get_by_test_id("list-incoming").get_by_test_id("mod-question")
    expect(incoming).to_have_count(1)
    expect(incoming.get_by_test_id("question-text")).to_have_text(QUESTION)
    expect(incoming).to_contain_text("Alice")
    question_id = incoming.get_attribute("data-question-id")
    shoot(dashboard, "dashboard-incoming")
    incoming.get_by_test_id("action-approve").click()
    expect(dashboard.get_by_test_id("count-incoming")).to_have_text("0")
    expect(dashboard.get_by_test_id("count-live")).to_have_text("1")

    # Bob sees it appear live and upvotes it.
    bobs = card(bob, question_id)
    expect(bobs.get_by_test_id("question-text")).to_have_text(QUESTION)
    expect(bobs.get_by_test_id("question-author")).to_have_text("Alice")
    expect(bobs.get_by_test_id("vote-count")).to_have_text("0")
    expect(bobs.get_by_test_id("vote-button")).to_be_enabled()
    bobs.get_by_test_id("vote-button").click()
    expect(bobs.get_by_test_id("vote-count")).to_have_text("1")
    expect(bobs.get_by_test_id("vote-button")).to_have_attribute("aria-pressed", "true")
    expect(bobs).to_have_attribute("data-voted", "true")

    # Alice: no longer waiting; the count becomes 1 live; she cannot vote on her own question.
    alices = card(alice, question_id)
    expect(alice.get_by_test_id("pending-question")).to_have_count(0)
    expect(alices.get_by_test_id("vote-count")).to_have_text("1")
    expect(alices).to_have_attribute("data-mine", "true")
    expect(alices.get_by_test_id("badge-yours")).to_have_text("Yours")
    expect(alices.get_by_test_id("vote-button")).to_be_disabled()
    expect(bobs.get_by_test_id("badge-yours")).to_have_count(0)
    # The moderator and the projector see the vote too.
    dashboard.get_by_test_id("tab-live").click()
    expect(mod_card(dashboard, question_id)).to_have_attribute("data-votes", "1")
    expect(projector_item(projector, question_id)).to_contain_text(QUESTION)
    expect(projector_item(projector, question_id)).to_have_attribute("data-votes", "1")
    expect(projector_item(projector, question_id).locator(".projector-votes-n")).to_have_text("1")
    shoot(alice, "alice-own-question-1-vote")
    shoot(bob, "bob-voted")
    shoot(projector, "projector-top-question")

    # The moderator takes it: "Answering now" on both phones and the projector.
    mod_card(dashboard, question_id).get_by_test_id("action-answering").click()
    expect(dashboard.get_by_test_id("answering-highlight")).to_contain_text(QUESTION)
    for phone in (alice, bob):
        banner = phone.get_by_test_id("answering-banner")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("Answering now")
        expect(banner).to_contain_text(QUESTION)
        expect(banner).to_contain_text("Alice")
        expect(card(phone, question_id).get_by_test_id("badge-answering")).to_be_visible()
    on_screen = projector.get_by_test_id("projector-answering")
    expect(on_screen).to_be_visible()
    expect(on_screen).to_contain_text(QUESTION)
    expect(on_screen).to_have_attribute("data-question-id", question_id)
    expect(projector_item(projector, question_id)).to_have_count(0)  # out of the queue while answered
    expect(projector.get_by_test_id("projector-empty")).not_to_contain_text("No questions yet")
    shoot(bob, "bob-answering-banner")
    shoot(projector, "projector-answering")
    shoot(dashboard, "dashboard-answering")

    # Marked answered: the banners go, the phones list it as answered.
    dashboard.get_by_test_id("answering-done").click()
    expect(dashboard.get_by_test_id("answering-highlight")).to_be_hidden()
    for phone in (alice, bob):
        expect(phone.get_by_test_id("answering-banner")).to_be_hidden()
        answered = phone.get_by_test_id("answered-list").get_by_test_id("question-card")
        expect(answered).to_have_count(1)
        expect(answered).to_have_attribute("data-question-id", question_id)
        expect(answered.get_by_test_id("badge-answered")).to_have_text("Answered")
        expect(answered.get_by_test_id("vote-button")).to_be_disabled()
        expect(phone.get_by_test_id("question-list").get_by_test_id("question-card")).to_have_count(0)
    expect(on_screen).to_be_hidden()
    expect(mod_card(dashboard, question_id)).to_have_attribute("data-progress", "answered")
    shoot(alice, "alice-answered", full_page=True)
