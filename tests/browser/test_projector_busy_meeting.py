"""The projector in a busy meeting, read from the back row at 1920x1080 and 1280x720: the agenda item, the
speaker, the question being answered and an open poll at once, every text at the longest the app takes
(questions, names, agenda titles, poll options) and numbers as wide as they get (4-digit votes, 100 % of 100
ballots). The question being answered is the biggest text on screen, a few top questions keep their room,
and nothing is cut off or runs out of its box."""
import pytest
from playwright.sync_api import expect

from townhall.extensions import db
from townhall.models.questions import Question
from townhall.services import agenda, polls, questions, speakers
from townhall.services.poll_input import OPTION_MAX_LENGTH
from townhall.services.speakers import TOPIC_MAX_LENGTH

from .helpers import wait_live

pytestmark = pytest.mark.browser

SIZES = [pytest.param({"width": 1920, "height": 1080}, id="1920x1080"),
         pytest.param({"width": 1280, "height": 720}, id="1280x720")]


def long_text(start, length):
    """`start`, then ordinary words up to exactly `length` characters."""
    words = (" and what will the council do about the footbridge, the library hours, the bus stops and"
             " the new bike lanes on Riverside Avenue before next winter")
    text = start
    while len(text) < length:
        text += words
    return text[:length - 1].rstrip() + "?"


def busy_meeting(seed, *, ballots=100, poll=True, kind="single", options=3, answer=lambda n: {"choice": 0}):
    """An event in full swing, every text at its longest: returns (code, answering question id)."""
    app = seed.app
    limit, name_limit = app.config["QUESTION_MAX_LENGTH"], app.config["NAME_MAX_LENGTH"]
    organizer = seed.organizer()
    code = seed.event(organizer.id, title=long_text("Town hall of the Riverside and Harbour districts", 200))
    with app.app_context():
        agenda.add_item(code=code, user_id=organizer.id, title=long_text("Budget 2027: the parks", 200),
                        planned_minutes=30, presenter=("Treasurer " + "Wolfeschlegelsteinhausen" * 5)[:120])
        agenda.run(code=code, user_id=organizer.id, action="start")
        speakers.add(code=code, user_id=organizer.id, name="Maximiliane " + "W" * (name_limit - 12),
                     topic=long_text("The footbridge", TOPIC_MAX_LENGTH))
        speakers.moderate(code=code, user_id=organizer.id, action="next")
        speakers.add(code=code, user_id=organizer.id, name="Bartholomew " + "Q" * (name_limit - 12),
                     topic=long_text("Bus stops", TOPIC_MAX_LENGTH))
    ids = []
    for n in range(8):
        asker = seed.attendee(code, name=f"Alexandra-Konstantina {n} " + "M" * (name_limit - 25))
        ids.append(seed.question(code, long_text(f"Question {n + 1}: when", limit), asker=asker))
    with app.app_context():
        for n, question_id in enumerate(ids):
            db.session.get(Question, question_id).vote_count = 9999 - n * 1111
        db.session.commit()
        questions.moderate(code=code, user_id=organizer.id, question_id=ids[0], action="answering")
    if not poll:
        return code, ids[0]
    with app.app_context():
        texts = [long_text(f"Option {n + 1}: rebuild", OPTION_MAX_LENGTH) for n in range(options)]
        poll = polls.create(code=code, user_id=organizer.id, kind=kind, question=long_text("Which footbridge", 300),
                            **({"options": texts} if kind in ("single", "multiple", "ranking") else {}))
        poll_id = poll.get("poll", poll)["id"]
        polls.open_poll(code=code, user_id=organizer.id, poll_id=poll_id)
    for n in range(ballots):
        attendee_id, token = seed.attendee(code)
        with app.app_context():
            polls.vote(code=code, attendee_id=attendee_id, token=token, poll_id=poll_id, answer=answer(n))
    return code, ids[0]


def fully_visible(locator):
    """The element's box lies inside the screen and inside every box around it that cuts off what overflows."""
    return locator.evaluate("""el => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) return false;
        for (let box = el.parentElement; box; box = box.parentElement) {
            const style = getComputedStyle(box);
            if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
            const b = box.getBoundingClientRect();
            if (r.left < b.left - 0.5 || r.right > b.right + 0.5 || r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5)
                return false;
        }
        return el.scrollWidth <= el.clientWidth || getComputedStyle(el).display === 'inline';
    }""")


def overflowing(page):
    """The projector's texts that run out of their box or of the screen: [(test id or class, why)]."""
    return page.evaluate("""() => {
        const width = innerWidth, height = innerHeight, bad = [];
        const name = (el) => el.dataset.testid || el.className || el.tagName;
        for (const el of document.querySelectorAll('#projector *')) {
            if (el.closest('[hidden]') || !el.getClientRects().length) continue;
            const style = getComputedStyle(el);
            if (style.display === 'none' || style.visibility === 'hidden') continue;
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) continue;
            if (r.left < -1 || r.top < -1 || r.right > width + 1 || r.bottom > height + 1)
                bad.push([name(el), `outside the screen: ${Math.round(r.left)},${Math.round(r.top)}`
                          + `-${Math.round(r.right)},${Math.round(r.bottom)}`]);
            // Cut short with a visible "…" (ellipsis, line clamp) is fine; cut off silently or spilling out is not.
            const marked = style.textOverflow === 'ellipsis' || style.webkitLineClamp !== 'none';
            const spills = style.overflowX === 'visible' && el.children.length === 0;
            if (el.scrollWidth > el.clientWidth + 1 && !marked && (spills || style.overflowX !== 'visible'))
                bad.push([name(el), `text wider than its box: ${el.scrollWidth} > ${el.clientWidth}`]);
        }
        return bad;
    }""")


@pytest.mark.parametrize("viewport", SIZES)
def test_a_busy_meeting_fits_the_screen_with_the_question_being_answered_first(people, seed, shoot, viewport):
    code, answering_id = busy_meeting(seed)
    page = people.projector()
    page.set_viewport_size(viewport)
    page.goto(f"/e/{code}/projector")
    wait_live(page)
    page.evaluate("document.fonts.ready")
    for panel in ["projector-now", "projector-floor", "projector-answering", "projector-poll"]:
        expect(page.get_by_test_id(panel)).to_be_visible()
    expect(page.get_by_test_id("projector-answering")).to_have_attribute("data-question-id", str(answering_id))
    expect(page.get_by_test_id("poll-turnout")).to_have_attribute("data-ballots", "100")
    shoot(page, f"busy-{viewport['width']}")

    # The winning option's "100" and "100%" read in full, on one line, inside the screen.
    leader = page.get_by_test_id("poll-bar").first
    expect(leader.get_by_test_id("poll-bar-count")).to_have_text("100")
    expect(leader.get_by_test_id("poll-bar-percent")).to_have_text("100%")
    for number in [leader.get_by_test_id("poll-bar-count"), leader.get_by_test_id("poll-bar-percent")]:
        assert fully_visible(number), f"{number.text_content()!r} is cut off"

    # Several top questions stay on screen beside the poll, below the question being answered, which leads.
    questions_in_the_room_read(page, viewport, at_least=3)


@pytest.mark.parametrize("viewport", SIZES)
def test_without_a_poll_the_answering_question_leads_and_several_questions_follow(people, seed, shoot, viewport):
    code, answering_id = busy_meeting(seed, poll=False)
    page = people.projector()
    page.set_viewport_size(viewport)
    page.goto(f"/e/{code}/projector")
    wait_live(page)
    page.evaluate("document.fonts.ready")
    shoot(page, f"no-poll-{viewport['width']}")
    expect(page.get_by_test_id("projector-answering")).to_have_attribute("data-question-id", str(answering_id))
    questions_in_the_room_read(page, viewport, at_least=3)


def questions_in_the_room_read(page, viewport, *, at_least):
    """The question being answered is the biggest question on screen, at least `at_least` top questions follow
    (whole rows of a readable height, inside the screen, 4-digit counts in full), and no text is cut off."""
    rows = page.get_by_test_id("projector-question")
    assert rows.count() >= at_least
    expect(rows.first.get_by_test_id("projector-votes")).to_contain_text("8888")
    answering = page.get_by_test_id("projector-answering").bounding_box()
    for n in range(rows.count()):
        box = rows.nth(n).bounding_box()
        assert box["height"] > 0.06 * viewport["height"], "a question row squeezed to nothing"
        assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
        assert box["height"] < answering["height"]
        assert fully_visible(rows.nth(n).locator(".projector-votes-n")), "a vote count is cut off"
    sizes = page.evaluate("""() => ({
        answering: parseFloat(getComputedStyle(document.querySelector('.projector-answering-text')).fontSize),
        rows: [...document.querySelectorAll('.projector-q-text')].map(el => parseFloat(getComputedStyle(el).fontSize))
    })""")
    assert sizes["answering"] >= 1.15 * max(sizes["rows"]), sizes
    assert overflowing(page) == []


@pytest.mark.parametrize("viewport", SIZES)
def test_a_poll_with_twenty_long_options_leaves_the_questions_their_room(people, seed, shoot, viewport):
    code, _answering_id = busy_meeting(seed, options=20, answer=lambda n: {"choice": n % 20})
    page = people.projector()
    page.set_viewport_size(viewport)
    page.goto(f"/e/{code}/projector")
    wait_live(page)
    page.evaluate("document.fonts.ready")
    expect(page.get_by_test_id("poll-bar")).to_have_count(20)
    shoot(page, f"twenty-options-{viewport['width']}")
    bars = page.get_by_test_id("poll-bar")
    for n in range(20):
        assert fully_visible(bars.nth(n).get_by_test_id("poll-bar-percent")), f"option {n + 1}'s share is cut off"
    questions_in_the_room_read(page, viewport, at_least=3)
