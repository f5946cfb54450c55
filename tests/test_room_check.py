"""The rotating in-room QR: a token per minute (current and previous accepted), served to the team only,
and a joined phone that opens its link is marked in the room."""
import time

import pytest
from helpers import api, assert_error
from joining_helpers import set_mode

from townhall.extensions import db
from townhall.models import Attendee
from townhall.services import room_check


def in_room_at(app, attendee_id):
    with app.app_context():
        return db.session.get(Attendee, attendee_id).in_room_at


def token(app, code, minutes_ago=0):
    from townhall.services.events import get_event
    with app.app_context():
        return room_check.token_for(get_event(code).id, int(time.time() // 60) - minutes_ago)


@pytest.fixture
def checking(moderator, event):
    set_mode(moderator, event, room_check=True)
    return event


def test_the_team_gets_the_token_of_this_minute_and_nobody_else(app, moderator, checking, join):
    answer = api(moderator, "GET", f"/api/events/{checking}/room-token")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    body = answer.get_json()
    assert body["token"] == token(app, checking)
    assert body["url"] == f"http://townhall.test/e/{checking}/here?t={body['token']}"
    assert 0 < body["refresh_in"] <= 60
    phone, _ = join(checking)
    assert_error(api(phone, "GET", f"/api/events/{checking}/room-token"), 401)
    assert app.test_client().get(f"/e/{checking}/room-qr.svg").status_code == 403
    svg = moderator.get(f"/e/{checking}/room-qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and svg.headers["Cache-Control"] == "no-store"
    # the projector page carries the block for the team only
    assert 'data-testid="projector-room-check"' in moderator.get(f"/e/{checking}/projector").get_data(as_text=True)
    assert 'data-testid="projector-room-check"' not in phone.get(f"/e/{checking}/projector").get_data(as_text=True)


def test_the_token_changes_every_minute_and_is_per_event(app):
    with app.app_context():
        assert room_check.token_for(1, 100) != room_check.token_for(1, 101)
        assert room_check.token_for(1, 100) != room_check.token_for(2, 100)
        assert room_check.is_valid(1, room_check.token_for(1, 100), now=100 * 60 + 5)
        assert room_check.is_valid(1, room_check.token_for(1, 100), now=101 * 60 + 59)
        assert not room_check.is_valid(1, room_check.token_for(1, 100), now=102 * 60)
        assert not room_check.is_valid(1, room_check.token_for(1, 101), now=100 * 60 + 30)  # not a future one


@pytest.mark.parametrize("minutes_ago", [0, 1])
def test_the_current_and_previous_token_mark_a_joined_phone_in_the_room(app, checking, join, minutes_ago):
    phone, attendee_id = join(checking)
    answer = api(phone, "POST", f"/api/events/{checking}/room-check", {"token": token(app, checking, minutes_ago)})
    assert answer.status_code == 200
    assert answer.get_json()["in_room"] is True and in_room_at(app, attendee_id) is not None


def test_an_old_token_or_another_events_is_refused_and_nothing_is_marked(app, organizer, make_event, moderator,
                                                                          checking, join):
    phone, attendee_id = join(checking)
    other = make_event(organizer.id, title="Other", room_check=True)
    for wrong in (token(app, checking, 2), token(app, checking, 30), token(app, other), "", "x" * 16):
        answer = api(phone, "POST", f"/api/events/{checking}/room-check", {"token": wrong})
        assert_error(answer, 403, "room_token_expired")
    assert_error(api(phone, "POST", f"/api/events/{checking}/room-check", {"token": 5}), 400)
    assert in_room_at(app, attendee_id) is None


def test_a_phone_that_has_not_joined_is_told_to_join(app, checking):
    assert_error(api(app.test_client(), "POST", f"/api/events/{checking}/room-check",
                     {"token": token(app, checking)}), 401, "not_joined")


def test_without_the_setting_there_is_no_room_check(app, moderator, event, join):
    phone, attendee_id = join(event)
    assert_error(api(moderator, "GET", f"/api/events/{event}/room-token"), 409, "room_check_off")
    assert_error(api(phone, "POST", f"/api/events/{event}/room-check", {"token": token(app, event)}), 409,
                 "room_check_off")
    assert in_room_at(app, attendee_id) is None


def test_scanning_the_qr_on_a_joined_phone_says_so_and_cleans_the_address(app, checking, join):
    phone, attendee_id = join(checking)
    response = phone.get(f"/e/{checking}/here?t={token(app, checking)}")
    assert response.status_code == 302 and response.headers["Location"] == f"/e/{checking}"
    assert "You are marked in the room." in phone.get(f"/e/{checking}").get_data(as_text=True)
    assert in_room_at(app, attendee_id) is not None


def test_an_expired_qr_gives_a_friendly_page(app, checking, join):
    phone, attendee_id = join(checking)
    response = phone.get(f"/e/{checking}/here?t={token(app, checking, 5)}")
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and "expired: scan the one on the screen now" in page
    assert f'href="/e/{checking}"' in page and in_room_at(app, attendee_id) is None
    json_answer = phone.get(f"/e/{checking}/here?t=nope", headers={"Accept": "application/json"})
    assert_error(json_answer, 403, "room_token_expired")


def test_a_phone_that_scans_then_joins_is_marked_as_it_joins(app, checking):
    phone = app.test_client()
    phone.get(f"/e/{checking}/here?t={token(app, checking)}")
    assert "you will be marked in the room as you join" in phone.get(f"/e/{checking}").get_data(as_text=True)
    joined = api(phone, "POST", f"/api/events/{checking}/join", {})
    assert joined.status_code == 201 and in_room_at(app, joined.get_json()["me"]["id"]) is not None
