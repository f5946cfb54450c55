"""Presence: phones counted in memory per event, the peak raised in the database on a short timer,
never lowered, and a restart that forgets every socket but keeps the peak."""
import time

import pytest
from helpers import PASSWORD, api

from townhall.extensions import db
from townhall.models import Event
from townhall.services import accounts, events, presence


@pytest.fixture(autouse=True)
def quick_peaks(monkeypatch):
    monkeypatch.setattr(presence, "PEAK_SECONDS", 0.02)


def stored_peak(app, code) -> int:
    with app.app_context():
        return db.session.query(Event.peak_connected).filter_by(code=code).scalar()


def wait_for_peak(app, code, expected) -> None:
    deadline = time.monotonic() + 3
    while stored_peak(app, code) != expected:
        assert time.monotonic() < deadline, f"peak stayed {stored_peak(app, code)}, expected {expected}"
        time.sleep(0.01)


def stats(moderator, code) -> dict:
    return moderator.get(f"/api/events/{code}/stats").get_json()


def test_the_peak_follows_the_most_phones_at_once_and_never_falls(app, event, moderator, join, connect):
    phones = [join(event)[0] for _ in range(3)]
    sockets = [connect(phone, event) for phone in phones]
    wait_for_peak(app, event, 3)
    for socket in sockets[1:]:
        socket.client.disconnect()
    assert (stats(moderator, event)["connected"], stats(moderator, event)["peak_connected"]) == (1, 3)
    again = connect(phones[1], event)
    assert again.connected and stats(moderator, event)["connected"] == 2
    time.sleep(0.1)  # a timer runs after the reconnect: 2 phones must not lower the stored 3
    assert stored_peak(app, event) == 3
    for _ in range(2):
        connect(join(event)[0], event)
    wait_for_peak(app, event, 4)


def test_tabs_of_one_phone_count_once_and_each_event_counts_its_own(app, event, make_event, organizer, moderator,
                                                                     join, connect):
    other = make_event(organizer.id, title="Another room")
    phone, _ = join(event)
    tabs = [connect(phone, event) for _ in range(3)]
    connect(join(other)[0], other)
    connect(join(other)[0], other)
    assert (stats(moderator, event)["connected"], stats(moderator, other)["connected"]) == (1, 2)
    tabs[0].client.disconnect()
    tabs[1].client.disconnect()
    assert stats(moderator, event)["connected"] == 1  # its last tab is still open
    tabs[2].client.disconnect()
    assert stats(moderator, event)["connected"] == 0


def test_a_session_for_another_event_is_not_counted(app, event, make_event, organizer, moderator, join, connect):
    other = make_event(organizer.id, title="Another room")
    phone, _ = join(other)  # joined the other event only
    assert connect(phone, event).connected  # may watch this one, as anyone with the code may
    assert stats(moderator, event)["connected"] == 0


def test_a_restart_forgets_every_phone_but_keeps_the_peak(app_factory, connect):
    first = app_factory("presence.db")
    with first.app_context():
        owner = accounts.create_organizer(email="olga@example.com", name="Olga", password=PASSWORD)
        code = events.create_event(owner_id=owner, title="Restarted")
    phones = []
    for _ in range(2):
        phone = first.test_client()
        api(phone, "POST", f"/api/events/{code}/join")
        phones.append(phone)
        connect(phone, code, server=first)
    wait_for_peak(first, code, 2)
    second = app_factory("presence.db")
    with second.app_context():
        assert presence.attendees_connected(events.get_event(code).id) == 0
    assert stored_peak(second, code) == 2
    reconnected = second.test_client()
    reconnected.set_cookie("session", phones[0].get_cookie("session").value)
    assert connect(reconnected, code, server=second).connected
    with second.app_context():
        assert presence.attendees_connected(events.get_event(code).id) == 1
    time.sleep(0.1)
    assert stored_peak(second, code) == 2
