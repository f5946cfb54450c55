"""The chair's question list under pressure (1366x768): forty questions waiting are approved with the keyboard
alone; a selection is approved, rejected, moved and archived at once; the search and the filters narrow the
list; each card keeps its two main actions in view and the rest in its menu; the shortcuts are listed on the
page and do nothing while the chair types."""
import re

import pytest
from playwright.sync_api import expect

from townhall.services import agenda

from .helpers import card_menu, join, mod_card, open_dashboard

pytestmark = pytest.mark.browser


def held_event(seed, title):
    organizer = seed.organizer()
    return organizer, seed.event(organizer.id, title=title, premoderation=True)


def focused_question(page):
    return page.evaluate("() => document.activeElement.closest('[data-testid=mod-question]')?.dataset.questionId")


def test_forty_waiting_questions_are_approved_with_the_keyboard_alone(people, seed, shoot):
    organizer, code = held_event(seed, "Forty questions")
    ids = [seed.question(code, f"Waiting question number {n}: what about the park?") for n in range(1, 41)]
    dashboard = open_dashboard(people.laptop("chair"), organizer, code)
    phone = join(people.phone("bob"), code, name="Bob")
    projector = people.projector()
    projector.goto(f"/e/{code}/projector")
    expect(dashboard.get_by_test_id("count-incoming")).to_have_text("40")

    dashboard.get_by_test_id("tab-incoming").focus()
    dashboard.keyboard.press("Enter")
    expect(dashboard.get_by_test_id("tab-incoming")).to_have_attribute("aria-selected", "true")
    dashboard.keyboard.press("j")
    assert focused_question(dashboard) == str(ids[0])
    shoot(dashboard, "forty-waiting")
    for n, question_id in enumerate(ids):
        assert focused_question(dashboard) == str(question_id), f"press {n + 1} acts on the next waiting question"
        dashboard.keyboard.press("a")

    expect(dashboard.get_by_test_id("count-live")).to_have_text("40")
    expect(dashboard.get_by_test_id("count-incoming")).to_have_text("0")
    for question_id in (ids[0], ids[19], ids[39]):
        expect(mod_card(dashboard, question_id)).to_have_attribute("data-status", "published")
    expect(phone.get_by_test_id("question-list").get_by_test_id("question-card")).to_have_count(40)
    expect(projector.get_by_test_id("projector-top").locator("li")).not_to_have_count(0)
    shoot(dashboard, "forty-approved")


def test_a_selection_is_approved_rejected_moved_and_archived_at_once(people, seed, live_server, shoot):
    organizer, code = held_event(seed, "Many at once")
    with live_server.app.app_context():
        agenda.add_item(code=code, user_id=organizer.id, title="Budget")
    ids = [seed.question(code, f"Question {n} about the budget?") for n in range(1, 7)]
    dashboard = open_dashboard(people.laptop("chair"), organizer, code)
    phone = join(people.phone("bob"), code, name="Bob")
    dashboard.get_by_test_id("tab-incoming").click()

    for question_id in ids[:3]:
        mod_card(dashboard, question_id).get_by_test_id("question-select").check()
    expect(dashboard.get_by_test_id("bulk-count")).to_have_text("3 selected")
    expect(dashboard.get_by_test_id("select-all")).to_have_js_property("indeterminate", True)
    expect(dashboard.get_by_test_id("bulk-archive")).to_be_hidden()  # waiting questions are not archived
    shoot(dashboard, "three-selected")
    dashboard.get_by_test_id("bulk-approve").click()
    expect(dashboard.get_by_test_id("count-live")).to_have_text("3")
    expect(phone.get_by_test_id("question-list").get_by_test_id("question-card")).to_have_count(3)
    expect(dashboard.get_by_test_id("bulk-count")).to_have_text("3 shown")

    dashboard.get_by_test_id("select-all").check()  # the three still waiting
    expect(dashboard.get_by_test_id("bulk-count")).to_have_text("3 selected")
    dashboard.get_by_test_id("bulk-reject").click()
    expect(dashboard.get_by_test_id("count-incoming")).to_have_text("0")
    expect(dashboard.get_by_test_id("count-other")).to_have_text("3")

    dashboard.get_by_test_id("tab-live").click()
    for question_id in ids[:2]:
        mod_card(dashboard, question_id).get_by_test_id("question-select").check()
    dashboard.get_by_test_id("bulk-move").select_option(label="1. Budget")
    for question_id in ids[:2]:
        expect(mod_card(dashboard, question_id).get_by_test_id("question-item")).to_have_text("1. Budget")
    expect(mod_card(dashboard, ids[2]).get_by_test_id("question-item")).to_have_text("General")

    for question_id in ids[:2]:
        mod_card(dashboard, question_id).get_by_test_id("question-select").check()
    dashboard.get_by_test_id("bulk-archive").click()
    expect(dashboard.get_by_test_id("count-live")).to_have_text("1")
    expect(phone.get_by_test_id("question-list").get_by_test_id("question-card")).to_have_count(1)
    dashboard.get_by_test_id("tab-other").click()
    for question_id in ids[:2]:
        expect(mod_card(dashboard, question_id)).to_have_attribute("data-status", "archived")
    for question_id in ids[3:]:
        expect(mod_card(dashboard, question_id)).to_have_attribute("data-status", "rejected")


def test_search_and_filters_narrow_the_list(people, seed, live_server):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Finding questions")
    with live_server.app.app_context():
        budget = agenda.add_item(code=code, user_id=organizer.id, title="Budget")["item_id"]
    pool = seed.question(code, "When does the outdoor pool reopen?")
    bus = seed.question(code, "Why was the night bus cut?")
    parks = seed.question(code, "Who pays for the pool in the new park?")
    dashboard = open_dashboard(people.laptop("chair"), organizer, code)
    live = dashboard.get_by_test_id("list-live").get_by_test_id("mod-question")
    expect(live).to_have_count(3)

    dashboard.get_by_test_id("question-search").fill("POOL")
    expect(live).to_have_count(2)
    expect(mod_card(dashboard, bus)).to_have_count(0)
    dashboard.get_by_test_id("question-search").fill("pool park")
    expect(live).to_have_count(1)
    expect(mod_card(dashboard, parks)).to_be_visible()
    dashboard.get_by_test_id("question-search").fill("zebra")
    expect(live).to_have_count(0)
    expect(dashboard.locator('[data-empty="live"]')).to_have_text("No question here matches the search and filters.")
    dashboard.get_by_test_id("question-search").press("Escape")
    expect(live).to_have_count(3)

    mod_card(dashboard, bus).get_by_test_id("action-hide").click()
    card_menu(mod_card(dashboard, pool), "question-move").select_option(str(budget))
    expect(mod_card(dashboard, pool).get_by_test_id("question-item")).to_have_text("1. Budget")
    dashboard.get_by_test_id("question-item-filter").select_option(str(budget))
    expect(live).to_have_count(1)
    dashboard.get_by_test_id("question-item-filter").select_option("all")

    dashboard.get_by_test_id("question-status-filter").select_option("hidden")
    expect(dashboard.get_by_test_id("tab-other")).to_have_attribute("aria-selected", "true")
    expect(dashboard.get_by_test_id("list-other").get_by_test_id("mod-question")).to_have_count(1)
    expect(mod_card(dashboard, bus)).to_have_attribute("data-status", "hidden")


def test_a_card_keeps_two_actions_in_view_and_the_rest_in_its_menu(people, seed, shoot):
    organizer, code = held_event(seed, "Compact cards")
    first = seed.question(code, "Can the library open on Sundays?")
    second = seed.question(code, "When will the bridge be repaired?")
    dashboard = open_dashboard(people.laptop("chair"), organizer, code)
    dashboard.get_by_test_id("tab-incoming").click()
    card = mod_card(dashboard, first)

    visible = card.locator("button:visible, select:visible").evaluate_all(
        "els => els.map(e => e.dataset.testid)")
    assert visible == ["action-approve", "action-reject", "question-menu-button"], visible
    for control in ("action-edit", "action-reason", "question-ban", "question-merge"):
        expect(card.get_by_test_id(control)).to_be_hidden()

    menu_button = card.get_by_test_id("question-menu-button")
    menu_button.focus()
    dashboard.keyboard.press("Enter")
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    expect(card.get_by_test_id("question-menu")).to_be_visible()
    expect(card.get_by_test_id("action-edit")).to_be_visible()
    expect(card.get_by_test_id("action-reason")).to_be_visible()
    shoot(dashboard, "menu-open")
    dashboard.keyboard.press("Escape")
    expect(card.get_by_test_id("question-menu")).to_be_hidden()
    expect(menu_button).to_be_focused()
    expect(menu_button).to_have_attribute("aria-expanded", "false")

    menu_button.click()
    expect(card.get_by_test_id("question-menu")).to_be_visible()
    dashboard.get_by_test_id("event-title").click()  # outside the menu
    expect(card.get_by_test_id("question-menu")).to_be_hidden()

    # Live now: its two main actions are Answer now and Hide.
    card.get_by_test_id("action-approve").click()
    dashboard.get_by_test_id("tab-live").click()
    live_visible = mod_card(dashboard, first).locator("button:visible").evaluate_all(
        "els => els.map(e => e.dataset.testid)")
    assert live_visible[:3] == ["action-answering", "action-hide", "question-menu-button"], live_visible
    # On the floor, the card and the banner name the way back the same; once answered it is "Reopen".
    mod_card(dashboard, first).get_by_test_id("action-answering").click()
    expect(mod_card(dashboard, first).get_by_test_id("action-reopen")).to_have_text("Back to open")
    expect(dashboard.get_by_test_id("answering-reopen")).to_have_text("Back to open")
    mod_card(dashboard, first).get_by_test_id("action-answered").click()
    expect(mod_card(dashboard, first).get_by_test_id("action-reopen")).to_have_text("Reopen")
    expect(mod_card(dashboard, second)).to_have_attribute("data-status", "pending")


def test_the_shortcuts_are_listed_on_the_page_and_typing_is_not_a_shortcut(people, seed):
    organizer, code = held_event(seed, "Shortcuts")
    question = seed.question(code, "Is the market open on Sunday?")
    dashboard = open_dashboard(people.laptop("chair"), organizer, code)
    dashboard.get_by_test_id("tab-incoming").click()

    expect(dashboard.get_by_test_id("shortcuts-open")).to_be_visible()
    dashboard.get_by_test_id("shortcuts-open").click()
    shortcuts = dashboard.get_by_test_id("shortcuts-list")
    expect(shortcuts).to_be_visible()
    for key, what in (("j", "Next question"), ("a", "Approve"), ("r", "Reject"), ("n", "Answer now"),
                      ("x", "Select")):
        expect(shortcuts).to_contain_text(re.compile(rf"{key}.*{what}"))
    dashboard.keyboard.press("Escape")
    expect(dashboard.get_by_test_id("shortcuts-dialog")).to_be_hidden()

    search = dashboard.get_by_test_id("question-search")
    search.click()
    search.press_sequentially("a rx")  # typed into the search: no approve, reject or select
    expect(search).to_have_value("a rx")
    search.fill("")
    expect(mod_card(dashboard, question)).to_have_attribute("data-status", "pending")
    expect(dashboard.get_by_test_id("bulk-count")).to_have_text("1 shown")

    dashboard.locator("body").click(position={"x": 5, "y": 700})
    dashboard.keyboard.press("?")
    expect(dashboard.get_by_test_id("shortcuts-dialog")).to_be_visible()
    dashboard.keyboard.press("Escape")
    dashboard.keyboard.press("j")
    dashboard.keyboard.press("x")
    expect(dashboard.get_by_test_id("bulk-count")).to_have_text("1 selected")
    dashboard.keyboard.press("r")
    expect(mod_card(dashboard, question)).to_have_attribute("data-status", "rejected")
