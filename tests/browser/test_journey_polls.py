"""Polls in the room (issue 4): the chair launches a poll (through the API, as the polls page does), three phones
vote on their poll cards and the projector's chart shows the counts and the turnout, live. Then the visibility
rules: an on_reveal poll shows no results anywhere until the chair reveals them; a confidential poll with k=5 shows
"waiting" with three ballots; a phone that answers after the close is told so and is not counted. Last, a ranking
poll with results after voting and answers that may be changed, and an open-text poll's word cloud."""
import re

import pytest
from playwright.sync_api import expect

from .helpers import Chair, drop_first_fetch, join, wait_live

pytestmark = pytest.mark.browser

BENCH = "Where should the new benches go?"
SPOTS = ["By the pond", "Near the playground", "Under the old oak"]


def poll_card(page, poll_id):
    return page.locator(f'[data-testid="poll-card"][data-poll-id="{poll_id}"]')


def bar(scope, option):
    return scope.locator(f'[data-testid="poll-bar"][data-option="{option}"]')


def launch(chair, **poll):
    created = chair.call("POST", "/polls", poll)
    poll_id = created.get("poll", created)["id"]
    chair.call("POST", f"/polls/{poll_id}/open", {})
    return poll_id


def vote_single(phone, poll_id, option):
    card = poll_card(phone, poll_id)
    card.get_by_test_id("poll-option").nth(option).check()
    card.get_by_test_id("poll-submit").click()
    expect(card.get_by_test_id("poll-voted")).to_contain_text("Your answer is in")
    return card


def open_projector(people, code):
    projector = people.projector()
    projector.goto(f"/e/{code}/projector")
    wait_live(projector)
    return projector


def test_launch_a_poll_three_phones_vote_projector_shows_the_chart(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="River park town hall")
    seed.question(code, "Will the playground be fenced off from the road?")
    chair = Chair(people.laptop("chair"), organizer, code)
    projector = open_projector(people, code)
    phones = [join(people.phone(name), code, name=name, tab="polls") for name in ("Alice", "Bob", "Chen")]
    expect(projector.get_by_test_id("projector-poll")).to_be_hidden()
    for phone in phones:
        expect(phone.get_by_test_id("polls-live")).to_be_hidden()

    poll_id = launch(chair, kind="single", question=BENCH, options=SPOTS)

    # The poll card appears live on every phone, above the list of speakers and the questions.
    for phone in phones:
        card = poll_card(phone, poll_id)
        expect(card).to_be_visible()
        expect(card).to_have_attribute("data-status", "open")
        expect(card.get_by_test_id("poll-question")).to_have_text(BENCH)
        expect(card.get_by_test_id("poll-option")).to_have_count(3)
        expect(card.get_by_test_id("poll-turnout")).to_have_attribute("data-ballots", "0")
    panel = projector.get_by_test_id("projector-poll")
    expect(panel).to_be_visible()
    expect(panel).to_have_attribute("data-poll-id", str(poll_id))
    expect(projector.get_by_test_id("projector-poll-question")).to_have_text(BENCH)
    expect(projector.get_by_test_id("projector-poll-state")).to_contain_text("Live poll")
    expect(bar(panel, 0)).to_have_attribute("data-count", "0")
    expect(projector.get_by_test_id("projector-qr")).to_be_visible()  # joining stays possible
    expect(projector.get_by_test_id("projector-code")).to_have_text(code)
    shoot(phones[0], "phone-poll-open")

    # Picking nothing is refused inline; then three phones vote.
    alice, bob, chen = phones
    poll_card(alice, poll_id).get_by_test_id("poll-submit").click()
    expect(poll_card(alice, poll_id).get_by_test_id("poll-error")).to_have_text("Pick an option first.")
    vote_single(alice, poll_id, 0)
    vote_single(bob, poll_id, 0)
    vote_single(chen, poll_id, 2)

    # The projector's chart follows without a reload: counts, percentages and the turnout.
    expect(bar(panel, 0)).to_have_attribute("data-count", "2")
    expect(bar(panel, 1)).to_have_attribute("data-count", "0")
    expect(bar(panel, 2)).to_have_attribute("data-count", "1")
    expect(bar(panel, 0)).to_have_attribute("data-percent", "67")
    expect(bar(panel, 0).get_by_test_id("poll-bar-count")).to_have_text("2")
    expect(projector.get_by_test_id("poll-turnout")).to_have_attribute("data-ballots", "3")
    expect(projector.get_by_test_id("poll-turnout")).to_contain_text("3")
    # Results are live (the default): every phone sees the same chart under "Your answer is in".
    for phone in phones:
        card = poll_card(phone, poll_id)
        expect(bar(card, 0)).to_have_attribute("data-count", "2")
        expect(bar(card, 2)).to_have_attribute("data-count", "1")
        expect(card.get_by_test_id("poll-turnout")).to_have_attribute("data-ballots", "3")
        expect(card.get_by_test_id("poll-change")).to_be_hidden()  # the event does not allow changing
    shoot(alice, "phone-voted-results")
    shoot(projector, "projector-chart")

    # Closed: the phones keep the result, the projector says it is closed.
    chair.call("POST", f"/polls/{poll_id}/close", {})
    expect(projector.get_by_test_id("projector-poll-state")).to_have_text("Poll closed · results")
    expect(bar(panel, 0)).to_have_attribute("data-count", "2")
    for phone in phones:
        card = poll_card(phone, poll_id)
        expect(card).to_have_attribute("data-status", "closed")
        expect(bar(card, 0)).to_have_attribute("data-count", "2")
        expect(card.get_by_test_id("poll-form")).to_have_count(0)
    shoot(projector, "projector-closed")


def test_results_on_reveal_confidential_threshold_and_a_late_ballot(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Budget town hall")
    chair = Chair(people.laptop("chair"), organizer, code)
    projector = open_projector(people, code)
    phones = [join(people.phone(name), code, name=name, tab="polls") for name in ("Alice", "Bob", "Chen", "Dana")]
    alice, bob, chen, dana = phones
    panel = projector.get_by_test_id("projector-poll")

    # on_reveal: ballots are counted, but nobody in the room sees a number before the reveal.
    secret = launch(chair, kind="single", question="Should the budget include a skate park?",
                    options=["Yes, this year", "Next year", "No"], visibility="on_reveal")
    for phone, option in ((alice, 0), (bob, 1), (chen, 0)):
        card = vote_single(phone, secret, option)
        expect(card.get_by_test_id("poll-results-hidden")).to_have_text("Results hidden until revealed")
    expect(projector.get_by_test_id("poll-turnout")).to_have_attribute("data-ballots", "3")
    expect(panel.get_by_test_id("poll-results-hidden")).to_have_text("Results hidden until revealed")
    expect(panel.get_by_test_id("poll-bar")).to_have_count(0)
    for phone in phones:
        expect(poll_card(phone, secret).get_by_test_id("poll-bar")).to_have_count(0)
    shoot(projector, "projector-on-reveal-hidden")

    chair.call("POST", f"/polls/{secret}/reveal", {})
    expect(bar(panel, 0)).to_have_attribute("data-count", "2")
    expect(bar(panel, 1)).to_have_attribute("data-count", "1")
    for phone in (alice, bob, chen):
        expect(bar(poll_card(phone, secret), 0)).to_have_attribute("data-count", "2")
    chair.call("POST", f"/polls/{secret}/close", {})
    for phone in phones:
        expect(poll_card(phone, secret)).to_have_attribute("data-status", "closed")

    # Confidential with k=5: three ballots are not enough to show any per-option number.
    private = launch(chair, kind="yesno", question="Do you feel safe in the park at night?",
                     confidential=True, k_threshold=5)
    expect(panel).to_have_attribute("data-poll-id", str(private))
    expect(projector.get_by_test_id("poll-confidential")).to_be_visible()
    for phone in phones:
        card = poll_card(phone, private)
        expect(card.get_by_test_id("poll-confidential")).to_have_text("Confidential: your answer is not linked to you")
    for phone, answer in ((alice, "yes"), (bob, "no"), (chen, "yes")):
        card = poll_card(phone, private)
        card.locator(f'[data-testid="poll-option"][data-answer="{answer}"]').click()
        card.get_by_test_id("poll-submit").click()
        expect(card.get_by_test_id("poll-voted")).to_be_visible()
        expect(card.get_by_test_id("poll-results-suppressed")).to_have_text("Results appear after 5 answers")
    turnout = projector.get_by_test_id("poll-turnout")
    expect(turnout).to_have_attribute("data-ballots", "3")
    expect(panel.get_by_test_id("poll-results-suppressed")).to_contain_text("Waiting for 5 answers")
    expect(panel.get_by_test_id("poll-bar")).to_have_count(0)
    shoot(projector, "projector-confidential-waiting")
    shoot(alice, "phone-confidential-waiting")

    # Dana's phone loses the connection before the close, so it still shows the form: her late
    # answer is refused with a clear message and not counted.
    late = poll_card(dana, private)
    late.locator('[data-testid="poll-option"][data-answer="abstain"]').click()
    dana.evaluate("window.townhall.socket.disconnect()")
    chair.call("POST", f"/polls/{private}/close", {})
    expect(panel).to_have_attribute("data-status", "closed")
    late.get_by_test_id("poll-submit").click()
    error = poll_card(dana, private).get_by_test_id("poll-error")
    expect(error).to_have_text("This poll has closed — your answer was not counted")
    expect(poll_card(dana, private)).to_have_attribute("data-status", "closed")  # its view caught up
    expect(poll_card(dana, private)).to_have_attribute("data-voted", "false")
    expect(turnout).to_have_attribute("data-ballots", "3")
    expect(panel.get_by_test_id("poll-results-suppressed")).to_contain_text("Too few answers to show results")
    view = chair.call("GET", f"/polls/{private}")
    assert view.get("poll", view)["ballots"] == 3
    shoot(dana, "phone-late-ballot")


def test_ranking_after_vote_change_my_answer_and_a_word_cloud(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Priorities evening", allow_ballot_change=True)
    chair = Chair(people.laptop("chair"), organizer, code)
    projector = open_projector(people, code)
    alice = join(people.phone("alice"), code, name="Alice", tab="polls")
    bob = join(people.phone("bob"), code, name="Bob", tab="polls")
    panel = projector.get_by_test_id("projector-poll")

    # Ranking, results after voting: Alice orders with the arrows (no dragging on a phone).
    ranking = launch(chair, kind="ranking", question="Which project first?",
                     options=["Sports hall", "Bike lanes", "Library hours"], visibility="after_vote")
    # Her phone GETs its own view at most once per ballot of its own: later results come in the voters' room's
    # poll:tallied, not by refetching on every tally (1,000 phones would storm the server).
    own_view = re.compile(rf"/api/events/{re.escape(code)}/polls/{ranking}(\?|$)")
    fetches = []
    alice.on("request", lambda r: fetches.append(r.url) if r.method == "GET" and own_view.search(r.url) else None)
    card = poll_card(alice, ranking)
    items = card.get_by_test_id("poll-rank-item")
    expect(items).to_have_count(3)
    expect(items.first.get_by_test_id("poll-rank-up")).to_be_disabled()
    items.nth(2).get_by_test_id("poll-rank-up").click()  # Library hours to 2nd
    items.nth(1).get_by_test_id("poll-rank-up").click()  # ... and to 1st
    expect(items).to_have_text([re.compile("Library hours"), re.compile("Sports hall"), re.compile("Bike lanes")])
    shoot(alice, "phone-ranking-ordered")
    card.get_by_test_id("poll-submit").click()
    expect(card.get_by_test_id("poll-voted")).to_contain_text("Your answer is in")
    # She has voted: her own view has the results; Bob and the projector wait.
    first = card.locator('[data-testid="poll-rank"][data-rank="1"]')
    expect(first).to_have_attribute("data-option", "2")
    expect(first.get_by_test_id("poll-rank-average")).to_have_text("avg. rank 1.0")
    assert len(fetches) <= 1, fetches  # one ballot of her own so far
    expect(poll_card(bob, ranking).get_by_test_id("poll-results-hidden")).to_have_text("Answer to see the results")
    expect(panel.get_by_test_id("poll-results-hidden")).to_have_text("Results appear when the poll closes")
    expect(projector.get_by_test_id("poll-turnout")).to_have_attribute("data-ballots", "1")

    # The event allows changing: Alice puts Bike lanes first instead; still one ballot.
    card.get_by_test_id("poll-change").click()
    expect(card.get_by_test_id("poll-form")).to_be_visible()
    expect(items).to_have_text([re.compile("Library hours"), re.compile("Sports hall"), re.compile("Bike lanes")])
    items.nth(2).get_by_test_id("poll-rank-up").click()
    items.nth(1).get_by_test_id("poll-rank-up").click()
    card.get_by_test_id("poll-submit").click()
    expect(card.get_by_test_id("poll-voted")).to_be_visible()
    expect(card.locator('[data-testid="poll-rank"][data-rank="1"]')).to_have_attribute("data-option", "1")
    expect(card.get_by_test_id("poll-turnout")).to_have_attribute("data-ballots", "1")
    # Bob votes too; once closed everyone sees the ranking.
    bobs = poll_card(bob, ranking)
    bobs.get_by_test_id("poll-submit").click()  # the order as shown: Sports hall, Bike lanes, Library hours
    expect(bobs.get_by_test_id("poll-voted")).to_be_visible()
    expect(bobs.locator('[data-testid="poll-rank"][data-rank="1"]')).to_have_attribute("data-option", "1")
    # Alice's results follow Bob's ballot live (Bike lanes: ranks 1 and 2), without her fetching again.
    first = card.locator('[data-testid="poll-rank"][data-rank="1"]')
    expect(first).to_have_attribute("data-average", "1.5")
    expect(card.get_by_test_id("poll-turnout")).to_have_attribute("data-ballots", "2")
    alice.wait_for_timeout(600)  # a fetch a tally would have triggered has had time to start
    assert 1 <= len(fetches) <= 2, fetches  # two ballots of her own: at most one GET each
    chair.call("POST", f"/polls/{ranking}/close", {})
    ranks = panel.get_by_test_id("poll-rank")
    expect(ranks).to_have_count(3)
    expect(ranks.first).to_have_attribute("data-option", "1")
    expect(ranks.first.get_by_test_id("poll-rank-label")).to_have_text("Bike lanes")
    expect(ranks.first).to_have_attribute("data-average", "1.5")
    shoot(projector, "projector-ranking")

    # Open text: a counter up to 200 characters, then the word cloud on the projector.
    words = launch(chair, kind="text", question="One word for the park?")
    for phone, text in ((alice, "Shady trees"), (bob, "trees and benches")):
        card = poll_card(phone, words)
        card.get_by_test_id("poll-text-input").fill(text)
        expect(card.get_by_test_id("poll-text-counter")).to_have_text(f"{len(text)} / 200")
        card.get_by_test_id("poll-submit").click()
        expect(card.get_by_test_id("poll-voted")).to_be_visible()
    expect(panel.locator('[data-testid="poll-word"][data-word="trees"]')).to_have_attribute("data-count", "2")
    expect(panel.get_by_test_id("poll-answer")).to_have_count(2)
    expect(panel.get_by_test_id("poll-answer").first).to_have_text("trees and benches")  # newest first
    expect(poll_card(alice, words).locator('[data-testid="poll-word"][data-word="benches"]')).to_have_count(1)
    shoot(projector, "projector-word-cloud")


def test_a_phone_whose_poll_cards_fail_to_load_gets_them_once_the_connection_is_back(people, seed):
    """The poll cards load with the first poll (pollvote/cards.js, not in the first load): that load failing
    (the connection dropped) leaves no empty Polls tab for good; it is tried again and the phone votes."""
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="River park town hall")
    chair = Chair(people.laptop("chair"), organizer, code)
    phone = people.phone("dana")
    tries = drop_first_fetch(phone, "**/static/js/pollvote/cards.js*")
    join(phone, code, name="Dana", tab="polls")
    assert not tries  # not in the first load
    poll_id = launch(chair, kind="single", question=BENCH, options=SPOTS)

    card = vote_single(phone, poll_id, 2)
    expect(card.get_by_test_id("poll-turnout")).to_contain_text("1 answer")
    assert len(tries) == 2
