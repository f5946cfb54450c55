"""Helpers shared by the poll tests (plain functions and a clock; ids in, ids out)."""
from datetime import datetime, timedelta

from helpers import stored_seq

from townhall.extensions import db
from townhall.models import Ballot, Event, Participation, Poll
from townhall.services import poll_results, polls, snapshots

CHOICES = ["Bike lanes", "More buses", "Wider pavements"]


class Clock:
    """Frozen time for the poll modules: advance it by hand instead of sleeping."""

    def __init__(self, now=datetime(2026, 5, 4, 19, 0, 37, 500000)):
        self.now = now

    def __call__(self):
        return self.now

    def tick(self, seconds):
        self.now += timedelta(seconds=seconds)


def freeze(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(polls, "utcnow", clock)
    monkeypatch.setattr(poll_results, "utcnow", clock)
    monkeypatch.setattr(snapshots, "utcnow", clock)  # a public snapshot's polls are as of its server_now
    return clock


def create(app, code, user_id, **fields) -> int:
    """A draft poll (single choice on CHOICES unless fields say otherwise); returns its id."""
    fields.setdefault("kind", "single")
    fields.setdefault("question", "What should the river road get first?")
    if fields["kind"] in ("single", "multiple", "ranking"):
        fields.setdefault("options", CHOICES)
    with app.app_context():
        return polls.create(code=code, user_id=user_id, **fields)["id"]


def open_poll(app, code, user_id, poll_id, **kwargs) -> dict:
    with app.app_context():
        return polls.open_poll(code=code, user_id=user_id, poll_id=poll_id, **kwargs)


def make_open(app, code, user_id, **fields) -> int:
    poll_id = create(app, code, user_id, **fields)
    open_poll(app, code, user_id, poll_id)
    return poll_id


def run(app, fn, **kwargs):
    """One service call in a short app context."""
    with app.app_context():
        return fn(**kwargs)


def cast(app, code, phone, poll_id, answer) -> dict:
    with app.app_context():
        return polls.vote(code=code, attendee_id=phone[0], token=phone[1], poll_id=poll_id, answer=answer)


def poll_row(app, poll_id) -> dict | None:
    with app.app_context():
        poll = db.session.get(Poll, poll_id)
        return None if poll is None else {c.name: getattr(poll, c.name) for c in Poll.__table__.columns}


def ballot_rows(app, poll_id) -> list[dict]:
    with app.app_context():
        rows = db.session.query(Ballot).filter_by(poll_id=poll_id).all()
        return [{c.name: getattr(b, c.name) for c in Ballot.__table__.columns} for b in rows]


def participations(app, poll_id) -> list[int]:
    with app.app_context():
        return sorted(a for (a,) in db.session.query(Participation.attendee_id).filter_by(poll_id=poll_id))


def room_view(app, code, poll_id, phone=(None, None)) -> dict:
    """The poll in the public snapshot (a phone's own view when phone is given)."""
    with app.app_context():
        snapshot = snapshots.public_snapshot(code=code, attendee_id=phone[0], token=phone[1])
    return next(p for p in snapshot["polls"] if p["id"] == poll_id)


def moderator_view(app, code, user_id, poll_id) -> dict:
    with app.app_context():
        snapshot = snapshots.moderator_snapshot(code=code, user_id=user_id)
    return next(p for p in snapshot["polls"] if p["id"] == poll_id)


def event_id(app, code) -> int:
    with app.app_context():
        return db.session.query(Event.id).filter_by(code=code).scalar()


seq = stored_seq  # the tests of polls import it from here
