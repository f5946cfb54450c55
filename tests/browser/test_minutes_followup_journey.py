"""A phone and a laptop read published minutes with the Follow-up section: the commitments, what was
deferred, closed and not followed up yet, the response-time table, and a link to the follow-up tracker.
On a phone the page does not scroll sideways (the figures table scrolls inside its box)."""
import pytest
from meeting_helpers import make_held_meeting
from minutes_followup_helpers import ANSWER, CLOSE_REASON, LEFT_OPEN, add_followups
from playwright.sync_api import expect

from townhall.services import minutes

pytestmark = pytest.mark.browser


def test_published_minutes_show_the_follow_up_and_link_to_the_tracker(people, seed, shoot):
    owner = seed.organizer()
    code = seed.event(owner.id)
    held = make_held_meeting(seed.app, code, owner.id, close=False)
    add_followups(seed.app, code, owner.id, held)
    with seed.app.app_context():
        draft = minutes.state(code=code, user_id=owner.id)["draft"]
        minutes.finalize(code=code, user_id=owner.id, base_revision=draft["revision"])
        minutes.publish(code=code, user_id=owner.id, version=draft["version"])

    for page, name in ((people.phone("ana"), "phone"), (people.laptop("reader"), "laptop")):
        page.goto(f"/e/{code}/minutes")
        page.screenshot(path=f"/tmp/minutes/browser-{name}-top.png")
        section = page.get_by_test_id("minutes-followup")
        expect(section).to_be_visible()
        for text in ("Commitments", ANSWER, "The asker: partly answered", "Closed without an answer", CLOSE_REASON,
                     "Not followed up yet", LEFT_OPEN, "All offices", "more than 20 days"):
            expect(section.get_by_text(text, exact=False).first).to_be_visible()
        expect(page.get_by_test_id("minutes-followup-tracker")).to_have_attribute(
            "href", f"{seed.app.config['PUBLIC_URL']}/e/{code}/followup")
        expect(page.get_by_test_id("followup-tracker-link")).to_have_attribute("href", f"/e/{code}/followup")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"the minutes scroll sideways ({width}px)"
        section.scroll_into_view_if_needed()
        shoot(page, f"{name}-followup")
        section.screenshot(path=f"/tmp/minutes/browser-{name}-followup.png")
