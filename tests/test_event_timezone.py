"""Each event has its own time zone and language: set with the event, validated, and every page shows
the event's times in its zone, named, in the reader's language (the minutes' own tests check theirs)."""
import re

import pytest
from helpers import api, assert_error

from townhall.extensions import db
from townhall.models import Event

CHINESE = {"Accept-Language": "zh-CN"}


def stored(app, code) -> tuple:
    with app.app_context():
        event = db.session.query(Event).filter_by(code=code).one()
        return event.timezone, event.language, event.starts_at


def test_a_new_event_is_in_utc_and_english(app, event):
    assert stored(app, event)[:2] == ("UTC", "en")


def test_the_zone_and_language_are_set_and_answered(app, moderator, event):
    response = api(moderator, "PATCH", f"/api/events/{event}",
                   {"timezone": "America/Los_Angeles", "language": "zh_Hans", "starts_at": "2026-12-04T04:00:00Z"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert stored(app, event)[:2] == ("America/Los_Angeles", "zh_Hans")
    body = api(moderator, "GET", f"/api/events/{event}").get_json()
    event_body = body.get("event", body)
    assert event_body["timezone"] == "America/Los_Angeles" and event_body["language"] == "zh_Hans"


@pytest.mark.parametrize(("payload", "code"), [
    ({"timezone": "Mars/Olympus_Mons"}, "invalid_timezone"),
    ({"timezone": "PST8PDT "}, "invalid_timezone"),
    ({"timezone": ""}, "invalid_timezone"),
    ({"timezone": 8}, "invalid_timezone"),
    ({"language": "fr"}, "invalid_language"),
    ({"language": "zh-CN"}, "invalid_language"),
    ({"language": ["en"]}, "invalid_language"),
])
def test_a_wrong_zone_or_language_is_refused_and_nothing_changes(app, moderator, event, payload, code):
    before = stored(app, event)
    response = api(moderator, "PATCH", f"/api/events/{event}", {**payload, "title": "Renamed"})
    assert_error(response, 400, code)
    assert response.get_json()["error"]["field"] == next(iter(payload))
    assert stored(app, event) == before


def test_the_phone_page_shows_the_start_in_the_events_zone(app, client, moderator, event):
    api(moderator, "PATCH", f"/api/events/{event}",
        {"timezone": "America/Los_Angeles", "starts_at": "2026-12-04T04:00:00Z"})
    english = client.get(f"/e/{event}").get_data(as_text=True)
    assert 'data-timezone="America/Los_Angeles"' in english
    when = re.search(r'<time datetime="2026-12-04T04:00:00Z">([^<]+)</time>', english)
    assert when and when.group(1) == "Dec 3, 2026, 20:00 PST"  # the evening of the 3rd, not "4 Dec ... UTC"
    chinese = client.get(f"/e/{event}", headers=CHINESE).get_data(as_text=True)
    assert '<time datetime="2026-12-04T04:00:00Z">2026年12月3日 20:00 UTC-8</time>' in chinese


def test_the_settings_form_offers_the_zones_with_the_events_selected(app, moderator, event):
    api(moderator, "PATCH", f"/api/events/{event}", {"timezone": "Asia/Shanghai"})
    page = moderator.get(f"/dashboard/e/{event}/settings").get_data(as_text=True)
    assert '<option value="Asia/Shanghai" selected>Asia/Shanghai</option>' in page
    assert '<option value="America/Los_Angeles">America/Los Angeles</option>' in page
    assert 'value="zh_Hans" lang="zh-Hans">简体中文</option>' in page
