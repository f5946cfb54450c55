"""The phone's sections under the thumb (issue 15): a tab bar at the foot of the screen (Questions first, then
Ask, Polls, Speak), one section at a time, the choice kept across a reload; news from a section not in sight (a
poll launched, the floor given) reaches the phone wherever it is: a badge, a polite announcement and a toast
that goes there in one tap; the connection's state stays in sight while scrolling."""
import re

import pytest
from playwright.sync_api import expect

from .helpers import Chair, join, show_tab

pytestmark = pytest.mark.browser

BENCH = "Where should the new benches go?"
TABS = ["questions", "ask", "polls", "speak"]


def in_viewport(locator):
    """The element is on screen, whole, in the viewport as it is scrolled now."""
    return locator.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }")


def long_list(seed, code, n=40):
    for i in range(n):
        seed.question(code, f"Question number {i + 1} about the river park: what happens to the paths and trees?")


def scroll_to_bottom(phone):
    phone.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    phone.wait_for_function("() => window.scrollY > 2000")  # far down the list of 40


def test_the_tab_bar_is_in_reach_questions_first_and_the_choice_survives_a_reload(people, seed):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="River park town hall")
    long_list(seed, code)
    phone = join(people.phone("mia"), code, name="Mia")

    # In sight without scrolling, Questions first and chosen; only its section shows.
    tabs = phone.get_by_role("tab")
    expect(tabs).to_have_count(4)
    for tab, name in zip(tabs.all(), ["Questions, 40 open questions", "Ask", "Polls", "Speak"], strict=True):
        expect(tab).to_have_accessible_name(name)
    assert in_viewport(phone.get_by_test_id("tab-bar"))
    expect(phone.get_by_test_id("tab-questions")).to_have_attribute("aria-selected", "true")
    expect(phone.get_by_test_id("panel-questions")).to_be_visible()
    expect(phone.get_by_test_id("question-card")).to_have_count(40)
    for name in TABS[1:]:
        expect(phone.get_by_test_id(f"panel-{name}")).to_be_hidden()
    expect(phone.get_by_test_id("tab-badge-questions")).to_have_text("40")

    # Each tab shows its own section, by touch and by keyboard (arrows, Home, End).
    show_tab(phone, "speak")
    expect(phone.get_by_test_id("speak-request")).to_be_visible()
    expect(phone.get_by_test_id("panel-questions")).to_be_hidden()
    show_tab(phone, "polls")
    expect(phone.get_by_test_id("polls-empty")).to_be_visible()
    phone.keyboard.press("ArrowRight")
    expect(phone.get_by_test_id("tab-speak")).to_be_focused()
    expect(phone.get_by_test_id("panel-speak")).to_be_visible()
    phone.keyboard.press("Home")
    expect(phone.get_by_test_id("tab-questions")).to_have_attribute("aria-selected", "true")
    phone.keyboard.press("ArrowLeft")
    expect(phone.get_by_test_id("tab-speak")).to_have_attribute("aria-selected", "true")
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("ArrowRight")
    expect(phone.get_by_test_id("tab-ask")).to_be_focused()
    expect(phone.get_by_test_id("ask-text")).to_be_visible()
    expect(phone.get_by_test_id("panel-speak")).to_be_hidden()

    # The choice is kept for this event across a reload.
    phone.reload()
    expect(phone.get_by_test_id("tab-ask")).to_have_attribute("aria-selected", "true")
    expect(phone.get_by_test_id("ask-text")).to_be_visible()
    expect(phone.get_by_test_id("panel-questions")).to_be_hidden()

    # Scrolled to the foot of the questions, the connection's state and the tab bar are still in sight.
    show_tab(phone, "questions")
    scroll_to_bottom(phone)
    expect(phone.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
    assert in_viewport(phone.get_by_test_id("connection-status"))
    assert in_viewport(phone.get_by_test_id("tab-bar"))


def test_a_phone_at_the_foot_of_a_long_list_is_told_of_a_new_poll_and_gets_there_in_one_tap(people, seed):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="River park town hall")
    long_list(seed, code)
    chair = Chair(people.laptop("chair"), organizer, code)
    phone = join(people.phone("mia"), code, name="Mia")
    scroll_to_bottom(phone)
    expect(phone.get_by_test_id("tab-badge-polls")).to_be_hidden()
    expect(phone.get_by_test_id("phone-toast")).to_be_hidden()

    created = chair.call("POST", "/polls", {"kind": "single", "question": BENCH,
                                            "options": ["By the pond", "Near the playground"]})
    poll_id = created.get("poll", created)["id"]
    chair.call("POST", f"/polls/{poll_id}/open", {})

    # Told where it is: a badge on Polls, a polite announcement, a toast in the viewport.
    badge = phone.get_by_test_id("tab-badge-polls")
    expect(badge).to_have_text("1")
    expect(badge).to_have_class(re.compile(r"\bis-accent\b"))
    expect(phone.get_by_test_id("tab-polls")).to_have_accessible_name(re.compile(r"Polls.*1 poll to answer"))
    expect(phone.get_by_test_id("announcer")).to_have_text(f"New poll: {BENCH}")
    toast = phone.get_by_test_id("phone-toast")
    expect(toast).to_be_visible()
    expect(phone.get_by_test_id("phone-toast-text")).to_have_text(f"New poll: {BENCH}")
    assert in_viewport(toast)
    assert phone.evaluate("window.scrollY") > 2000  # nothing moved the page meanwhile

    # One tap: the Polls section, the poll in sight and focused, ready to answer.
    phone.get_by_test_id("phone-toast-go").click()
    expect(phone.get_by_test_id("tab-polls")).to_have_attribute("aria-selected", "true")
    card = phone.locator(f'[data-testid="poll-card"][data-poll-id="{poll_id}"]')
    expect(card).to_be_visible()
    expect(card).to_be_focused()
    assert in_viewport(card.get_by_test_id("poll-question"))
    expect(toast).to_be_hidden()
    card.get_by_test_id("poll-option").first.check()
    card.get_by_test_id("poll-submit").click()
    expect(card.get_by_test_id("poll-voted")).to_be_visible()
    expect(badge).not_to_have_class(re.compile(r"\bis-accent\b"))  # nothing left to answer


def test_a_phone_on_another_tab_is_told_it_has_the_floor(people, seed):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="River park town hall")
    chair = Chair(people.laptop("chair"), organizer, code)
    phone = join(people.phone("mia"), code, name="Mia", tab="speak")
    phone.get_by_test_id("speak-topic").fill("Benches with backrests")
    phone.get_by_test_id("speak-request").click()
    expect(phone.get_by_test_id("speak-status")).to_have_text(re.compile("You are number 1 in the queue"))
    expect(phone.get_by_test_id("tab-badge-speak")).to_have_text("#1")
    show_tab(phone, "questions")

    chair.call("POST", "/speakers/next")

    toast = phone.get_by_test_id("phone-toast")
    expect(toast).to_be_visible()
    expect(toast).to_have_attribute("data-kind", "floor")
    expect(phone.get_by_test_id("phone-toast-text")).to_have_text("You have the floor. Please go to the microphone.")
    expect(phone.get_by_test_id("announcer")).to_have_text("You have the floor. Please go to the microphone.")
    expect(phone.get_by_test_id("tab-speak")).to_have_accessible_name(re.compile(r"Speak.*You have the floor"))
    assert in_viewport(toast)
    phone.get_by_test_id("phone-toast-go").click()
    expect(phone.get_by_test_id("panel-speak")).to_be_visible()
    expect(phone.get_by_test_id("speak-status")).to_have_attribute("data-state", "speaking")
    expect(phone.get_by_test_id("speak-status")).to_be_focused()

    # The floor given back: the news is over.
    show_tab(phone, "questions")
    chair.call("POST", "/speakers/finish")
    expect(phone.get_by_test_id("tab-badge-speak")).to_be_hidden()
    expect(toast).to_be_hidden()
