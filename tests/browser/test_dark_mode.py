"""The phone page follows the system's dark mode, and stays readable in it: axe finds no contrast (or
other serious) problem with a meeting under way (questions, one answered, one being answered, a poll,
someone waiting to speak); the page is dark, not a light page with a dark frame. Screenshot in
artifacts/screenshots/."""
import pytest
from playwright.sync_api import expect

from .helpers import join, show_tab
from .test_accessibility import PHONE, assert_no_serious, live_meeting

pytestmark = pytest.mark.browser


def test_the_phone_page_in_dark_mode_is_dark_and_readable(people, seed, shoot):
    _organizer, code = live_meeting(seed)
    phone = people._open("phone-dark", {**PHONE, "color_scheme": "dark"})
    join(phone, code, name="Vera", tab="polls")
    expect(phone.get_by_test_id("poll-card")).to_be_visible()
    background = phone.evaluate("getComputedStyle(document.body).backgroundColor")
    card = phone.evaluate("getComputedStyle(document.querySelector('.card')).backgroundColor")
    for colour in (background, card):
        red, green, blue = (int(part) for part in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3])
        assert red + green + blue < 150, colour
    assert_no_serious(phone, "attendee page, dark")
    shoot(phone, "phone-dark", full_page=True)
    show_tab(phone, "questions")
    assert_no_serious(phone, "attendee page, dark, questions")


def test_the_phone_page_stays_light_in_light_mode(people, seed):
    _organizer, code = live_meeting(seed)
    phone = people._open("phone-light", {**PHONE, "color_scheme": "light"})
    join(phone, code)
    background = phone.evaluate("getComputedStyle(document.body).backgroundColor")
    assert sum(int(part) for part in background[background.index("(") + 1:background.index(")")].split(",")[:3]) > 600
