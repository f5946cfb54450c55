"""Organizer log in / log out and the first-run setup link, through the pages."""
import re

import pytest
from helpers import PASSWORD, api, assert_error, csrf_token, login, logout

from townhall.services import accounts


def logged_in(client) -> bool:
    return client.get("/api/me").status_code == 200


def token_in(html) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_login_page_renders_a_form_with_csrf_token(client):
    response = client.get("/login")
    assert response.status_code == 200 and "text/html" in response.content_type
    html = response.get_data(as_text=True)
    assert 'name="email"' in html and 'name="password"' in html
    assert token_in(html)


def test_wrong_password_is_401_and_logs_nobody_in(client, organizer):
    response = login(client, organizer.email, "wrong password!!")
    assert response.status_code == 401
    assert "Wrong e-mail or password" in response.get_data(as_text=True)
    assert not logged_in(client)
    assert login(client, "nobody@example.com").status_code == 401


def test_login_without_csrf_token_is_refused(client, organizer):
    response = client.post("/login", data={"email": organizer.email, "password": organizer.password})
    assert response.status_code == 400
    assert not logged_in(client)


def test_login_with_the_pages_own_token_opens_the_dashboard(client, organizer):
    html = client.get("/login").get_data(as_text=True)
    response = client.post("/login", data={"email": organizer.email.upper(), "password": organizer.password,
                                           "csrf_token": token_in(html)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard/")
    assert client.get("/api/me").get_json()["user"]["email"] == organizer.email
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.parametrize("target, expected", [
    ("/dashboard/tokens", "/dashboard/tokens"),
    ("//evil.example/phish", "/dashboard/"),
    ("https://evil.example/", "/dashboard/"),
])
def test_login_redirects_only_within_the_site(client, organizer, target, expected):
    response = client.post(f"/login?next={target}", data={
        "email": organizer.email, "password": organizer.password, "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_dashboard_needs_login(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logout_ends_the_session_even_for_a_copied_cookie(app, organizer, moderator, login_client):
    replay = app.test_client()
    replay.set_cookie("session", moderator.get_cookie("session").value)
    other_device = login_client(organizer.email)
    assert logged_in(moderator) and logged_in(other_device) and logged_in(replay)
    response = logout(moderator)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert not logged_in(moderator)
    assert not logged_in(replay)
    assert replay.get("/dashboard/").status_code == 302
    assert not logged_in(other_device)  # logout signs out everywhere
    assert logged_in(login_client(organizer.email))  # and logging in again works


def test_logout_needs_the_csrf_token(moderator):
    # otherwise any site could sign organizers out (and drop their live dashboards)
    assert moderator.post("/logout").status_code == 400
    assert logged_in(moderator)
    assert logout(moderator).status_code == 302
    assert not logged_in(moderator)


# --- first-run setup link ---------------------------------------------------------

@pytest.fixture
def setup_token(app):
    with app.app_context():
        return accounts.issue_setup_token()


def setup_form(client, token, **overrides):
    data = {"name": "First Organizer", "email": "first@example.com", "password": PASSWORD, "confirm": PASSWORD,
            "csrf_token": csrf_token(client)}
    data.update(overrides)
    return client.post(f"/setup/{token}", data=data)


def test_setup_link_creates_the_first_organizer_and_logs_in(app, client, setup_token):
    page = client.get(f"/setup/{setup_token}")
    assert page.status_code == 200
    assert 'name="password"' in page.get_data(as_text=True)
    response = setup_form(client, setup_token)
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard/")
    assert client.get("/api/me").get_json()["user"]["email"] == "first@example.com"
    # second use of the link: refused, and no second account
    assert client.get(f"/setup/{setup_token}").status_code == 403
    assert setup_form(app.test_client(), setup_token, email="second@example.com").status_code == 403
    with app.app_context():
        assert accounts.organizer_count() == 1


def test_setup_form_errors_keep_the_link_usable(app, client, setup_token):
    response = setup_form(client, setup_token, confirm="something else")
    assert response.status_code == 400 and "The passwords differ." in response.get_data(as_text=True)
    assert setup_form(client, setup_token, password="short", confirm="short").status_code == 400
    with app.app_context():
        assert accounts.organizer_count() == 0
    assert client.get(f"/setup/{setup_token}").status_code == 200


def test_unknown_setup_link(client):
    assert client.get("/setup/not-a-real-token").status_code == 403


# --- a new session at log in and log out ------------------------------------------------

def test_a_cookie_from_before_login_grants_nothing_after_it(app, client, organizer):
    token_before = csrf_token(client)
    cookie_before = client.get_cookie("session").value
    assert login(client, organizer.email).status_code == 302
    assert client.get_cookie("session").value != cookie_before
    planted = app.test_client()
    planted.set_cookie("session", cookie_before)  # what someone who read or planted it still has
    assert not logged_in(planted)
    assert planted.get("/dashboard/").status_code == 302
    # the token the old cookie held no longer guards the organizer's writes
    stale = api(client, "POST", "/api/tokens", {"name": "Laptop"}, csrf=False, headers={"X-CSRFToken": token_before})
    assert_error(stale, 400, "csrf_failed")
    assert api(client, "POST", "/api/tokens", {"name": "Laptop"}).status_code == 201
    assert client.get("/api/tokens").get_json()["tokens"][0]["name"] == "Laptop"


def test_logout_gives_a_new_session_too(client, organizer):
    login(client, organizer.email)
    token_in_session = csrf_token(client)
    assert logout(client).status_code == 302
    stale = client.post("/login", data={"email": organizer.email, "password": PASSWORD, "csrf_token": token_in_session})
    assert stale.status_code == 400 and not logged_in(client)
    assert login(client, organizer.email).status_code == 302


def test_a_phone_identity_in_the_same_browser_outlives_login_and_logout(client, organizer, event):
    joined = api(client, "POST", f"/api/events/{event}/join", {"name": "Olga on her phone"})
    assert joined.status_code == 201
    phone_id = joined.get_json()["me"]["id"]
    assert login(client, organizer.email).status_code == 302
    again = api(client, "POST", f"/api/events/{event}/join")
    assert again.status_code == 200 and again.get_json()["me"]["id"] == phone_id  # the same phone, not a new one
    assert logout(client).status_code == 302
    assert api(client, "POST", f"/api/events/{event}/join").get_json()["me"]["id"] == phone_id


# --- unknown and known accounts answered alike ------------------------------------------

def without_tokens(html: str, email: str) -> str:
    """The page with what differs by request anyway taken out: the CSRF token and the e-mail typed."""
    return re.sub(r"[\w.-]{40,}", "TOKEN", html).replace(email, "EMAIL")


def test_a_wrong_password_and_an_unknown_account_are_answered_alike(client, organizer, monkeypatch):
    checked = []
    real_check = accounts.check_password_hash
    monkeypatch.setattr(accounts, "check_password_hash",
                        lambda stored, password: checked.append(stored) or real_check(stored, password))
    known = login(client, organizer.email, "wrong password!!")
    unknown = login(client, "nobody@example.com", "wrong password!!")
    assert known.status_code == unknown.status_code == 401
    assert without_tokens(known.get_data(as_text=True), organizer.email) == \
        without_tokens(unknown.get_data(as_text=True), "nobody@example.com")
    assert "Wrong e-mail or password" in known.get_data(as_text=True)
    # the same work: one password check each, the unknown e-mail's against a hash made as an account's is
    assert len(checked) == 2 and checked[0] != checked[1]
    assert checked[1].split("$")[0] == checked[0].split("$")[0]
    assert not logged_in(client)
