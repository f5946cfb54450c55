"""The phone page for people who do not use it by touch and sight alone: the keyboard alone joins, asks and
upvotes, with the focus always visible; a screen reader hears new questions and the answer being given,
politely; at 320 CSS px wide (a phone at 200 % zoom) nothing scrolls sideways; with reduced motion nothing
moves."""
import pytest
from playwright.sync_api import expect

from townhall.services import questions

from .helpers import card, wait_live

pytestmark = pytest.mark.browser


def focused(page) -> dict:
    return page.evaluate("""() => { const el = document.activeElement; const style = getComputedStyle(el);
        return { testid: el.dataset.testid || "", tag: el.tagName, outline: style.outlineStyle,
                 width: parseFloat(style.outlineWidth) }; }""")


def tab_to(page, testid, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["testid"] == testid:
            assert now["outline"] != "none" and now["width"] >= 2, f"{testid}: no visible focus ({now})"
            return
    raise AssertionError(f"Tab never reached {testid}")


def test_the_keyboard_alone_joins_asks_and_upvotes(people, seed):
    organizer = seed.organizer()
    code = seed.event(organizer.id)
    other = seed.question(code, "Will the slides be online afterwards?")
    page = people._open("keyboard", {"viewport": {"width": 390, "height": 844}})
    page.goto(f"/e/{code}")
    wait_live(page)
    tab_to(page, "join-name")
    page.keyboard.type("Vera")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("join-card")).to_be_hidden()
    tab_to(page, "tab-questions")  # the tab bar: one stop, Questions chosen; the arrows choose another
    page.keyboard.press("ArrowRight")
    expect(page.get_by_test_id("tab-ask")).to_be_focused()
    expect(page.get_by_test_id("ask-card")).to_be_visible()
    tab_to(page, "ask-text")
    page.keyboard.type("Can the park stay open until ten?")
    tab_to(page, "ask-submit")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("ask-done")).to_be_visible()
    page.locator("body").focus()
    vote = card(page, other).get_by_test_id("vote-button")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("(el) => el === document.activeElement", vote.element_handle()):
            break
    else:
        raise AssertionError("Tab never reached the vote button")
    assert focused(page)["outline"] != "none"
    page.keyboard.press("Space")
    expect(vote).to_have_attribute("aria-pressed", "true")
    expect(vote).to_have_attribute("aria-label", "Upvote, 1 vote, you voted")


def test_a_screen_reader_hears_new_questions_and_the_answer_politely(people, seed):
    organizer = seed.organizer()
    code = seed.event(organizer.id)
    seed.question(code, "Is there a budget for benches?")
    page = people._open("reader", {"viewport": {"width": 390, "height": 844}})
    page.goto(f"/e/{code}")
    wait_live(page)
    region = page.get_by_test_id("announcer")
    expect(region).to_have_attribute("aria-live", "polite")
    expect(region).to_have_text("")  # what was there on arrival is not read out
    asked = seed.question(code, "When does the pool reopen?")
    expect(region).to_have_text("New question: When does the pool reopen?")
    for text in ("One more", "And another", "And a third"):
        seed.question(code, text)
    with seed.app.app_context():
        questions.moderate(code=code, user_id=organizer.id, question_id=asked, action="answering")
    expect(region).to_have_text("3 new questions Now answering: When does the pool reopen?", timeout=8000)


@pytest.mark.parametrize("lang", ["en", "zh_Hans"])
def test_at_320_css_pixels_nothing_scrolls_sideways(people, seed, lang):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="A rather long meeting title about the river park and its benches")
    seed.question(code, "Averyveryverylongwordwithoutanyspacesthatcouldpushthelayoutwide" * 2)
    page = people._open("zoomed", {"viewport": {"width": 320, "height": 640}})
    page.goto(f"/e/{code}?lang={lang}")
    wait_live(page)
    expect(page.get_by_test_id("question-card")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_with_reduced_motion_nothing_moves(people, seed):
    organizer = seed.organizer()
    code = seed.event(organizer.id)
    page = people._open("still", {"viewport": {"width": 390, "height": 844}, "reduced_motion": "reduce"})
    page.goto(f"/e/{code}")
    wait_live(page)
    moving = page.evaluate("""() => [...document.querySelectorAll("*")].filter(el => {
        const s = getComputedStyle(el);
        const long = (v) => v.split(",").some(d => parseFloat(d) * (d.trim().endsWith("ms") ? 1 : 1000) > 1);
        return (s.animationName !== "none" && long(s.animationDuration)) || long(s.transitionDuration);
      }).map(el => el.className || el.tagName)""")
    assert moving == []
