"""The newer parts of each screen speak Chinese too: the phone's tab bar and its news toast, the console's
card menu, selection bar, shortcut list and polls panel (with a Yes/No poll's leader), the organizer pages'
titles and links. Everything seeded is Chinese, so any English word left is the app's own. Screenshots of the
phone, the console and the projector in Chinese (artifacts/screenshots/)."""
import re

import pytest
from playwright.sync_api import expect

from townhall.services import agenda, attendees, events, polls

from .helpers import login, mod_card, show_tab, wait_live

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}
LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "zh-CN"}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}, "locale": "en-US"}
NAMES = {"Townhall", "PDF", "DOCX", "Markdown", "QR", "CSV", "JSON", "Alt", "Esc", "Enter"}

# What a reader gets from an element: its text as shown and the labels of it and its descendants.
WORDS_OF = """el => [el.innerText, ...[el, ...el.querySelectorAll('*')].flatMap(n =>
  ['aria-label', 'title', 'placeholder', 'alt'].map(a => n.getAttribute(a) || ''))].join(' | ')"""


def english(locator) -> list[str]:
    """The English words (three letters or more) a Chinese reader sees in this part of the page."""
    return [w for w in re.findall(r"[A-Za-z]{3,}", locator.evaluate(WORDS_OF)) if w not in NAMES]


def meeting(seed):
    """A meeting under way, all in Chinese: an agenda, questions, a closed Yes/No poll with its ballots."""
    organizer = seed.organizer(name="王主持")
    code = seed.event(organizer.id, title="河滨公园市民大会", place="社区中心")
    app = seed.app
    with app.app_context():
        events.update_event(code=code, user_id=organizer.id, language="zh_Hans", timezone="Asia/Shanghai")
        agenda.add_item(code=code, user_id=organizer.id, title="欢迎", presenter="主席", planned_minutes=5)
        agenda.add_item(code=code, user_id=organizer.id, title="河滨公园", presenter="规划办公室", planned_minutes=20)
        agenda.run(code=code, user_id=organizer.id, action="start")
        poll = polls.create(code=code, user_id=organizer.id, kind="yesno", question="公园要延长开放时间吗？")["id"]
        polls.open_poll(code=code, user_id=organizer.id, poll_id=poll)
        for choice in (0, 0, 0, 0, 1, 2):
            voter, token = attendees.join(code=code, name=None)
            polls.vote(code=code, attendee_id=voter, token=token, poll_id=poll, answer={"choice": choice})
        polls.close_poll(code=code, user_id=organizer.id, poll_id=poll)
    asked = ("河滨公园什么时候重新开放？", "停车位够不够？", "能加几盏路灯吗？")
    questions = [seed.question(code, text) for text in asked]
    return organizer, code, questions


def open_poll(seed, organizer, code):
    with seed.app.app_context():
        poll = polls.create(code=code, user_id=organizer.id, kind="single", question="先做哪一项？",
                            options=["长椅", "树木", "路灯"])["id"]
        polls.open_poll(code=code, user_id=organizer.id, poll_id=poll)


def test_the_phones_tab_bar_and_news_toast_are_chinese(people, seed, shoot):
    organizer, code, _ = meeting(seed)
    phone = people._open("phone-zh", PHONE)
    phone.goto(f"/e/{code}")
    phone.get_by_test_id("join-name").fill("李娜")
    phone.get_by_test_id("join-button").click()
    expect(phone.get_by_test_id("join-card")).to_be_hidden()
    wait_live(phone)
    show_tab(phone, "speak")
    open_poll(seed, organizer, code)  # news from another tab: a badge on Polls and a toast
    toast = phone.get_by_test_id("phone-toast")
    expect(toast).to_be_visible()
    expect(phone.get_by_test_id("tab-badge-polls")).to_be_visible()
    tab_bar = phone.get_by_test_id("tab-bar")
    expect(tab_bar).to_contain_text("提问")
    assert english(tab_bar) == []
    assert english(toast) == []
    shoot(phone, "phone-tabs-and-toast-chinese")


def test_the_consoles_menu_selection_shortcuts_and_polls_panel_are_chinese(people, seed, shoot):
    organizer, code, questions = meeting(seed)
    laptop = people._open("laptop-zh", LAPTOP)
    login(laptop, organizer.email, organizer.password)
    laptop.goto(f"/dashboard/e/{code}")
    wait_live(laptop)
    card = mod_card(laptop, questions[0])
    expect(card).to_be_visible()

    panel = laptop.get_by_test_id("polls-panel")
    expect(panel).to_contain_text("选得最多：赞成")  # the Yes/No poll's leader, in the page's language
    assert english(panel) == []

    card.get_by_test_id("question-menu-button").click()
    menu = card.get_by_test_id("question-menu")
    expect(menu).to_be_visible()
    assert english(menu) == []
    shoot(laptop, "console-card-menu-chinese")
    laptop.keyboard.press("Escape")
    expect(menu).to_be_hidden()

    card.get_by_test_id("question-select").check()
    bar = laptop.get_by_test_id("bulk-bar")
    expect(laptop.get_by_test_id("bulk-count")).to_contain_text("1")
    assert english(bar) == []
    shoot(laptop, "console-selection-chinese")
    laptop.get_by_test_id("bulk-clear").click()

    laptop.get_by_test_id("shortcuts-open").click()
    shortcuts = laptop.get_by_test_id("shortcuts-dialog")
    expect(shortcuts).to_be_visible()
    assert english(laptop.get_by_test_id("shortcuts-list")) == []
    assert english(shortcuts) == []
    shoot(laptop, "console-shortcuts-chinese")
    laptop.get_by_test_id("shortcuts-close").click()

    projector = people._open("projector", PROJECTOR)  # the event's language, whatever the browser's
    projector.goto(f"/e/{code}/projector")
    wait_live(projector)
    expect(projector.locator("html")).to_have_attribute("lang", "zh-Hans")
    shoot(projector, "projector-chinese")


def test_the_organizer_pages_titles_and_links_are_chinese(people, seed):
    organizer, code, _ = meeting(seed)
    laptop = people._open("laptop-zh", LAPTOP)
    login(laptop, organizer.email, organizer.password)
    for page, title, link, label in (("agenda", "议程", "link-notes", "会议记录"),
                                     ("notes", "会议记录", "link-team", "团队"),
                                     ("polls", "投票", "link-agenda", "议程"),
                                     ("settings", "设置", None, None)):
        laptop.goto(f"/dashboard/e/{code}/{page}")
        expect(laptop).to_have_title(re.compile(f"^{title} · "))
        if link:
            expect(laptop.get_by_test_id(link)).to_have_text(label)
