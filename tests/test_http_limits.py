"""HTTP rate limits: per phone for asking and voting (a venue shares one NAT address), per IP for joining."""
import pytest
from helpers import api, assert_error

from townhall.extensions import db
from townhall.models import Attendee, Question

pytestmark = pytest.mark.app_config(RATELIMIT_ENABLED=True, JOIN_RATE_LIMIT="3 per minute")


def count(app, model) -> int:
    with app.app_context():
        return db.session.query(model).count()


def test_asking_is_limited_per_phone_not_per_address(app, event, join):
    first, _ = join(event)
    for n in range(10):
        assert api(first, "POST", f"/api/events/{event}/questions", {"text": f"Question {n}"}).status_code == 201
    limited = api(first, "POST", f"/api/events/{event}/questions", {"text": "Eleventh"})
    assert_error(limited, 429, "rate_limited")
    assert count(app, Question) == 10
    neighbour, _ = join(event)  # same IP address (127.0.0.1), another phone
    assert api(neighbour, "POST", f"/api/events/{event}/questions", {"text": "Mine"}).status_code == 201


def test_joining_is_limited_per_address(app, event, client):
    for _ in range(3):
        assert api(app.test_client(), "POST", f"/api/events/{event}/join").status_code == 201
    assert_error(api(client, "POST", f"/api/events/{event}/join"), 429, "rate_limited")
    assert count(app, Attendee) == 3
