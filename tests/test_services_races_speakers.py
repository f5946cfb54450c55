"""Speaker numbers under real concurrency: threads each running the use case in its own app context
against one database (PostgreSQL with TEST_DATABASE_URL=postgresql: READ COMMITTED, writers side by
side; SQLite: BEGIN IMMEDIATE). The event's row lock, not luck, makes "Speaker N" unique per person."""
from records_helpers import run_together

from townhall.extensions import db
from townhall.models import SpeakerRequest
from townhall.services import events, speakers

PHONES = 60  # as in the issue: 60 simultaneous first requests


def numbers(app, code) -> dict[str, int]:
    with app.app_context():
        event_id = events.get_event(code).id
        rows = db.session.query(SpeakerRequest.person_key, SpeakerRequest.number).filter_by(event_id=event_id)
        return dict(rows.all())


def test_simultaneous_first_requests_get_distinct_numbers(app, event, make_attendee):
    phones = [make_attendee(event) for _ in range(PHONES)]
    results = run_together(app, [
        (lambda a=a, t=t: speakers.request_floor(code=event, attendee_id=a, token=t)) for a, t in phones
    ])
    assert [kind for kind, _ in results] == ["ok"] * PHONES, results
    assert sorted(numbers(app, event).values()) == list(range(1, PHONES + 1))
    # What each phone was told is what is stored, and the queue positions are 1..N.
    assert sorted(value["position"] for _, value in results) == list(range(1, PHONES + 1))


def test_walk_ins_added_at_once_by_two_moderators_are_numbered_apart(app, event, organizer):
    names = [f"Walk-in {i}" for i in range(10)]
    results = run_together(app, [
        (lambda n=n: speakers.add(code=event, user_id=organizer.id, name=n)) for n in names
    ])
    assert [kind for kind, _ in results] == ["ok"] * len(names), results
    stored = numbers(app, event)
    assert sorted(stored.values()) == list(range(1, len(names) + 1))
    assert {value["name"] for _, value in results} == set(names)


def test_the_same_walk_in_added_twice_at_once_waits_once(app, event, organizer):
    results = run_together(app, [
        lambda: speakers.add(code=event, user_id=organizer.id, name="Ada Lovelace")
    ] * 6)
    outcomes = sorted(kind if kind == "ok" else value.code for kind, value in results)
    assert outcomes == ["already_waiting"] * 5 + ["ok"], results
    assert numbers(app, event) == {"name:ada lovelace": 1}


def test_a_person_asking_again_while_others_ask_keeps_their_number(app, event, make_attendee):
    first, first_token = make_attendee(event)
    with app.app_context():
        speakers.request_floor(code=event, attendee_id=first, token=first_token)
        speakers.withdraw(code=event, attendee_id=first, token=first_token)
    others = [make_attendee(event) for _ in range(8)]
    calls = [lambda: speakers.request_floor(code=event, attendee_id=first, token=first_token)]
    calls += [(lambda a=a, t=t: speakers.request_floor(code=event, attendee_id=a, token=t)) for a, t in others]
    results = run_together(app, calls)
    assert [kind for kind, _ in results] == ["ok"] * len(calls), results
    stored = numbers(app, event)
    assert stored[f"attendee:{first}"] == 1
    assert sorted(stored.values()) == list(range(1, len(others) + 2))
