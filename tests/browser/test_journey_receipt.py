"""The asker's receipt in the browser: a phone asks anonymously, the question is answered in writing weeks
later (here: at once, through tests/receipt_helpers.py), the phone is told, opens "My questions and
answers", reads the answer and says it answered the question partly, with a comment; the page never names
the asker, and the verdict is given once."""
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect
from receipt_helpers import answer_in_writing

from .conftest import PHONE, Seed
from .helpers import TIMEOUT, ask, join
from .test_headers_over_https import https_server as over_https

pytestmark = pytest.mark.browser
https_server = over_https  # the fixture: the app over HTTPS
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
    copy_to_tmp(shoot(phone, "phone-whole-page", full_page=True))

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


def test_over_https_the_verdict_passes_the_csrf_check_and_no_request_carries_the_key(browser, https_server):
    """The receipt page sends no Referer (its address may hold the key); its verdict posts send only our origin,
    which is what the CSRF check over HTTPS wants."""
    seed = Seed(https_server.app)
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Library hours town hall")
    contexts = [browser.new_context(base_url=str(https_server), ignore_https_errors=True, **PHONE) for _ in range(2)]
    try:
        phone, elsewhere = (context.new_page() for context in contexts)
        referers, errors = [], []
        for page in (phone, elsewhere):
            page.set_default_timeout(TIMEOUT)
            page.on("request", lambda request: referers.append((request.url, request.headers.get("referer"))))
            page.on("pageerror", lambda exc: errors.append(str(exc)))
        join(phone, code, name="Pat")
        ask(phone, "Can the library stay open until nine?")
        ask(phone, "Can we borrow e-books?")
        ids = sorted(int(i) for i in phone.locator('[data-testid="question-card"]').evaluate_all(
            "cards => cards.map(c => c.dataset.questionId)"))
        for question_id in ids:
            answer_in_writing(https_server.app, question_id, "Yes, from January.")
        phone.goto(f"/e/{code}/mine")
        key = phone.get_by_test_id("receipt-link").input_value().rsplit("/", 1)[1]
        first = phone.locator(f'[data-testid="my-question"][data-question-id="{ids[0]}"]')
        first.get_by_test_id("verdict-choice-yes").check()
        first.get_by_test_id("verdict-submit").click()
        expect(first.get_by_test_id("my-question-verdict")).to_contain_text("You said: Yes")

        elsewhere.goto(f"/e/{code}/receipt/{key}")
        second = elsewhere.locator(f'[data-testid="my-question"][data-question-id="{ids[1]}"]')
        second.get_by_test_id("verdict-choice-no").check()
        second.get_by_test_id("verdict-submit").click()
        expect(second.get_by_test_id("my-question-verdict")).to_contain_text("You said: No, it did not")

        assert errors == [], errors
        assert all(key not in (referer or "") for _url, referer in referers), referers
        posts = [referer for url, referer in referers if url.endswith("/feedback")]
        assert posts == [f"{https_server}/", f"{https_server}/"], posts
    finally:
        for context in contexts:
            context.close()
