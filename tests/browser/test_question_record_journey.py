"""The record of the questions, as the minutes need it: the moderator merges a duplicate, hides a question with
a reason, notes a next step and records the panel's answer; the phones follow live."""
import pytest
from playwright.sync_api import expect

from townhall.services import questions

from .helpers import ask, card, card_menu, join, mod_card, open_dashboard

pytestmark = pytest.mark.browser

TARGET = "When will the river park open to the public?"
DUPLICATE = "Opening date of the river park?"
SPAM = "Buy cheap bikes at example.com"
OPEN = "Will there be a dog area in the park?"
ANSWER = "In May, once the lawn has grown in. The playground opens first."
NEXT_STEP = "Written reply within 14 days"


def by_text(page, list_id, text):
    """A dashboard card by its question's text (the "Merge into…" menus of other cards list it too)."""
    return page.get_by_test_id(list_id).get_by_test_id("mod-question").filter(
        has=page.get_by_test_id("question-text").get_by_text(text, exact=True))


def screenshot(page, name):
    page.screenshot(path=f"/tmp/h1_{name}.png")


def test_merge_hide_with_a_reason_and_record_the_answer(people, seed, live_server, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="River park town hall")
    target = seed.question(code, TARGET)
    spam = seed.question(code, SPAM)
    open_question = seed.question(code, OPEN)
    voters = [seed.attendee(code) for _ in range(3)]
    with live_server.app.app_context():  # two people support the target, two the duplicate (one of them both)
        for question_id, (attendee_id, token) in [(target, voters[0]), (target, voters[1])]:
            questions.vote(code=code, attendee_id=attendee_id, token=token, question_id=question_id)

    ana = join(people.phone("ana"), code, name="Ana")
    ask(ana, DUPLICATE)
    bea = join(people.phone("bea"), code, name="Bea")  # supports the duplicate from her phone
    dashboard = open_dashboard(people.laptop("moderator"), organizer, code)
    duplicate_card = by_text(dashboard, "list-live", DUPLICATE)
    expect(duplicate_card).to_have_count(1)
    duplicate = int(duplicate_card.get_attribute("data-question-id"))
    with live_server.app.app_context():
        for attendee_id, token in (voters[1], voters[2]):
            questions.vote(code=code, attendee_id=attendee_id, token=token, question_id=duplicate)
    card(bea, duplicate).get_by_test_id("vote-button").click()
    expect(card(bea, duplicate)).to_have_attribute("data-voted", "true")
    expect(mod_card(dashboard, duplicate)).to_have_attribute("data-votes", "3")
    expect(mod_card(dashboard, target)).to_have_attribute("data-votes", "2")

    # Merge: pick the target, confirm; the room loses the duplicate and the target counts the union (3).
    card_menu(mod_card(dashboard, duplicate), "question-merge").select_option(str(target))
    confirm = mod_card(dashboard, duplicate).get_by_test_id("merge-confirm")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text(TARGET)
    screenshot(dashboard, "dashboard_merge_confirm")
    shoot(dashboard, "merge-confirm")
    confirm.get_by_test_id("merge-yes").click()
    expect(by_text(dashboard, "list-live", DUPLICATE)).to_have_count(0)
    expect(mod_card(dashboard, target)).to_have_attribute("data-votes", "4")
    expect(card(ana, duplicate)).to_have_count(0)
    expect(card(ana, target)).to_have_attribute("data-votes", "4")
    # Bea's vote moved with the merge: her phone shows the question kept as voted for.
    expect(card(bea, target)).to_have_attribute("data-voted", "true")
    expect(card(bea, target)).to_have_attribute("data-votes", "4")
    mine = ana.get_by_test_id("pending-question").filter(has_text=DUPLICATE)
    expect(mine).to_have_attribute("data-status", "merged")
    expect(mine).to_contain_text("Merged into another question")
    expect(mine.get_by_test_id("pending-merged-into")).to_contain_text(TARGET)
    screenshot(ana, "phone_merged")

    # Hide the spam with a reason, in one pick from "Hide as…".
    card_menu(mod_card(dashboard, spam), "action-reason").select_option("spam")
    expect(card(ana, spam)).to_have_count(0)
    dashboard.get_by_test_id("tab-other").click()
    other = dashboard.get_by_test_id("list-other")
    expect(other.get_by_test_id("mod-question")).to_have_count(2)
    hidden = mod_card(dashboard, spam)
    expect(hidden).to_have_attribute("data-status", "hidden")
    expect(hidden).to_have_attribute("data-reason", "spam")
    expect(hidden.get_by_test_id("question-reason")).to_have_text("Spam")
    merged = mod_card(dashboard, duplicate)
    expect(merged).to_have_attribute("data-status", "merged")
    expect(merged.get_by_test_id("question-merged-into")).to_have_text(f"Merged into: “{TARGET}”")
    for hidden_control in ("action-restore", "action-edit", "question-merge", "answer-box", "next-step-box"):
        expect(merged.get_by_test_id(hidden_control)).to_be_hidden()
    screenshot(dashboard, "dashboard_other_tab")
    dashboard.get_by_test_id("tab-live").click()

    # A next step for a question the meeting will not get to: collapsed until opened, saved with Enter.
    open_card = mod_card(dashboard, open_question)
    next_box = open_card.get_by_test_id("next-step-box")
    expect(next_box.get_by_test_id("next-step-text")).to_be_hidden()
    expect(open_card.get_by_test_id("answer-box")).to_be_hidden()
    next_box.get_by_test_id("next-step-summary").click()
    next_box.get_by_test_id("next-step-text").fill(NEXT_STEP)
    next_box.get_by_test_id("next-step-text").press("Enter")
    expect(next_box.get_by_test_id("record-status")).to_have_text("Saved")
    next_box.get_by_test_id("next-step-summary").click()  # collapse: the summary shows what is saved
    expect(next_box.get_by_test_id("next-step-summary")).to_contain_text(NEXT_STEP)

    # Answer the target: the answer box appears while answering; the text is saved when the field loses focus.
    target_card = mod_card(dashboard, target)
    target_card.get_by_test_id("action-answering").click()
    expect(dashboard.get_by_test_id("answering-highlight")).to_be_visible()
    answer_box = target_card.get_by_test_id("answer-box")
    expect(answer_box).to_be_visible()
    expect(target_card.get_by_test_id("next-step-box")).to_be_hidden()
    answer_box.get_by_test_id("answer-summary").click()
    answer_box.get_by_test_id("answer-text").fill(ANSWER)
    screenshot(dashboard, "dashboard_answer_box")
    shoot(dashboard, "answer-box")
    dashboard.get_by_test_id("answering-done").click()  # leaving the field saves it
    expect(answer_box.get_by_test_id("record-status")).to_have_text("Saved")
    expect(target_card).to_have_attribute("data-progress", "answered")

    answered = card(ana, target)
    expect(answered).to_have_attribute("data-progress", "answered")
    expect(answered.get_by_test_id("question-answer")).to_have_text(f"Answer: {ANSWER}")
    answered.scroll_into_view_if_needed()
    screenshot(ana, "phone_answer")
    shoot(ana, "phone-answer")

    # A second phone, opened afterwards, gets the same from its snapshot.
    late = join(people.phone("late"), code)
    expect(card(late, target).get_by_test_id("question-answer")).to_have_text(f"Answer: {ANSWER}")
    expect(card(late, duplicate)).to_have_count(0)

    # What was recorded, as stored (this is what the minutes read).
    with live_server.app.app_context():
        from townhall.extensions import db
        from townhall.models import Question

        rows = {q.id: q for q in db.session.query(Question)}
        assert (rows[duplicate].status, rows[duplicate].merged_into_id, rows[duplicate].vote_count) == (
            "merged", target, 0)
        assert (rows[target].vote_count, rows[target].answer_text) == (4, ANSWER)
        assert (rows[spam].status, rows[spam].moderation_reason) == ("hidden", "spam")
        assert rows[open_question].next_step == NEXT_STEP
    screenshot(dashboard, "dashboard_after")
