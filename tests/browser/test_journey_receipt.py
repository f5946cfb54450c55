"""The asker's receipt in the browser: a phone asks anonymously, the question is answered in writing weeks
later (here: at once, through tests/receipt_helpers.py), the phone is told, opens "My questions and
answers", reads the answer and says it answered the question partly, with a comment; the page never names
the asker, and the verdict is given once."""
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect
from receipt_helpers import answer_in_writing

from .helpers import ask, join

pytestmark = pytest.mark.browser
QUESTION = "When will the river path get lights?"
ANSWER = "The lights go up along the whole path in March; the council approved the budget on 2 December."


def copy_to_tmp(path: Path) -> None:
    target = Path("/tmp/receipt")
    target.mkdir(exist_ok=True)
    shutil.copy(path, target / path.name)


def test_an_anonymous_asker_reads_the_written_answer_and_says_partly(people, seed, live_server, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="River park town hall", allow_anonymous=True)
    phone = join(people.phone("asker"), code, name="Pia Lindqvist")
    ask(phone, QUESTION, anonymous=True)
    mine = phone.locator('[data-testid="question-card"][data-mine="true"]')
    expect(mine).to_have_count(1)
    question_id = int(mine.get_attribute("data-question-id"))
    neighbour = join(people.phone("neighbour"), code, name="Noa")

    answer_in_writing(live_server.app, question_id, ANSWER, user_id=organizer.id)
    notice = phone.get_by_test_id("followup-notice")
    expect(notice).to_be_visible()
    expect(notice).to_have_text("Your question got a written answer — read it")
    expect(neighbour.get_by_test_id("followup-notice")).to_be_hidden()  # not theirs
    copy_to_tmp(shoot(phone, "phone-told-of-written-answer"))

    phone.get_by_test_id("my-questions-link").click()
    phone.wait_for_url(f"**/e/{code}/mine")
    [listed] = phone.get_by_test_id("my-question").all()
    expect(listed).to_contain_text(QUESTION)
    expect(listed.get_by_test_id("my-question-status")).to_have_text("Answered in writing")
    expect(listed.get_by_test_id("my-question-answer")).to_contain_text(ANSWER)
    expect(listed).to_contain_text("Asked anonymously")
    body = phone.locator("body")
    for hidden in ("Pia", "Lindqvist", "Olga", "Organizer"):
        expect(body).not_to_contain_text(hidden)
    link = phone.get_by_test_id("receipt-link").input_value()
    assert f"/e/{code}/receipt/" in link
    phone.get_by_test_id("receipt-copy").click()
    expect(phone.get_by_test_id("receipt-copied")).to_be_visible()
    listed.get_by_test_id("my-question-history").locator("summary").click()
    expect(listed.get_by_test_id("my-question-history")).to_contain_text("Answered in writing by Office (Planning)")
    copy_to_tmp(shoot(phone, "receipt-before-verdict", full_page=True))

    listed.get_by_test_id("verdict-submit").click()
    expect(listed.get_by_test_id("verdict-error")).to_have_text("Choose yes, partly or no.")
    listed.get_by_test_id("verdict-choice-partly").check()
    listed.get_by_test_id("verdict-text").fill("When in March? The path is dark from 5 pm.")
    listed.get_by_test_id("verdict-submit").click()
    verdict = listed.get_by_test_id("my-question-verdict")
    expect(verdict).to_be_visible()
    expect(verdict).to_contain_text("You said: Partly")
    expect(verdict).to_contain_text("When in March? The path is dark from 5 pm.")
    expect(listed.get_by_test_id("verdict-form")).to_have_count(0)
    copy_to_tmp(shoot(phone, "receipt-after-verdict", full_page=True))

    # The kept link, in another browser: the same receipt, the verdict given once already.
    elsewhere = people.phone("elsewhere")
    elsewhere.goto(link)
    expect(elsewhere.get_by_test_id("my-question")).to_contain_text(ANSWER)
    expect(elsewhere.get_by_test_id("my-question-verdict")).to_contain_text("Partly")
    expect(elsewhere.get_by_test_id("verdict-form")).to_have_count(0)
    # A guessed link shows nothing.
    response = elsewhere.goto(f"/e/{code}/receipt/{'x' * 32}")
    assert response.status == 404
    expect(elsewhere.get_by_test_id("error-page")).to_be_visible()
    # A phone that never joined gets a friendly page.
    stranger = people.phone("stranger")
    stranger.goto(f"/e/{code}/mine")
    expect(stranger.get_by_test_id("receipt-none")).to_be_visible()
    copy_to_tmp(shoot(stranger, "receipt-never-joined"))
