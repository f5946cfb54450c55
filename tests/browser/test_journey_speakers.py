"""The list of speakers from the room's side: phones ask for the floor with a topic, follow their
place in the queue and get the floor with a running timer; the projector shows who speaks, their
timer against the limit and who is next; anonymous speakers show as "Speaker N" everywhere.
The chair acts through the JSON API (the calls the dashboard makes)."""
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from townhall.extensions import db
from townhall.models import SpeakerRequest

from .helpers import Chair, join, show_tab, wait_live

pytestmark = pytest.mark.browser


def speak_status(page):
    return page.get_by_test_id("speak-status")


def test_phones_ask_for_the_floor_and_the_projector_shows_speaker_timer_and_next(people, seed, shoot, live_server):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Harbour committee", speaker_time_limit=90)
    chair = Chair(people.laptop("chair"), organizer, code)
    projector = people.projector()
    projector.goto(f"/e/{code}/projector")
    wait_live(projector)
    expect(projector.get_by_test_id("projector-floor")).to_be_hidden()

    # Carol only looks: before joining she cannot ask for the floor, and the page says why.
    carol = people.phone("carol")
    carol.goto(f"/e/{code}")
    wait_live(carol)
    show_tab(carol, "speak")
    expect(carol.get_by_test_id("speak-request")).to_be_disabled()
    expect(carol.get_by_test_id("speak-note")).to_have_text("Join the meeting above to request to speak.")
    expect(carol.get_by_test_id("floor-empty")).to_be_visible()

    alice = join(people.phone("alice"), code, name="Alice", tab="speak")
    expect(alice.get_by_test_id("speak-note")).to_have_text("The room sees your name: Alice.")
    alice.get_by_test_id("speak-topic").fill("A crossing at the school <b>now</b>")
    alice.get_by_test_id("speak-request").click()
    expect(speak_status(alice)).to_have_text(re.compile("You are number 1 in the queue"))
    expect(speak_status(alice)).to_have_attribute("data-state", "waiting")
    expect(speak_status(alice)).to_contain_text("Topic: A crossing at the school <b>now</b>")  # text, not markup
    expect(alice.get_by_test_id("speak-form")).to_be_hidden()

    bob = join(people.phone("bob"), code, name="Bob", tab="speak")
    bob.get_by_test_id("speak-request").click()
    expect(speak_status(bob)).to_have_text(re.compile("You are number 2 in the queue"))
    bob.reload()  # the phone finds its request again in the snapshot
    wait_live(bob)
    expect(speak_status(bob)).to_have_text(re.compile("You are number 2 in the queue"))
    expect(alice.get_by_test_id("speak-queue-count")).to_have_text("2 waiting")
    expect(alice.get_by_test_id("floor-next")).to_have_text(re.compile(r"^Next: you"))
    expect(carol.get_by_test_id("floor-next")).to_have_text("Next: Alice — A crossing at the school <b>now</b>")
    next_up = projector.get_by_test_id("projector-next-speaker")
    expect(next_up).to_contain_text("Alice")
    expect(next_up).to_contain_text("+1 waiting")
    expect(projector.get_by_test_id("projector-speaker")).to_be_hidden()
    shoot(alice, "alice-in-queue")

    # The chair gives Alice the floor: her timer waits until she is at the microphone.
    chair.call("POST", "/speakers/next")
    expect(speak_status(alice)).to_have_attribute("data-state", "speaking")
    expect(speak_status(alice)).to_contain_text("You have the floor")
    expect(speak_status(alice)).to_contain_text("Please go to the microphone.")
    expect(alice.get_by_test_id("speak-timer")).to_have_text("0:00 · 1:30 left")
    expect(alice.get_by_test_id("speak-withdraw")).to_be_hidden()
    expect(speak_status(bob)).to_have_text(re.compile("You are number 1 in the queue"))  # the queue moved
    expect(projector.get_by_test_id("projector-speaker")).to_have_text("Alice")
    expect(projector.get_by_test_id("projector-speaker-topic")).to_have_text("A crossing at the school <b>now</b>")
    expect(next_up).to_contain_text("Bob")
    expect(next_up).not_to_contain_text("waiting")

    chair.call("POST", "/speakers/start")
    expect(alice.get_by_test_id("speak-timer")).to_have_text(re.compile(r"^0:0[1-9] · 1:[0-2]\d left$"))
    expect(alice.get_by_test_id("speak-status")).to_have_attribute("data-overrun", "false")
    timer = projector.get_by_test_id("projector-speaker-timer")
    expect(timer).to_have_attribute("data-running", "true")
    expect(timer).to_have_attribute("data-overrun", "false")
    expect(projector.get_by_test_id("projector-speaker-elapsed")).to_have_text(re.compile(r"^0:0[1-9]$"))
    expect(projector.get_by_test_id("projector-speaker-remaining")).to_have_text(re.compile(r"^1:[0-2]\d left$"))
    # A second phone sees who speaks (with the timer) and who is next.
    expect(carol.get_by_test_id("floor-current-name")).to_have_text("Alice")
    expect(carol.get_by_test_id("floor-current-timer")).to_have_text(re.compile(r"^0:0[1-9] · 1:[0-2]\d left$"))
    expect(carol.get_by_test_id("floor-next")).to_have_text(re.compile(r"^Next: Bob"))
    expect(bob.get_by_test_id("floor-current-name")).to_have_text("Alice")
    shoot(alice, "alice-has-the-floor")
    shoot(projector, "projector-speaker")

    # Alice talks past the limit: her phone and the projector say so in colour and text.
    with live_server.app.app_context():
        row = db.session.query(SpeakerRequest).filter_by(status="speaking").one()
        row.running_since -= timedelta(minutes=2)
        db.session.commit()
    chair.call("POST", "/speakers/stop")  # the stopped timer carries the elapsed time to every screen
    expect(timer).to_have_attribute("data-overrun", "true")
    expect(projector.get_by_test_id("projector-speaker-remaining")).to_have_text(re.compile(r"^Over by 0:[3-5]\d$"))
    expect(projector.get_by_test_id("projector-floor")).to_have_attribute("data-overrun", "true")
    expect(speak_status(alice)).to_have_attribute("data-overrun", "true")
    expect(alice.get_by_test_id("speak-timer")).to_have_text(re.compile(r"^2:\d\d · Over by 0:[3-5]\d$"))
    expect(carol.get_by_test_id("floor-current-timer")).to_have_attribute("data-overrun", "true")
    shoot(projector, "projector-speaker-overrun")

    # Anonymous speakers: the room sees "Speaker N", never the names; Alice still knows it is her turn.
    chair.call("PATCH", "", {"anonymous_speakers": True})
    speaker = projector.get_by_test_id("projector-speaker")
    expect(speaker).to_have_text(re.compile(r"^Speaker \d+$"))
    expect(next_up).to_contain_text(re.compile(r"Speaker \d+"))
    expect(next_up).not_to_contain_text("Bob")
    expect(carol.get_by_test_id("floor-current-name")).to_have_text(speaker.inner_text())
    expect(carol.get_by_test_id("floor-next")).to_have_text(re.compile(r"^Next: Speaker \d+$"))
    expect(speak_status(alice)).to_contain_text("You have the floor")
    expect(bob.get_by_test_id("floor-next")).to_have_text("Next: you")
    for page in (projector, carol, bob):
        expect(page.locator("body")).not_to_contain_text("Alice")
    shoot(projector, "projector-anonymous")
    shoot(carol, "carol-anonymous")

    # Bob changes his mind; Alice is done.
    bob.get_by_test_id("speak-withdraw").click()
    expect(speak_status(bob)).to_be_hidden()
    expect(bob.get_by_test_id("speak-request")).to_be_enabled()
    expect(next_up).to_be_hidden()
    chair.call("POST", "/speakers/finish")
    expect(speak_status(alice)).to_be_hidden()
    expect(alice.get_by_test_id("speak-form")).to_be_visible()
    expect(projector.get_by_test_id("projector-floor")).to_be_hidden()
    expect(carol.get_by_test_id("floor-empty")).to_be_visible()

    # A closed meeting takes no new requests.
    chair.call("PATCH", "", {"is_open": False})
    expect(alice.get_by_test_id("speak-request")).to_be_disabled()
    expect(alice.get_by_test_id("speak-topic")).to_be_disabled()
    expect(alice.get_by_test_id("speak-note")).to_have_text("This meeting is closed: no new requests to speak.")
    shoot(alice, "alice-closed")
