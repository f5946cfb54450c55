"""The organizer brands the event on its settings page (a colour too light is refused, with why), and
the room sees it: the phone's buttons in the accent with the logo above the title, the logo on the
projector and the poster, axe still clean on the branded phone."""

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from townhall.services import branding, events

from .helpers import login, wait_live
from .test_accessibility import PHONE, assert_no_serious

pytestmark = pytest.mark.browser

ACCENT = "#0b5d3b"  # a deep green: white reads on it at 7.6:1


def logo_file(tmp_path):
    picture = Image.new("RGBA", (480, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    draw.rounded_rectangle((4, 4, 476, 156), radius=30, fill=(11, 93, 59, 255))
    draw.ellipse((30, 30, 130, 130), fill=(255, 205, 77, 255))
    path = tmp_path / "river-district.png"
    picture.save(path)
    return path


def test_the_organizer_brands_the_event_and_the_room_sees_it(people, seed, live_server, shoot, tmp_path):
    organizer = seed.organizer()
    code = seed.event(organizer.id)
    laptop = people._open("laptop", {"viewport": {"width": 1366, "height": 900}})
    login(laptop, organizer.email, organizer.password)
    laptop.goto(f"/dashboard/e/{code}/settings")
    card = laptop.get_by_test_id("branding-card")
    card.scroll_into_view_if_needed()

    laptop.get_by_test_id("branding-own-accent").check()
    laptop.get_by_test_id("branding-accent").fill("#ffd400")  # yellow: white text would not read on it
    laptop.get_by_test_id("branding-save-accent").click()
    expect(laptop.get_by_test_id("branding-error")).to_contain_text("4.5:1")
    shoot(laptop, "too-light")

    laptop.get_by_test_id("branding-accent").fill(ACCENT)  # the sample button shows it before saving
    sample = card.locator('[data-role="sample"]')
    assert sample.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(11, 93, 59)"
    laptop.get_by_test_id("branding-save-accent").click()
    expect(laptop.get_by_test_id("branding-saved")).to_have_text("Colour saved.")
    expect(laptop.get_by_test_id("branding-error")).to_be_hidden()

    laptop.get_by_test_id("branding-upload").click()  # no file chosen yet
    expect(laptop.get_by_test_id("branding-error")).to_have_text("Choose an image first.")
    laptop.get_by_test_id("branding-logo-file").set_input_files(str(logo_file(tmp_path)))
    laptop.get_by_test_id("branding-upload").click()
    expect(laptop.get_by_test_id("branding-saved")).to_have_text("Logo saved.")
    expect(laptop.get_by_test_id("branding-logo")).to_be_visible()
    assert laptop.get_by_test_id("branding-logo").evaluate("img => img.naturalWidth") == 400
    shoot(laptop, "branded-settings")

    phone = people._open("phone", PHONE)
    phone.goto(f"/e/{code}")
    logo = phone.locator("img.brand-logo")
    expect(logo).to_be_visible()
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    button = phone.locator("button.btn:not(.btn-secondary):not(.btn-ghost)").first
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(11, 93, 59)"
    assert_no_serious(phone, "branded phone")
    shoot(phone, "phone")

    projector = people._open("projector", {"viewport": {"width": 1920, "height": 1080}})
    projector.goto(f"/e/{code}/projector")
    expect(projector.locator("img.projector-logo")).to_be_visible()
    shoot(projector, "projector")
    projector.goto(f"/e/{code}/poster")
    expect(projector.locator("img.poster-logo")).to_be_visible()
    shoot(projector, "poster")

    laptop.get_by_test_id("branding-remove").click()
    expect(laptop.get_by_test_id("branding-saved")).to_have_text("Logo removed.")
    phone.reload()
    expect(phone.get_by_test_id("event-title")).to_be_visible()
    expect(phone.locator("img.brand-logo")).to_be_hidden()


def test_open_pages_take_up_a_branding_change_without_a_reload(people, seed, live_server, tmp_path):
    """The phones and the projector are open when the organizer brands the event, and when the logo comes
    off again: each shows the change as it is saved, its palette from the accent's stylesheet."""
    app = live_server.app
    organizer = seed.organizer()
    code = seed.event(organizer.id)
    phone = people._open("phone", PHONE)
    phone.goto(f"/e/{code}")
    wait_live(phone)
    projector = people._open("projector", {"viewport": {"width": 1920, "height": 1080}})
    projector.goto(f"/e/{code}/projector")
    wait_live(projector)
    button = phone.locator("button.btn:not(.btn-secondary):not(.btn-ghost)").first
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(27, 91, 199)"  # the app's blue
    expect(phone.locator("img.brand-logo")).to_be_hidden()

    with app.app_context():
        events.update_event(code=code, user_id=organizer.id, accent_color=ACCENT)
        branding.set_logo(code=code, user_id=organizer.id, data=logo_file(tmp_path).read_bytes())

    expect(phone.locator("img.brand-logo")).to_be_visible()
    phone.wait_for_function("b => getComputedStyle(b).backgroundColor === 'rgb(11, 93, 59)'",
                            arg=button.element_handle())
    assert phone.locator('meta[name="theme-color"]').get_attribute("content") == ACCENT
    expect(projector.locator("img.projector-logo")).to_be_visible()
    assert projector.locator("img.projector-logo").evaluate("img => img.complete && img.naturalWidth > 0")

    with app.app_context():
        branding.remove_logo(code=code, user_id=organizer.id)
        events.update_event(code=code, user_id=organizer.id, accent_color=None)
    expect(phone.locator("img.brand-logo")).to_be_hidden()
    expect(projector.locator("img.projector-logo")).to_be_hidden()
    phone.wait_for_function("b => getComputedStyle(b).backgroundColor === 'rgb(27, 91, 199)'",
                            arg=button.element_handle())
    assert phone.locator('meta[name="theme-color"]').get_attribute("content") == "#1b5bc7"

