"""Minutes carry the meeting's own date and time: an evening meeting in Los Angeles (04:00 UTC on 4 Dec)
is minuted on 3 Dec at 20:00, the zone named, in every format; a Chinese event's minutes write the date
the Chinese way. The HTML page that attendees read shows the same."""
import io
import re

import pytest
from docx import Document
from minutes_sample import SAMPLE, sample_document
from pypdf import PdfReader

from townhall.exports import rendered

EVENING = {"starts_at": "2026-12-04T03:30:00Z", "started_at": "2026-12-04T04:00:00Z",
           "ended_at": "2026-12-04T05:31:00Z"}


def document(timezone, language="en"):
    event = {**SAMPLE["event"], **EVENING, "timezone": timezone, "language": language}
    doc = sample_document(event=event, finalized_at="2026-12-04T06:00:00Z", status="draft")
    for entry in doc["followup"]["referred"]:  # a day, not a moment: the same day in every zone
        entry["first_due_on"] = entry["due_on"] = "2026-12-18"
    return doc


def text_of(doc, fmt) -> str:
    content = rendered.render(doc, fmt)
    if fmt == "pdf":
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    if fmt == "docx":
        parts = Document(io.BytesIO(content))
        return " ".join([p.text for p in parts.paragraphs]
                        + [cell.text for table in parts.tables for row in table.rows for cell in row.cells])
    return re.sub(r"<[^>]+>", " ", content)


@pytest.mark.parametrize("fmt", ["md", "html", "pdf", "docx"])
def test_an_evening_meeting_in_los_angeles_is_minuted_on_its_own_evening(app, fmt):
    with app.test_request_context():
        text = re.sub(r"\s+", " ", text_of(document("America/Los_Angeles"), fmt))
    assert "3 Dec 2026" in text
    assert "20:00–21:31 PST" in text  # the meeting as it ran, in the zone of the room
    assert " 4 Dec 2026" not in text and "04:00" not in text and "UTC" not in text
    assert "18 Dec 2026" in text and "17 Dec 2026" not in text  # the follow-up's due date keeps its day


@pytest.mark.parametrize("fmt", ["md", "pdf"])
def test_a_chinese_events_minutes_write_dates_the_chinese_way(app, fmt):
    with app.test_request_context():
        text = re.sub(r"\s+", "", text_of(document("Asia/Shanghai", "zh_Hans"), fmt))
    assert "2026年12月4日" in text
    assert "12:00–13:31UTC+8" in text


def test_a_document_without_a_zone_is_in_utc_as_before(app):
    doc = sample_document()
    del doc["event"]["timezone"], doc["event"]["language"]
    with app.test_request_context():
        text = text_of(doc, "md")
    assert "18:02–19:31 UTC" in text and "20 Nov 2026" in text


@pytest.mark.parametrize("fmt", ["md", "pdf", "docx", "html"])
def test_a_chinese_events_minutes_have_chinese_headings_whoever_downloads_them(app, fmt):
    with app.test_request_context(headers={"Accept-Language": "en"}):  # an English organizer's browser
        chinese = re.sub(r"\s+", "", text_of(document("Asia/Shanghai", "zh_Hans"), fmt))
        english = re.sub(r"\s+", " ", text_of(document("Asia/Shanghai", "en"), fmt))
    assert "议程" in chinese and "未回答的问题" in chinese
    assert "Unansweredquestions" not in chinese and "Agenda" not in chinese
    assert "Unanswered questions" in english and "未回答的问题" not in english


# Sentences the renderers word themselves (with counts and values), as the English minutes have them.
WORDED = {"md": ["attendees joined", "Compiled by Townhall", "Presenter:", "vote:", "Public tracker"],
          "html": ["joined", "Compiled by Townhall", "Presenter:", "Vote:", "Public tracker"],
          "pdf": ["attendees joined", "Draft minutes", "Presenter:", "Vote:", "Public tracker"],
          "docx": ["attendees joined", "Draft minutes", "Presenter:", "Vote:", "Public tracker"]}


@pytest.mark.parametrize("fmt", ["md", "pdf", "docx", "html"])
def test_a_chinese_events_minutes_word_their_counts_and_values_in_chinese(app, fmt):
    """Not only the headings: the sentences with numbers in them ("142 attendees joined"), the item facts, the
    follow-up's tracker line and the colophon are Chinese too, from an English browser."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        chinese = re.sub(r"\s+", " ", text_of(document("Asia/Shanghai", "zh_Hans"), fmt))
        english = re.sub(r"\s+", " ", text_of(document("Asia/Shanghai", "en"), fmt))
    for phrase in WORDED[fmt]:
        assert phrase in english, phrase
        assert phrase not in chinese, phrase
    assert "主讲人" in chinese and "表决" in chinese and "公开追踪" in chinese
