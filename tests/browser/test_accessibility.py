"""WCAG 2.2 AA, checked by axe-core (tests/browser/vendor/axe-core) in real Chromium on every main page, each
with real content: a running meeting (agenda, questions asked, answered and being answered, an open poll,
a list of speakers) and a held one (its minutes). No serious or critical violation may remain; the failure
message lists every violation, moderate ones included, with the elements it found (tests/browser/axe_check.py).
More pages and states: test_accessibility_more.py."""
import pytest
from meeting_helpers import make_held_meeting
from playwright.sync_api import expect

from townhall.services import agenda, polls, questions, speakers

from .axe_check import assert_no_serious, axe
from .helpers import join, login, open_dashboard, show_tab, wait_live

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}


def live_meeting(seed):
    """A meeting under way: two agenda items (the first running), questions (one answered, one being
    answered, others waiting with votes), an open poll and someone waiting to speak."""
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Town hall on the river park")
    app = seed.app

    def own(fn, **kwargs):
        with app.app_context():
            return fn(code=code, user_id=organizer.id, **kwargs)

    own(agenda.add_item, title="Welcome", presenter="Chair", planned_minutes=5)
    own(agenda.add_item, title="The river park", presenter="Planning office", planned_minutes=20)
    own(agenda.run, action="start")
    answered = seed.question(code, "When will the bike lanes on Main Street be finished?")
    answering = seed.question(code, "Why did the library hours get shorter?", anonymous=True)
    waiting = seed.question(code, "Will the slides be online afterwards?")
    voter = seed.attendee(code, name="Ana")
    with app.app_context():
        questions.vote(code=code, attendee_id=voter[0], token=voter[1], question_id=waiting)
        speakers.request_floor(code=code, attendee_id=voter[0], token=voter[1], topic="Benches")
    own(questions.moderate, question_id=answered, action="answering")
    own(questions.moderate, question_id=answered, action="answered", answer_text="By the end of June.")
    own(questions.moderate, question_id=answering, action="answering")
    poll_id = own(polls.create, kind="single", question="What should the park get first?",
                  options=["Benches", "Trees", "Lights"])["id"]
    own(polls.open_poll, poll_id=poll_id)
    return organizer, code


def test_the_phone_and_the_projector_pass_axe(people, seed):
    organizer, code = live_meeting(seed)
    phone = people._open("phone", PHONE)
    join(phone, code, name="Vera")
    expect(phone.locator('[data-testid="question-card"].is-answered')).to_be_visible()
    assert_no_serious(phone, "attendee page")
    for tab in ("ask", "polls", "speak"):  # each section of the phone, as shown
        show_tab(phone, tab)
        if tab == "polls":
            expect(phone.get_by_test_id("poll-card")).to_be_visible()
        assert_no_serious(phone, f"attendee page, {tab} tab")

    projector = people._open("projector", PROJECTOR)
    projector.goto(f"/e/{code}/projector")
    wait_live(projector)
    assert_no_serious(projector, "projector")


def test_the_organizers_pages_pass_axe(people, seed):
    organizer, code = live_meeting(seed)
    laptop = people._open("laptop", LAPTOP)
    open_dashboard(laptop, organizer, code)
    expect(laptop.get_by_test_id("mod-question").first).to_be_visible()
    assert_no_serious(laptop, "dashboard")
    for page_name in ("agenda", "polls", "notes"):
        laptop.goto(f"/dashboard/e/{code}/{page_name}")
        laptop.wait_for_load_state("networkidle")
        assert_no_serious(laptop, page_name)


def test_the_minutes_pass_axe(people, seed):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Town hall on the river park")
    make_held_meeting(seed.app, code, organizer.id)
    laptop = people._open("laptop", LAPTOP)
    login(laptop, organizer.email, organizer.password)
    laptop.goto(f"/dashboard/e/{code}/minutes")
    laptop.wait_for_load_state("networkidle")
    assert_no_serious(laptop, "minutes (organizer)")
    phone = people._open("phone", PHONE)
    phone.goto(f"/e/{code}/minutes")
    expect(phone.get_by_test_id("public-minutes")).to_be_visible()
    assert_no_serious(phone, "minutes (public)")


def test_axe_finds_what_it_is_here_to_find(people):
    """The check itself: a page with faint text and a button named unlike its text fails it."""
    page = people._open("probe", LAPTOP)
    page.set_content('<html lang="en"><head><title>Probe</title></head><body><main>'
                     '<p style="color:#bbb;background:#fff">Faint text</p>'
                     '<button aria-label="Remove your vote">▲ 12</button><img src="data:,"></main></body></html>')
    found = {v["id"]: v["impact"] for v in axe(page)}
    assert found.get("color-contrast") == "serious"
    assert "image-alt" in found
