"""With several server processes a phone gets messages slightly out of order, or (after a message-queue
outage) misses some and is told "sync:needed". Out of order is not a gap: the phone waits for the missing
message and applies both, fetching no snapshot; a message that never comes costs one snapshot; a
"sync:needed" makes the phone fetch its snapshot and show what it missed."""
import pytest
from playwright.sync_api import expect

from .helpers import ask, card, join

pytestmark = pytest.mark.browser

# Bob's page keeps the questions:changed messages to itself, and hands them over when the test says.
CAPTURE = """() => {
  const socket = window.townhall.socket;
  window.deliver = socket.listeners("questions:changed")[0];
  window.captured = [];
  socket.off("questions:changed");
  socket.on("questions:changed", (msg) => window.captured.push(msg));
}"""


def snapshot_requests(page) -> list:
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if "/snapshot" in request.url else None)
    return fetched


def test_out_of_order_messages_are_applied_in_order_without_a_snapshot(people, seed):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Two processes")
    bob = join(people.phone("bob"), code, name="Bob")
    carol = join(people.phone("carol"), code, name="Carol")
    bob.evaluate(CAPTURE)
    fetched = snapshot_requests(bob)

    ask(carol, "First question?")
    ask(carol, "Second question?")
    bob.wait_for_function("window.captured.length === 2")
    bob.evaluate("window.deliver(window.captured[1])")  # the second arrives first
    bob.wait_for_timeout(300)
    expect(bob.get_by_test_id("question-card")).to_have_count(0)  # held, not applied out of order
    bob.evaluate("window.deliver(window.captured[0])")
    expect(bob.get_by_test_id("question-card")).to_have_count(2)
    bob.wait_for_timeout(2500)  # past the wait and any spread
    assert fetched == [], "reordering fetched a snapshot"

    # A message that never comes: one snapshot, after the wait, and the page shows both.
    ask(carol, "Third question?")
    ask(carol, "Fourth question?")
    bob.wait_for_function("window.captured.length === 4")
    bob.evaluate("window.deliver(window.captured[3])")
    expect(bob.get_by_test_id("question-card")).to_have_count(4, timeout=5000)
    bob.wait_for_timeout(1500)
    assert len(fetched) == 1, fetched


def test_sync_needed_makes_the_phone_fetch_what_it_missed(people, seed):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="Queue outage")
    pool = seed.question(code, "When does the outdoor pool reopen?")
    bob = join(people.phone("bob"), code, name="Bob")
    carol = join(people.phone("carol"), code, name="Carol")
    bob.evaluate("window.townhall.socket.off('questions:tallied')")  # the outage: Bob hears no tally
    card(carol, pool).get_by_test_id("vote-button").click()
    expect(card(carol, pool)).to_have_attribute("data-votes", "1")
    bob.wait_for_timeout(500)
    expect(card(bob, pool)).to_have_attribute("data-votes", "0")
    fetched = snapshot_requests(bob)
    # The server's "sync:needed" (its listener is back on Redis), as this socket would receive it.
    bob.evaluate("window.townhall.socket.listeners('sync:needed')[0]({spread_ms: 200})")
    expect(card(bob, pool)).to_have_attribute("data-votes", "1")
    assert len(fetched) == 1, fetched
