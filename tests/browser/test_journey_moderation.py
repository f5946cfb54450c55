"""Journey: a blocklisted question waits for review (the asker is told kindly); the moderator sees the term,
bans the asker from the card with a reason; the phone shows it is banned; Undo lifts the ban."""
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .helpers import ask, card_menu, join, mod_card, open_dashboard, show_tab

pytestmark = pytest.mark.browser
OUT = Path("/tmp/moderation")


def test_blocklist_hold_ban_from_the_card_the_phones_notice_and_undo(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Budget night")
    dashboard = open_dashboard(people.laptop("moderator"), organizer, code)
    phone = join(people.phone("troll"), code, name="Troll")

    ask(phone, "Who made this shit plan?")
    expect(phone.get_by_test_id("ask-done")).to_contain_text("moderator")
    question_id = phone.locator('[data-testid="pending-list"] [data-question-id], [data-question-id]').first \
        .get_attribute("data-question-id")
    dashboard.get_by_test_id("tab-incoming").click()  # held for review: in the incoming list
    card = mod_card(dashboard, question_id)
    expect(card.get_by_test_id("question-blocklist")).to_have_text("Blocklist: shit")

    OUT.mkdir(exist_ok=True)
    shutil.copy(shoot(dashboard, "card-held"), OUT / "dashboard-held-card-laptop.png")
    card_menu(card, "question-ban").select_option("offensive")
    entry = dashboard.get_by_test_id("ban-entry")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Troll of question #")
    expect(entry).to_contain_text("Offensive")
    dashboard.get_by_test_id("moderation-log").locator("summary").click()
    expect(dashboard.get_by_test_id("log-entry").first).to_contain_text("banned the asker of")
    OUT.mkdir(exist_ok=True)
    shutil.copy(shoot(dashboard, "dashboard-ban"), OUT / "dashboard-ban-laptop.png")
    dashboard.set_viewport_size({"width": 1920, "height": 1080})
    shutil.copy(shoot(dashboard, "dashboard-ban-1920"), OUT / "dashboard-ban-1920.png")

    # the phone hears of it at once: it says why and stops offering to ask
    expect(phone.get_by_test_id("banned-notice")).to_be_visible()
    show_tab(phone, "ask")
    expect(phone.get_by_test_id("ask-card")).to_be_hidden()
    show_tab(phone, "speak")
    expect(phone.get_by_test_id("speak-card")).to_be_hidden()
    show_tab(phone, "questions")
    phone.reload()  # the public counts are as of loading the page
    expect(phone.get_by_test_id("banned-notice")).to_be_visible()
    expect(phone.get_by_test_id("moderation-line")).to_contain_text("1 phone banned")
    shutil.copy(shoot(phone, "phone-banned", full_page=True), OUT / "phone-banned-390.png")

    dashboard.get_by_test_id("ban-undo").click()
    expect(dashboard.get_by_test_id("ban-entry")).to_have_count(0)
    expect(dashboard.get_by_test_id("bans-empty")).to_be_visible()
    expect(phone.get_by_test_id("banned-notice")).to_be_hidden()
    show_tab(phone, "ask")
    expect(phone.get_by_test_id("ask-card")).to_be_visible()


def test_the_owner_edits_the_blocklist_in_the_settings(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Budget night")
    laptop = open_dashboard(people.laptop("owner"), organizer, code)
    laptop.goto(f"/dashboard/e/{code}/settings")
    form = laptop.get_by_test_id("blocklist-form")
    expect(laptop.get_by_test_id("blocklist-default")).to_be_checked()
    laptop.get_by_test_id("blocklist-terms").fill("x" * 61)
    laptop.get_by_test_id("blocklist-save").click()
    expect(form.locator('[data-error-for="terms"]')).to_contain_text("longer than 60")
    laptop.get_by_test_id("blocklist-terms").fill("  parking lot \n停车场\nparking lot")
    laptop.get_by_test_id("blocklist-default").uncheck()
    laptop.get_by_test_id("blocklist-save").click()
    expect(laptop.get_by_test_id("blocklist-saved")).to_have_text("Saved: 2 own words.")
    expect(form.locator('[data-error-for="terms"]')).to_be_hidden()
    expect(laptop.get_by_test_id("blocklist-terms")).to_have_value("parking lot\n停车场")
    laptop.get_by_test_id("blocklist-card").scroll_into_view_if_needed()
    OUT.mkdir(exist_ok=True)
    shutil.copy(shoot(laptop, "settings-blocklist"), OUT / "settings-blocklist-laptop.png")

    phone = join(people.phone("asker"), code, name="Ana")
    ask(phone, "Where is the new Parking Lot?")
    expect(phone.get_by_test_id("ask-done")).to_contain_text("moderator")
    ask(phone, "Kiss my ass")  # the default list is off
    expect(phone.get_by_test_id("ask-done")).to_have_text("Your question is posted.")
