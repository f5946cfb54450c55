"""HTTP rate limits: per phone for asking and voting (a venue shares one NAT address), per IP for joining,
failed organizer log-ins per account and per client (unknown and known accounts alike)."""
import pytest
from helpers import PASSWORD, api, assert_error, csrf_token, login

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


# --- organizer log-ins: failures counted per account and per client, unknown and known accounts alike ----

TOO_MANY = "Too many failed log-ins. Wait a few minutes, then try again."
JSON = {"Accept": "application/json"}


def try_login(client, email, password="wrong password!!", headers=None):
    return client.post("/login", headers=headers, data={"email": email, "password": password,
                                                        "csrf_token": csrf_token(client)})


def refusal(response) -> tuple:
    """What a refused log-in tells: status, body, and the headers a client could tell accounts apart by."""
    return response.status_code, response.get_json(), response.headers.get("Retry-After") is not None, \
        sorted(k for k in response.headers.keys() if k.lower().startswith(("retry", "x-ratelimit")))


@pytest.mark.app_config(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute",
                        LOGIN_CLIENT_RATE_LIMIT="100 per minute")
def test_failed_logins_are_limited_per_account_known_or_not(app, organizer):
    answers = {}
    for email in (organizer.email, "nobody@example.com"):
        client = app.test_client()
        for _ in range(3):
            assert try_login(client, email).status_code == 401
        limited = try_login(client, email.upper(), headers=JSON)  # the account, however it is typed
        assert refusal(limited)[:3] == (429, {"error": {"code": "rate_limited", "message": TOO_MANY}}, True)
        assert 0 < int(limited.headers["Retry-After"]) <= 60
        assert TOO_MANY in try_login(client, email).get_data(as_text=True)  # the page a browser shows
        answers[email] = refusal(limited)
    assert answers[organizer.email] == answers["nobody@example.com"]
    # even the right password waits now (guessing stops), and other accounts are not held up
    assert try_login(app.test_client(), organizer.email, PASSWORD).status_code == 429
    assert try_login(app.test_client(), "someone.else@example.com").status_code == 401


@pytest.mark.app_config(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="100 per minute",
                        LOGIN_CLIENT_RATE_LIMIT="4 per minute")
def test_failed_logins_are_limited_per_client(app, organizer, client):
    for n in range(4):
        assert try_login(client, f"guess{n}@example.com").status_code == 401
    assert_error(try_login(client, "guess9@example.com", headers=JSON), 429, "rate_limited")
    assert try_login(client, organizer.email, PASSWORD).status_code == 429


@pytest.mark.app_config(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute",
                        LOGIN_CLIENT_RATE_LIMIT="2 per minute")
def test_successful_logins_are_not_counted(app, organizer):
    for _ in range(4):
        assert login(app.test_client(), organizer.email).status_code == 302
