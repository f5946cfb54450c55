"""Joining by event setting in a real browser: a phone (390x844) joins with the passcode and with a
one-time code from a slip's link; the organizer sets the mode and prints the codes; the projector
(1920x1080, 1280x720) shows the rotating in-room QR beside the questions, and a phone that scans it is
marked in the room."""
import re

import pytest
from playwright.sync_api import expect

from townhall.services import attendee_codes

from .helpers import login, show_tab, wait_live

pytestmark = pytest.mark.browser


def test_a_phone_joins_with_the_passcode(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Budget night", join_mode="passcode", passcode="River")
    phone = people.phone()
    phone.goto(f"/e/{code}")
    expect(phone.get_by_test_id("join-passcode")).to_be_visible()
    expect(phone.get_by_test_id("join-key")).to_be_hidden()
    phone.get_by_test_id("join-button").click()
    expect(phone.get_by_test_id("join-error")).to_contain_text("asks for its passcode")
    phone.get_by_test_id("join-passcode").fill("Lake")
    phone.get_by_test_id("join-button").click()
    expect(phone.get_by_test_id("join-error")).to_have_text("That is not this meeting's passcode.")
    expect(phone.get_by_test_id("join-passcode")).to_have_attribute("aria-invalid", "true")
    shoot(phone, "wrong-passcode")
    phone.get_by_test_id("join-passcode").fill("river")
    phone.get_by_test_id("join-button").click()
    show_tab(phone, "ask")
    expect(phone.get_by_test_id("ask-card")).to_be_visible()
    wait_live(phone)
    shoot(phone, "joined")


def test_a_phone_joins_with_a_code_from_its_slip_and_stays_one_person(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Budget night", join_mode="codes")
    with seed.app.app_context():
        slip = attendee_codes.generate(code=code, user_id=organizer.id, count=2)["codes"][0]["code"]
    phone = people.phone()
    phone.goto(f"/e/{code}")
    expect(phone.get_by_test_id("join-key")).to_be_visible()
    expect(phone.get_by_test_id("join-passcode")).to_be_hidden()
    phone.get_by_test_id("join-button").click()
    expect(phone.get_by_test_id("join-error")).to_contain_text("personal attendee code")
    phone.goto(f"/e/{code}?key={slip}")  # the slip's QR
    expect(phone).to_have_url(re.compile(rf"/e/{code}$"))  # the code is off the address bar
    expect(phone.get_by_test_id("join-key")).to_have_value(slip)
    shoot(phone, "code-filled-in")
    phone.get_by_test_id("join-name").fill("Ana")
    phone.get_by_test_id("join-button").click()
    show_tab(phone, "ask")
    expect(phone.get_by_test_id("ask-card")).to_be_visible()
    wait_live(phone)
    first_id = phone.evaluate("() => window.townhall.state.me.id")

    other = people.phone("new phone")  # the same person, cookies lost
    other.goto(f"/e/{code}")
    other.get_by_test_id("join-key").fill(slip.lower())
    other.get_by_test_id("join-button").click()
    show_tab(other, "ask")
    expect(other.get_by_test_id("ask-card")).to_be_visible()
    wait_live(other)
    assert other.evaluate("() => window.townhall.state.me.id") == first_id
    expect(other.get_by_test_id("asking-as")).to_have_text("Asking as Ana.")
    shoot(other, "same-person-new-phone")


def test_the_organizer_sets_codes_mode_and_prints_the_slips(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Budget night")
    page = people.laptop("organizer")
    login(page, organizer.email, organizer.password)
    page.goto(f"/dashboard/e/{code}/settings")
    page.get_by_test_id("event-join-passcode").check()
    page.get_by_test_id("settings-save").click()
    expect(page.get_by_test_id("event-passcode-error")).to_contain_text("Set a passcode")
    page.get_by_test_id("event-join-codes").check()
    page.get_by_test_id("event-room-check").check()
    page.get_by_test_id("settings-save").click()
    expect(page.get_by_test_id("settings-saved")).to_have_text("Saved.")
    page.get_by_test_id("event-joining").screenshot(path=str(shoot(page, "settings").parent / "joining.png"))
    page.get_by_test_id("event-codes-link").click()
    expect(page.get_by_test_id("codes-empty")).to_be_visible()
    page.get_by_test_id("codes-count").fill("12")
    page.get_by_test_id("codes-make").click()
    expect(page.get_by_test_id("code-row")).to_have_count(12)
    page.get_by_test_id("code-revoke").first.click()
    expect(page.get_by_test_id("codes-counts")).to_have_text("11 unused · 0 used · 1 revoked")
    shoot(page, "codes", full_page=True)
    page.goto(f"/dashboard/e/{code}/codes/sheet")
    expect(page.get_by_test_id("code-slip")).to_have_count(11)
    shoot(page, "sheet", full_page=True)


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_the_projector_shows_the_in_room_qr_beside_the_questions(people, seed, shoot, size):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Budget night", room_check=True)
    for text in ("When does the bridge reopen?", "Can we have more benches in the park?",
                 "Who pays for the new library roof?", "Will the bus run on Sundays?"):
        seed.question(code, text)
    projector = people.projector()
    projector.set_viewport_size({"width": size[0], "height": size[1]})
    login(projector, organizer.email, organizer.password)
    projector.goto(f"/e/{code}/projector")
    wait_live(projector)
    block = projector.get_by_test_id("projector-room-check")
    expect(block).to_be_visible()
    expect(block).to_have_attribute("data-token", re.compile(r".{16}"))
    qr = projector.get_by_test_id("projector-room-qr")
    projector.wait_for_function("() => { const i = document.querySelector('[data-testid=projector-room-qr]');"
                                " return i.complete && i.naturalWidth > 0; }")
    box, join_box = qr.bounding_box(), projector.get_by_test_id("projector-qr").bounding_box()
    assert box["width"] >= size[1] * 0.18, box  # a fifth of the screen's height: scannable from a few metres
    questions = projector.get_by_test_id("projector-top").bounding_box()
    assert questions["x"] + questions["width"] <= box["x"], (questions, box)  # beside, not over, the questions
    assert box["y"] + box["height"] <= size[1] and join_box["y"] + join_box["height"] <= box["y"]
    expect(projector.get_by_test_id("projector-question")).to_have_count(4)
    shoot(projector, f"projector-{size[0]}x{size[1]}")

    # A joined phone scans it.
    token = block.get_attribute("data-token")
    phone = people.phone()
    phone.goto(f"/e/{code}")
    phone.get_by_test_id("join-button").click()
    show_tab(phone, "ask")
    expect(phone.get_by_test_id("ask-card")).to_be_visible()
    phone.goto(f"/e/{code}/here?t={token}")
    expect(phone).to_have_url(re.compile(rf"/e/{code}$"))
    expect(phone.get_by_test_id("flashes")).to_have_text("You are marked in the room.")
    shoot(phone, "marked-in-the-room")
