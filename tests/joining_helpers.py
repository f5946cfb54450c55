"""Shared by the join-mode tests: setting an event's mode, making codes, joining with a fresh phone."""
from helpers import api

from townhall.extensions import db
from townhall.models import Attendee, AttendeeCode


def set_mode(moderator, code, **settings):
    response = api(moderator, "PATCH", f"/api/events/{code}", settings)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["event"]


def make_codes(moderator, code, count):
    response = api(moderator, "POST", f"/api/events/{code}/codes", {"count": count})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["codes"]


def fresh_join(app, code, **body):
    """A phone with no cookies joins: (client, response)."""
    client = app.test_client()
    return client, api(client, "POST", f"/api/events/{code}/join", body)


def attendees(app) -> list[tuple[int, str]]:
    """(id, joined_with) of every attendee."""
    with app.app_context():
        return [(a.id, a.joined_with) for a in db.session.query(Attendee).order_by(Attendee.id)]


def code_rows(app) -> list[AttendeeCode]:
    with app.app_context():
        rows = db.session.query(AttendeeCode).order_by(AttendeeCode.number).all()
        db.session.expunge_all()
        return rows
