"""The chair runs polls from the polls page: prepares a multiple-choice and a rating poll with the form (and edits
a draft), launches one, two phones vote (one changes her answer, as the event's settings allow), the chair follows
the counts and the turnout live and closes it; a ballot after the close is refused. Then an open-text poll: the
answers appear, and hiding one marks it hidden and takes its words out of the word cloud. A presenter follows the
same page read-only."""
import re

import pytest
from playwright.sync_api import expect

from townhall.services import roles

from .helpers import join, login, open_dashboard, turn_on_setting, wait_live

pytestmark = pytest.mark.browser


def poll_card(page, question):
    question_text = page.get_by_test_id("poll-question").get_by_text(question, exact=True)
    return page.get_by_test_id("poll").filter(has=question_text)


def bar(card, option):
    return card.locator(f'[data-testid="poll-bar"][data-option="{option}"]')


def ballot(phone, code, poll_id, answer):
    """What a phone's poll card sends: POST .../ballot {answer} with the page's CSRF token."""
    csrf = phone.locator('meta[name="csrf-token"]').get_attribute("content")
    return phone.request.post(f"/api/events/{code}/polls/{poll_id}/ballot", data={"answer": answer},
                              headers={"X-CSRFToken": csrf})


def vote(phone, code, poll_id, answer):
    response = ballot(phone, code, poll_id, answer)
    assert response.ok, (response.status, response.text())


def new_poll(page, kind, question, options=()):
    page.get_by_test_id("poll-form-kind").select_option(kind)
    page.get_by_test_id("poll-form-question").fill(question)
    rows = page.get_by_test_id("poll-option-input")
    for index, text in enumerate(options):
        if index >= rows.count():
            page.get_by_test_id("poll-option-add").click()
        rows.nth(index).fill(text)


def test_prepare_launch_follow_and_close_polls(people, seed, shoot):
    chair_account = seed.organizer()
    code = seed.event(chair_account.id, title="Neighbourhood council")
    presenter_account = seed.organizer(email="petra@example.com", name="Petra Presenter")
    with seed.app.app_context():
        roles.add_member(code=code, user_id=chair_account.id, email=presenter_account.email, role="presenter")

    chair = people.laptop("chair")
    login(chair, chair_account.email, chair_account.password)

    # In the event's settings: people may change their answer while a poll is open.
    turn_on_setting(chair, code, "event-allow-ballot-change")

    open_dashboard(chair, chair_account, code)
    chair.get_by_test_id("link-polls").click()
    wait_live(chair)
    expect(chair.get_by_test_id("empty-open")).to_be_visible()
    expect(chair.get_by_test_id("empty-draft")).to_be_visible()

    # A multiple-choice poll: the form adapts to the kind; options are added, reordered and removed.
    new_poll(chair, "multiple", "Which benches should we repair first?",
             ["Riverside", "Old oak", "Market square", "Station"])
    expect(chair.get_by_test_id("poll-form-max-choices")).to_be_visible()
    expect(chair.get_by_test_id("poll-form-scale-min")).to_be_hidden()
    chair.get_by_test_id("poll-option-row").nth(2).get_by_test_id("poll-option-up").click()  # Market square 2nd
    chair.get_by_test_id("poll-option-row").nth(3).get_by_test_id("poll-option-remove").click()  # no Station
    expect(chair.get_by_test_id("poll-option-input")).to_have_count(3)
    chair.get_by_test_id("poll-form-max-choices").fill("2")
    chair.get_by_test_id("poll-form-submit").click()
    benches = poll_card(chair, "Which benches should we repair first?")
    expect(benches).to_have_attribute("data-status", "draft")
    expect(benches.get_by_test_id("poll-option")).to_have_text(["Riverside", "Market square", "Old oak"])
    expect(benches.get_by_test_id("poll-kind")).to_have_text("Multiple choice · up to 2")
    expect(chair.get_by_test_id("poll-form-question")).to_have_value("")

    # A rating poll with labelled ends; an empty question is refused inline first.
    chair.get_by_test_id("poll-form-kind").select_option("rating")
    expect(chair.get_by_test_id("poll-form-options")).to_be_hidden()
    chair.get_by_test_id("poll-form-submit").click()
    expect(chair.locator('[data-error-for="question"]')).to_have_text("The poll needs a question.")
    chair.get_by_test_id("poll-form-question").fill("How safe do you feel in the park at night?")
    chair.get_by_test_id("poll-form-scale-min").fill("1")
    chair.get_by_test_id("poll-form-scale-max").fill("5")
    chair.get_by_test_id("poll-form-label-low").fill("Not at all")
    chair.get_by_test_id("poll-form-label-high").fill("Very")
    chair.get_by_test_id("poll-form-submit").click()
    rating = poll_card(chair, "How safe do you feel in the park at night?")
    expect(rating).to_have_attribute("data-status", "draft")
    expect(rating.get_by_test_id("poll-kind")).to_have_text("Rating")
    expect(chair.get_by_test_id("count-draft")).to_have_text("2")

    # A draft can be edited in the same form.
    rating.get_by_test_id("poll-edit").click()
    expect(chair.get_by_test_id("poll-form-title")).to_have_text("Edit poll")
    expect(chair.get_by_test_id("poll-form-label-high")).to_have_value("Very")
    chair.get_by_test_id("poll-form-label-high").fill("Completely safe")
    chair.get_by_test_id("poll-form-submit").click()
    expect(chair.get_by_test_id("poll-form-title")).to_have_text("New poll")
    expect(rating.get_by_test_id("poll-option")).to_have_text(["1 (Not at all) to 5 (Completely safe)"])
    shoot(chair, "drafts")

    # Two phones are in the room; the chair launches the benches poll.
    alice = join(people.phone("alice"), code, name="Alice")
    bob = join(people.phone("bob"), code, name="Bob")
    benches.get_by_test_id("poll-launch").click()
    expect(benches).to_have_attribute("data-status", "open")
    expect(chair.get_by_test_id("poll-list-open").get_by_test_id("poll")).to_have_count(1)
    expect(benches.get_by_test_id("poll-status")).to_have_text("Open")
    expect(benches.get_by_test_id("poll-turnout")).to_have_text("0 of 2 present voted · 0%")
    poll_id = benches.get_attribute("data-poll-id")

    # The phones vote; the counts and the turnout follow live.
    vote(alice, code, poll_id, {"choices": [0, 1]})
    expect(bar(benches, 0)).to_have_attribute("data-count", "1")
    expect(benches.get_by_test_id("poll-turnout")).to_have_text("1 of 2 present voted · 50%")
    vote(bob, code, poll_id, {"choices": [1]})
    expect(bar(benches, 1)).to_have_attribute("data-count", "2")
    expect(bar(benches, 1).get_by_test_id("poll-bar-percent")).to_have_text("100%")
    expect(bar(benches, 1)).to_have_attribute("data-leading", "true")
    expect(bar(benches, 0).get_by_test_id("poll-bar-count")).to_have_text("1")
    expect(bar(benches, 2)).to_have_attribute("data-count", "0")
    expect(benches.get_by_test_id("poll-bar-label")).to_have_text(["Riverside", "Market square", "Old oak"])
    expect(benches.get_by_test_id("poll-turnout")).to_have_text("2 of 2 present voted · 100%")
    shoot(chair, "benches-open")

    # The event lets Alice change her answer while the poll is open: her old ballot no longer counts.
    vote(alice, code, poll_id, {"choices": [2]})
    expect(bar(benches, 2)).to_have_attribute("data-count", "1")
    expect(bar(benches, 0)).to_have_attribute("data-count", "0")
    expect(bar(benches, 1)).to_have_attribute("data-count", "1")
    expect(benches.get_by_test_id("poll-turnout")).to_have_text("2 of 2 present voted · 100%")

    # The presenter follows the same page, read-only.
    presenter = people.laptop("presenter")
    login(presenter, presenter_account.email, presenter_account.password)
    presenter.goto(f"/dashboard/e/{code}/polls")
    wait_live(presenter)
    expect(presenter.get_by_test_id("polls-read-only")).to_be_visible()
    expect(presenter.get_by_test_id("poll-form")).to_be_hidden()
    seen = poll_card(presenter, "Which benches should we repair first?")
    expect(bar(seen, 2)).to_have_attribute("data-count", "1")
    for control in ("poll-close", "poll-launch", "poll-edit", "poll-delete"):
        expect(presenter.get_by_test_id(control).filter(visible=True)).to_have_count(0)

    # The chair closes the poll; a ballot after the close is refused and not counted.
    benches.get_by_test_id("poll-close").click()
    expect(benches).to_have_attribute("data-status", "closed")
    expect(chair.get_by_test_id("poll-list-closed").get_by_test_id("poll")).to_have_count(1)
    expect(chair.get_by_test_id("empty-open")).to_be_visible()
    expect(poll_card(presenter, "Which benches should we repair first?")).to_have_attribute("data-status", "closed")
    carol = join(people.phone("carol"), code, name="Carol")
    late = ballot(carol, code, poll_id, {"choices": [0]})
    assert late.status == 409 and late.json()["error"]["code"] == "poll_closed"
    expect(bar(benches, 2)).to_have_attribute("data-count", "1")
    expect(benches.get_by_test_id("poll-turnout")).to_have_text(re.compile(r"^2 voted · \d+ present now$"))

    # An open-text poll: answers arrive; hiding one marks it on the moderator's list and drops its words.
    new_poll(chair, "text", "One word for the park?")
    chair.get_by_test_id("poll-form-submit").click()
    words = poll_card(chair, "One word for the park?")
    words.get_by_test_id("poll-launch").click()
    expect(words).to_have_attribute("data-status", "open")
    text_id = words.get_attribute("data-poll-id")
    vote(alice, code, text_id, {"text": "shady trees"})
    vote(bob, code, text_id, {"text": "muddy paths"})
    vote(carol, code, text_id, {"text": "trees everywhere"})
    answers = words.get_by_test_id("poll-answer")
    expect(answers).to_have_count(3)
    expect(words.locator('[data-testid="poll-word"][data-word="trees"]')).to_have_attribute("data-count", "2")
    expect(words.locator('[data-testid="poll-word"][data-word="muddy"]')).to_have_count(1)
    muddy = answers.filter(has_text="muddy paths")
    expect(muddy).to_have_attribute("data-hidden", "false")
    muddy.get_by_test_id("answer-hide").click()
    expect(muddy).to_have_attribute("data-hidden", "true")
    expect(muddy.get_by_test_id("answer-hidden-badge")).to_be_visible()
    expect(muddy.get_by_test_id("answer-show")).to_be_visible()
    expect(words.locator('[data-testid="poll-word"][data-word="muddy"]')).to_have_count(0)
    expect(words.locator('[data-testid="poll-word"][data-word="trees"]')).to_have_attribute("data-count", "2")
    expect(answers).to_have_count(3)  # the moderator still sees it, marked hidden
    shoot(chair, "text-poll-hidden-answer")

    # Shown again, its words come back.
    muddy.get_by_test_id("answer-show").click()
    expect(muddy).to_have_attribute("data-hidden", "false")
    expect(words.locator('[data-testid="poll-word"][data-word="muddy"]')).to_have_count(1)
