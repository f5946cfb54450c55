"""The minutes DOCX, opened with python-docx: real headings, tables, chart images, page numbers."""
import io
import zipfile
from datetime import UTC, datetime

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table
from docx.text.paragraph import Paragraph
from minutes_sample import ANONYMOUS_TAG, sample_document
from PIL import Image
from test_minutes_pdf import empty_meeting

from townhall.exports import chart_png, docx


def open_docx(doc: dict):
    data = docx.render(doc)
    return data, Document(io.BytesIO(data))


def blocks(document) -> list:
    """The body in reading order: paragraphs and tables."""
    out = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append(Paragraph(child, document))
        elif child.tag == qn("w:tbl"):
            out.append(Table(child, document))
    return out


def rows(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def between(document, start: str, end: str | None) -> list:
    """The blocks after the paragraph whose text is `start`, up to the one whose text is `end`."""
    body = blocks(document)
    texts = [b.text if isinstance(b, Paragraph) else None for b in body]
    first = texts.index(start)
    last = texts.index(end, first) if end else len(body)
    return body[first + 1:last]


def headings(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


@pytest.fixture(scope="module")
def sample():
    return open_docx(sample_document())


def test_page_is_a4_with_page_number_fields_in_the_footer(sample):
    _, document = sample
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01) and abs(section.page_height - Cm(29.7)) < Cm(0.01)
    for footer in (section.footer, section.first_page_footer):
        xml = footer._element.xml
        assert 'w:instr="PAGE"' in xml and 'w:instr="NUMPAGES"' in xml
        assert " / " in footer.paragraphs[0].text  # page / pages, both Word fields
    assert section.header.paragraphs[0].text == "Town hall: the river park 河滨公园 · 20 Nov 2026"


def test_headings_use_word_heading_styles_in_agenda_order(sample):
    _, document = sample
    assert headings(document, "Title") == ["Town hall: the river park 河滨公园"]
    assert headings(document, "Heading 1") == ["Summary", "Agenda", "General", "Unanswered questions", "Follow-up",
                                               "Moderation", "Fairness of the queue", "Activity"]
    assert headings(document, "Heading 2") == ["1. Welcome & purpose", "2. The river park plan 河滨公园计划",
                                               "3. Open floor"]
    assert {"Decisions", "Action items", "Questions answered", "Speakers", "Polls"} <= set(headings(document,
                                                                                                  "Heading 3"))
    assert headings(document, "Heading 4") == ["Which option do you prefer?", "Rate the presentation",
                                               "Should the council sell the lot?", "One word for the park?"]


def test_header_block_is_a_table_of_labels_and_values(sample):
    _, document = sample
    block = dict((label, value) for label, value in rows(document.tables[0]))
    assert block["Organizers"] == "Maria Lopez, Chen Wei 陈伟"
    assert block["Chair"] == "Maria Lopez" and block["Note-taker"] == "Sam O'Neil"
    assert block["Time"] == "18:02–19:31 UTC (1 h 29 min), planned start 18:00 UTC"
    assert block["Attendance"] == "142 attendees joined, 118 phones connected at the peak"
    assert block["Participation"] == "9 questions asked, 311 votes on questions, 205 poll ballots cast"


def test_notes_keep_line_breaks_and_decisions_are_a_numbered_list(sample):
    _, document = sample
    item = between(document, "1. Welcome & purpose", "2. The river park plan 河滨公园计划")
    assert "The chair opened the meeting.\nHouse rules were read." in [b.text for b in item if isinstance(b, Paragraph)]
    decisions = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in decisions] == ["Pilot option B for one year.\nVote: 112 for, 30 against, 8 abstain"]


def test_action_items_are_a_table_with_a_header_row(sample):
    _, document = sample
    tables = [b for b in between(document, "2. The river park plan 河滨公园计划", "3. Open floor")
              if isinstance(b, Table)]
    actions = next(t for t in tables if rows(t)[0] == ["Action", "Owner", "Due"])
    assert rows(actions)[1:] == [["Publish the traffic study", "Planning office", "15 Dec 2026"],
                                 ["Set up a 居民 working group", "Chen Wei", "No date"]]
    assert actions.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on every page


def test_answered_questions_under_their_item_unanswered_in_their_section(sample):
    _, document = sample
    item_tables = [rows(b) for b in between(document, "2. The river park plan 河滨公园计划", "3. Open floor")
                   if isinstance(b, Table)]
    answered = next(t for t in item_tables if t[0] == ["Question", "Asked by", "Votes", "Answer"])
    assert answered[1] == ["公园什么时候开放？", "Anonymous", "57", "Spring 2027, if the pilot goes ahead."]
    assert answered[2] == ['=HYPERLINK("http://evil") will parking cost <b>more</b>?', "Jonas", "31",
                           "Answered at 18:40 UTC"]
    general = [rows(b) for b in between(document, "General", "Unanswered questions") if isinstance(b, Table)]
    assert ["Who pays for the upkeep?", "Ana", "12", "The city, from the parks budget."] in general[0]
    unanswered = [b for b in between(document, "Unanswered questions", "Moderation")]
    assert unanswered[0].text.startswith("The planning office answers in writing")
    table = rows(next(b for b in unanswered if isinstance(b, Table)))
    assert table == [["Question", "Asked by", "Votes", "Next step"],
                     ["Will the bike path connect to the station? 自行车道\nAgenda: The river park plan 河滨公园计划",
                      "Anonymous", "44", "As above"],
                     ["@SUM(A1:A9) -- what about trees?", "Ravi", "8", "Discussed at the December meeting."]]


def test_poll_results_are_tables_with_a_chart_image(sample):
    _, document = sample
    poll = between(document, "Which option do you prefer?", "Rate the presentation")
    assert [p.text for p in poll if isinstance(p, Paragraph) and p.text][:2] == [
        "Single choice · closed 18:23 UTC", "120 ballots"]
    table = rows(next(b for b in poll if isinstance(b, Table)))
    assert table == [["Option", "Result"], ["Option A", "30 (25%)"], ["Option B 方案", "78 (65%)"],
                     ["Option C", "12 (10%)"]]
    assert any(b._p.xpath(".//pic:pic") for b in poll if isinstance(b, Paragraph))
    words = rows(next(b for b in between(document, "One word for the park?", "General") if isinstance(b, Table)))
    assert words == [["Word", "Result"], ["trees", "9"], ["安静", "4"]]
    answers = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert answers == ["trees", "more trees", "安静"]


def test_a_suppressed_confidential_poll_shows_no_numbers_table_or_chart(sample):
    _, document = sample
    poll = between(document, "Should the council sell the lot?", "3. Open floor")
    assert not any(isinstance(b, Table) for b in poll)
    assert not any(b._p.xpath(".//pic:pic") for b in poll)
    assert [b.text for b in poll if b.text] == ["Yes / no · confidential · closed 18:48 UTC",
                                                "3 ballots: too few to show results of a confidential poll"]


def test_charts_are_print_resolution_png_images(sample):
    data, document = sample
    assert len(document.inline_shapes) == 4  # three polls with bars, and the activity chart
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        images = [archive.read(name) for name in archive.namelist() if name.startswith("word/media/")]
    assert len(images) == 4
    for image in images:
        with Image.open(io.BytesIO(image)) as png:
            assert png.format == "PNG"
            assert png.info["dpi"][0] == pytest.approx(300, abs=1)
            assert png.width >= 1800
        assert len(image) < 60_000
    activity = between(document, "Activity", None)
    assert activity[0]._p.xpath(".//pic:pic")


def test_chinese_has_an_east_asian_font_and_reads_back(sample):
    _, document = sample
    for name in ("Normal", "Heading 1", "Title"):
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia"))
        assert fonts.get(qn("w:eastAsiaTheme")) is None
    cells = " ".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "公园什么时候开放" in cells
    assert "河滨公园计划" in " ".join(p.text for p in document.paragraphs)


def test_core_properties_name_the_meeting_and_its_date(sample):
    _, document = sample
    props = document.core_properties
    assert props.title == "Minutes: Town hall: the river park 河滨公园"
    assert props.created == datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
    assert "python-docx" not in (props.author + props.comments + props.last_modified_by)


def test_nothing_that_identifies_an_anonymous_asker_reaches_the_file():
    doc = sample_document()
    for q in doc["items"][1]["answered"] + doc["unanswered"]["questions"]:
        q.update(author_tag=ANONYMOUS_TAG, token=ANONYMOUS_TAG, attendee_id=ANONYMOUS_TAG)
    doc["event"]["token"] = ANONYMOUS_TAG
    data, _ = open_docx(doc)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            assert ANONYMOUS_TAG.encode() not in archive.read(name), name


def test_an_empty_meeting_renders_plainly():
    _, document = open_docx(empty_meeting())
    text = [p.text for p in document.paragraphs]
    assert "DRAFT MINUTES (NOT FINAL)" in text
    assert "The meeting had no agenda items." in text
    assert "No published question was left unanswered." in text
    assert "No questions or votes were recorded during the meeting." in text
    assert len(document.inline_shapes) == 0
    assert dict(rows(document.tables[0]))["Time"] == "Not started in Townhall"


def test_huge_text_emoji_control_characters_and_null_times():
    doc = sample_document(summary="Great evening 🎉👍🏽 שלום مرحبا \x07bell \ud800 " + "long " * 20_000)
    doc["items"][0]["notes"] = "Ж" * 30_000
    doc["event"]["title"] = "A very long title " * 100
    item = doc["items"][1]
    item.update(started_at=None, ended_at=None)
    item["answered"][0].update(answered_at=None, answer_text=None)
    item["polls"][0]["closed_at"] = None
    doc["activity"]["buckets"][0]["at"] = None
    _, document = open_docx(doc)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Great evening 🎉👍🏽 שלום مرحبا bell" in text
    assert "Ж" * 30_000 in text
    answered = next(rows(t) for t in document.tables if rows(t)[0][-1] == "Answer")
    assert answered[1][-1] == "Answered"
    assert headings(document, "Title") == [doc["event"]["title"]]
    assert len(document.core_properties.title) == 255  # the format's limit


def test_each_items_decisions_are_numbered_from_one():
    doc = sample_document()
    doc["items"][0]["decisions"] = [{"text": "Adopt the house rules.", "vote_result": ""},
                                    {"text": "Record the meeting.", "vote_result": None}]
    _, document = open_docx(doc)
    decisions = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text.split("\n")[0] for p in decisions] == ["Adopt the house rules.", "Record the meeting.",
                                                          "Pilot option B for one year."]
    numbering = document.part.numbering_part.element
    first_ids = [decisions[0]._p.pPr.numPr.numId.val, decisions[2]._p.pPr.numPr.numId.val]
    assert first_ids[0] != first_ids[1]
    for num_id in first_ids:
        start = numbering.num_having_numId(num_id).xpath("./w:lvlOverride/w:startOverride/@w:val")
        assert start == ["1"]


def test_chart_labels_draw_latin_with_dejavu_and_chinese_with_the_fallback_font():
    fonts = [(font.getname()[0], text) for font, text in chart_png.runs("Option B 方案", 30)]
    assert fonts == [("DejaVu Sans", "Option B "), ("Droid Sans Fallback", "方案")]
    assert chart_png.bars_png([]) is None and chart_png.activity_png({"buckets": []}) is None
