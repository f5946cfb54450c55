"""Organizers over HTTP: events, moderation and API tokens; who may call what."""
import pytest
from helpers import api, assert_error, csrf_token, question_row

from townhall.extensions import db
from townhall.models import ApiToken, Event


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def api_token(moderator):
    response = api(moderator, "POST", "/api/tokens", {"name": "scoreboard"})
    assert response.status_code == 201
    return response.get_json()["token"]


def test_create_and_list_events_in_the_browser_session(app, moderator):
    response = api(moderator, "POST", "/api/events", {"title": "Parks", "premoderation": True})
    assert response.status_code == 201
    created = response.get_json()["event"]
    assert created["title"] == "Parks" and created["premoderation"] is True
    assert created["join_url"] == f"http://townhall.test/e/{created['code']}"
    listed = moderator.get("/api/events").get_json()["events"]
    assert [e["code"] for e in listed] == [created["code"]]


def test_organizer_writes_need_csrf_too(app, moderator, event):
    assert_error(api(moderator, "POST", "/api/events", {"title": "Parks"}, csrf=False), 400, "csrf_failed")
    assert_error(api(moderator, "PATCH", f"/api/events/{event}", {"title": "X"}, csrf=False), 400, "csrf_failed")
    with app.app_context():
        assert db.session.query(Event.title).all() == [("Town hall on the river park",)]


def test_update_event_settings(moderator, event):
    response = api(moderator, "PATCH", f"/api/events/{event}", {"is_open": False, "place": "Library"})
    assert response.status_code == 200
    assert (response.get_json()["event"]["is_open"], response.get_json()["event"]["place"]) == (False, "Library")
    assert moderator.get(f"/api/events/{event}").get_json()["event"]["is_open"] is False


@pytest.mark.parametrize("field", ["colour", "owner_id", "code", "user_id", "seq"])
def test_unknown_event_fields_are_a_400_not_a_crash(app, moderator, event, field):
    create = api(moderator, "POST", "/api/events", {"title": "Parks", field: "x"})
    assert assert_error(create, 400, "invalid_input")["field"] == field
    update = api(moderator, "PATCH", f"/api/events/{event}", {"title": "Renamed", field: "x"})
    assert assert_error(update, 400, "invalid_input")["field"] == field
    with app.app_context():
        assert db.session.query(Event.title).all() == [("Town hall on the river park",)]


def test_invalid_json_body(moderator, event):
    response = moderator.patch(f"/api/events/{event}", data="{not json", content_type="application/json",
                               headers={"X-CSRFToken": csrf_token(moderator)})
    assert_error(response, 400, "invalid_json")
    assert_error(api(moderator, "POST", "/api/events", ["title"]), 400, "invalid_json")


def test_moderate_and_edit_over_http(app, moderator, event, make_question):
    qid = make_question(event, "Wen?")
    base = f"/api/events/{event}/questions/{qid}"
    assert api(moderator, "POST", f"{base}/answering").get_json()["question"]["progress"] == "answering"
    edited = api(moderator, "PATCH", base, {"text": "When?"}).get_json()["question"]
    assert (edited["text"], edited["original_text"], edited["edited"]) == ("When?", "Wen?", True)
    assert_error(api(moderator, "POST", f"{base}/approve"), 409, "invalid_transition")
    assert_error(api(moderator, "POST", f"{base}/explode"), 404)
    assert_error(api(moderator, "POST", f"/api/events/{event}/questions/999/hide"), 404, "question_not_found")
    view = moderator.get(f"/api/events/{event}/snapshot?view=moderator").get_json()
    assert view["questions"][0]["original_text"] == "Wen?" and "stats" in view


def test_moderator_endpoints_refuse_attendees(app, event, attendee, make_question):
    phone, _ = attendee
    qid = make_question(event)
    base = f"/api/events/{event}"
    for method, url, body in [
        ("POST", f"{base}/questions/{qid}/hide", None),
        ("PATCH", f"{base}/questions/{qid}", {"text": "Mine now"}),
        ("PATCH", base, {"title": "Mine now"}),
        ("GET", f"{base}/stats", None),
        ("GET", f"{base}/snapshot?view=moderator", None),
        ("POST", "/api/events", {"title": "Mine"}),
        ("GET", "/api/events", None),
        ("GET", "/api/me", None),
        ("POST", "/api/tokens", {"name": "x"}),
    ]:
        assert_error(api(phone, method, url, body), 401, "not_authenticated")
    assert question_row(app, qid)["status"] == "published"


def test_moderator_endpoints_refuse_other_organizers(app, event, make_organizer, login_client, make_question):
    make_organizer(email="piet@example.com")
    other = login_client("piet@example.com")
    qid = make_question(event)
    base = f"/api/events/{event}"
    assert_error(api(other, "POST", f"{base}/questions/{qid}/hide"), 403, "forbidden")
    assert_error(api(other, "PATCH", base, {"title": "Mine now"}), 403, "forbidden")
    assert_error(other.get(f"{base}/stats"), 403, "forbidden")
    assert_error(other.get(f"{base}/snapshot?view=moderator"), 403, "forbidden")
    assert other.get("/api/events").get_json()["events"] == []
    assert question_row(app, qid)["status"] == "published"


# --- API tokens ------------------------------------------------------------------

def test_token_is_shown_once_and_listed_without_secret(app, moderator, api_token):
    secret = api_token["token"]
    assert secret.startswith(api_token["prefix"])
    listed = moderator.get("/api/tokens").get_json()["tokens"]
    assert [t["name"] for t in listed] == ["scoreboard"] and "token" not in listed[0]
    assert secret not in moderator.get("/api/tokens").get_data(as_text=True)
    with app.app_context():
        assert secret not in str([tuple(r) for r in db.session.query(ApiToken.prefix, ApiToken.token_hash)])


def test_bearer_token_creates_and_moderates_without_csrf(app, api_token, organizer, make_question):
    integration = app.test_client()  # no cookies, no CSRF token
    headers = bearer(api_token["token"])
    assert integration.get("/api/me", headers=headers).get_json()["user"]["email"] == organizer.email
    created = integration.post("/api/events", json={"title": "From the scoreboard"}, headers=headers)
    assert created.status_code == 201
    code = created.get_json()["event"]["code"]
    qid = make_question(code)
    hidden = integration.post(f"/api/events/{code}/questions/{qid}/hide", headers=headers)
    assert hidden.status_code == 200 and question_row(app, qid)["status"] == "hidden"
    stats = integration.get(f"/api/events/{code}/stats", headers=headers).get_json()
    assert stats["by_status"] == {"hidden": 1}


def test_revoked_or_unknown_token_is_401(app, moderator, api_token, make_question, event):
    integration = app.test_client()
    headers = bearer(api_token["token"])
    assert api(moderator, "DELETE", f"/api/tokens/{api_token['id']}").status_code == 204
    assert_error(integration.get("/api/me", headers=headers), 401, "not_authenticated")
    assert_error(integration.post("/api/events", json={"title": "X"}, headers=headers), 401, "not_authenticated")
    assert_error(integration.get("/api/me", headers=bearer("th_made_up")), 401, "not_authenticated")
    qid = make_question(event)
    assert_error(integration.post(f"/api/events/{event}/questions/{qid}/hide", headers=headers), 401)
    assert question_row(app, qid)["status"] == "published"
    assert moderator.get("/api/tokens").get_json()["tokens"][0]["revoked"] is True


def test_token_of_another_organizer_cannot_moderate(app, event, make_organizer, login_client, make_question):
    make_organizer(email="piet@example.com")
    other = login_client("piet@example.com")
    secret = api(other, "POST", "/api/tokens", {"name": "piet"}).get_json()["token"]["token"]
    qid = make_question(event)
    assert_error(app.test_client().post(f"/api/events/{event}/questions/{qid}/hide", headers=bearer(secret)), 403)
    assert question_row(app, qid)["status"] == "published"


def test_cannot_revoke_someone_elses_token(app, api_token, make_organizer, login_client):
    make_organizer(email="piet@example.com")
    other = login_client("piet@example.com")
    assert_error(api(other, "DELETE", f"/api/tokens/{api_token['id']}"), 404)
    headers = bearer(api_token["token"])
    assert app.test_client().get("/api/me", headers=headers).status_code == 200
