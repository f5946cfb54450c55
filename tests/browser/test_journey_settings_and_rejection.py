"""The moderator changes the rules mid-event and rejects a question: phones follow live."""
import pytest
from playwright.sync_api import expect

from .helpers import ask, join, open_dashboard, show_tab

pytestmark = pytest.mark.browser


def test_settings_reach_phones_live_and_the_asker_learns_of_a_rejection(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Budget hearing", premoderation=True, allow_anonymous=True)
    phone = join(people.phone("asker"), code, name="Ruth", tab="ask")
    expect(phone.get_by_test_id("ask-anonymous")).to_be_visible()

    dashboard = open_dashboard(people.laptop("moderator"), organizer, code)
    ask(phone, "Please reject me, I am off topic")
    expect(dashboard.get_by_test_id("count-incoming")).to_have_text("1")
    dashboard.get_by_test_id("tab-incoming").click()
    incoming = dashboard.get_by_test_id("list-incoming").get_by_test_id("mod-question").filter(has_text="off topic")
    incoming.get_by_test_id("action-reject").click()
    waiting = phone.get_by_test_id("pending-question").filter(has_text="off topic")
    expect(waiting).to_have_attribute("data-status", "rejected")
    expect(waiting).to_contain_text("Not published by the moderator")
    shoot(phone, "phone-rejected")

    settings = people.laptop("settings")
    settings.context.add_cookies(dashboard.context.cookies())
    settings.goto(f"/dashboard/e/{code}/settings")
    settings.get_by_test_id("event-allow-anonymous").uncheck()
    settings.get_by_test_id("event-title-input").fill("Budget hearing 2027")
    settings.get_by_test_id("settings-save").click()
    expect(settings.get_by_test_id("settings-saved")).to_have_text("Saved.")
    show_tab(phone, "ask")
    expect(phone.get_by_test_id("ask-text")).to_be_visible()
    expect(phone.get_by_test_id("ask-anonymous")).to_be_hidden()
    expect(phone.get_by_test_id("event-title")).to_have_text("Budget hearing 2027")

    settings.get_by_test_id("event-is-open").uncheck()
    settings.get_by_test_id("settings-save").click()
    expect(phone.get_by_test_id("closed-notice")).to_be_visible()
    expect(phone.get_by_test_id("ask-card")).to_be_hidden()
    shoot(phone, "phone-closed")

    settings.get_by_test_id("event-title-input").fill("")
    settings.get_by_test_id("settings-save").click()
    expect(settings.get_by_text("The event needs a title.")).to_be_visible()
    expect(settings.get_by_test_id("settings-saved")).to_have_text("")
    expect(phone.get_by_test_id("event-title")).to_have_text("Budget hearing 2027")
