"""The speaker's timer started on the call (issue 15): the chair ticks the event setting on the settings page;
then calling the next speaker from the dashboard (1366x768) starts their timer at once, on the dashboard, the
projector and the speaker's phone (390x844), as pressing Start would; without the setting it waits for Start."""
import re

import pytest
from playwright.sync_api import expect

from .helpers import join, login, turn_on_setting, wait_live

pytestmark = pytest.mark.browser

TICKING = re.compile(r"^0:0[1-9] · 1:[0-2]\d left$")


def ask_for_the_floor(phone):
    phone.get_by_test_id("speak-request").click()
    expect(phone.get_by_test_id("speak-status")).to_have_attribute("data-state", "waiting")


def test_calling_a_speaker_starts_their_timer_everywhere_with_the_setting(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Harbour committee", speaker_time_limit=90)
    chair = people.laptop("chair")
    login(chair, organizer.email, organizer.password)
    projector = people.projector()
    projector.goto(f"/e/{code}/projector")
    wait_live(projector)
    alice = join(people.phone("alice"), code, name="Alice", tab="speak")
    bob = join(people.phone("bob"), code, name="Bob", tab="speak")

    # Off (the default): the called speaker's timer waits for Start.
    chair.goto(f"/dashboard/e/{code}")
    wait_live(chair)
    ask_for_the_floor(bob)
    chair.get_by_test_id("speaker-next").click()
    expect(chair.get_by_test_id("speaker-current-name")).to_have_text("Bob")
    expect(chair.get_by_test_id("speaker-timer")).to_have_attribute("data-running", "false")
    expect(chair.get_by_test_id("speaker-start")).to_be_visible()
    expect(bob.get_by_test_id("speak-timer")).to_have_text("0:00 · 1:30 left")
    chair.get_by_test_id("speaker-finish").click()
    expect(chair.get_by_test_id("speaker-none")).to_be_visible()

    turn_on_setting(chair, code, "event-auto-start-speaker-timer")
    chair.get_by_test_id("event-auto-start-speaker-timer").scroll_into_view_if_needed()
    shoot(chair, "settings-timer-on-call")

    # On: the call alone starts it, for the configured 1:30, on every screen.
    chair.goto(f"/dashboard/e/{code}")
    wait_live(chair)
    expect(chair.get_by_test_id("speaker-rules")).to_contain_text("timer starts on the call")
    ask_for_the_floor(alice)
    chair.get_by_test_id("speaker-next").click()
    expect(chair.get_by_test_id("speaker-current-name")).to_have_text("Alice")
    expect(chair.get_by_test_id("speaker-timer")).to_have_attribute("data-running", "true")
    expect(chair.get_by_test_id("speaker-limit")).to_have_text("1:30")
    expect(chair.get_by_test_id("speaker-start")).to_be_hidden()
    expect(chair.get_by_test_id("speaker-stop")).to_be_visible()
    expect(chair.get_by_test_id("speaker-remaining")).to_have_text(re.compile(r"^1:[0-2]\d left$"))
    timer = projector.get_by_test_id("projector-speaker-timer")
    expect(projector.get_by_test_id("projector-speaker")).to_have_text("Alice")
    expect(timer).to_have_attribute("data-running", "true")
    expect(projector.get_by_test_id("projector-speaker-remaining")).to_have_text(re.compile(r"^1:[0-2]\d left$"))
    expect(alice.get_by_test_id("speak-status")).to_have_attribute("data-state", "speaking")
    expect(alice.get_by_test_id("speak-timer")).to_have_text(TICKING)
    expect(bob.get_by_test_id("floor-current-timer")).to_have_text(TICKING)
    shoot(chair, "dashboard-timer-started-on-call")
    shoot(alice, "phone-timer-started-on-call")
    # As a manual start: Stop pauses it everywhere.
    chair.get_by_test_id("speaker-stop").click()
    expect(timer).to_have_attribute("data-running", "false")
    expect(chair.get_by_test_id("speaker-start")).to_be_visible()
