"""Notes typed while the page's socket is down are still saved: over HTTP, with the item in the path."""
import time

import records_helpers
from playwright.sync_api import expect

from townhall.extensions import db
from townhall.models import AgendaItem

from .helpers import login, wait_live


def stored_notes(app, item_id) -> str:
    with app.app_context():
        return db.session.get(AgendaItem, item_id).notes


def test_notes_typed_while_the_socket_is_down_are_saved_over_http(people, seed):
    owner = seed.organizer()
    code = seed.event(owner.id)
    item_id = records_helpers.make_item(seed.app, code, "Welcome")

    laptop = people.laptop("olga")
    login(laptop, owner.email, owner.password)
    laptop.goto(f"/dashboard/e/{code}/notes")
    wait_live(laptop)
    expect(laptop.get_by_test_id("item-title")).to_have_text("Welcome")
    laptop.evaluate("window.townhall.socket.disconnect()")

    laptop.get_by_test_id("notes-text").fill("Saved while the socket was down.")
    expect(laptop.get_by_test_id("notes-status")).to_have_attribute("data-state", "saved", timeout=10_000)
    deadline = time.monotonic() + 10
    while stored_notes(seed.app, item_id) != "Saved while the socket was down." and time.monotonic() < deadline:
        time.sleep(0.1)
    assert stored_notes(seed.app, item_id) == "Saved while the socket was down."
