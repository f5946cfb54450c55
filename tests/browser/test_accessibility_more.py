"""WCAG 2.2 AA beyond the main pages in English and light mode (test_accessibility.py): the main pages in
Simplified Chinese, the phone in dark mode with an accent colour, the states that appear only on use (the
phone's news toast, the console's ⋯ menu, a bulk selection, the shortcuts list, the follow-up dialog), and
the other pages people reach. axe-core must find no serious or critical violation on any of them; `pytest -s`
prints what it finds, moderate ones included. Then by keyboard: the phone's focus never hidden under its bars
or its toast, the console's ⋯ menu worked like a menu with a visible focus on every control (focus_check.py);
and the console at 200 % zoom on a laptop (683x384 CSS px: nothing scrolls sideways, the main controls
reachable; layout_check.py)."""
import pytest
from meeting_helpers import make_held_meeting
from playwright.sync_api import expect
from tracker_helpers import make_riverton

from townhall.services import events, polls

from .axe_check import assert_no_serious
from .focus_check import ACTIVE, focus_shown, hidden_focus, unshown_focus
from .helpers import ask, card_menu, join, login, mod_card, open_dashboard, show_tab, wait_live
from .layout_check import broken_words, no_sideways_scroll, reachable
from .test_accessibility import LAPTOP, PHONE, PROJECTOR, live_meeting

pytestmark = pytest.mark.browser

TABS = ("questions", "ask", "polls", "speak")
ACCENT = "#0b5d3b"
ZOOMED = {"viewport": {"width": 683, "height": 384}, "device_scale_factor": 2}


def as_organizer(seed, organizer, code, fn, **kwargs):
    with seed.app.app_context():
        return fn(code=code, user_id=organizer.id, **kwargs)


def each_tab(phone, name):
    for tab in TABS:
        show_tab(phone, tab)
        if tab == "polls":
            expect(phone.get_by_test_id("poll-card")).to_be_visible()
        assert_no_serious(phone, f"{name}, {tab} tab")


def test_the_main_pages_in_chinese_pass_axe(people, seed):
    organizer, code = live_meeting(seed)
    as_organizer(seed, organizer, code, events.update_event, language="zh_Hans")
    phone = people._open("phone-zh", {**PHONE, "locale": "zh-CN"})
    join(phone, code, name="王芳")
    expect(phone.locator("html")).to_have_attribute("lang", "zh-Hans")
    each_tab(phone, "attendee page (zh)")

    projector = people._open("projector-zh", PROJECTOR)
    projector.goto(f"/e/{code}/projector")
    wait_live(projector)
    expect(projector.locator("html")).to_have_attribute("lang", "zh-Hans")
    assert_no_serious(projector, "projector (zh)")

    laptop = people._open("laptop-zh", {**LAPTOP, "locale": "zh-CN"})
    open_dashboard(laptop, organizer, code)
    expect(laptop.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(laptop.get_by_test_id("mod-question").first).to_be_visible()
    assert_no_serious(laptop, "dashboard (zh)")
    expect(laptop.get_by_test_id("speaker-call")).to_have_accessible_name("请其发言 Ana")  # its words, then whom
    for page_name in ("agenda", "polls", "notes"):
        laptop.goto(f"/dashboard/e/{code}/{page_name}")
        laptop.wait_for_load_state("networkidle")
        assert_no_serious(laptop, f"{page_name} (zh)")

    held = seed.event(organizer.id, title="河滨公园市民大会", language="zh_Hans")
    make_held_meeting(seed.app, held, organizer.id)
    laptop.goto(f"/dashboard/e/{held}/minutes")
    laptop.wait_for_load_state("networkidle")
    assert_no_serious(laptop, "minutes (organizer, zh)")
    phone.goto(f"/e/{held}/minutes")
    expect(phone.get_by_test_id("public-minutes")).to_be_visible()
    assert_no_serious(phone, "minutes (public, zh)")


def test_the_phone_in_dark_mode_with_an_accent_passes_axe_and_so_does_its_news_toast(people, seed, shoot):
    organizer, code = live_meeting(seed)
    as_organizer(seed, organizer, code, events.update_event, accent_color=ACCENT)
    phone = people._open("phone-dark", {**PHONE, "color_scheme": "dark"})
    join(phone, code, name="Vera")
    each_tab(phone, "attendee page (dark, accent)")

    show_tab(phone, "questions")
    poll_id = as_organizer(seed, organizer, code, polls.create, kind="single", question="Where do the benches go?",
                           options=["By the pond", "Near the playground"])["id"]
    as_organizer(seed, organizer, code, polls.open_poll, poll_id=poll_id)
    expect(phone.get_by_test_id("phone-toast")).to_be_visible()
    assert_no_serious(phone, "attendee page (dark, accent), news toast")
    toast_focus = tab_to_toast(phone)
    shoot(phone, "dark-news-toast")
    assert not unshown_focus(phone, toast_focus)
    phone.emulate_media(color_scheme="light")
    assert_no_serious(phone, "attendee page (light, accent), news toast")
    assert not unshown_focus(phone, tab_to_toast(phone))


def tab_to_toast(phone) -> list:
    """Tab (from the top of the page) to the toast's two buttons; how each looked focused."""
    phone.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    seen = []
    for _ in range(80):
        phone.keyboard.press("Tab")
        if phone.evaluate("() => document.activeElement.closest('.phone-toast') !== null"):
            focus_shown(phone, seen)
            if len(seen) == 2:
                return seen
    raise AssertionError(f"Tab reached {len(seen)} of the toast's two buttons")


def test_the_phones_keyboard_focus_is_never_hidden_under_its_bars_or_its_news_toast(people, seed):
    """WCAG 2.4.11: the top bar and the tab bar stay on screen, the toast over them; what takes the focus is
    scrolled clear of all three, the skip link included, the page's last links too. And the focus shows on
    every control on the way, in light mode and in dark mode with an accent."""
    organizer, code = live_meeting(seed)
    as_organizer(seed, organizer, code, events.update_event, accent_color=ACCENT)
    for number in range(5):
        seed.question(code, f"Question {number + 1} about the benches by the river and who looks after them")
    phone = people._open("phone", PHONE)
    join(phone, code, name="Vera")
    seen = []
    assert hidden_focus(phone, seen=seen) == []
    poll_id = as_organizer(seed, organizer, code, polls.create, kind="single", question="Where do the benches go?",
                           options=["By the pond", "Near the playground"])["id"]
    as_organizer(seed, organizer, code, polls.open_poll, poll_id=poll_id)
    expect(phone.get_by_test_id("phone-toast")).to_be_visible()
    assert hidden_focus(phone, seen=seen) == []
    assert unshown_focus(phone, seen) == []
    phone.emulate_media(color_scheme="dark")
    seen = []
    assert hidden_focus(phone, seen=seen) == []
    assert unshown_focus(phone, seen) == []


def test_the_consoles_states_on_use_pass_axe(people, seed, shoot):
    organizer, code = live_meeting(seed)
    laptop = people._open("laptop", LAPTOP)
    open_dashboard(laptop, organizer, code)
    first = laptop.get_by_test_id("mod-question").first
    expect(first).to_be_visible()
    expect(laptop.get_by_test_id("speaker-call")).to_have_accessible_name("Call Ana")

    first.get_by_test_id("question-menu-button").click()
    expect(first.get_by_test_id("question-menu")).to_be_visible()
    assert_no_serious(laptop, "dashboard, ⋯ menu open")
    shoot(laptop, "menu")
    laptop.keyboard.press("Escape")

    for box in laptop.get_by_test_id("question-select").all()[:2]:
        box.check()
    expect(laptop.get_by_test_id("bulk-bar")).to_be_visible()
    assert_no_serious(laptop, "dashboard, two questions selected")
    shoot(laptop, "bulk")
    laptop.get_by_test_id("bulk-clear").click()

    laptop.get_by_test_id("shortcuts-open").click()
    expect(laptop.get_by_test_id("shortcuts-dialog")).to_be_visible()
    assert_no_serious(laptop, "dashboard, shortcuts list")
    shoot(laptop, "shortcuts")
    laptop.keyboard.press("Escape")
    expect(laptop.get_by_test_id("shortcuts-dialog")).to_be_hidden()

    card_menu(first, "action-followup").click()
    expect(laptop.get_by_test_id("followup-dialog")).to_be_visible()
    assert_no_serious(laptop, "dashboard, follow-up dialog")
    shoot(laptop, "followup")


def test_the_other_pages_people_reach_pass_axe(people, seed, live_server, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Riverside town hall", allow_anonymous=True)
    riverton = make_riverton(live_server.app, organizer.id, code)
    visitor = people._open("visitor", PHONE)
    for path, name in (("/", "home"), ("/login", "log-in"), ("/e/NOPE2345", "mistyped code"),
                       (f"/e/{code}/privacy", "privacy"), (f"/e/{code}/followup", "public tracker")):
        visitor.goto(path)
        visitor.wait_for_load_state("networkidle")
        assert_no_serious(visitor, name)
        shoot(visitor, name.replace(" ", "-"))

    join(visitor, code, name="Pia")
    ask(visitor, "Can the river path get lights?")
    visitor.goto(f"/e/{code}/mine")
    expect(visitor.get_by_test_id("my-question")).to_have_count(1)
    assert_no_serious(visitor, "question receipt")
    shoot(visitor, "receipt")

    laptop = people._open("laptop", LAPTOP)
    login(laptop, organizer.email, organizer.password)
    for path, name in (("/dashboard/", "events"), (f"/dashboard/e/{code}/settings", "event settings"),
                       (f"/dashboard/e/{code}/team", "team"), ("/offices", "office workspace"),
                       (f"/organizations/{riverton['org']}", "offices"),
                       (f"/e/{code}/poster", "poster")):
        laptop.goto(path)
        laptop.wait_for_load_state("networkidle")
        assert_no_serious(laptop, name)
        shoot(laptop, name.replace(" ", "-"))


# --- the console by keyboard alone -------------------------------------------------------------------------

def test_the_console_by_keyboard_alone_reaches_and_works_the_card_menu(people, seed, shoot):
    organizer, code = live_meeting(seed)
    laptop = people._open("keyboard", LAPTOP)
    open_dashboard(laptop, organizer, code)
    expect(laptop.get_by_test_id("mod-question").first).to_be_visible()

    seen = []
    for _ in range(120):  # from the top of the page, Tab alone
        laptop.keyboard.press("Tab")
        focus_shown(laptop, seen)
        if laptop.evaluate("() => document.activeElement.dataset.testid") == "question-menu-button":
            break
    else:
        raise AssertionError("Tab never reached a card's ⋯ menu: " + ", ".join(look["name"] for _h, look in seen))
    button = laptop.evaluate_handle(ACTIVE).as_element()
    panel = mod_card(laptop, button.evaluate("b => b.closest('.mod-card').dataset.questionId")) \
        .get_by_test_id("question-menu")

    laptop.keyboard.press("Enter")
    expect(panel).to_be_visible()
    assert button.get_attribute("aria-expanded") == "true"
    items = panel.locator("button:visible, select:visible")
    count = items.count()
    assert count >= 3, count

    def at(index):
        expect(items.nth(index)).to_be_focused()
        focus_shown(laptop, seen)

    at(0)  # the focus starts on the first item
    laptop.keyboard.press("ArrowDown")
    at(1)
    shoot(laptop, "menu-open-second-item-focused")
    laptop.keyboard.press("ArrowDown")
    at(2)
    laptop.keyboard.press("ArrowUp")
    at(1)
    laptop.keyboard.press("End")
    at(count - 1)
    laptop.keyboard.press("ArrowDown")  # round from the last to the first
    at(0)
    laptop.keyboard.press("ArrowUp")
    at(count - 1)
    laptop.keyboard.press("Home")
    at(0)
    laptop.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert button.get_attribute("aria-expanded") == "false"
    assert button.evaluate("b => b === document.activeElement"), "Escape gives the focus back to the ⋯ button"
    laptop.keyboard.press("Space")  # opened again with Space: the same
    expect(panel).to_be_visible()
    laptop.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    laptop.keyboard.press("Enter")
    laptop.keyboard.press("End")
    laptop.keyboard.press("Tab")  # out of it, on to the next control: it closes behind the focus
    expect(panel).to_be_hidden()
    assert button.get_attribute("aria-expanded") == "false"
    assert not panel.evaluate("(p) => p.contains(document.activeElement)")
    for _ in range(70):  # on through the rest of the console: the other cards, the speakers, the polls
        laptop.keyboard.press("Tab")
        focus_shown(laptop, seen)

    print("focus seen on:", ", ".join(look["name"] for _handle, look in seen))
    failing = unshown_focus(laptop, seen)
    assert not failing, "no visible focus on:\n" + "\n".join(failing)


# --- 200 % zoom on a laptop ----------------------------------------------------------------------------------

def test_at_200_percent_zoom_on_a_laptop_nothing_scrolls_sideways(people, seed, shoot):
    organizer, code = live_meeting(seed)
    as_organizer(seed, organizer, code, events.update_event, premoderation=True)
    waiting = seed.question(code, "Can the playground stay open until dusk in the summer months?")
    laptop = people._open("zoomed", {**LAPTOP, **ZOOMED})
    open_dashboard(laptop, organizer, code)
    expect(laptop.locator('[data-testid="mod-question"]:visible').first).to_be_visible()
    no_sideways_scroll(laptop, "dashboard")
    assert broken_words(laptop, '[data-testid="org-nav"]') == []
    shoot(laptop, "dashboard-200")
    for control in ("run-next", "run-back", "run-pause", "run-end"):
        reachable(laptop, laptop.get_by_test_id(control), f"dashboard {control}")
    reachable(laptop, laptop.get_by_test_id("dash-poll-close"), "close the poll")
    reachable(laptop, laptop.get_by_test_id("tab-incoming"), "incoming tab")
    laptop.get_by_test_id("tab-incoming").click()
    approve = mod_card(laptop, waiting).get_by_test_id("action-approve")
    reachable(laptop, approve, "approve on a card")
    shoot(laptop, "dashboard-200-approve")
    shoot(laptop, "dashboard-200-whole", full_page=True)

    card = mod_card(laptop, waiting)
    card.get_by_test_id("question-menu-button").click()
    for control in card.get_by_test_id("question-menu").locator("button:visible, select:visible").all():
        reachable(laptop, control, f"⋯ menu {control.get_attribute('data-testid')}")
    no_sideways_scroll(laptop, "dashboard, ⋯ menu open")
    shoot(laptop, "dashboard-200-menu")
    laptop.keyboard.press("Escape")
    card.get_by_test_id("question-select").check()
    no_sideways_scroll(laptop, "dashboard, bulk bar")
    reachable(laptop, laptop.get_by_test_id("bulk-approve"), "bulk approve")
    shoot(laptop, "dashboard-200-bulk")
    laptop.get_by_test_id("bulk-clear").click()
    laptop.get_by_test_id("shortcuts-open").click()
    reachable(laptop, laptop.get_by_test_id("shortcuts-close"), "the shortcuts list's Close")
    shoot(laptop, "dashboard-200-shortcuts")
    laptop.get_by_test_id("shortcuts-close").click()
    laptop.get_by_test_id("tab-live").click()
    card_menu(laptop.locator('[data-testid="mod-question"]:visible').first, "action-followup").click()
    reachable(laptop, laptop.get_by_test_id("followup-submit"), "the follow-up dialog's button")
    reachable(laptop, laptop.get_by_test_id("followup-cancel"), "the follow-up dialog's Cancel")
    shoot(laptop, "dashboard-200-followup")
    laptop.keyboard.press("Escape")

    laptop.goto(f"/dashboard/e/{code}/agenda")
    wait_live(laptop)
    no_sideways_scroll(laptop, "agenda")
    for control in ("run-next", "run-back", "run-pause"):
        reachable(laptop, laptop.get_by_test_id("run-bar").get_by_test_id(control), f"agenda {control}")
    shoot(laptop, "agenda-200-whole", full_page=True)

    laptop.goto(f"/dashboard/e/{code}/settings")
    laptop.wait_for_load_state("networkidle")
    no_sideways_scroll(laptop, "settings")
    reachable(laptop, laptop.get_by_test_id("settings-save"), "settings save")
    shoot(laptop, "settings-200-whole", full_page=True)

    for path in ("polls", "notes", "team", "minutes", "codes"):  # the console's other pages: no sideways scroll
        laptop.goto(f"/dashboard/e/{code}/{path}")
        laptop.wait_for_load_state("networkidle")
        no_sideways_scroll(laptop, path)
        assert broken_words(laptop, '[data-testid="org-nav"]') == [], path
        shoot(laptop, f"{path}-200")
    for path in ("/dashboard/", "/organizations", "/offices", "/dashboard/tokens"):
        laptop.goto(path)
        laptop.wait_for_load_state("networkidle")
        no_sideways_scroll(laptop, path)
        shoot(laptop, f"{path.strip('/').replace('/', '-')}-200")
