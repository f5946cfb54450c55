"""The event archive over HTTP: download, import (JSON body or file upload), copy; errors and limits."""
import io
import json

import pytest
from helpers import api, assert_error, csrf_token
from meeting_helpers import CHINESE_QUESTION, make_held_meeting
from records_helpers import give_role
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from townhall.extensions import db
from townhall.models import Event


def event_count(app) -> int:
    with app.app_context():
        return db.session.query(Event).count()


def minimal(title="Board meeting", **extra) -> dict:
    return {"format": "townhall-archive", "version": 1, "event": {"title": title},
            "agenda": [{"position": 0, "title": "Budget", "planned_minutes": 15}], **extra}


def upload(client, body: bytes, mode="restore", filename="townhall-ABCD2345-archive.json"):
    """The import form's request: the file in the multipart field "archive". Encoded here in memory
    (the test client would spool a large body to a temporary file it never closes)."""
    file = FileStorage(io.BytesIO(body), filename=filename, content_type="application/json")
    boundary, data = encode_multipart({"archive": file})
    return client.post(f"/api/events/import?mode={mode}", data=data, headers={"X-CSRFToken": csrf_token(client)},
                       content_type=f"multipart/form-data; boundary={boundary}")


def post_json(client, body: bytes | str, mode="restore"):
    return client.post(f"/api/events/import?mode={mode}", data=body, content_type="application/json",
                       headers={"X-CSRFToken": csrf_token(client)})


@pytest.fixture
def held(app, organizer, event, moderator):
    """A finished meeting and its archive as downloaded by the owner."""
    make_held_meeting(app, event, organizer.id)
    response = moderator.get(f"/api/events/{event}/archive.json")
    assert response.status_code == 200
    return {"code": event, "body": response.get_data()}


def test_download_is_a_json_attachment(held):
    body = held["body"]
    data = json.loads(body)
    assert data["format"] == "townhall-archive" and data["version"] == 1
    assert CHINESE_QUESTION.encode() in body  # UTF-8 as is, readable in any editor


def test_download_headers(moderator, event):
    response = moderator.get(f"/api/events/{event.lower()}/archive.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == f'attachment; filename="townhall-{event}-archive.json"'
    assert response.headers["Cache-Control"] == "no-store"


def test_only_the_owner_downloads(app, client, event, organizer, make_organizer, login_client):
    make_organizer(email="mo@example.com")
    give_role(app, event, organizer.id, "mo@example.com", "moderator")
    assert_error(login_client("mo@example.com").get(f"/api/events/{event}/archive.json"), 403, "forbidden")
    assert_error(client.get(f"/api/events/{event}/archive.json"), 401, "not_authenticated")
    assert_error(login_client(organizer.email).get("/api/events/NOSUCH22/archive.json"), 404, "event_not_found")


def test_restore_from_a_file_upload(app, held, moderator):
    response = upload(moderator, held["body"])
    assert response.status_code == 201, response.get_data(as_text=True)
    result = response.get_json()
    assert result["dashboard_url"] == f"/dashboard/e/{result['code']}"
    assert moderator.get(result["dashboard_url"]).status_code == 200
    event = moderator.get(f"/api/events/{result['code']}").get_json()["event"]
    assert event["is_open"] is False
    again = json.loads(moderator.get(f"/api/events/{result['code']}/archive.json").get_data())
    original = json.loads(held["body"])
    for data in (again, original):
        data.pop("exported_at")
    assert again == original


def test_template_from_a_json_body(held, moderator):
    response = post_json(moderator, held["body"], mode="template")
    assert response.status_code == 201, response.get_data(as_text=True)
    code = response.get_json()["code"]
    event = moderator.get(f"/api/events/{code}").get_json()["event"]
    assert event["title"] == "Town hall on the river park (copy)" and event["is_open"] is True
    data = json.loads(moderator.get(f"/api/events/{code}/archive.json").get_data())
    assert data["questions"] == [] and data["speakers"] == [] and data["minutes"] == []
    assert all(p["status"] == "draft" and p["ballot_count"] == 0 and not p["answers"] for p in data["polls"])


def test_template_title_from_the_query(moderator):
    response = moderator.post("/api/events/import?mode=template&title=Council%2C%20March", json=minimal(),
                              headers={"X-CSRFToken": csrf_token(moderator)})
    assert response.status_code == 201
    assert moderator.get(f"/api/events/{response.get_json()['code']}").get_json()["event"]["title"] == "Council, March"


def test_an_archive_larger_than_other_bodies_is_accepted(moderator):
    body = json.dumps(minimal()) + " " * (1024 * 1024 + 10)  # over MAX_CONTENT_LENGTH, under ARCHIVE_MAX_BYTES
    assert post_json(moderator, body).status_code == 201
    assert upload(moderator, body.encode()).status_code == 201


@pytest.mark.app_config(ARCHIVE_MAX_BYTES=4000)
def test_an_archive_over_the_limit_is_413(app, moderator):
    before = event_count(app)
    body = json.dumps(minimal()) + " " * 5000
    for response in (post_json(moderator, body), upload(moderator, body.encode())):
        error = assert_error(response, 413, "too_large")
        assert "limit" in error["message"]
    assert event_count(app) == before
    assert post_json(moderator, json.dumps(minimal())).status_code == 201  # under it: fine


def test_other_routes_keep_the_1_mb_limit(moderator, event):
    response = api(moderator, "PATCH", f"/api/events/{event}", {"description": "x" * (1024 * 1024 + 10)})
    assert response.status_code == 413


def test_truncated_json_is_invalid_json(app, held, moderator):
    before = event_count(app)
    cut = held["body"][: len(held["body"]) // 2]
    assert_error(post_json(moderator, cut), 400, "invalid_json")
    error = assert_error(upload(moderator, cut), 400, "invalid_json")
    assert error["field"] == "archive"
    assert_error(upload(moderator, b"\xff\xfe not utf-8"), 400, "invalid_json")
    assert_error(upload(moderator, b"[" * 100_000 + b"]" * 100_000), 400, "invalid_json")
    assert event_count(app) == before


def test_a_wrong_archive_names_the_field(app, held, moderator):
    before = event_count(app)
    error = assert_error(post_json(moderator, json.dumps({"format": "something else", "version": 1})), 400,
                         "invalid_archive")
    assert error["field"] == "format"
    data = json.loads(held["body"])
    data["questions"][3]["status"] = "deleted"
    error = assert_error(upload(moderator, json.dumps(data).encode()), 400, "invalid_archive")
    assert error["field"] == "questions[3].status" and "questions[3].status" in error["message"]
    data = json.loads(held["body"])
    data["questions"][5]["merged_into"] = 404
    error = assert_error(post_json(moderator, json.dumps(data), mode="template"), 400, "invalid_archive")
    assert error["field"] == "questions[5].merged_into"
    assert event_count(app) == before


def test_the_form_needs_a_file_and_the_query_a_mode(app, moderator):
    before = event_count(app)
    response = moderator.post("/api/events/import?mode=restore", data={"other": "x"},
                              headers={"X-CSRFToken": csrf_token(moderator)}, content_type="multipart/form-data")
    assert assert_error(response, 400, "invalid_archive")["field"] == "archive"
    assert assert_error(post_json(moderator, json.dumps(minimal()), mode=""), 400, "invalid_mode")["field"] == "mode"
    response = moderator.post("/api/events/import?mode=restore", data="title=x",
                              headers={"X-CSRFToken": csrf_token(moderator)},
                              content_type="application/x-www-form-urlencoded")
    assert_error(response, 400, "invalid_json")
    assert event_count(app) == before


def test_importing_needs_a_logged_in_organizer_and_the_csrf_header(app, client, moderator):
    before = event_count(app)
    assert_error(post_json(client, json.dumps(minimal())), 401, "not_authenticated")
    response = moderator.post("/api/events/import?mode=restore", json=minimal())  # no X-CSRFToken
    assert_error(response, 400, "csrf_failed")
    assert event_count(app) == before


def test_an_api_token_imports_without_csrf(app, organizer):
    from townhall.services import accounts

    with app.app_context():
        _row, token = accounts.create_api_token(user_id=organizer.id, name="script")
    response = app.test_client().post("/api/events/import?mode=template", json=minimal(),
                                      headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.get_data(as_text=True)


def test_copy_reuses_the_event_as_a_template(app, held, moderator):
    response = api(moderator, "POST", f"/api/events/{held['code']}/copy")
    assert response.status_code == 201, response.get_data(as_text=True)
    code = response.get_json()["code"]
    data = json.loads(moderator.get(f"/api/events/{code}/archive.json").get_data())
    assert data["event"]["title"].endswith(" (copy)") and data["questions"] == []
    response = api(moderator, "POST", f"/api/events/{held['code']}/copy", {"title": "Next month"})
    assert moderator.get(f"/api/events/{response.get_json()['code']}").get_json()["event"]["title"] == "Next month"
    assert assert_error(api(moderator, "POST", f"/api/events/{held['code']}/copy", {"tilte": "x"}),
                        400)["field"] == "tilte"


def test_copy_is_for_the_owner(app, event, organizer, make_organizer, login_client):
    make_organizer(email="mo@example.com")
    give_role(app, event, organizer.id, "mo@example.com", "moderator")
    before = event_count(app)
    assert_error(api(login_client("mo@example.com"), "POST", f"/api/events/{event}/copy"), 403, "forbidden")
    assert event_count(app) == before


def test_the_openapi_document_describes_the_archive(client):
    spec = client.get("/api/openapi.json").get_json()
    assert "get" in spec["paths"]["/api/events/{code}/archive.json"]
    imported = spec["paths"]["/api/events/import"]["post"]
    assert {"application/json", "multipart/form-data"} <= set(imported["requestBody"]["content"])
    assert "413" in imported["responses"] and "post" in spec["paths"]["/api/events/{code}/copy"]
    assert "Archive" in spec["components"]["schemas"]


def test_pages_offer_import_and_download(app, moderator, event, organizer, make_organizer, login_client):
    events_page = moderator.get("/dashboard/").get_data(as_text=True)
    assert 'data-testid="import-event-form"' in events_page and 'name="archive"' in events_page
    settings = moderator.get(f"/dashboard/e/{event}/settings").get_data(as_text=True)
    assert f'href="/api/events/{event}/archive.json"' in settings and 'data-testid="reuse-template"' in settings
    make_organizer(email="mo@example.com")
    give_role(app, event, organizer.id, "mo@example.com", "moderator")
    other = login_client("mo@example.com").get(f"/dashboard/e/{event}/settings").get_data(as_text=True)
    assert "archive-download" not in other  # not theirs to download
