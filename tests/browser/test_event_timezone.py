"""An organizer in Berlin sets up a meeting held in Los Angeles: the date and time typed are the
meeting's own (Los Angeles) wall clock, and every page shows them so, the zone named, whatever zone the
reader's computer is in."""
import pytest
from playwright.sync_api import expect

from townhall.extensions import db
from townhall.models import Event

from .helpers import login

pytestmark = pytest.mark.browser


def test_the_meetings_time_is_typed_and_shown_in_its_own_zone(people, seed, live_server, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id)
    laptop = people._open("laptop-berlin", {"viewport": {"width": 1366, "height": 768},
                                            "timezone_id": "Europe/Berlin"})
    login(laptop, organizer.email, organizer.password)
    laptop.goto(f"/dashboard/e/{code}/settings")
    laptop.get_by_test_id("event-timezone").select_option("America/Los_Angeles")
    laptop.get_by_test_id("event-starts-at").fill("2026-12-03T19:00")
    laptop.get_by_test_id("settings-save").click()
    expect(laptop.get_by_test_id("settings-saved")).to_be_visible()
    with live_server.app.app_context():
        starts_at = db.session.query(Event.starts_at).filter_by(code=code).scalar()
    assert starts_at.isoformat() == "2026-12-04T03:00:00"  # 19:00 in Los Angeles, stored in UTC

    laptop.reload()  # the form shows the meeting's wall clock back, not Berlin's (04:00 on the 4th)
    expect(laptop.get_by_test_id("event-starts-at")).to_have_value("2026-12-03T19:00")
    laptop.get_by_test_id("event-timezone").scroll_into_view_if_needed()
    shoot(laptop, "settings-zone")

    phone = people._open("phone-tokyo", {"viewport": {"width": 390, "height": 844}, "timezone_id": "Asia/Tokyo",
                                         "locale": "zh-CN"})
    phone.goto(f"/e/{code}")
    expect(phone.get_by_test_id("event-when")).to_contain_text("2026年12月3日 19:00 UTC-8")
