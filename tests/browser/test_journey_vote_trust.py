"""Vote trust, as people see it (issue 11): the chair's dashboard and polls page warn while a burst of
fresh phones votes one way and show the counts among verified and in-room phones; the projector shows the
total beside the in-room count; a phone outside the room is told why it cannot answer a poll for in-room
phones and how to become eligible."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from townhall.extensions import db
from townhall.models import Attendee, utcnow
from townhall.models.statuses import JoinedWith
from townhall.services import polls, questions, vote_watch

from .helpers import Chair, join, login, mod_card, open_dashboard, wait_live

pytestmark = pytest.mark.browser


def _honest(seed, app, code, n):
    """n phones that joined an hour ago and scanned the in-room QR (the first one verified too)."""
    phones = [seed.attendee(code) for _ in range(n)]
    with app.app_context():
        for i, (attendee_id, _token) in enumerate(phones):
            attendee = db.session.get(Attendee, attendee_id)
            attendee.joined_at, attendee.in_room_at = utcnow() - timedelta(hours=1), utcnow()
            if i == 0:
                attendee.joined_with = JoinedWith.PASSCODE
        db.session.commit()
    return phones


def test_a_burst_is_flagged_to_the_chair_and_the_projector_shows_the_in_room_count(people, seed, live_server, shoot):
    app = live_server.app
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="River road town hall", show_trusted_counts=True)
    question_id = seed.question(code, "Should the river road close to cars on Sundays?")
    chair = Chair(people.laptop("chair"), organizer, code)
    poll_id = chair.call("POST", "/polls", {"kind": "yesno", "question": "Close the river road on Sundays?"})[
        "poll"]["id"]
    chair.call("POST", f"/polls/{poll_id}/open", {})
    dashboard = open_dashboard(people.laptop("dashboard"), organizer, code)
    polls_page = people.laptop("polls")
    login(polls_page, organizer.email, organizer.password)
    polls_page.goto(f"/dashboard/e/{code}/polls")
    wait_live(polls_page)
    projector = people.projector()
    projector.goto(f"/e/{code}/projector")
    wait_live(projector)

    with app.app_context():
        for attendee_id, token in _honest(seed, app, code, 4):  # the room: No
            questions.vote(code=code, attendee_id=attendee_id, token=token, question_id=question_id)
            polls.vote(code=code, attendee_id=attendee_id, token=token, poll_id=poll_id, answer={"choice": 1})
        for _ in range(vote_watch.MIN_FRESH + 6):  # the script: fresh identities, Yes
            attendee_id, token = seed.attendee(code)
            questions.vote(code=code, attendee_id=attendee_id, token=token, question_id=question_id)
            polls.vote(code=code, attendee_id=attendee_id, token=token, poll_id=poll_id, answer={"choice": 0})

    card = mod_card(dashboard, question_id)
    expect(card.get_by_test_id("question-suspicious")).to_be_visible()
    expect(card.get_by_test_id("question-suspicious")).to_contain_text("Suspicious voting")
    expect(card.get_by_test_id("question-trust")).to_have_text("30 votes: 1 verified · 4 in the room")
    shoot(dashboard, "dashboard-flag")

    poll_card = polls_page.locator(f'[data-testid="poll"][data-poll-id="{poll_id}"]')
    expect(poll_card.get_by_test_id("poll-suspicious")).to_contain_text("Suspicious voting")
    expect(poll_card.get_by_test_id("poll-among")).to_have_text(
        "Total Yes 87 % · among 4 in-room phones: No 100 % · among 1 verified phone: No 100 %")
    shoot(polls_page, "polls-flag")

    among = projector.get_by_test_id("projector-poll-among")
    expect(among).to_have_text(
        "All phones: Yes 87 % · Among 4 in-room phones: No 100 % · Among 1 verified phone: No 100 %")
    expect(projector.get_by_test_id("poll-turnout")).to_have_text("30answers")  # nobody connected: no "of 0"
    shoot(projector, "projector-among")


def test_a_phone_outside_the_room_is_told_how_to_answer_a_poll_for_in_room_phones(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="River road town hall")
    chair = Chair(people.laptop("chair"), organizer, code)
    poll_id = chair.call("POST", "/polls", {"kind": "yesno", "question": "Close the river road on Sundays?",
                                            "voters": "in_room"})["poll"]["id"]
    chair.call("POST", f"/polls/{poll_id}/open", {})
    phone = join(people.phone(), code, name="Dana", tab="polls")
    card = phone.locator(f'[data-testid="poll-card"][data-poll-id="{poll_id}"]')
    expect(card.get_by_test_id("poll-voters")).to_have_text(  # told before trying
        "Only phones in the room can answer: scan the QR code on the screen in the room first.")
    card.locator('[data-testid="poll-option"][data-answer="yes"]').click()
    card.get_by_test_id("poll-submit").click()
    error = card.get_by_test_id("poll-error")
    expect(error).to_contain_text("Only phones in the room can answer this poll")
    expect(error).to_contain_text("scan the QR code on the screen")
    shoot(phone, "phone-not-eligible")
