"""The team over HTTP: JSON API (owner only), the team page, and the invitation page's flows."""
import re
from datetime import timedelta

import pytest
from helpers import PASSWORD, api, assert_error, csrf_token
from records_helpers import give_role, invitation_link

from townhall.extensions import db
from townhall.models import EventRole, Invitation, User
from townhall.services import events, permissions


def role_of(app, code, email):
    with app.app_context():
        user = db.session.query(User).filter_by(email=email).first()
        return permissions.role_of(user.id, events.get_event(code)) if user else None


def page_token(html) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


@pytest.fixture
def nora(make_organizer):
    return make_organizer(email="nora@example.com", name="Nora Notes")


# --- JSON API ---------------------------------------------------------------------------

def test_owner_manages_the_team_over_http(app, moderator, event, nora):
    team = f"/api/events/{event}/team"
    added = api(moderator, "POST", team, {"email": "nora@example.com", "role": "presenter"})
    assert added.status_code == 201 and added.get_json()["member"]["role"] == "presenter"
    changed = api(moderator, "PATCH", f"{team}/{nora}", {"role": "note_taker"})
    assert changed.get_json()["member"]["role"] == "note_taker"
    listed = moderator.get(team).get_json()
    assert [(m["email"], m["role"]) for m in listed["members"]] == [("nora@example.com", "note_taker")]
    assert listed["owner"]["email"] == "olga@example.com" and listed["can_manage"] is True
    assert api(moderator, "DELETE", f"{team}/{nora}").status_code == 204
    assert role_of(app, event, "nora@example.com") is None
    assert_error(api(moderator, "DELETE", f"{team}/{nora}"), 404, "member_not_found")


def test_team_errors_are_clear_json(app, moderator, event, organizer):
    team = f"/api/events/{event}/team"
    error = assert_error(api(moderator, "POST", team, {"email": "ghost@example.com", "role": "moderator"}), 404,
                         "account_not_found")
    assert "ghost@example.com" in error["message"] and error["field"] == "email"
    assert_error(api(moderator, "POST", team, {"email": organizer.email, "role": "moderator"}), 409,
                 "owner_has_all_rights")
    assert_error(api(moderator, "POST", team, {"email": "x@example.com", "role": "boss"}), 400, "invalid_role")
    assert_error(api(moderator, "POST", f"/api/events/{event}/invitations", {"role": "owner"}), 400, "invalid_role")
    assert_error(api(moderator, "POST", team, {"email": "x@example.com", "role": "moderator"}, csrf=False), 400,
                 "csrf_failed")
    assert_error(api(app.test_client(), "GET", team), 401)


def test_invitation_links_over_http(app, moderator, event):
    created = api(moderator, "POST", f"/api/events/{event}/invitations", {"role": "note_taker"})
    assert created.status_code == 201
    invitation = created.get_json()["invitation"]
    assert re.fullmatch(r"http://townhall\.test/invite/[\w-]{20,}", invitation["url"])
    listed = moderator.get(f"/api/events/{event}/team").get_json()["invitations"]
    assert [(i["id"], i["role"], i["status"]) for i in listed] == [(invitation["id"], "note_taker", "open")]
    assert "url" not in listed[0]  # the link is shown once, at creation
    assert api(moderator, "DELETE", f"/api/events/{event}/invitations/{invitation['id']}").status_code == 204
    assert moderator.get(f"/api/events/{event}/team").get_json()["invitations"] == []
    path = invitation["url"][invitation["url"].index("/invite/"):]
    assert app.test_client().get(path).status_code == 403


def test_only_the_owner_may_change_the_team(app, event, organizer, nora, login_client, make_organizer):
    give_role(app, event, organizer.id, "nora@example.com", "moderator")
    make_organizer(email="piet@example.com")
    give_role(app, event, organizer.id, "piet@example.com", "presenter")
    member = login_client("nora@example.com")
    base = f"/api/events/{event}"
    for method, url, body in [("POST", f"{base}/team", {"email": "olga@example.com", "role": "moderator"}),
                              ("PATCH", f"{base}/team/{nora}", {"role": "moderator"}),
                              ("DELETE", f"{base}/team/{nora}", None),
                              ("POST", f"{base}/invitations", {"role": "moderator"})]:
        assert_error(api(member, method, url, body), 403, "forbidden")
    seen = member.get(f"{base}/team").get_json()
    assert seen["can_manage"] is False and "invitations" not in seen
    with app.app_context():
        assert db.session.query(Invitation).count() == 0
        assert sorted(r for (r,) in db.session.query(EventRole.role)) == ["moderator", "presenter"]


def test_a_removed_member_loses_the_pages_and_the_api(app, event, organizer, nora, login_client, moderator):
    give_role(app, event, organizer.id, "nora@example.com", "note_taker")
    member = login_client("nora@example.com")
    assert member.get(f"/dashboard/e/{event}").status_code == 200
    assert member.get(f"/dashboard/e/{event}/notes").status_code == 200
    api(moderator, "DELETE", f"/api/events/{event}/team/{nora}")
    assert member.get(f"/dashboard/e/{event}").status_code == 403
    assert member.get(f"/dashboard/e/{event}/notes").status_code == 403
    assert_error(member.get(f"/api/events/{event}/snapshot?view=moderator"), 403)


def test_team_page(app, event, organizer, nora, login_client, moderator):
    html = moderator.get(f"/dashboard/e/{event}/team").get_data(as_text=True)
    assert 'data-can-manage="true"' in html and 'data-testid="add-member-form"' in html
    assert 'data-testid="invite-link-form"' in html
    give_role(app, event, organizer.id, "nora@example.com", "presenter")
    html = login_client("nora@example.com").get(f"/dashboard/e/{event}/team").get_data(as_text=True)
    assert 'data-can-manage="false"' in html and 'data-testid="add-member-form"' not in html
    assert 'data-testid="team-read-only"' in html


# --- the invitation page ----------------------------------------------------------------

def test_logged_in_organizer_accepts_and_lands_on_the_dashboard(app, event, organizer, nora, login_client):
    path = invitation_link(app, event, organizer.id, "note_taker")
    client = login_client("nora@example.com")
    page = client.get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Town hall on the river park" in html and "Note-taker" in html and "Olga Organizer" in html
    assert 'data-testid="invite-accept"' in html
    response = client.post(path, data={"csrf_token": page_token(html)})
    assert response.status_code == 302 and response.headers["Location"] == f"/dashboard/e/{event}"
    assert role_of(app, event, "nora@example.com") == "note_taker"
    dashboard = client.get(f"/dashboard/e/{event}")
    assert dashboard.status_code == 200 and "Welcome to the team" in dashboard.get_data(as_text=True)
    # the link is used up: a clear 403 page
    again = app.test_client().get(path)
    assert again.status_code == 403 and "used already" in again.get_data(as_text=True)


def test_accepting_needs_the_csrf_token(app, event, organizer, nora, login_client):
    path = invitation_link(app, event, organizer.id, "moderator")
    client = login_client("nora@example.com")
    assert client.post(path, data={}).status_code == 400
    assert role_of(app, event, "nora@example.com") is None


def test_not_logged_in_is_asked_to_log_in_and_comes_back(app, event, organizer, nora):
    path = invitation_link(app, event, organizer.id, "presenter")
    client = app.test_client()
    html = client.get(path).get_data(as_text=True)
    assert f'href="/login?next={path}"' in html and 'data-testid="invite-signup-form"' in html
    response = client.post(f"/login?next={path}", data={"email": "nora@example.com", "password": PASSWORD,
                                                         "csrf_token": csrf_token(client)})
    assert response.status_code == 302 and response.headers["Location"] == path
    html = client.get(path).get_data(as_text=True)
    assert client.post(path, data={"csrf_token": page_token(html)}).status_code == 302
    assert role_of(app, event, "nora@example.com") == "presenter"


def test_create_an_account_right_on_the_invitation(app, event, organizer):
    path = invitation_link(app, event, organizer.id, "note_taker")
    client = app.test_client()
    html = client.get(path).get_data(as_text=True)
    response = client.post(path, data={"name": "Nina New", "email": "nina@example.com", "password": PASSWORD,
                                       "confirm": PASSWORD, "csrf_token": page_token(html)})
    assert response.status_code == 302 and response.headers["Location"] == f"/dashboard/e/{event}"
    assert role_of(app, event, "nina@example.com") == "note_taker"
    assert client.get("/api/me").get_json()["user"]["email"] == "nina@example.com"  # logged in
    assert client.get(f"/dashboard/e/{event}/notes").status_code == 200


def test_account_form_errors_keep_the_link_usable(app, event, organizer, nora):
    path = invitation_link(app, event, organizer.id, "note_taker")
    client = app.test_client()
    token = page_token(client.get(path).get_data(as_text=True))
    short = client.post(path, data={"name": "Nina", "email": "nina@example.com", "password": "short",
                                    "confirm": "short", "csrf_token": token})
    assert short.status_code == 400 and 'data-testid="field-error-password"' in short.get_data(as_text=True)
    taken = client.post(path, data={"name": "Nora", "email": "nora@example.com", "password": PASSWORD,
                                    "confirm": PASSWORD, "csrf_token": token})
    assert taken.status_code == 409 and "already exists" in taken.get_data(as_text=True)
    assert role_of(app, event, "nina@example.com") is None and role_of(app, event, "nora@example.com") is None
    with app.app_context():
        assert db.session.query(Invitation).one().accepted_at is None


def test_owner_opening_their_own_link_is_told_so(app, event, organizer, moderator):
    path = invitation_link(app, event, organizer.id, "presenter")
    page = moderator.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-testid="invite-owner-notice"' in html
    assert 'data-testid="invite-accept"' not in html
    assert moderator.post(path, data={"csrf_token": csrf_token(moderator)}).status_code == 409
    with app.app_context():
        assert db.session.query(Invitation).one().accepted_at is None


@pytest.mark.parametrize("state, words", [("expired", "expired"), ("revoked", "withdrawn"),
                                          ("unknown", "not valid")])
def test_dead_links_show_a_clear_403_page(app, event, organizer, nora, login_client, state, words):
    path = invitation_link(app, event, organizer.id, "moderator")
    with app.app_context():
        row = db.session.query(Invitation).one()
        if state == "expired":
            row.expires_at = row.created_at - timedelta(minutes=1)
        elif state == "revoked":
            row.revoked_at = row.created_at
        db.session.commit()
    if state == "unknown":
        path = "/invite/not-a-real-token"
    client = login_client("nora@example.com")
    for response in (client.get(path), client.post(path, data={"csrf_token": csrf_token(client)})):
        assert response.status_code == 403
        html = response.get_data(as_text=True)
        assert 'data-testid="invite-invalid"' in html and words in html
    assert role_of(app, event, "nora@example.com") is None


def test_invitation_page_escapes_the_event_title(app, organizer, make_event):
    code = make_event(organizer.id, title="<script>alert(1)</script>")
    path = invitation_link(app, code, organizer.id, "presenter")
    html = app.test_client().get(path).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_a_member_is_told_what_accepting_changes(app, event, organizer, nora, login_client):
    give_role(app, event, organizer.id, "nora@example.com", "presenter")
    path = invitation_link(app, event, organizer.id, "note_taker")
    client = login_client("nora@example.com")
    html = client.get(path).get_data(as_text=True)
    assert "You are on this team already, as presenter" in html and "makes you note-taker instead" in html
    client.post(path, data={"csrf_token": page_token(html)})
    assert role_of(app, event, "nora@example.com") == "note_taker"
