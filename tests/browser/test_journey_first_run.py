"""Journey 4: first run. The operator prints a setup link, creates the organizer
account in the browser, creates an event through the "New event" form, opens its
poster, and a phone opening the join link lands on the event."""
import re

import pytest
from playwright.sync_api import expect

from .helpers import ask, wait_live

pytestmark = pytest.mark.browser

TITLE = "Neighbourhood plan — spring town hall"


def qr_loaded(page, selector):
    """The QR <img> has loaded and has a real size (a broken image has naturalWidth 0)."""
    page.wait_for_function(
        "sel => { const img = document.querySelector(sel);"
        " return img && img.complete && img.naturalWidth > 0 && img.naturalHeight > 0; }",
        arg=selector,
    )


def test_first_run_setup_then_event_poster_and_join(people, live_server, shoot):
    # The operator asks the server for the one-time setup link (as `flask setup-link` does).
    result = live_server.app.test_cli_runner().invoke(args=["setup-link"])
    assert result.exit_code == 0, result.output
    setup_url = re.search(r"(https?://\S+/setup/\S+)", result.output).group(1)
    assert setup_url.startswith(f"{live_server}/setup/"), "the link must point at this server"

    organizer = people.laptop("organizer")
    organizer.goto(setup_url)
    expect(organizer.get_by_role("heading", level=1)).to_have_text("Create the first organizer")
    organizer.get_by_test_id("field-name").fill("Ana Admin")
    organizer.get_by_test_id("field-email").fill("ana@example.org")
    organizer.get_by_test_id("field-password").fill("a long enough password")
    organizer.get_by_test_id("field-confirm").fill("a long enough password")
    organizer.get_by_test_id("setup-submit").click()
    organizer.wait_for_url(re.compile(r"/dashboard/$"))
    expect(organizer.get_by_test_id("user-name")).to_have_text("Ana Admin")
    expect(organizer.get_by_test_id("no-events")).to_be_visible()
    shoot(organizer, "events-empty")

    # New event, through the form.
    form = organizer.get_by_test_id("new-event-form")
    form.get_by_test_id("event-title-input").fill(TITLE)
    form.get_by_test_id("event-starts-at").fill("2027-03-05T19:30")
    form.get_by_test_id("event-place").fill("Old school gym")
    form.get_by_test_id("event-premoderation").check()
    form.get_by_test_id("create-event").click()
    organizer.wait_for_url(re.compile(r"/dashboard/e/[A-Z0-9]+$"))
    code = organizer.url.rsplit("/", 1)[1]
    expect(organizer.get_by_test_id("event-title")).to_have_text(TITLE)
    expect(organizer.get_by_test_id("join-code")).to_have_text(code)
    join_link = organizer.get_by_test_id("join-url")
    expect(join_link).to_have_text(f"{live_server}/e/{code}")
    join_url = join_link.get_attribute("href")
    assert join_url == f"{live_server}/e/{code}"
    wait_live(organizer)
    qr_loaded(organizer, "img.dash-qr")
    shoot(organizer, "dashboard-new-event")

    # The poster opens in a new tab: title, join code, link, and a QR code that loads.
    with organizer.context.expect_page() as new_tab:
        organizer.get_by_test_id("link-poster").click()
    poster = new_tab.value
    poster.wait_for_load_state()
    expect(poster.get_by_test_id("poster-title")).to_have_text(TITLE)
    expect(poster.get_by_test_id("poster-code")).to_have_text(code)
    expect(poster.get_by_test_id("poster-url")).to_have_text(join_url)
    expect(poster.get_by_test_id("poster-qr")).to_be_visible()
    qr_loaded(poster, '[data-testid="poster-qr"]')
    qr = poster.request.get(poster.get_by_test_id("poster-qr").get_attribute("src"))
    assert qr.ok and qr.headers["content-type"].startswith("image/svg+xml")
    shoot(poster, "poster", full_page=True)

    # A phone opening the join link (what the QR code encodes) lands on the event.
    phone = people.phone("first attendee")
    phone.goto(join_url)
    expect(phone.get_by_test_id("event-title")).to_have_text(TITLE)
    expect(phone.get_by_test_id("join-card")).to_be_visible()
    wait_live(phone)
    shoot(phone, "phone-join")
    phone.get_by_test_id("join-name").fill("Pat")
    phone.get_by_test_id("join-button").click()
    ask(phone, "Where will the new bike racks go?")
    expect(phone.get_by_test_id("pending-question")).to_have_count(1)  # pre-moderation is on
    expect(organizer.get_by_test_id("count-incoming")).to_have_text("1")

    # The setup link was one-time.
    organizer.goto(setup_url)
    expect(organizer.get_by_test_id("setup-invalid")).to_be_visible()
