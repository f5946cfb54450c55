"""Issue 15, the phone's ask form between two questions: "Ask anonymously" is chosen for each question (never
left ticked from the last one), and "Sent. Waiting for the moderator…" goes away once the question is live."""
import pytest
from playwright.sync_api import expect

from .helpers import ask, join, mod_card, open_dashboard

pytestmark = pytest.mark.browser


def test_anonymity_is_chosen_per_question_and_the_wait_notice_leaves_once_approved(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Budget night", allow_anonymous=True, premoderation=True)
    dashboard = open_dashboard(people.laptop("chair"), organizer, code)
    phone = join(people.phone("asker"), code, name="Lena Berg")

    ask(phone, "Who decided to close the night bus line?", anonymous=True)
    done = phone.get_by_test_id("ask-done")
    expect(done).to_contain_text("Waiting for the moderator")
    expect(phone.get_by_test_id("ask-anonymous")).not_to_be_checked()  # the next question is named again
    expect(phone.get_by_test_id("asking-as")).to_contain_text("Lena Berg")
    shoot(phone, "after-anonymous-question")

    dashboard.get_by_test_id("tab-incoming").click()
    card = dashboard.locator('[data-testid="mod-question"][data-status="pending"]')
    expect(card).to_have_count(1)
    question_id = card.get_attribute("data-question-id")
    mod_card(dashboard, question_id).get_by_test_id("action-approve").click()
    expect(phone.locator(f'[data-testid="question-card"][data-question-id="{question_id}"]')).to_be_visible()
    expect(done).to_be_hidden()
