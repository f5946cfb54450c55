"""The minutes PDF, read back with pypdf: what a clerk publishing it would check."""
import io
import logging
import re
import zlib
from datetime import UTC, datetime

import pytest
from conftest import finish_background_tasks
from docx import Document
from minutes_sample import ANONYMOUS_TAG, SAMPLE, sample_document
from pypdf import PdfReader

from townhall import demo
from townhall.exports import docx, pdf
from townhall.extensions import db
from townhall.models import Attendee, Event, Question
from townhall.services import minutes_record

A4 = (595.28, 841.89)  # points


def read(doc: dict) -> tuple[bytes, PdfReader, list[str]]:
    data = pdf.render(doc)
    reader = PdfReader(io.BytesIO(data))
    return data, reader, [page.extract_text() for page in reader.pages]


def flat(pages: list[str]) -> str:
    """All pages as one string with every run of whitespace as one space."""
    return re.sub(r"\s+", " ", " ".join(pages))


def content(pages: list[str]) -> str:
    """flat() without the running header (pages 2+) and the footer: the text as it flows."""
    bodies = [page.splitlines()[(1 if n else 0):-1] for n, page in enumerate(pages)]
    return flat(["\n".join(lines) for lines in bodies])


def section(text: str, start: str, end: str) -> str:
    begin = text.index(start)
    return text[begin:text.index(end, begin + len(start))]


def empty_meeting() -> dict:
    return sample_document(
        event={"title": "Empty", "code": "AAAA", "place": "", "description": "", "link": "", "starts_at": None,
               "started_at": None, "ended_at": None, "organizers": [], "chair": "", "note_taker": ""},
        attendance={"joined": 0, "peak_connected": 0, "questions": 0, "votes": 0, "ballots": 0},
        summary="", items=[], general=None, unanswered={"next_steps": "", "questions": []},
        moderation={"asked": 0, "published": 0, "pending": 0, "rejected": 0, "hidden": 0, "archived": 0,
                    "merged": 0, "edited": 0, "by_reason": {}, "withheld": None},
        activity={"bucket_minutes": 1, "start": None, "buckets": []}, status="draft", finalized_at=None)


@pytest.fixture(scope="module")
def sample():
    return read(sample_document())


def test_pages_are_a4_and_numbered_page_n_of_total(sample):
    _, reader, pages = sample
    assert len(pages) >= 2
    for number, page in enumerate(reader.pages, start=1):
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)
        assert f"{number} / {len(pages)}" in pages[number - 1]


def test_the_event_title_heads_every_page_after_the_first(sample):
    _, _, pages = sample
    assert pages[0].startswith("MINUTES\nTown hall: the river park 河滨公园")
    for page in pages[1:]:
        assert page.splitlines()[0] == "Town hall: the river park 河滨公园 Minutes · 20 Nov 2026"


def test_title_block_carries_date_place_times_people_and_attendance(sample):
    text = flat(sample[2][:1])
    for expected in ("20 Nov 2026 · Community centre, main hall", "18:02–19:31 UTC (1 h 29 min)",
                     "planned start 18:00 UTC", "Maria Lopez, Chen Wei 陈伟", "Chair Maria Lopez",
                     "Note-taker Sam O'Neil", "142 attendees joined, 118 phones connected at the peak",
                     "9 questions asked, 311 votes on questions, 205 poll ballots cast",
                     "Final minutes, version 2, 20 Nov 2026, 21:00 UTC"):
        assert expected in text


def test_sections_and_agenda_items_come_in_order(sample):
    text = flat(sample[2])
    order = ["Summary", "Agenda", "1. Welcome & purpose", "2. The river park plan 河滨公园计划", "3. Open floor",
             "General", "Unanswered questions", "Moderation", "Activity"]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "planned 30 min · took 41 min (11 min over) · 18:09–18:50 UTC" in text
    assert "planned 20 min · not held" in text


def test_notes_keep_their_line_breaks(sample):
    assert "The chair opened the meeting.\nHouse rules were read." in sample[2][0]


def test_decisions_and_action_items_under_their_item(sample):
    item = section(content(sample[2]), "2. The river park plan", "3. Open floor")
    assert "1. Pilot option B for one year. Vote: 112 for, 30 against, 8 abstain" in item
    assert "Action Owner Due" in item
    assert "Publish the traffic study Planning office 15 Dec 2026" in item
    assert "Set up a 居民 working group Chen Wei No date" in item


def test_answered_questions_under_their_item_and_unanswered_in_their_own_section(sample):
    text = content(sample[2])
    item = section(text, "2. The river park plan", "3. Open floor")
    assert "Question Asked by Votes Answer" in item
    assert "公园什么时候开放？ Anonymous 57 Spring 2027, if the pilot goes ahead." in item
    assert '=HYPERLINK("http://evil") will parking cost <b>more</b>?' in item
    assert "Jonas 31 Answered at 18:40 UTC" in item
    general = section(text, "General", "Unanswered questions")
    assert "Who pays for the upkeep? Ana 12 The city, from the parks budget." in general
    unanswered = section(text, "Unanswered questions", "Moderation")
    assert "The planning office answers in writing within 14 days" in unanswered
    assert "Question Asked by Votes Next step" in unanswered
    assert unanswered.index("Will the bike path connect") < unanswered.index("@SUM(A1:A9) -- what about trees?")
    assert "Agenda: The river park plan 河滨公园计划" in unanswered
    assert "Ravi 8 Discussed at the December meeting." in unanswered
    assert "Will the bike path" not in section(text, "Agenda", "Unanswered questions")


def test_speakers_are_listed_with_their_time(sample):
    text = flat(sample[2])
    assert "Speaker Topic Time Ana Accessibility 1 min 35 s" in text
    assert "Speaker 3 Noise at night 2 min 10 s" in text


def test_poll_results_show_labels_and_counts(sample):
    text = content(sample[2])
    assert "Which option do you prefer? Single choice · closed 18:23 UTC 120 ballots" in text
    assert "Option A 30 (25%) Option B 方案 78 (65%) Option C 12 (10%)" in text
    assert "Average 3.9 of 5 1 2 2 5 3 10 4 25 5 18" in text
    assert "Most frequent words trees 9 安静 4 Answers • trees • more trees • 安静" in text


def test_a_suppressed_confidential_poll_shows_no_numbers(sample):
    poll = section(content(sample[2]), "Should the council sell the lot?", "3. Open floor")
    assert poll.strip() == ("Should the council sell the lot? Yes / no · confidential · closed 18:48 UTC "
                            "3 ballots: too few to show results of a confidential poll")


def test_chinese_text_extracts_as_written(sample):
    text = re.sub(r"\s+", "", "".join(sample[2]))  # a line may break between two ideographs
    for chinese in ("公园什么时候开放", "河滨公园计划", "自行车道", "陈伟", "安静"):
        assert chinese in text


def test_charts_are_vector_graphics_with_text_labels(sample):
    data, reader, pages = sample
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        assert not any(xobject.get_object().get("/Subtype") == "/Image" for xobject in xobjects.values())
    assert b"/Subtype /Image" not in data
    text = flat(pages)
    assert "Questions asked per minute" in text and "Votes cast per minute" in text
    assert "18:10 18:20 18:30 18:40 18:50 Times in UTC." in text


def test_metadata_title_and_creation_date_and_small_subset_fonts(sample):
    data, reader, _ = sample
    assert reader.metadata.title == "Minutes: Town hall: the river park 河滨公园"
    assert reader.metadata.creation_date == datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
    assert len(data) < 150_000  # the 4 MB CJK font is subset to the characters used


def _streams(data: bytes) -> list[bytes]:
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            out.append(match.group(1))
    return out


def test_nothing_that_identifies_an_anonymous_asker_reaches_the_file():
    doc = sample_document()
    # Fields a careless builder might add: a renderer prints only what the contract names.
    for q in doc["items"][1]["answered"] + doc["unanswered"]["questions"]:
        q.update(author_tag=ANONYMOUS_TAG, token=ANONYMOUS_TAG, attendee_id=ANONYMOUS_TAG)
    doc["event"]["token"] = ANONYMOUS_TAG
    data, _, pages = read(doc)
    assert ANONYMOUS_TAG.encode() not in data
    assert not any(ANONYMOUS_TAG.encode() in stream for stream in _streams(data))
    assert ANONYMOUS_TAG not in " ".join(pages)
    assert "Anonymous 57" in flat(pages)


def test_an_empty_meeting_with_null_times_renders_plainly():
    _, reader, pages = read(empty_meeting())
    text = flat(pages)
    assert "DRAFT MINUTES (NOT FINAL)" in text
    assert "Not started in Townhall" in text
    assert "The meeting had no agenda items." in text
    assert "No published question was left unanswered." in text
    assert "No questions or votes were recorded during the meeting." in text
    assert f"1 / {len(reader.pages)}" in text


def test_null_times_and_odd_values_do_not_break_rendering():
    doc = sample_document()
    item = doc["items"][1]
    item.update(started_at=None, ended_at=None, planned_minutes=None)
    item["answered"][0].update(answered_at=None, answer_text=None, votes=None)
    item["polls"][0].update(closed_at=None, bars=[{"label": "x", "value": None, "text": ""}])
    doc["event"].update(ended_at=None)
    doc["activity"]["buckets"][0]["at"] = None
    text = flat(read(doc)[2])
    assert "18:02 UTC, end not recorded" in text
    assert "公园什么时候开放？ Anonymous 0 Answered" in text


def test_huge_texts_and_unbroken_words_wrap_across_pages_without_loss():
    doc = sample_document()
    doc["items"][0]["notes"] = "Ж" * 20_000  # one word, longer than many pages of lines
    doc["unanswered"]["questions"][0]["text"] = "https://example.org/" + "Щ" * 6_000
    doc["summary"] = "word " * 5_000
    _, reader, pages = read(doc)
    text = "".join(pages)
    assert text.count("Ж") == 20_000
    assert text.count("Щ") == 6_000
    assert len(reader.pages) > 8
    assert all(f"{n} / {len(pages)}" in page for n, page in enumerate(pages, start=1))


def test_many_questions_repeat_the_table_header_on_every_page():
    questions = [{**SAMPLE["unanswered"]["questions"][1], "id": n, "text": f"Question number {n} about the park?",
                  "votes": 500 - n} for n in range(300)]
    _, _, pages = read(sample_document(unanswered={"next_steps": "Later.", "questions": questions}))
    table_pages = [page for page in pages if "Question number" in page]
    assert len(table_pages) > 3
    assert all("Question Asked by Votes Next step" in page for page in table_pages)
    text = flat(pages)
    assert text.index("Question number 0 ") < text.index("Question number 150 ") < text.index("Question number 299 ")


def test_item_headings_never_sit_alone_at_the_bottom_of_a_page():
    items = [{**SAMPLE["items"][0], "id": n, "position": n, "title": f"Item {n}", "speakers": [],
              "notes": "\n".join(f"Line {k} of the notes." for k in range(n % 17 + 1))} for n in range(1, 41)]
    _, _, pages = read(sample_document(items=items))
    for page in pages:
        body = [line for line in page.splitlines() if not line.startswith(("Final minutes", "Town hall:"))]
        assert not re.match(r"\d+\. Item \d+$", body[-1]), body[-3:]
        assert not body[-1].startswith("Presenter:"), body[-3:]


def test_no_heading_ends_a_page_wherever_the_page_breaks_fall():
    headings = ("Summary", "Agenda", "General", "Unanswered questions", "Moderation", "Activity", "Decisions",
                "Action items", "Questions answered", "Speakers", "Polls")
    for lines in range(12, 40, 4):  # a longer summary moves every later page break
        pages = read(sample_document(summary="\n".join(f"Summary line {k}." for k in range(lines))))[2]
        for n, page in enumerate(pages):
            last = page.splitlines()[(1 if n else 0):-1][-1]
            assert last not in headings, (lines, n, last)
            assert not re.match(r"\d\. (Welcome|The river park plan|Open floor)|Presenter:", last), (lines, n, last)


def test_emoji_and_right_to_left_text_render_without_warnings(caplog):
    doc = sample_document(summary="Great evening 🎉👍🏽 family 👨‍👩‍👧 done ✓ שלום עולם مرحبا \x07 \ue000nb\ue000")
    doc["event"]["title"] = "Town hall 🌳 park"
    doc["items"][1]["answered"][0]["text"] = "🚲 lanes?"
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        text = flat(read(doc)[2])
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "Great evening \ufffd family \ufffd done ✓" in text
    assert "Town hall \ufffd park" in text
    assert "\ufffd lanes?" in text
    assert "\ue000" not in text and "nb" in text  # a private-use character is dropped, never a page count
    assert "ש" in text and "م" in text


def test_the_finished_demo_meeting_reads_back_from_pdf_and_docx(app, background_tasks):
    with app.app_context():
        code = demo.create_finished_demo()["code"]
        event_id = db.session.query(Event.id).filter_by(code=code).scalar()
    finish_background_tasks(background_tasks)
    with app.app_context():
        doc = minutes_record.document(event_id)
        secrets = {tag for (tag,) in db.session.query(Question.author_tag).filter_by(event_id=event_id) if tag}
        secrets |= {token for (token,) in db.session.query(Attendee.token_hash).filter_by(event_id=event_id)}
    assert doc["items"] and secrets

    data, _, pages = read(doc)
    text = content(pages)
    assert [item["position"] for item in doc["items"]][0] == 0  # items are numbered from 1 all the same
    headings = [f"{n}. {item['title']}" for n, item in enumerate(doc["items"], start=1)]
    positions = [text.index(flat([heading])) for heading in headings]
    assert positions == sorted(positions)
    assert positions[-1] < text.index("Unanswered questions") < text.index("Moderation")
    for q in doc["unanswered"]["questions"][:3]:
        assert flat([q["text"]]) in section(text, "Unanswered questions", "Moderation")

    word = Document(io.BytesIO(docx.render(doc)))
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 2"] == headings
    charts = sum(1 for item in doc["items"] + [doc["general"] or {"polls": []}] for poll in item["polls"]
                 if poll["bars"] and not poll["suppressed"])
    assert len(word.inline_shapes) == charts + 1  # and the activity chart

    streams = [data, *_streams(data)]
    for secret in secrets:
        assert not any(secret.encode() in stream for stream in streams)


def test_chinese_in_bold_headings_is_drawn_in_a_bold_face(sample):
    """The title (bold) has 河滨公园: its glyphs come from Noto Sans SC Bold, not the regular face drawn
    heavier or the one-weight fallback; body text in Chinese from Noto Sans SC regular."""
    _data, reader, _pages = sample
    fonts = {str(font.get_object()["/BaseFont"]).split("+")[-1]
             for page in reader.pages for font in (page["/Resources"].get("/Font") or {}).values()}
    assert {"NotoSansCJKSCBold", "NotoSansCJKSC"} <= fonts
