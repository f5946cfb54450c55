"""Records over HTTP: notes with versions, decisions and action items; JSON errors, CSRF, roles, OpenAPI."""
import pytest
from helpers import api, assert_error
from records_helpers import give_role, make_item

from townhall.extensions import db
from townhall.models import ActionItem, AgendaItem, Decision


@pytest.fixture
def item(app, event):
    return make_item(app, event, "Budget 2027")


def notes_url(code, item_id):
    return f"/api/events/{code}/agenda/{item_id}/notes"


def stored(app, model) -> int:
    with app.app_context():
        return db.session.query(model).count()


def test_notes_autosave_and_conflict(app, moderator, event, item, make_organizer, login_client, organizer):
    make_organizer(email="nina@example.com")
    give_role(app, event, organizer.id, "nina@example.com", "note_taker")
    nina = login_client("nina@example.com")
    saved = api(moderator, "PUT", notes_url(event, item), {"text": "Olga: pool budget", "base_version": 0})
    assert saved.status_code == 200
    assert saved.get_json()["notes"] == {**saved.get_json()["notes"], "text": "Olga: pool budget", "version": 1,
                                         "item_id": item}
    # Nina's page still has version 0: she is told, with the current text, instead of overwriting
    conflict = api(nina, "PUT", notes_url(event, item), {"text": "Nina: 14 for", "base_version": 0})
    error = assert_error(conflict, 409, "notes_conflict")
    assert error["current"]["text"] == "Olga: pool budget" and error["current"]["version"] == 1
    merged = api(nina, "PUT", notes_url(event, item), {"text": "Olga: pool budget\nNina: 14 for", "base_version": 1})
    assert merged.status_code == 200 and merged.get_json()["notes"]["version"] == 2
    records = moderator.get(f"/api/events/{event}/records").get_json()["items"][str(item)]
    assert records["notes"]["text"] == "Olga: pool budget\nNina: 14 for" and records["title"] == "Budget 2027"


def test_notes_errors_are_json(app, moderator, event, item, organizer, make_event):
    assert_error(api(moderator, "PUT", notes_url(event, item), {"text": "x" * 20_001, "base_version": 0}), 400,
                 "too_long")
    assert_error(api(moderator, "PUT", notes_url(event, item), {"text": "x"}), 400, "invalid_input")
    assert_error(api(moderator, "PUT", notes_url(event, item), ["x"]), 400, "invalid_json")
    other_item = make_item(app, make_event(organizer.id), "Elsewhere")
    assert_error(api(moderator, "PUT", notes_url(event, other_item), {"text": "x", "base_version": 0}), 404,
                 "item_not_found")
    assert_error(api(moderator, "PUT", notes_url("NOPE2345", item), {"text": "x", "base_version": 0}), 404,
                 "event_not_found")
    assert_error(api(moderator, "PUT", notes_url(event, item), {"text": "x", "base_version": 0}, csrf=False), 400,
                 "csrf_failed")
    assert_error(api(app.test_client(), "PUT", notes_url(event, item), {"text": "x", "base_version": 0}), 401)
    with app.app_context():
        assert db.session.get(AgendaItem, item).notes_version == 0


def test_decisions_and_action_items_over_http(app, moderator, event, item):
    base = f"/api/events/{event}"
    made = api(moderator, "POST", f"{base}/agenda/{item}/decisions",
               {"text": "Pool budget adopted", "vote_result": "For 14 · Against 3 · Abstain 2"})
    assert made.status_code == 201
    decision = made.get_json()["decision"]
    assert decision["vote_result"] == "For 14 · Against 3 · Abstain 2"
    edited = api(moderator, "PATCH", f"{base}/decisions/{decision['id']}", {"text": "Pool budget adopted."})
    assert edited.get_json()["decision"]["text"] == "Pool budget adopted."
    assert_error(api(moderator, "PATCH", f"{base}/decisions/{decision['id']}", {"colour": "red"}), 400)
    assert_error(api(moderator, "PATCH", f"{base}/decisions/{decision['id']}", {"code": "X"}), 400)
    assert_error(api(moderator, "POST", f"{base}/agenda/{item}/decisions", {"vote_result": "1:0"}), 400, "empty")

    action = api(moderator, "POST", f"{base}/agenda/{item}/actions",
                 {"what": "Ask for running costs", "owner": "Ana", "due_date": "2026-12-31"})
    assert action.status_code == 201
    action = action.get_json()["action"]
    assert (action["owner"], action["due_date"]) == ("Ana", "2026-12-31")
    moved = api(moderator, "PATCH", f"{base}/actions/{action['id']}", {"due_date": "2027-01-15"})
    assert moved.get_json()["action"]["due_date"] == "2027-01-15"
    assert_error(api(moderator, "PATCH", f"{base}/actions/{action['id']}", {"due_date": "soon"}), 400)

    items = moderator.get(f"{base}/records").get_json()["items"]
    assert [d["text"] for d in items[str(item)]["decisions"]] == ["Pool budget adopted."]
    assert [a["what"] for a in items[str(item)]["actions"]] == ["Ask for running costs"]
    assert api(moderator, "DELETE", f"{base}/decisions/{decision['id']}").status_code == 204
    assert api(moderator, "DELETE", f"{base}/actions/{action['id']}").status_code == 204
    assert_error(api(moderator, "DELETE", f"{base}/actions/{action['id']}"), 404, "action_not_found")
    assert stored(app, Decision) == stored(app, ActionItem) == 0


def test_roles_decide_over_http(app, event, item, organizer, make_organizer, login_client, attendee):
    for role in ("presenter", "note_taker"):
        make_organizer(email=f"{role}@example.com")
        give_role(app, event, organizer.id, f"{role}@example.com", role)
    presenter, note_taker = login_client("presenter@example.com"), login_client("note_taker@example.com")
    stranger = (make_organizer(email="x@example.com"), login_client("x@example.com"))[1]
    base = f"/api/events/{event}"
    writes = [("PUT", notes_url(event, item), {"text": "x", "base_version": 0}),
              ("POST", f"{base}/agenda/{item}/decisions", {"text": "x"}),
              ("POST", f"{base}/agenda/{item}/actions", {"what": "x"})]
    for client in (presenter, stranger, attendee[0]):
        for method, url, body in writes:
            assert_error(api(client, method, url, body), 401 if client is attendee[0] else 403)
    assert presenter.get(f"{base}/records").status_code == 200
    assert_error(stranger.get(f"{base}/records"), 403)
    assert stored(app, Decision) == stored(app, ActionItem) == 0
    for method, url, body in writes:
        assert api(note_taker, method, url, body).status_code in (200, 201)
    assert stored(app, Decision) == stored(app, ActionItem) == 1


def test_bearer_tokens_write_records_without_csrf(app, moderator, event, item):
    secret = api(moderator, "POST", "/api/tokens", {"name": "minutes"}).get_json()["token"]["token"]
    response = app.test_client().put(notes_url(event, item), json={"text": "From a script", "base_version": 0},
                                     headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200 and response.get_json()["notes"]["version"] == 1


def test_snapshot_carries_the_records(moderator, event, item):
    api(moderator, "POST", f"/api/events/{event}/agenda/{item}/decisions", {"text": "Adopted"})
    snapshot = moderator.get(f"/api/events/{event}/snapshot?view=moderator").get_json()
    assert snapshot["records"]["items"][str(item)]["decisions"][0]["text"] == "Adopted"


def test_openapi_documents_records_and_the_notes_conflict(client):
    spec = client.get("/api/openapi.json").get_json()
    save = spec["paths"]["/api/events/{code}/agenda/{item_id}/notes"]["put"]
    assert save["responses"]["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/NotesConflict"}
    for path in ("/api/events/{code}/records", "/api/events/{code}/agenda/{item_id}/decisions",
                 "/api/events/{code}/decisions/{decision_id}", "/api/events/{code}/agenda/{item_id}/actions",
                 "/api/events/{code}/actions/{action_id}"):
        assert path in spec["paths"], path


def test_notes_page_for_the_team(app, event, organizer, make_organizer, login_client, moderator):
    page = moderator.get(f"/dashboard/e/{event}/notes")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-testid="notes-page"' in html and 'data-can-write="true"' in html
    make_organizer(email="presenter@example.com")
    give_role(app, event, organizer.id, "presenter@example.com", "presenter")
    html = login_client("presenter@example.com").get(f"/dashboard/e/{event}/notes").get_data(as_text=True)
    assert 'data-can-write="false"' in html
    make_organizer(email="x@example.com")
    assert login_client("x@example.com").get(f"/dashboard/e/{event}/notes").status_code == 403


def test_notes_and_team_pages_escape_the_event_title(app, organizer, make_event, moderator):
    code = make_event(organizer.id, title="<script>alert(1)</script>")
    for path in (f"/dashboard/e/{code}/notes", f"/dashboard/e/{code}/team"):
        html = moderator.get(path).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
