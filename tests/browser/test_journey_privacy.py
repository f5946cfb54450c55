"""Privacy in the browser: the organizer sets retention and a contact, a phone reads the privacy page
from its footer; the owner deletes the event, and the phone and the projector are told at once."""
import re

import pytest
from playwright.sync_api import expect

from .helpers import join, login, wait_live

pytestmark = pytest.mark.browser


def test_retention_and_contact_reach_the_privacy_page(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Library town hall", starts_at="2026-11-20T18:00:00Z")
    settings = people.laptop("settings")
    login(settings, organizer.email, organizer.password)
    settings.goto(f"/dashboard/e/{code}/settings")
    retention = settings.get_by_test_id("event-retention-days")
    expect(retention).to_have_value("30")
    retention.fill("-3")
    settings.get_by_test_id("settings-save").click()
    expect(settings.get_by_test_id("event-retention-error")).to_contain_text("0 to 3650")
    retention.fill("7")
    settings.get_by_test_id("event-privacy-contact").fill("privacy@library.example")
    settings.get_by_test_id("settings-save").click()
    expect(settings.get_by_test_id("settings-saved")).to_have_text("Saved.")
    settings.get_by_test_id("event-privacy-contact").scroll_into_view_if_needed()
    shoot(settings, "settings-privacy")

    phone = people.phone()
    phone.goto(f"/e/{code}")
    expect(phone.get_by_test_id("join-privacy-link")).to_be_visible()
    shoot(phone, "join-card")
    join(phone, code, name="Ruth")
    phone.get_by_test_id("privacy-link").click()
    page = phone.get_by_test_id("privacy-page")
    expect(page).to_be_visible()
    expect(phone.get_by_test_id("privacy-retention")).to_contain_text("deleted 7 days after the meeting ends "
                                                                      "(on Nov 28, 2026)")
    expect(phone.get_by_test_id("privacy-never")).to_contain_text("No IP addresses")
    expect(phone.get_by_test_id("privacy-contact")).to_contain_text("privacy@library.example")
    # Readable on a phone: nothing wider than the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(phone, "privacy-page", full_page=True)

    retention.fill("")
    settings.get_by_test_id("settings-save").click()
    expect(settings.get_by_test_id("settings-saved")).to_have_text("Saved.")
    phone.reload()
    expect(phone.get_by_test_id("privacy-retention")).to_contain_text("keeps names and phone keys")


def test_the_owner_deletes_the_event_and_the_room_is_told(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Old budget hearing")
    phone = join(people.phone(), code, name="Ruth")
    projector = people.projector()
    projector.goto(f"/e/{code}/projector")
    wait_live(projector)

    settings = people.laptop("settings")
    login(settings, organizer.email, organizer.password)
    settings.goto(f"/dashboard/e/{code}/settings")
    expect(settings.get_by_test_id("delete-card")).to_contain_text("published minutes too")
    settings.get_by_test_id("delete-confirm").fill("budget hearing")
    settings.get_by_test_id("delete-event").click()
    expect(settings.get_by_test_id("delete-form").locator('[data-error-for="confirm"]')).to_contain_text(
        "code or its title")
    shoot(settings, "delete-refused")
    settings.get_by_test_id("delete-confirm").fill(code.lower())
    settings.get_by_test_id("delete-event").click()
    settings.wait_for_url(re.compile(r"/dashboard/$"))
    expect(settings.get_by_text("Old budget hearing")).to_have_count(0)

    for page in (phone, projector):
        status = page.get_by_test_id("connection-status")
        expect(status).to_have_text("This event was deleted by its organizer.")
        expect(status).to_have_attribute("data-state", "offline")
    expect(phone.get_by_test_id("page-error")).to_have_text("This event was deleted by its organizer.")
    shoot(phone, "phone-event-deleted")
    phone.wait_for_timeout(1500)  # no reconnecting afterwards
    assert not phone.evaluate("window.townhall.socket.connected")
