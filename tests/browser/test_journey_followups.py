"""Journey: during the meeting the moderator refers a question from its card ("Follow up…": office, due date,
note) and the card says "Referred to Planning · due …"; another is deferred; at "End meeting" the review opens
with the questions above the vote threshold checked for referral and the others to close with a public reason;
"Later" leaves the notice "N questions not followed up yet", which opens the review again; "Refer and close"
follows every one up. At 1366x768 (the dashboard's size) and 1920x1080."""
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from townhall.extensions import db
from townhall.models import Event, Office, Organization, Question
from townhall.models.base import today
from townhall.services import agenda

from .helpers import card_menu, mod_card, open_dashboard

pytestmark = pytest.mark.browser
OUT = Path("/tmp/commitments")


def organize(app, code, owner_id, offices=("Parks", "Planning")) -> None:
    with app.app_context():
        organization = Organization(slug="river-city", name="River City", owner_id=owner_id)
        db.session.add(organization)
        db.session.flush()
        db.session.add_all(Office(organization_id=organization.id, name=name) for name in offices)
        db.session.query(Event).filter_by(code=code).update({"organization_id": organization.id})
        db.session.commit()


def set_votes(app, votes: dict[int, int]) -> None:
    with app.app_context():
        for question_id, count in votes.items():
            db.session.get(Question, question_id).vote_count = count
        db.session.commit()


def states(app) -> dict[str, str]:
    with app.app_context():
        return {q.text: q.ledger_state for q in db.session.query(Question)}


def save(shoot, page, name):
    OUT.mkdir(exist_ok=True)
    shutil.copy(shoot(page, name), OUT / f"{name}.png")


def test_refer_from_the_card_and_resolve_the_review_at_the_end(people, seed, shoot, live_server):
    app = live_server.app
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Budget night")
    organize(app, code, organizer.id)
    with app.app_context():
        agenda.add_item(code=code, user_id=organizer.id, title="Parks and streets")
    bridge = seed.question(code, "When will the footbridge over the river be repaired?")
    lights = seed.question(code, "Can the park get lights along the main path?")
    bins = seed.question(code, "Why are the bins on Elm Street emptied only once a week?")
    dogs = seed.question(code, "Will there be a fenced area for dogs?")
    parking = seed.question(code, "Is the parking lot staying free on Sundays?")
    set_votes(app, {bridge: 9, lights: 6, bins: 3, dogs: 0, parking: 0})

    dashboard = open_dashboard(people.laptop("moderator"), organizer, code)
    dashboard.get_by_test_id("run-start").click()
    expect(dashboard.get_by_test_id("run-bar")).to_have_attribute("data-state", "running")

    # During the meeting: "Follow up…" on a card, a dialog with the office, the due date (+14 days) and a note.
    card = mod_card(dashboard, bridge)
    card_menu(card, "action-followup").click()
    dialog = dashboard.get_by_test_id("followup-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_test_id("followup-question")).to_contain_text("footbridge")
    expect(dialog.get_by_test_id("followup-due")).to_have_value((today() + timedelta(days=14)).isoformat())
    dialog.get_by_test_id("followup-office").select_option(label="Planning")
    dialog.get_by_test_id("followup-due").fill((today() - timedelta(days=1)).isoformat())
    dialog.get_by_test_id("followup-note").fill("We will publish the repair schedule.")
    save(shoot, dashboard, "followup-dialog-1366")
    dialog.get_by_test_id("followup-submit").click()
    expect(dialog.locator('[data-error-for="due_on"]')).to_contain_text("past")  # the server's refusal, by its field
    due = today() + timedelta(days=21)
    dialog.get_by_test_id("followup-due").fill(due.isoformat())
    dialog.get_by_test_id("followup-submit").click()
    expect(dialog).to_be_hidden()
    expect(card.get_by_test_id("question-followup")).to_have_text(re.compile(r"^Referred to Planning · due "))
    card_menu(card, "action-followup").click()  # referred: it may still be closed, not referred twice
    expect(dialog.get_by_test_id("followup-mode-refer")).to_be_hidden()
    expect(dialog.get_by_test_id("followup-mode-close")).to_have_attribute("aria-pressed", "true")
    dialog.get_by_test_id("followup-cancel").click()
    card_menu(mod_card(dashboard, parking), "action-followup").click()
    dialog.get_by_test_id("followup-mode-defer").click()
    expect(dialog.get_by_test_id("followup-office")).to_be_hidden()
    dialog.get_by_test_id("followup-note").fill("Next meeting, with the traffic study.")
    dialog.get_by_test_id("followup-submit").click()
    expect(mod_card(dashboard, parking).get_by_test_id("question-followup")).to_have_text("Deferred")
    save(shoot, dashboard, "card-referred-1366")
    assert states(app)["When will the footbridge over the river be repaired?"] == "referred"

    # End meeting: the review opens with the unanswered questions; >= 1 vote checked for referral.
    dashboard.get_by_test_id("run-end").click()
    dashboard.get_by_test_id("run-end-confirm").click()
    review = dashboard.get_by_test_id("review-dialog")
    expect(review).to_be_visible()
    items = review.get_by_test_id("review-item")
    expect(items).to_have_count(4)
    checked = {item.get_attribute("data-question-id"): item.get_attribute("data-refer") for item in items.all()}
    assert checked == {str(lights): "true", str(bins): "true", str(dogs): "false", str(parking): "false"}
    save(shoot, dashboard, "review-1366")

    # "Later": the dashboard says what is left, and opens the review again.
    review.get_by_test_id("review-cancel").click()
    expect(dashboard.get_by_test_id("followup-nag-text")).to_have_text("4 questions not followed up yet.")
    save(shoot, dashboard, "nag-1366")
    dashboard.get_by_test_id("followup-nag-review").click()
    expect(review).to_be_visible()
    review.get_by_test_id("review-min-votes").fill("5")  # a higher threshold: only "lights" stays checked
    expect(review.locator(f'[data-question-id="{bins}"]')).to_have_attribute("data-refer", "false")
    review.get_by_test_id("review-office").select_option(label="Parks")
    lights_item = review.locator(f'[data-question-id="{lights}"]')
    expect(lights_item.get_by_test_id("review-item-office")).to_have_value(
        review.get_by_test_id("review-office").input_value())
    # One question referred all the same, to another office than the one for all.
    dogs_item = review.locator(f'[data-question-id="{dogs}"]')
    dogs_item.get_by_test_id("review-refer").check()
    dogs_item.get_by_test_id("review-item-office").select_option(label="Planning")
    review.get_by_test_id("review-reason").fill("")
    review.get_by_test_id("review-submit").click()  # an empty reason: refused, nothing stored
    expect(review.get_by_test_id("review-error")).to_contain_text("reason")
    assert states(app)["Can the park get lights along the main path?"] == "published"
    review.get_by_test_id("review-reason").fill("Not taken up at this meeting; ask again at the next one.")
    expect(review.get_by_test_id("review-summary")).to_have_text("2 to refer, 2 to close")
    save(shoot, dashboard, "review-filled-1366")
    review.get_by_test_id("review-submit").click()
    expect(review).to_be_hidden()
    expect(dashboard.get_by_test_id("followup-nag")).to_be_hidden()
    expect(mod_card(dashboard, lights).get_by_test_id("question-followup")).to_have_text(
        re.compile(r"^Referred to Parks · due "))
    expect(mod_card(dashboard, dogs).get_by_test_id("question-followup")).to_have_text(
        re.compile(r"^Referred to Planning · due "))
    expect(mod_card(dashboard, bins).get_by_test_id("question-followup")).to_have_text("Closed without answer")
    assert states(app) == {
        "When will the footbridge over the river be repaired?": "referred",
        "Can the park get lights along the main path?": "referred",
        "Why are the bins on Elm Street emptied only once a week?": "closed",
        "Will there be a fenced area for dogs?": "referred",
        "Is the parking lot staying free on Sundays?": "closed",
    }
    save(shoot, dashboard, "after-review-1366")
    dashboard.set_viewport_size({"width": 1920, "height": 1080})
    save(shoot, dashboard, "after-review-1920")
    dashboard.get_by_test_id("review-open").click()
    expect(review.get_by_test_id("review-empty")).to_be_visible()
    save(shoot, dashboard, "review-empty-1920")
    review.get_by_test_id("review-cancel").click()

    # A closed question is not answered in the room unless reopened; reopened, it may be referred again.
    closed = mod_card(dashboard, bins)
    expect(closed.get_by_test_id("action-answering")).to_be_hidden()
    expect(card_menu(closed, "action-followup")).to_be_hidden()
    closed.get_by_test_id("action-reopen").click()
    expect(closed.get_by_test_id("question-followup")).to_have_text("Reopened")
    expect(dashboard.get_by_test_id("followup-nag-text")).to_have_text("1 question not followed up yet.")
    card_menu(closed, "action-followup").click()
    expect(dialog.get_by_test_id("followup-mode-defer")).to_be_visible()
    dialog.get_by_test_id("followup-mode-close").click()
    expect(dialog.get_by_test_id("followup-mode-hint")).to_contain_text("public")
    dialog.get_by_test_id("followup-submit").click()  # no reason: refused by the server, shown by the field
    expect(dialog.locator('[data-error-for="reason"]')).to_contain_text("empty")
    save(shoot, dashboard, "close-dialog-1920")
    dialog.get_by_test_id("followup-reason").fill("The waste contract is the region's, not the town's.")
    dialog.get_by_test_id("followup-submit").click()
    expect(closed.get_by_test_id("question-followup")).to_have_text("Closed without answer")
    expect(dashboard.get_by_test_id("followup-nag")).to_be_hidden()

    # Loaded afresh, the cards still say where each follow-up stands (the review's follow-ups).
    dashboard.reload()
    expect(mod_card(dashboard, lights).get_by_test_id("question-followup")).to_have_text(
        re.compile(r"^Referred to Parks · due "))
    expect(mod_card(dashboard, parking).get_by_test_id("question-followup")).to_have_text("Closed without answer")
    expect(dashboard.get_by_test_id("followup-nag")).to_be_hidden()


def test_offices_that_arrive_after_the_dialog_opened_fill_its_list(people, seed, live_server):
    """A quick chair on a slow network opens "Follow up…" before the dashboard has its offices: the dialog says
    they are loading (not "no offices"), and lists them as soon as they arrive."""
    app = live_server.app
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Slow offices")
    organize(app, code, organizer.id)
    question = seed.question(code, "When will the footbridge over the river be repaired?")
    page = people.laptop("chair")
    waiting = []
    page.route(f"**/api/events/{code}/offices", lambda route: waiting.append(route))
    dashboard = open_dashboard(page, organizer, code)

    card_menu(mod_card(dashboard, question), "action-followup").click()
    dialog = dashboard.get_by_test_id("followup-dialog")
    expect(dialog.get_by_test_id("followup-no-offices")).to_have_text("Loading the offices…")
    expect(dialog.get_by_test_id("followup-office")).to_be_disabled()
    assert len(waiting) == 1, "the dashboard asked for the offices once, and waits"

    waiting[0].continue_()
    expect(dialog.get_by_test_id("followup-office")).to_be_enabled()
    expect(dialog.get_by_test_id("followup-no-offices")).to_be_hidden()
    dialog.get_by_test_id("followup-office").select_option(label="Planning")
    dialog.get_by_test_id("followup-submit").click()
    expect(mod_card(dashboard, question).get_by_test_id("question-followup")).to_have_text(
        re.compile(r"^Referred to Planning · due "))
