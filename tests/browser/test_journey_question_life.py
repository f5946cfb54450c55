"""The whole life of a question, in the browser: a phone asks anonymously; the chair refers it from the
dashboard to an office ("we will get back to you"); the public tracker shows it waiting; three weeks later,
overdue, the office's member answers it in writing from the workspace; the asker's phone is told, reads the
answer on its receipt and says it did not answer the question; the tracker counts the response time (as
censored while it waited, then answered) and the verdict, at phone and laptop size."""
import re
from datetime import timedelta

import pytest
from office_helpers import make_office_member, make_organization
from playwright.sync_api import expect
from sqlalchemy import update

from townhall.extensions import db
from townhall.models import Event, Followup, LedgerEntry, utcnow
from townhall.models.base import today

from .helpers import ask, card_menu, join, login, mod_card, open_dashboard

pytestmark = pytest.mark.browser
QUESTION = "Why does the night bus stop running at 11 pm on weekdays?"
ANSWER = "Transport extends the night bus to 1 am from February; the timetable is on the city's website."


def three_weeks_pass(app, question_id: int) -> None:
    """The referral was made 21 days ago, due 14 days after it (the ledger's times move with it: a test may
    rewrite what the app itself only ever appends)."""
    ago = utcnow() - timedelta(days=21)
    with app.app_context():
        db.session.execute(update(Followup).where(Followup.question_id == question_id).values(
            referred_at=ago, first_due_on=today() - timedelta(days=7), due_on=today() - timedelta(days=7)))
        db.session.execute(update(LedgerEntry).where(LedgerEntry.question_id == question_id).values(
            at=ago - timedelta(minutes=30)))
        db.session.commit()


def test_from_a_phone_to_a_written_answer_weeks_later_and_the_askers_verdict(people, seed, shoot, live_server):
    app = live_server.app
    chair = seed.organizer()
    code = seed.event(chair.id, title="Transport town hall", allow_anonymous=True)
    organization, transport, _parks = make_organization(app, chair.id, offices=("Transport", "Parks"))
    with app.app_context():
        db.session.query(Event).filter_by(code=code).update({"organization_id": organization})
        db.session.commit()
    clerk = seed.organizer(email="tom@example.com", name="Tom Transport")
    make_office_member(app, transport, clerk.id)

    # A phone asks, anonymously.
    phone = join(people.phone("asker"), code, name="Lena Berg")
    ask(phone, QUESTION, anonymous=True)
    mine = phone.locator('[data-testid="question-card"][data-mine="true"]')
    expect(mine).to_have_count(1)
    question_id = int(mine.get_attribute("data-question-id"))

    # The chair makes it a commitment from the dashboard.
    dashboard = open_dashboard(people.laptop("chair"), chair, code)
    card_menu(mod_card(dashboard, question_id), "action-followup").click()
    dialog = dashboard.get_by_test_id("followup-dialog")
    dialog.get_by_test_id("followup-office").select_option(label="Transport")
    dialog.get_by_test_id("followup-note").fill("We will come back with the costs of later buses.")
    dialog.get_by_test_id("followup-submit").click()
    expect(mod_card(dashboard, question_id).get_by_test_id("question-followup")).to_have_text(
        re.compile(r"^Referred to Transport · due "))

    # Anyone can see it waiting on the public tracker.
    public = people.phone("neighbour")
    public.goto(f"/e/{code}/followup")
    row = public.locator(f'[data-testid="followup-row"][data-question-id="{question_id}"]')
    expect(row.get_by_test_id("followup-status")).to_have_text("Open")
    expect(row.get_by_test_id("followup-office")).to_have_text("Transport")
    expect(row).not_to_contain_text("Lena")

    # Three weeks later, overdue: the office's member answers in writing.
    three_weeks_pass(app, question_id)
    public.reload()
    expect(row.get_by_test_id("followup-overdue")).to_have_text("Overdue by 7 days")
    expect(public.get_by_test_id("figure-median").first).to_contain_text("more than 21")
    shoot(public, "tracker-waiting-phone", full_page=True)
    office = people.laptop("clerk")
    login(office, clerk.email)
    office.goto("/offices")
    card = office.get_by_test_id("followup-card").filter(has_text="night bus")
    expect(card.get_by_test_id("followup-overdue")).to_have_text("7 days overdue")
    expect(card.get_by_test_id("followup-author")).to_have_text("Anonymous")
    card.get_by_test_id("answer-text").fill(ANSWER)
    card.get_by_test_id("answer-submit").click()
    expect(office.get_by_test_id("followup-card").filter(has_text="night bus").get_by_test_id(
        "followup-answer")).to_contain_text("1 am from February")

    # The asker's phone is told at once, reads the answer on its receipt and says it did not answer it.
    notice = phone.get_by_test_id("followup-notice")
    expect(notice).to_be_visible()
    notice.get_by_role("link").click()
    phone.wait_for_url(f"**/e/{code}/mine")
    listed = phone.get_by_test_id("my-question")
    expect(listed.get_by_test_id("my-question-answer")).to_contain_text(ANSWER)
    expect(phone.locator("body")).not_to_contain_text("Tom")  # no staff names on the receipt
    listed.get_by_test_id("verdict-choice-no").check()
    listed.get_by_test_id("verdict-text").fill("I asked about weekdays, not weekends.")
    listed.get_by_test_id("verdict-submit").click()
    expect(listed.get_by_test_id("my-question-verdict")).to_contain_text("No")
    shoot(phone, "receipt-after-verdict-phone", full_page=True)

    # The tracker: answered after 21 days, late against the promise, and judged "no" by its asker.
    public.reload()
    expect(row.get_by_test_id("followup-status")).to_have_text("Answered")
    expect(row.get_by_test_id("followup-answer")).to_contain_text("1 am from February")
    overall = public.get_by_test_id("figures-row").first
    expect(overall.get_by_test_id("figure-median")).to_contain_text("21")
    expect(overall.get_by_test_id("figure-on-time")).to_contain_text("0%")
    expect(overall.get_by_test_id("figure-verdicts")).to_contain_text("No 100%")
    shoot(public, "tracker-answered-phone", full_page=True)
    laptop = people.laptop("reporter")
    laptop.goto(f"/e/{code}/followup")
    expect(laptop.locator(f'[data-testid="followup-row"][data-question-id="{question_id}"]')).to_contain_text(
        "1 am from February")
    shoot(laptop, "tracker-answered-laptop", full_page=True)
