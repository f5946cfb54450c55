"""The organizer prepares the minutes after the meeting: the per-item notes start from the live notes, she
writes a summary, saves and sees it in the preview, marks the minutes final (after a confirmation) and
publishes them. A second organizer who still had the old draft open is told someone else saved. On a phone,
the event's page links to the minutes and the minutes page shows them, with downloads."""
import re

import pytest
from playwright.sync_api import expect

from townhall.services import records, roles

from .helpers import login

pytestmark = pytest.mark.browser

SUMMARY = "The council adopted the river park pilot. 河滨公园 opens in spring."


def item_with_notes(app, code, owner_id, title, notes) -> int:
    import records_helpers

    item_id = records_helpers.make_item(app, code, title)
    with app.app_context():
        records.save_notes(code=code, user_id=owner_id, item_id=item_id, text=notes, base_version=0)
    return item_id


def test_prepare_finalize_publish_and_read_the_minutes(people, seed, shoot):
    owner = seed.organizer()
    code = seed.event(owner.id, title="Town hall on the river park", place="Community centre")
    second = seed.organizer(email="mona@example.com", name="Mona Moderator")
    with seed.app.app_context():
        roles.add_member(code=code, user_id=owner.id, email=second.email, role="moderator")
    item_with_notes(seed.app, code, owner.id, "Welcome", "The chair opened the meeting.")
    budget = item_with_notes(seed.app, code, owner.id, "The river park plan", "Option B was preferred.")
    seed.question(code, "When will the park open?")

    laptop = people.laptop("olga")
    login(laptop, owner.email, owner.password)
    laptop.goto(f"/dashboard/e/{code}")
    laptop.get_by_test_id("nav-minutes").click()
    laptop.wait_for_url(re.compile(rf"/dashboard/e/{code}/minutes$"))
    expect(laptop.get_by_test_id("draft-version")).to_have_text("Draft · version 1")
    notes = laptop.locator(f'[data-testid="item-notes"][data-item-id="{budget}"]')
    expect(notes.get_by_test_id("item-notes-text")).to_have_value("Option B was preferred.")
    expect(notes.get_by_test_id("item-notes-state")).to_have_text("Live notes")
    preview = laptop.frame_locator('[data-testid="preview-frame"]')
    expect(preview.get_by_text("Option B was preferred.")).to_be_visible()
    expect(laptop.get_by_test_id("minutes-no-versions")).to_be_visible()
    expect(laptop.get_by_test_id("minutes-chair")).to_have_attribute("placeholder", "Mona Moderator")
    laptop.screenshot(path="/tmp/h3_minutes_laptop_start.png")

    # Mona opens the same page before Olga saves: her draft is revision 0.
    mona = people.laptop("mona")
    login(mona, second.email, second.password)
    mona.goto(f"/dashboard/e/{code}/minutes")
    expect(mona.get_by_test_id("save-status")).to_have_text("Nothing to save")

    laptop.get_by_test_id("minutes-summary").fill(SUMMARY)
    notes.get_by_test_id("item-notes-text").fill("Option B was preferred by a large majority.")
    expect(notes.get_by_test_id("item-notes-state")).to_have_text("Edited for the minutes")
    laptop.get_by_test_id("minutes-chair").fill("Maria Lopez")
    laptop.get_by_test_id("minutes-save").click()
    expect(laptop.get_by_test_id("save-status")).to_have_attribute("data-state", "saved")
    expect(laptop.get_by_test_id("save-status")).to_contain_text("Saved")
    expect(preview.get_by_text("河滨公园 opens in spring.")).to_be_visible()
    expect(preview.get_by_text("Option B was preferred by a large majority.")).to_be_visible()
    expect(preview.get_by_text("Maria Lopez")).to_be_visible()
    shoot(laptop, "draft-saved")
    laptop.screenshot(path="/tmp/h3_minutes_laptop_draft.png")

    # Mona types on her stale page: she is told, and nothing of hers is saved.
    mona.get_by_test_id("minutes-summary").fill("Mona's summary")
    expect(mona.get_by_test_id("minutes-stale")).to_be_visible()
    expect(mona.get_by_test_id("save-status")).to_have_attribute("data-state", "stale")
    mona.screenshot(path="/tmp/h3_minutes_laptop_stale.png")
    mona.get_by_test_id("minutes-reload").click()
    expect(mona.get_by_test_id("minutes-summary")).to_have_value(SUMMARY)
    expect(mona.get_by_test_id("minutes-stale")).to_be_hidden()

    # Mark final: asked first; cancelling changes nothing.
    laptop.get_by_test_id("minutes-finalize").click()
    expect(laptop.get_by_test_id("finalize-dialog")).to_be_visible()
    expect(laptop.get_by_test_id("finalize-dialog")).to_contain_text("Mark version 1 final?")
    laptop.get_by_test_id("finalize-cancel").click()
    expect(laptop.get_by_test_id("minutes-no-versions")).to_be_visible()
    laptop.get_by_test_id("minutes-finalize").click()
    shoot(laptop, "confirm-final")
    laptop.get_by_test_id("finalize-confirm").click()
    version = laptop.locator('[data-testid="version"][data-version="1"]')
    expect(version).to_have_attribute("data-status", "final")
    expect(laptop.get_by_test_id("draft-version")).to_have_text("Draft · version 2")
    expect(laptop.get_by_test_id("minutes-finalize")).to_be_disabled()
    expect(version.locator('[data-testid="version-download"][data-format="pdf"]')).to_have_attribute(
        "href", f"/api/events/{code}/minutes/export.pdf?version=1")

    # A phone already in the room when the minutes are published sees the link appear.
    early = people.phone("early")
    early.goto(f"/e/{code}")
    expect(early.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
    expect(early.get_by_test_id("minutes-link")).to_be_hidden()

    version.get_by_test_id("version-publish").click()
    expect(version).to_have_attribute("data-published", "true")
    expect(early.get_by_test_id("minutes-link")).to_be_visible()
    expect(version.get_by_test_id("version-published")).to_have_text("Published")
    expect(laptop.get_by_test_id("minutes-published-note")).to_be_visible()
    version.get_by_test_id("version-preview").click()
    expect(laptop.get_by_test_id("preview-label")).to_have_text("(version 1, final)")
    shoot(laptop, "published")
    laptop.screenshot(path="/tmp/h3_minutes_laptop_published.png")
    laptop.screenshot(path="/tmp/h3_minutes_laptop_full.png", full_page=True)

    # Downloads from the page: a real PDF of version 1.
    with laptop.expect_download() as download_info:
        version.locator('[data-testid="version-download"][data-format="pdf"]').click()
    assert download_info.value.suggested_filename == f"minutes-{code}-v1.pdf"

    # The organizer's page on a phone is usable too.
    small = people.phone("olga-phone")
    login(small, owner.email, owner.password)
    small.goto(f"/dashboard/e/{code}/minutes")
    expect(small.locator('[data-testid="version"][data-version="1"]')).to_be_visible()
    small.screenshot(path="/tmp/h3_minutes_phone_organizer.png")
    small.screenshot(path="/tmp/h3_minutes_phone_organizer_full.png", full_page=True)
    width = small.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"

    # A phone in the room: the event page links to the minutes; the minutes page shows them.
    phone = people.phone("ana")
    phone.goto(f"/e/{code}")
    expect(phone.get_by_test_id("minutes-link")).to_be_visible()
    phone.get_by_test_id("minutes-link").get_by_role("link").click()
    phone.wait_for_url(re.compile(rf"/e/{code}/minutes$"))
    expect(phone.get_by_test_id("public-minutes")).to_be_visible()
    expect(phone.get_by_text("河滨公园 opens in spring.")).to_be_visible()
    expect(phone.get_by_test_id("minutes-download-pdf")).to_have_attribute("href", f"/e/{code}/minutes.pdf")
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the minutes scroll sideways on a phone ({width}px)"
    shoot(phone, "phone-minutes")
    phone.screenshot(path="/tmp/h3_minutes_phone_public.png")

    reader = people.laptop("reader")
    reader.goto(f"/e/{code}/minutes")
    expect(reader.get_by_test_id("public-minutes")).to_be_visible()
    reader.screenshot(path="/tmp/h3_minutes_laptop_public.png")

    # Withdrawn: the phone's next visit finds nothing.
    version.get_by_test_id("version-unpublish").click()
    expect(version).to_have_attribute("data-published", "false")
    response = phone.goto(f"/e/{code}/minutes")
    assert response.status == 404
    expect(phone.get_by_test_id("error-message")).to_contain_text("not published")
