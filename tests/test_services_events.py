"""Events: creation, join codes, settings, closing; and joining them."""
import re
from datetime import datetime

import pytest

from townhall.errors import EventClosed, Forbidden, InvalidInput, NotFound
from townhall.extensions import db
from townhall.models import Attendee, Event
from townhall.services import attendees, events
from townhall.services.secrets import JOIN_CODE_ALPHABET, token_hash

CODE = re.compile(f"^[{JOIN_CODE_ALPHABET}]{{8}}$")


def _event(app, code) -> dict:
    with app.app_context():
        e = events.get_event(code)
        return {c.name: getattr(e, c.name) for c in Event.__table__.columns}


def test_create_event_with_details_and_defaults(app, organizer):
    with app.app_context():
        code = events.create_event(owner_id=organizer.id, title="  Budget 2027 ", place="Town hall",
                                   starts_at="2027-03-01T19:00:00Z")
    stored = _event(app, code)
    assert stored["title"] == "Budget 2027" and stored["place"] == "Town hall"
    assert stored["starts_at"] == datetime(2027, 3, 1, 19, 0)
    assert stored["owner_id"] == organizer.id
    assert (stored["allow_anonymous"], stored["names_required"], stored["premoderation"], stored["is_open"]) == (
        True, False, False, True)
    assert stored["seq"] == 0


def test_start_time_with_an_offset_is_stored_as_utc(app, organizer, make_event, client):
    code = make_event(organizer.id, starts_at="2027-03-01T20:00:00+01:00")
    assert _event(app, code)["starts_at"] == datetime(2027, 3, 1, 19, 0)
    assert client.get(f"/api/events/{code}").get_json()["event"]["starts_at"] == "2027-03-01T19:00:00Z"


def test_join_codes_are_short_unambiguous_unique_and_not_sequential(app, organizer, make_event):
    codes = [make_event(organizer.id) for _ in range(25)]
    assert all(CODE.match(code) for code in codes), codes
    assert not set("01OIL") & set("".join(codes))
    assert len(set(codes)) == len(codes)
    assert codes != sorted(codes)  # 25 random codes are sorted with probability 1/25!


def test_join_code_collision_is_retried(app, organizer, make_event, monkeypatch):
    taken = make_event(organizer.id)
    fresh = iter([taken, taken, "ZZZZ2345"])
    monkeypatch.setattr(events, "join_code", lambda: next(fresh))
    assert make_event(organizer.id) == "ZZZZ2345"


def test_event_lookup_ignores_case_and_reports_unknown_codes(app, event):
    with app.app_context():
        assert events.get_event(event.lower()).code == event
        with pytest.raises(NotFound) as caught:
            events.get_event("NOPE2345")
        assert caught.value.code == "event_not_found"


@pytest.mark.parametrize(
    "data, field",
    [
        ({}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "ok", "place": 42}, "place"),
        ({"title": "ok", "starts_at": "next tuesday"}, "starts_at"),
        ({"title": "ok", "premoderation": "yes"}, "premoderation"),
        ({"title": "ok", "colour": "red"}, "colour"),
        ({"title": "ok", "seq": 99}, "seq"),
    ],
)
def test_create_event_rejects_invalid_and_unknown_fields(app, organizer, data, field):
    with app.app_context():
        with pytest.raises(InvalidInput) as caught:
            events.create_event(owner_id=organizer.id, **data)
        assert caught.value.field == field
        assert db.session.query(Event).count() == 0


def test_update_settings_changes_them_and_advances_seq(app, organizer, event):
    with app.app_context():
        events.update_event(code=event, user_id=organizer.id, premoderation=True, allow_anonymous=False,
                            description="Agenda: parks")
    stored = _event(app, event)
    assert (stored["premoderation"], stored["allow_anonymous"], stored["description"]) == (True, False, "Agenda: parks")
    assert stored["seq"] == 1


@pytest.mark.parametrize(
    "data, field",
    [({"is_open": 1}, "is_open"), ({"names_required": None}, "names_required"),
     ({"title": ""}, "title"), ({"owner_id": 5}, "owner_id"), ({"seq": 7}, "seq")],
)
def test_update_rejects_invalid_and_unknown_fields_and_changes_nothing(app, organizer, event, data, field):
    before = _event(app, event)
    with app.app_context():
        with pytest.raises(InvalidInput) as caught:
            events.update_event(code=event, user_id=organizer.id, **data)
    assert caught.value.field == field
    assert _event(app, event) == before


def test_only_the_owner_may_change_an_event(app, make_organizer, event):
    other = make_organizer()
    before = _event(app, event)
    with app.app_context():
        with pytest.raises(Forbidden):
            events.update_event(code=event, user_id=other, title="Hijacked")
        with pytest.raises(Forbidden):
            events.update_event(code=event, user_id=None, title="Hijacked")
    assert _event(app, event) == before


def test_events_for_lists_only_own_events(app, make_organizer, make_event):
    olga, piet = make_organizer(), make_organizer()
    mine = {make_event(olga), make_event(olga)}
    make_event(piet)
    with app.app_context():
        assert {e.code for e, _role in events.events_for(olga)} == mine


# --- joining -------------------------------------------------------------------

def test_join_stores_only_a_hash_of_the_phones_token(app, event):
    with app.app_context():
        attendee_id, token = attendees.join(code=event, name="  Ana   Lima ")
        row = db.session.get(Attendee, attendee_id)
        assert row.name == "Ana Lima"
        assert row.token_hash == token_hash(token) and token not in row.token_hash


def test_join_requires_a_name_when_the_event_asks_for_names(app, organizer, make_event):
    code = make_event(organizer.id, names_required=True)
    with app.app_context():
        with pytest.raises(InvalidInput) as caught:
            attendees.join(code=code, name="  ")
        assert caught.value.code == "empty"
        assert attendees.join(code=code, name="Ana")[0]
        assert db.session.query(Attendee).count() == 1


def test_closed_event_cannot_be_joined_until_reopened(app, organizer, event):
    with app.app_context():
        events.update_event(code=event, user_id=organizer.id, is_open=False)
        with pytest.raises(EventClosed):
            attendees.join(code=event)
        events.update_event(code=event, user_id=organizer.id, is_open=True)
        assert attendees.join(code=event)[0]


def test_join_unknown_event(app):
    with app.app_context():
        with pytest.raises(NotFound):
            attendees.join(code="NOPE2345")
