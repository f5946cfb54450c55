"""The chair runs a meeting from the dashboard: an agenda of two items, a list of speakers filled from two
phones, a decision taken down by a note-taker, and the timers on the projector."""
import re

import pytest
from playwright.sync_api import expect

from townhall.services import roles

from .helpers import ask, card_menu, join, login, open_dashboard, wait_live

pytestmark = pytest.mark.browser


def build_agenda(page, code):
    page.goto(f"/dashboard/e/{code}/agenda")
    wait_live(page)
    for title, minutes, presenter in [("Welcome and minutes", 5, "Mayor Ada"), ("Vote on the bench colour", 0, "")]:
        page.get_by_test_id("add-title").fill(title)
        page.get_by_test_id("add-presenter").fill(presenter)
        page.get_by_test_id("add-minutes").fill(str(minutes))
        page.get_by_test_id("add-submit").click()
        expect(page.get_by_test_id("item-title").last).to_have_text(title)


def request_floor(phone, topic):
    phone.get_by_test_id("speak-topic").fill(topic)
    phone.get_by_test_id("speak-request").click()
    expect(phone.get_by_test_id("speak-status")).to_have_attribute("data-state", "waiting")


def entry(page, name):
    name_text = page.get_by_test_id("speaker-name").get_by_text(name, exact=True)
    return page.get_by_test_id("speaker-entry").filter(has=name_text)


def test_run_a_meeting_with_speakers_a_decision_and_timers_on_the_projector(people, seed, shoot):
    chair_account = seed.organizer()
    code = seed.event(chair_account.id, title="Neighbourhood council")
    note_taker = seed.organizer(email="nora@example.com", name="Nora Notes")
    with seed.app.app_context():
        roles.add_member(code=code, user_id=chair_account.id, email=note_taker.email, role="note_taker")

    chair = people.laptop("chair")
    login(chair, chair_account.email, chair_account.password)
    build_agenda(chair, code)

    # Before the meeting: the speaking time limit and the fairness rule, in the event's settings.
    chair.goto(f"/dashboard/e/{code}/settings")
    expect(chair.get_by_test_id("event-speaker-minutes")).to_have_value("2")
    chair.get_by_test_id("event-speaker-minutes").fill("1")
    chair.get_by_test_id("event-speaker-seconds").fill("30")
    chair.get_by_test_id("event-first-time-speakers-first").check()
    chair.get_by_test_id("settings-save").click()
    expect(chair.get_by_test_id("settings-saved")).to_have_text("Saved.")

    # The dashboard: the chair's role, the meeting pages, and the run bar before the start.
    chair.goto(f"/dashboard/e/{code}")
    wait_live(chair)
    expect(chair.get_by_test_id("my-role")).to_have_text("Owner")
    for link in ("link-agenda", "link-notes", "link-team", "link-settings"):
        expect(chair.get_by_test_id(link)).to_be_visible()
    expect(chair.get_by_test_id("meeting-state")).to_have_text("Not started")
    expect(chair.get_by_test_id("run-sub")).to_have_text("Starts with: Welcome and minutes")
    expect(chair.get_by_test_id("speaker-queue-empty")).to_be_visible()
    expect(chair.get_by_test_id("speaker-rules")).to_have_text("Limit 1:30 · first-time speakers first")

    projector = people.projector()
    projector.goto(f"/e/{code}/projector")
    wait_live(projector)

    chair.get_by_test_id("run-start").click()
    expect(chair.get_by_test_id("run-bar")).to_have_attribute("data-state", "running")
    expect(chair.get_by_test_id("current-title")).to_have_text("Welcome and minutes")
    expect(chair.get_by_test_id("current-presenter")).to_have_text("Mayor Ada")
    expect(chair.get_by_test_id("current-remaining")).to_have_text(re.compile(r"^[45]:\d\d left$"))
    expect(chair.get_by_test_id("run-next")).to_have_text("Next: Vote on the bench colour →")
    expect(projector.get_by_test_id("projector-item-title")).to_have_text("Welcome and minutes")
    expect(projector.get_by_test_id("projector-item-timer")).to_have_attribute("data-overrun", "false")
    expect(projector.get_by_test_id("projector-item-timer")).not_to_have_text(re.compile(r"^0:00"))

    # Two phones ask for the floor; the queue shows them in order, both speaking for the first time.
    alice = join(people.phone("alice"), code, name="Alice", tab="speak")
    bob = join(people.phone("bob"), code, name="Bob", tab="speak")
    request_floor(alice, "Bins on Elm Street")
    request_floor(bob, "The playground")
    expect(chair.get_by_test_id("speaker-name")).to_have_text(["Alice", "Bob"])
    expect(entry(chair, "Alice").get_by_test_id("speaker-topic")).to_have_text("Bins on Elm Street")
    expect(entry(chair, "Alice").get_by_test_id("speaker-first-time")).to_be_visible()
    expect(entry(chair, "Bob").get_by_test_id("speaker-position")).to_have_text("2")
    expect(chair.get_by_test_id("speaker-next")).to_have_text("Call next: Alice")

    # A double click on "Call next" calls one person, not two: Bob keeps his place.
    chair.get_by_test_id("speaker-next").dblclick()
    expect(chair.get_by_test_id("speaker-current-name")).to_have_text("Alice")
    expect(chair.get_by_test_id("speaker-name")).to_have_text(["Bob"])
    expect(chair.get_by_test_id("speaker-current-state")).to_have_text("Called to the microphone")
    expect(alice.get_by_test_id("speak-status")).to_have_attribute("data-state", "speaking")
    expect(projector.get_by_test_id("projector-speaker")).to_contain_text("Alice")
    expect(projector.get_by_test_id("projector-next-speaker")).to_contain_text("Bob")

    # The speaking timer runs once the chair starts it, on the dashboard and on the projector.
    chair.get_by_test_id("speaker-start").click()
    expect(chair.get_by_test_id("speaker-timer")).to_have_attribute("data-running", "true")
    expect(chair.get_by_test_id("speaker-limit")).to_have_text("1:30")
    expect(chair.get_by_test_id("speaker-remaining")).to_have_text(re.compile(r"^1:[0-3]\d left$"))
    expect(chair.get_by_test_id("speaker-elapsed")).not_to_have_text("0:00")
    expect(projector.get_by_test_id("projector-speaker-timer")).not_to_have_text("0:00")

    # A question from a phone is filed under the item on the floor; the chair moves it to the vote.
    ask(bob, "Which colours can we choose from?")
    question = chair.get_by_test_id("mod-question").filter(has_text="Which colours can we choose from?")
    expect(question.get_by_test_id("question-item")).to_have_text("1. Welcome and minutes")
    card_menu(question, "question-move").select_option(label="2. Vote on the bench colour")
    expect(question.get_by_test_id("question-item")).to_have_text("2. Vote on the bench colour")
    chair.get_by_test_id("question-item-filter").select_option("current")
    expect(question).to_be_hidden()
    expect(chair.get_by_test_id("list-live")).to_be_empty()
    shoot(chair, "dashboard-speaking")
    shoot(projector, "projector-speaking")

    # The note-taker follows on a read-only dashboard and records the decision on the notes page.
    notes = people.laptop("note-taker")
    open_dashboard(notes, note_taker, code)
    expect(notes.get_by_test_id("my-role")).to_have_text("Note-taker")
    expect(notes.get_by_test_id("dashboard-read-only")).to_be_visible()
    expect(notes.get_by_test_id("speaker-current-name")).to_have_text("Alice")
    for control in ("run-next", "run-end", "speaker-next", "speaker-finish", "speaker-call", "speaker-add"):
        expect(notes.get_by_test_id(control)).to_be_hidden()
    expect(notes.get_by_test_id("link-settings")).to_be_hidden()
    notes.get_by_test_id("link-notes").click()
    wait_live(notes)
    expect(notes.get_by_test_id("item-title")).to_have_text("Welcome and minutes")
    notes.get_by_test_id("decision-text").fill("The minutes of the last meeting are approved.")
    notes.get_by_test_id("decision-vote").fill("12 for, 1 against")
    notes.get_by_test_id("decision-add").click()
    decision = notes.get_by_test_id("decision")
    expect(decision).to_contain_text("The minutes of the last meeting are approved.")
    expect(decision).to_contain_text("12 for, 1 against")

    # The second item: its 0 planned minutes overrun at once, in colour and in words.
    chair.get_by_test_id("speaker-finish").click()
    expect(chair.get_by_test_id("speaker-none")).to_be_visible()
    chair.get_by_test_id("run-next").click()
    expect(chair.get_by_test_id("current-title")).to_have_text("Vote on the bench colour")
    expect(chair.get_by_test_id("current-remaining")).to_have_text(re.compile(r"^Over by 0:\d\d$"))
    expect(chair.get_by_test_id("current-timer")).to_have_attribute("data-overrun", "true")
    expect(chair.get_by_test_id("run-next")).to_have_text("Finish and end meeting")
    expect(question).to_be_visible()  # the filter follows the item on the floor
    expect(notes.get_by_test_id("item-title")).to_have_text("Vote on the bench colour")
    expect(projector.get_by_test_id("projector-item-title")).to_have_text("Vote on the bench colour")
    expect(projector.get_by_test_id("projector-item-timer")).to_have_attribute("data-overrun", "true")
    expect(projector.get_by_test_id("projector-item-timer")).to_contain_text(re.compile(r"\d+:\d\d"))
    # Bob is still waiting; Alice, who has spoken once, asks again and queues behind him.
    expect(chair.get_by_test_id("speaker-next")).to_have_text("Call next: Bob")
    request_floor(alice, "Bins, once more")
    expect(chair.get_by_test_id("speaker-name")).to_have_text(["Bob", "Alice"])
    expect(entry(chair, "Alice").get_by_test_id("speaker-spoken")).to_have_text("spoken 1×")
    expect(entry(chair, "Alice").get_by_test_id("speaker-first-time")).to_be_hidden()
    chair.get_by_test_id("speaker-recent-section").locator("summary").click()
    expect(chair.get_by_test_id("speaker-recent-entry")).to_contain_text(["Alice"])
    shoot(chair, "dashboard-overrun")
    shoot(projector, "projector-overrun")

    # Ending asks first, in the page.
    chair.get_by_test_id("run-end").click()
    chair.get_by_test_id("run-end-cancel").click()
    expect(chair.get_by_test_id("run-bar")).to_have_attribute("data-state", "running")
    chair.get_by_test_id("run-end").click()
    chair.get_by_test_id("run-end-confirm").click()
    expect(chair.get_by_test_id("run-bar")).to_have_attribute("data-state", "ended")
    expect(chair.get_by_test_id("meeting-state")).to_have_text("Meeting ended")
