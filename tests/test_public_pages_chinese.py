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
