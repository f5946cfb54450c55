"""The public pages in Chinese: the tracker and the privacy page say their sentences (with values, counts and
links in them) in the reader's language, not in English pieces around a translated word."""
import re

import pytest
from helpers import api
from tracker_helpers import make_riverton

CHINESE = {"Accept-Language": "zh-CN"}


@pytest.fixture
def riverton(app, organizer, event):
    return make_riverton(app, organizer.id, event)


def text_of(client, url) -> str:
    response = client.get(url, headers=CHINESE)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def test_the_tracker_speaks_chinese(client, riverton):
    text = text_of(client, f"/e/{riverton['code']}/followup")
    # The riverton questions, notes and names are English: only the page's own sentences are checked.
    for english in ("Overdue by", "Asked by", "History (", "Waiting ", "Answered after", "the same day", "more than",
                    "6 questions", "(1 of 3)", " days", "How the figures are computed", "Closed without an answer:",
                    "Referred questions open and answered", "At the end of each day", "Follow-up ·", "by The event",
                    "Written answer", "All of City of Riverton"):
        assert english not in text, english
    assert "已逾期 3 天" in text and "提问人：Rui Road" in text and "历程（3 步）" in text


def test_the_privacy_page_speaks_chinese(client, moderator, event):
    api(moderator, "PATCH", f"/api/events/{event}", json={"retention_days": 7, "starts_at": "2026-11-20T18:00:00Z"})
    text = text_of(client, f"/e/{event}/privacy")
    for english in ("after the meeting ends", "Organized by", "Names and phone keys", "Your questions",
                    "and in the list of speakers", "Privacy ·", " day"):
        assert english not in text, english
    assert "会议结束 7 天后删除" in text


def test_the_privacy_page_in_chinese_when_identities_stay_until_the_end(client, moderator, event):
    api(moderator, "PATCH", f"/api/events/{event}", json={"retention_days": 0, "anonymous_speakers": True})
    text = text_of(client, f"/e/{event}/privacy")
    assert "right after the meeting ends" not in text and "Speaker 7" not in text
    assert "会议结束后立即删除" in text


def test_the_trackers_dates_are_written_the_readers_way_and_due_dates_keep_their_day(app, client, riverton):
    """A due date is a day, whatever the zone: in Los Angeles (behind UTC) it is not printed as the day before."""
    from datetime import date, timedelta

    from townhall.extensions import db
    from townhall.models import Event

    with app.app_context():
        db.session.query(Event).filter_by(code=riverton["code"]).update({"timezone": "America/Los_Angeles"})
        db.session.commit()
    due = date.today() - timedelta(days=3)  # the overdue question's due date (tracker_helpers.make_riverton)
    chinese = text_of(client, f"/e/{riverton['code']}/followup")
    english = " ".join(re.sub(r"<[^>]+>", " ", client.get(f"/e/{riverton['code']}/followup").get_data(
        as_text=True)).split())
    assert f"Due {due.day} {due.strftime('%b')} {due.year}" in english
    assert f"{due.year}年{due.month}月{due.day}日" in chinese
    assert not re.search(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", chinese)
