"""An office member logs in, finds the workspace from the home page, sees only their office's follow-ups (the
overdue one flagged in red) and answers one in writing; the organization's owner manages the offices."""
import re
from datetime import timedelta

import pytest
from office_helpers import make_office_member, make_organization, make_referred
from playwright.sync_api import expect

from townhall.models.base import today

from .helpers import login

pytestmark = pytest.mark.browser


def test_an_office_member_answers_a_follow_up_in_writing(people, seed, shoot, live_server):
    app = live_server.app
    owner = seed.organizer()
    code = seed.event(owner.id, title="Budget hearing", allow_anonymous=True)
    _org, parks, roads = make_organization(app, owner.id)
    member = seed.organizer(email="pat@example.com", name="Pat Parks")
    make_office_member(app, parks, member.id)
    lights = seed.question(code, "When will the lights in the river park be fixed?", asker=seed.attendee(code, "Ruth"))
    bins = seed.question(code, "Can we have more bins near the playground?", anonymous=True)
    bridge = seed.question(code, "Why is the bridge closed?")
    make_referred(app, lights, parks, today() - timedelta(days=4), note="We will check with the contractor")
    make_referred(app, bins, parks, today() + timedelta(days=12))
    make_referred(app, bridge, roads)

    page = people.laptop("office member")
    login(page, member.email)
    expect(page.get_by_test_id("home-offices")).to_be_visible()
    shoot(page, "home-laptop")
    page.get_by_test_id("open-workspace").click()
    page.wait_for_url(re.compile(r"/offices$"))
    cards = page.get_by_test_id("followup-card")
    expect(cards).to_have_count(2)  # not Roads' bridge
    first = cards.nth(0)
    expect(first.get_by_test_id("followup-text")).to_have_text("When will the lights in the river park be fixed?")
    expect(first.get_by_test_id("followup-overdue")).to_have_text("4 days overdue")
    expect(first.get_by_test_id("followup-author")).to_have_text("Ruth")
    expect(first.get_by_test_id("followup-age")).to_have_text("referred today")
    expect(cards.nth(1).get_by_test_id("followup-author")).to_have_text("Anonymous")
    expect(page.get_by_text("Why is the bridge closed?")).to_have_count(0)
    shoot(page, "workspace-laptop", full_page=True)

    first.get_by_test_id("answer-text").fill("The new lamps are ordered; they go up on the 12th.")
    first.get_by_test_id("answer-submit").click()
    answered = page.get_by_test_id("followup-card").filter(has_text="lights in the river park")
    expect(answered.get_by_test_id("followup-answer")).to_contain_text("they go up on the 12th")
    expect(answered.get_by_test_id("answer-form")).to_have_count(0)
    expect(page.get_by_test_id("followup-card").nth(0)).to_contain_text("more bins")  # open ones first
    answered.get_by_test_id("followup-history").locator("summary").click()
    expect(answered.get_by_test_id("followup-history")).to_contain_text("answer in writing")
    expect(answered.get_by_test_id("followup-history")).to_contain_text("Pat Parks")
    shoot(page, "workspace-answered-laptop", full_page=True)

    # A bad request for more time is answered on the form, nothing moves.
    bins_card = page.get_by_test_id("followup-card").filter(has_text="more bins")
    bins_card.get_by_test_id("extend-due").fill((today() + timedelta(days=30)).isoformat())
    bins_card.get_by_test_id("extend-submit").click()
    expect(bins_card.get_by_text("The reason is empty.")).to_be_visible()

    phone = people.phone("office member on the phone")
    phone.context.add_cookies(page.context.cookies())
    phone.goto("/offices")
    expect(phone.get_by_test_id("followup-card")).to_have_count(2)
    shoot(phone, "workspace-phone", full_page=True)


def test_the_owner_creates_an_organization_and_an_office_and_makes_an_invitation(people, seed, shoot):
    owner = seed.organizer()
    page = people.laptop("owner")
    login(page, owner.email)
    page.get_by_test_id("nav-organizations").click()
    expect(page.get_by_test_id("no-organizations")).to_be_visible()
    page.get_by_test_id("organization-name").fill("City of Riverton")
    page.get_by_test_id("organization-slug").fill("City Of Riverton")
    page.get_by_test_id("create-organization").click()
    expect(page.get_by_text("lowercase letters, digits and hyphens (not at")).to_be_visible()
    page.get_by_test_id("organization-slug").fill("riverton")
    page.get_by_test_id("create-organization").click()
    page.get_by_test_id("organization-link").click()
    page.get_by_test_id("new-office-name").fill("Parks")
    page.get_by_test_id("create-office").click()
    expect(page.get_by_test_id("office-card")).to_have_count(1)
    expect(page.get_by_test_id("office-name-input")).to_have_value("Parks")
    expect(page.get_by_test_id("organization-name-input")).to_have_value("City of Riverton")
    page.get_by_test_id("new-office-name").fill("Parks")
    page.get_by_test_id("create-office").click()
    expect(page.get_by_test_id("new-office-form")).to_contain_text("has an office with this name already")
    page.get_by_test_id("invite-office").click()
    expect(page.get_by_test_id("invitation-url")).to_have_value(re.compile(r"/office-invite/"))
    shoot(page, "organization-laptop", full_page=True)
    phone = people.phone("owner on the phone")
    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url)
    shoot(phone, "organization-phone", full_page=True)

    # The owner attaches an event of theirs to the organization in its settings.
    code = seed.event(owner.id, title="Budget hearing")
    page.goto(f"/dashboard/e/{code}/settings")
    page.get_by_test_id("event-organization").select_option(label="City of Riverton")
    page.get_by_test_id("organization-save").click()
    expect(page.get_by_test_id("organization-saved")).to_have_text("Saved.")
    page.reload()
    expect(page.get_by_test_id("event-organization").locator("option:checked")).to_have_text("City of Riverton")
    page.get_by_test_id("organization-card").scroll_into_view_if_needed()
    shoot(page, "settings-organization-laptop")
