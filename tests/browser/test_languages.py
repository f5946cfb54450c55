"""Chinese and English, switched where each screen is: the phone follows its browser and switches on the
page (kept for that phone); the projector speaks the event's language whatever the browser; the dashboard
follows the organizer's browser. Screenshots of each (artifacts/screenshots/)."""
import pytest
from playwright.sync_api import expect

from townhall.services import events

from .helpers import drop_first_fetch, login, show_tab, wait_live

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_the_phone_follows_its_browser_and_switches_on_the_page(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="河滨公园市民大会", place="社区中心")
    seed.question(code, "河滨公园什么时候重新开放？")
    phone = people._open("phone-zh", {**PHONE, "locale": "zh-CN"})
    phone.goto(f"/e/{code}")
    wait_live(phone)
    expect(phone.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(phone.get_by_test_id("connection-status")).to_have_text("实时")  # a script's string
    phone.get_by_test_id("join-name").fill("王芳")
    phone.get_by_test_id("join-button").click()
    expect(phone.get_by_test_id("join-card")).to_be_hidden()
    show_tab(phone, "ask")
    expect(phone.get_by_test_id("asking-as")).to_contain_text("以 王芳 的名义提问")
    phone.get_by_test_id("ask-text").fill("停车位够不够？")
    expect(phone.get_by_test_id("ask-submit")).to_have_text("提交问题")
    phone.get_by_test_id("ask-submit").click()
    expect(phone.get_by_test_id("ask-done")).to_have_text("您的问题已发布。")
    vote = phone.get_by_test_id("vote-button").first
    expect(vote).to_have_attribute("aria-label", "赞同，0 人赞同")
    shoot(phone, "phone-chinese")

    phone.get_by_test_id("language-en").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    wait_live(phone)
    expect(phone.get_by_test_id("ask-submit")).to_have_text("Send question")
    expect(phone.get_by_test_id("connection-status")).to_have_text("Live")
    shoot(phone, "phone-english")
    phone.goto(f"/e/{code}")  # kept for this phone, over its browser's Chinese
    expect(phone.locator("html")).to_have_attribute("lang", "en")


def test_what_the_phone_loads_later_speaks_chinese_too_even_after_a_dropped_fetch(people, seed):
    """The Speak tab's forms load with the tab (attendee/speak.js), their words with them (the page's later
    catalogue, static/js/i18n.js moreStrings). That fetch failing once (the connection dropped) leaves no dead
    tab: the panel is tried again and then drawn, in Chinese."""
    code = seed.event(seed.organizer().id, title="河滨公园市民大会")
    phone = people._open("phone-zh", {**PHONE, "locale": "zh-CN"})
    fetched = drop_first_fetch(phone, "**/i18n/zh_Hans/js/attendee.js.later.json*")
    phone.goto(f"/e/{code}")
    wait_live(phone)
    phone.get_by_test_id("join-name").fill("王芳")
    phone.get_by_test_id("join-button").click()
    expect(phone.get_by_test_id("join-card")).to_be_hidden()
    assert not fetched  # not in the first load
    show_tab(phone, "speak")
    expect(phone.get_by_test_id("speak-queue-count")).to_have_text("无人等待")  # attendee/speak.js's own words
    expect(phone.get_by_test_id("speak-request")).to_be_enabled()
    assert len(fetched) == 2


def test_the_projector_speaks_the_events_language_and_the_dashboard_the_organizers(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="河滨公园市民大会")
    with seed.app.app_context():
        events.update_event(code=code, user_id=organizer.id, language="zh_Hans", timezone="Asia/Shanghai")
    seed.question(code, "河滨公园什么时候重新开放？")
    seed.question(code, "Will the slides be online afterwards?")
    projector = people._open("projector", {"viewport": {"width": 1920, "height": 1080}, "locale": "en-US"})
    projector.goto(f"/e/{code}/projector")
    wait_live(projector)
    expect(projector.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(projector.get_by_test_id("projector-join-title")).to_have_text("欢迎提问")
    expect(projector.locator(".projector-votes-label").first).to_have_text("人赞同")
    shoot(projector, "projector-chinese")

    laptop = people._open("laptop", {"viewport": {"width": 1366, "height": 768}, "locale": "zh-CN"})
    login(laptop, organizer.email, organizer.password)
    laptop.goto(f"/dashboard/e/{code}")
    wait_live(laptop)
    expect(laptop.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(laptop.get_by_test_id("nav-events")).to_have_text("会议")
    shoot(laptop, "dashboard-chinese")
