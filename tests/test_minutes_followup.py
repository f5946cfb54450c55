"""The minutes' "Follow-up" section: built from the meeting's own record (services/minutes_followup.py,
exports/followup_section.py) and printed by every format (Markdown, HTML, PDF, DOCX), read back.

Known data (tests/minutes_followup_helpers.py): one question referred to the Parks office and answered
in writing on time with the asker's verdict "partly"; one referred to the Roads office, overdue; one
deferred; one closed with a public reason; one left open."""
import copy
import json

import pytest
from lxml import html as lxml_html
from meeting_helpers import CHINESE_NAME, CHINESE_QUESTION, make_held_meeting
from minutes_followup_helpers import ANSWER, CLOSE_REASON, LEFT_OPEN, NOTE, PARKS, ROADS, add_followups
from minutes_sample import SAMPLE
from readers import docx_text, flat, pdf_text

from townhall.errors import InvalidInput
from townhall.exports import docx, followup_text, html, markdown, pdf
from townhall.extensions import db
from townhall.models import Event, Followup, Question, utcnow
from townhall.services import ledger, minutes, minutes_content, minutes_record, questions
from townhall.services.transaction import use_case

ORIGINAL = "Is there a budget for the river park benches?"
LIBRARY = "Why did the library opening hours get shorter this year?"
SLIDES = "Will the slides be online afterwards?"


@pytest.fixture
def followed(app, organizer, event):
    held = make_held_meeting(app, event, organizer.id, close=False)
    written = add_followups(app, event, organizer.id, held)
    return {"code": event, **written}


def document(app, code, **kwargs) -> dict:
    with app.app_context():
        event_id = db.session.query(Event.id).filter_by(code=code).scalar()
        return minutes_record.document(event_id, **kwargs)


def render_html(app, doc) -> str:
    with app.test_request_context():
        return html.render(doc)


# --- the document ---------------------------------------------------------------------------

def test_every_question_not_answered_in_the_room_is_in_the_section_once(app, followed):
    section = document(app, followed["code"])["followup"]
    assert section["tracker"] == f"http://townhall.test/e/{followed['code']}/followup"
    roads, parks = section["referred"]  # by the due date in force: the Roads office's came due first
    assert (parks["text"], parks["author"], parks["office"], parks["state"]) == (
        CHINESE_QUESTION, None, PARKS, "answered_in_writing")
    assert (parks["note"], parks["answer_text"], parks["feedback"], parks["overdue"]) == (NOTE, ANSWER, "partly", False)
    assert (roads["text"], roads["author"], roads["office"], roads["state"]) == (ORIGINAL, "Jonas", ROADS, "referred")
    assert roads["overdue"] is True and roads["answer_text"] is None and roads["first_due_on"] < roads["due_on"]
    assert [(q["text"], q["author"]) for q in section["deferred"]] == [(LIBRARY, None)]
    assert [(q["text"], q["author"], q["reason"]) for q in section["closed"]] == [(SLIDES, "Jonas", CLOSE_REASON)]
    assert [(q["text"], q["author"], q["state"]) for q in section["not_followed_up"]] == [(LEFT_OPEN, "Ana",
                                                                                          "published")]
    # Answered in the room, merged, hidden, archived: not in the section (the rest of the minutes has them).
    listed = [q["id"] for key in ("referred", "deferred", "closed", "not_followed_up") for q in section[key]]
    assert len(listed) == len(set(listed)) == 5
    assert followed["questions"]["named"] not in listed and followed["questions"]["duplicate"] not in listed


def test_the_figures_are_per_office_and_overall(app, followed):
    figures = document(app, followed["code"])["followup"]["figures"]
    offices = {row["office"]: row for row in figures["offices"]}
    assert set(offices) == {PARKS, ROADS}  # an office with nothing referred has no row
    assert offices[PARKS]["median"] == {"days": 15.0, "more_than_days": None}
    assert offices[ROADS]["median"] == {"days": None, "more_than_days": 20.0}  # still waiting: not zero
    overall = figures["overall"]
    assert (overall["count"], overall["answered"], overall["waiting"]) == (2, 1, 1)
    assert overall["median"] == {"days": 15.0, "more_than_days": None}
    assert overall["p90"] == {"days": None, "more_than_days": 20.0}
    assert overall["on_time"] == {"count": 1, "judged": 2, "share": 0.5}
    assert overall["overdue"] == {"count": 1, "waiting": 1, "share": 1.0}
    assert overall["feedback"]["partly"] == {"count": 1, "share": 1.0} and overall["feedback"]["given"] == 1
    assert followup_text.figure_rows(figures)[-1] == [
        "All offices", "2 (1 answered)", "15 days", "more than 20 days", "50% (1 of 2)", "100% (1 of 1)",
        "Yes 0% · Partly 100% · No 0% (1 given)"]


def test_the_section_has_the_shape_the_archive_checks(app, followed):
    doc = document(app, followed["code"], draft={"version": 1, "status": "final",
                                                 "finalized_at": utcnow().replace(microsecond=0)})
    assert minutes_content.check(doc, "content", version=1) is doc
    bad = copy.deepcopy(doc)
    bad["followup"]["referred"][0]["feedback"] = "maybe"
    with pytest.raises(InvalidInput) as error:
        minutes_content.check(bad, "content", version=1)
    assert error.value.field == "content.followup.referred[0].feedback"
    bad = copy.deepcopy(doc)
    bad["followup"]["figures"]["overall"]["on_time"]["share"] = 1.5
    with pytest.raises(InvalidInput) as error:
        minutes_content.check(bad, "content", version=1)
    assert error.value.field == "content.followup.figures.overall.on_time.share"
    # Minutes marked final before the section existed are still a valid document.
    old = {key: value for key, value in doc.items() if key != "followup"}
    assert minutes_content.check(old, "content", version=1) is old


@use_case
def _answer_late(question_id: int) -> None:
    question = db.session.get(Question, question_id)
    ledger.record(question, "answer_in_writing", actor="office")
    followup = db.session.get(Followup, question_id)
    followup.answer_text, followup.answered_at = "Benches come in spring.", utcnow()


def test_minutes_made_later_show_later_answers_and_the_published_ones_stay_as_published(app, organizer, followed):
    code = followed["code"]
    with app.app_context():
        state = minutes.state(code=code, user_id=organizer.id)
        minutes.finalize(code=code, user_id=organizer.id, base_revision=state["draft"]["revision"])
        final = minutes.state(code=code, user_id=organizer.id)["versions"][-1]["version"]
        minutes.publish(code=code, user_id=organizer.id, version=final)
        _answer_late(followed["questions"]["original"])
        published = minutes.published_document(code=code)
        fresh = minutes.document_for(code=code, user_id=organizer.id)
    assert [f["answer_text"] for f in published["followup"]["referred"]] == [None, ANSWER]
    assert [f["answer_text"] for f in fresh["followup"]["referred"]] == ["Benches come in spring.", ANSWER]
    assert fresh["followup"]["figures"]["overall"]["answered"] == 2


# --- every format, read back -----------------------------------------------------------------

def _section(text: str, start: str, end: str) -> str:
    text = flat(text)
    return text[text.index(start):text.index(end, text.index(start))]


def test_markdown_prints_the_section(app, followed):
    text = markdown.render(document(app, followed["code"]))
    section = text[text.index("## Follow-up"):text.index("## Moderation")]
    tracker = f"<http://townhall.test/e/{followed['code']}/followup>"
    assert f"Public tracker: {tracker}" in section
    commitments = section[section.index("### Commitments"):section.index("### Deferred")]
    assert CHINESE_QUESTION in commitments and "*Note:* We will check the bench budget." in commitments
    assert "| Anonymous | Parks office |" in commitments and "Answered in writing" in commitments
    assert "The asker: partly answered" in commitments and "The budget has 40,000 for benches in 2027." in commitments
    assert "| Jonas | Roads office |" in commitments and "overdue | Waiting for a written answer | — |" in commitments
    assert LIBRARY in section[section.index("### Deferred"):section.index("### Closed without an answer")]
    closed = section[section.index("### Closed without an answer"):section.index("### Not followed up yet")]
    assert f"| {SLIDES} | Jonas | {CLOSE_REASON} |" in closed
    assert f"| {LEFT_OPEN} | Ana | 0 |" in section[section.index("### Not followed up yet"):]
    figures = section[section.index("### Response times"):]
    assert str(followup_text.COUNTING) in figures
    assert ("| Roads office | 1 (0 answered) | more than 20 days | more than 20 days | 0% (0 of 1) | 100% (1 of 1) "
            "| — |") in figures
    assert "| All offices | 2 (1 answered) | 15 days | more than 20 days | 50% (1 of 2) |" in figures


def test_html_prints_the_section_with_a_link_to_the_tracker(app, followed):
    tree = lxml_html.fromstring(render_html(app, document(app, followed["code"])))
    (section,) = tree.xpath('//section[@data-testid="minutes-followup"]')
    (link,) = section.xpath('.//a[@data-testid="minutes-followup-tracker"]')
    assert link.get("href") == f"http://townhall.test/e/{followed['code']}/followup"
    text = flat(section.text_content())
    for expected in ("Commitments", CHINESE_QUESTION, "Anonymous · Parks office", f"Note {NOTE}",
                     f"Written answer {ANSWER}", "The asker: partly answered", "Jonas · Roads office", ", overdue",
                     "Deferred", LIBRARY, "Closed without an answer", f"Reason {CLOSE_REASON}",
                     "Not followed up yet", LEFT_OPEN, str(followup_text.COUNTING)):
        assert expected in text, expected
    rows = [[flat(cell.text_content()) for cell in row.xpath("./th|./td")]
            for row in section.xpath('.//table[contains(@class, "minutes-followup-figures")]/tbody/tr')]
    assert [row[0] for row in rows] == [PARKS, ROADS, "All offices"]
    assert rows[1][2:4] == ["more than 20 days", "more than 20 days"]
    # Between "Unanswered questions" and "Moderation".
    headings = [flat(h.text_content()) for h in tree.xpath("//h2")]
    assert headings.index("Unanswered questions") + 1 == headings.index("Follow-up") == headings.index("Moderation") - 1


def test_pdf_prints_the_section(app, followed):
    text = flat(pdf_text(pdf.render(document(app, followed["code"]))))
    section = text[text.index("Follow-up Public tracker"):text.index("Moderation", text.index("Follow-up Public"))]
    for expected in ("Commitments", "Parks office", "Roads office", "Note: We will check the bench budget.",
                     "Answered in writing", "partly answered", "overdue", "Deferred", LIBRARY[:30],
                     "Closed without an answer", CLOSE_REASON[:30], "Not followed up yet", LEFT_OPEN,
                     "Response times", "All offices", "more than 20 days", "50% (1 of 2)"):
        assert expected in section, expected
    assert "河边公园什么时候开放" in section


def test_docx_prints_the_section(app, followed):
    text = docx_text(docx.render(document(app, followed["code"])))
    section = text[text.index("Follow-up\n"):text.index("Moderation\n")]
    for expected in ("Commitments", CHINESE_QUESTION, "Note: We will check the bench budget.", ANSWER,
                     "The asker: partly answered", "Waiting for a written answer", "overdue", "Deferred", LIBRARY,
                     "Closed without an answer", CLOSE_REASON, "Not followed up yet", LEFT_OPEN,
                     str(followup_text.COUNTING), "All offices", "more than 20 days", "50% (1 of 2)",
                     f"http://townhall.test/e/{followed['code']}/followup"):
        assert expected in section, expected


# --- empty and old -------------------------------------------------------------------------------

def test_a_meeting_with_nothing_to_follow_up_says_so_in_one_line_without_a_table(app, event, organizer):
    doc = document(app, event)
    assert doc["followup"]["referred"] == [] and doc["followup"]["figures"]["overall"]["count"] == 0
    text = markdown.render(doc)
    section = text[text.index("## Follow-up"):text.index("## Moderation")]
    assert str(followup_text.EMPTY) in section and "|" not in section and "###" not in section
    tree = lxml_html.fromstring(render_html(app, doc))
    (part,) = tree.xpath('//section[@data-testid="minutes-followup"]')
    assert not part.xpath(".//table|.//h3") and str(followup_text.EMPTY) in flat(part.text_content())
    printed = flat(pdf_text(pdf.render(doc)))
    assert str(followup_text.EMPTY) in printed and "Response times" not in printed
    written = docx_text(docx.render(doc))
    assert str(followup_text.EMPTY) in written and "Response times" not in written


def test_with_nothing_referred_the_figures_say_so_in_one_line(app, event, make_attendee):
    attendee_id, token = make_attendee(event, "Ana")
    with app.app_context():
        questions.ask(code=event, attendee_id=attendee_id, token=token, text=LEFT_OPEN)
    doc = document(app, event)
    assert [q["text"] for q in doc["followup"]["not_followed_up"]] == [LEFT_OPEN]
    text = markdown.render(doc)
    section = text[text.index("### Response times"):text.index("## Moderation")]
    assert str(followup_text.NO_FIGURES) in section and "|" not in section
    assert str(followup_text.NO_FIGURES) in flat(pdf_text(pdf.render(doc)))
    assert str(followup_text.NO_FIGURES) in docx_text(docx.render(doc))


def test_minutes_frozen_before_the_section_existed_render_without_it(app):
    old = copy.deepcopy(SAMPLE)
    old.pop("followup", None)
    assert "Follow-up" not in markdown.render(old)
    assert 'data-testid="minutes-followup"' not in render_html(app, old)
    assert "Follow-up" not in flat(pdf_text(pdf.render(old)))
    assert "Follow-up" not in docx_text(docx.render(old))


def test_the_published_minutes_page_links_to_the_tracker(app, client, organizer, event):
    make_held_meeting(app, event, organizer.id)
    page = client.get(f"/e/{event}/minutes")
    assert page.status_code == 200
    tree = lxml_html.fromstring(page.get_data(as_text=True))
    (link,) = tree.xpath('//a[@data-testid="followup-tracker-link"]')
    assert link.get("href") == f"/e/{event}/followup"
    assert link.text_content() == "Follow-up: how each question was answered"


def test_the_section_names_no_anonymous_asker(app, followed):
    """王芳 asked the Chinese question anonymously: her name is in no part of the section, in no format."""
    doc = document(app, followed["code"])
    assert CHINESE_NAME not in json.dumps(doc["followup"], ensure_ascii=False)
    text = markdown.render(doc)
    assert CHINESE_NAME not in text[text.index("## Follow-up"):text.index("## Moderation")]
