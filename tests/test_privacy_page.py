"""The privacy settings (retention_days, privacy_contact: PATCH /api/events/<code>) and the event's
public privacy page (/e/<code>/privacy), which says what they are."""
import re

import pytest
from helpers import api, assert_error
from sqlalchemy import update

from townhall.extensions import db
from townhall.models import Event, utcnow


def patch(client, code, **fields):
    return api(client, "PATCH", f"/api/events/{code}", json=fields)


def stored(app, code) -> tuple:
    with app.app_context():
        event = db.session.query(Event).filter_by(code=code).one()
        return event.retention_days, event.privacy_contact


def page_text(client, code) -> str:
    response = client.get(f"/e/{code}/privacy")
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def test_a_new_event_keeps_identities_30_days_and_has_no_contact(app, moderator, event):
    body = moderator.get("/api/events").get_json()["events"][0]
    assert (body["retention_days"], body["privacy_contact"]) == (30, "")


@pytest.mark.parametrize("days", [0, 1, 365, 3650, None])
def test_the_owner_sets_the_retention(app, moderator, event, days):
    response = patch(moderator, event, retention_days=days)
    assert response.status_code == 200
    assert response.get_json()["event"]["retention_days"] == days
    assert stored(app, event)[0] == days


@pytest.mark.parametrize("days", [-1, 3651, "30", True, 1.5])
def test_a_retention_that_is_not_0_to_3650_days_is_refused(app, moderator, event, days):
    error = assert_error(patch(moderator, event, retention_days=days), 400)
    assert error["field"] == "retention_days"
    assert stored(app, event) == (30, "")


def test_the_contact_is_one_line_of_at_most_200_characters(app, moderator, event):
    response = patch(moderator, event, privacy_contact="  Clerk's office\n privacy@town.example ")
    assert response.get_json()["event"]["privacy_contact"] == "Clerk's office privacy@town.example"
    for bad in ("x" * 201, 42, ["a"]):
        error = assert_error(patch(moderator, event, privacy_contact=bad), 400)
        assert error["field"] == "privacy_contact"
    assert stored(app, event) == (30, "Clerk's office privacy@town.example")


def test_moderators_cannot_change_the_privacy_settings(app, event, organizer, make_organizer, login_client):
    from townhall.services import roles

    make_organizer(email="mod@example.com")
    with app.app_context():
        roles.add_member(code=event, user_id=organizer.id, email="mod@example.com", role="moderator")
    assert_error(patch(login_client("mod@example.com"), event, retention_days=None), 403, "forbidden")
    assert stored(app, event) == (30, "")


def test_the_page_says_what_is_stored_for_how_long_and_whom_to_ask(app, client, moderator, event):
    patch(moderator, event, retention_days=7, privacy_contact="privacy@town.example",
          starts_at="2026-11-20T18:00:00Z")
    text = page_text(client, event)
    assert "Names and phone keys are deleted 7 days after the meeting ends (on Nov 28, 2026" in text
    assert "No IP addresses, no browser or device details (user agent)" in text
    assert "the room, the moderators and the organizer cannot tell who asked" in text
    assert "Contact the organizer: privacy@town.example" in text
    assert "Organized by Olga Organizer" in text


def test_the_page_follows_the_settings(app, client, moderator, event):
    patch(moderator, event, retention_days=None, allow_anonymous=False, anonymous_speakers=True)
    text = page_text(client, event)
    assert "keeps names and phone keys until they delete the event" in text
    assert "Anonymous questions" not in text
    assert "speakers as “Speaker 7”, not by name" in text
    assert "has not given a privacy contact" in text
    patch(moderator, event, retention_days=0)
    assert "deleted right after the meeting ends" in page_text(client, event)


def test_the_page_says_when_identities_were_deleted(app, client, event):
    with app.app_context():
        db.session.execute(update(Event).where(Event.code == event)
                           .values(identities_deleted_at=utcnow().replace(year=2026, month=12, day=1)))
        db.session.commit()
    assert "Names and phone keys of this meeting were deleted on Dec 1, 2026" in page_text(client, event)


def test_the_page_is_public_and_linked_from_the_phone_page(client, event):
    assert client.get(f"/e/{event.lower()}/privacy").headers["Location"].endswith(f"/e/{event}/privacy")
    assert client.get("/e/NOSUCHCODE/privacy").status_code == 404
    phone_page = client.get(f"/e/{event}").get_data(as_text=True)
    assert phone_page.count(f'href="/e/{event}/privacy"') == 2  # under the join form, and in the footer
