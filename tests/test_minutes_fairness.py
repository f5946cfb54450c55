"""The minutes' "Fairness of the queue" section, read back from the files a person downloads: PDF and DOCX
with real readers, Markdown and HTML as text. A question hidden after it was passed over is not named."""
import pytest
from helpers import api
from readers import docx_text, flat, pdf_text

from townhall.extensions import db
from townhall.models import Question
from townhall.services import events

POOL = "Will the pool reopen in May?"
BUS = "Why was the bus line cut?"
BENCHES = "Can we get more benches?"
SUMMARY = "A higher-voted question that was waiting was passed over 2 times, out of 3 questions put on the floor."


@pytest.fixture
def held(app, join, moderator, make_event, organizer):
    code = make_event(organizer.id, allow_anonymous=True)
    ann, _ = join(code, name="Ann")
    bob, _ = join(code, name="Bob")
    cat, _ = join(code, name="Cat")

    def ask(client, text, **fields):
        response = api(client, "POST", f"/api/events/{code}/questions", {"text": text, **fields})
        return response.get_json()["question"]["id"]

    pool, bus, benches = ask(ann, POOL), ask(bob, BUS, anonymous=True), ask(cat, BENCHES)
    with app.app_context():
        for qid, votes in ((pool, 6), (bus, 4), (benches, 1)):
            db.session.get(Question, qid).vote_count = votes
        db.session.commit()

    def act(qid, action, body=None):
        response = api(moderator, "POST", f"/api/events/{code}/questions/{qid}/{action}", body)
        assert response.status_code == 200, response.get_data(as_text=True)

    act(benches, "answering", {"skip_reason": "Time-sensitive"})
    act(benches, "answered")
    act(bus, "answering")
    act(bus, "answered")
    act(pool, "answering")
    act(pool, "hide", {"reason": "off_topic"})  # hidden since: the minutes do not name it
    return code


def export(moderator, code, fmt):
    response = moderator.get(f"/api/events/{code}/minutes/export.{fmt}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.data


def test_the_pdf_carries_the_section(held, moderator):
    text = flat(pdf_text(export(moderator, held, "pdf")))
    section = text[text.index("Fairness of the queue"):]
    assert SUMMARY in section
    assert f"{BENCHES} (1 vote) (a question hidden since) (6 votes), and 1 more Time-sensitive" in section
    assert f"{BUS} (4 votes) (a question hidden since) (6 votes) no reason given" in section
    assert "Named askers 1 1 of 1 (100%) Anonymous askers 1 1 of 1 (100%)" in section
    assert "First-time askers 2 2 of 2 (100%) Repeat askers 0 —" in section
    assert "No item 2 2" in section
    assert POOL not in text


def test_the_docx_carries_the_section(held, moderator):
    text = docx_text(export(moderator, held, "docx"))
    section = text[text.index("Fairness of the queue"):]
    lines = section.split("\n")
    assert SUMMARY in lines
    start = lines.index("Reason") + 1  # the skips' rows: when, chosen, passed over, reason
    rows = [lines[start + 4 * n:start + 4 * n + 4] for n in range(2)]
    assert [row[1:] for row in rows] == [
        [f"{BENCHES} (1 vote)", "(a question hidden since) (6 votes), and 1 more", "Time-sensitive"],
        [f"{BUS} (4 votes)", "(a question hidden since) (6 votes)", "no reason given"]]
    assert all(row[0].endswith("UTC") for row in rows)
    assert ["Anonymous askers", "1", "1 of 1 (100%)"] == lines[lines.index("Anonymous askers"):
                                                              lines.index("Anonymous askers") + 3]
    assert ["Repeat askers", "0", "—"] == lines[lines.index("Repeat askers"):lines.index("Repeat askers") + 3]
    assert ["No item", "2", "2"] == lines[lines.index("No item"):lines.index("No item") + 3]
    assert POOL not in text


def test_markdown_and_html_carry_the_section(held, moderator):
    md = export(moderator, held, "md").decode()
    assert "## Fairness of the queue" in md and SUMMARY in md
    assert f"| {BENCHES} (1 vote) | (a question hidden since) (6 votes), and 1 more | Time-sensitive |" in md
    assert "| Named askers | 1 | 1 of 1 (100%) |" in md
    html = export(moderator, held, "html").decode()
    assert 'data-testid="minutes-fairness"' in html and "no reason given" in html
    assert POOL not in md and POOL not in html


def test_a_chinese_meetings_section_names_the_questions_without_an_item_in_chinese(app, held, moderator, organizer):
    """The figures are worded in the event's language, whoever exports them (this moderator reads English)."""
    with app.app_context():
        events.update_event(code=held, user_id=organizer.id, language="zh_Hans")
    md = export(moderator, held, "md").decode()
    assert "| 无议程项 | 2 | 2 |" in md
    assert "No item" not in md
