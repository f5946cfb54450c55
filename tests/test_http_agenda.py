"""The agenda over HTTP: editing, run of show, templates, questions per item; JSON errors,
CSRF, who may call what, and the OpenAPI document."""
import pytest
from helpers import api, assert_error, body_schema, csrf_token, question_row

from townhall.extensions import db
from townhall.models import AgendaItem, Event, EventRole


def items_of(client, code) -> list[dict]:
    response = client.get(f"/api/events/{code}/agenda")
    assert response.status_code == 200
    return response.get_json()["agenda"]["items"]


def titles(client, code) -> list[str]:
    return [i["title"] for i in items_of(client, code)]


def stored_items(app) -> int:
    with app.app_context():
        return db.session.query(AgendaItem).count()


@pytest.fixture
def items(moderator, event):
    """Three items added over HTTP: their ids in agenda order."""
    ids = []
    for title, minutes in (("Welcome", 5), ("Budget", 30), ("Any other business", 10)):
        response = api(moderator, "POST", f"/api/events/{event}/agenda/items",
                       {"title": title, "planned_minutes": minutes})
        assert response.status_code == 201
        ids.append(response.get_json()["item_id"])
    return ids


def run(client, code, action, body=None):
    return api(client, "POST", f"/api/events/{code}/agenda/run/{action}", body)


# --- editing ---------------------------------------------------------------------------

def test_build_an_agenda_over_http(app, client, moderator, event):
    base = f"/api/events/{event}/agenda"
    created = api(moderator, "POST", f"{base}/items", {"title": "Welcome", "presenter": "Mayor Ada",
                                                        "description": "Apologies", "planned_minutes": 5})
    assert created.status_code == 201
    body = created.get_json()
    assert body["seq"] == 1 and body["agenda"]["items"][0]["id"] == body["item_id"]
    first = body["item_id"]
    second = api(moderator, "POST", f"{base}/items", {"title": "Budget"}).get_json()["item_id"]
    edited = api(moderator, "PATCH", f"{base}/items/{second}", {"planned_minutes": 45})
    assert edited.status_code == 200 and edited.get_json()["agenda"]["items"][1]["planned_minutes"] == 45
    reordered = api(moderator, "PUT", f"{base}/order", {"item_ids": [second, first]})
    assert [i["id"] for i in reordered.get_json()["agenda"]["items"]] == [second, first]
    assert titles(client, event) == ["Budget", "Welcome"]  # anyone with the code may read the agenda
    agenda = client.get(f"{base}").get_json()["agenda"]
    assert agenda["planned_seconds"] == 50 * 60 and agenda["items"][1]["presenter"] == "Mayor Ada"
    deleted = api(moderator, "DELETE", f"{base}/items/{second}")
    assert deleted.status_code == 200 and deleted.get_json()["seq"] == 5
    assert titles(client, event) == ["Welcome"]


def test_editing_errors_are_json(app, moderator, event, items):
    base = f"/api/events/{event}/agenda"
    assert assert_error(api(moderator, "POST", f"{base}/items", {"title": ""}), 400, "empty")["field"] == "title"
    assert assert_error(api(moderator, "POST", f"{base}/items", {"title": "x", "planned_minutes": 601}),
                        400, "invalid_input")["field"] == "planned_minutes"
    for clash in ("code", "user_id", "status"):
        assert assert_error(api(moderator, "POST", f"{base}/items", {"title": "x", clash: 1}),
                            400, "invalid_input")["field"] == clash
    assert assert_error(api(moderator, "PATCH", f"{base}/items/{items[0]}", {"item_id": 3}),
                        400, "invalid_input")["field"] == "item_id"
    assert_error(api(moderator, "POST", f"{base}/items", ["title"]), 400, "invalid_json")
    assert_error(moderator.post(f"{base}/items", data="{nope", content_type="application/json",
                                headers={"X-CSRFToken": csrf_token(moderator)}), 400, "invalid_json")
    assert_error(api(moderator, "PATCH", f"{base}/items/999", {"title": "x"}), 404, "agenda_item_not_found")
    assert_error(api(moderator, "DELETE", f"{base}/items/999"), 404, "agenda_item_not_found")
    assert_error(api(moderator, "PUT", f"{base}/order", {"item_ids": items[:2]}), 400, "invalid_order")
    assert_error(api(moderator, "PUT", f"{base}/order", {}), 400, "invalid_order")
    assert_error(moderator.get("/api/events/NOPE2345/agenda"), 404, "event_not_found")
    assert stored_items(app) == 3


def test_agenda_writes_need_csrf(app, moderator, event, items):
    base = f"/api/events/{event}/agenda"
    for method, url, body in [("POST", f"{base}/items", {"title": "x"}),
                              ("PATCH", f"{base}/items/{items[0]}", {"title": "x"}),
                              ("DELETE", f"{base}/items/{items[0]}", None),
                              ("PUT", f"{base}/order", {"item_ids": items[::-1]}),
                              ("POST", f"{base}/run/start", None),
                              ("POST", f"{base}/template", {"name": "x"}),
                              ("POST", f"{base}/apply", {"from_event": event})]:
        assert_error(api(moderator, method, url, body, csrf=False), 400, "csrf_failed")
    assert titles(moderator, event) == ["Welcome", "Budget", "Any other business"]
    assert moderator.get(f"{base}").get_json()["agenda"]["meeting"]["state"] == "not_started"
    assert moderator.get("/api/agenda-templates").get_json()["templates"] == []


def test_an_integration_runs_the_agenda_with_a_bearer_token(app, moderator, event, items):
    secret = api(moderator, "POST", "/api/tokens", {"name": "stage"}).get_json()["token"]["token"]
    integration = app.test_client()
    response = integration.post(f"/api/events/{event}/agenda/run/start",
                                headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200 and response.get_json()["agenda"]["current_item_id"] == items[0]


def test_agenda_writes_refuse_attendees_other_organizers_and_presenters(app, event, items, attendee,
                                                                        make_organizer, login_client):
    phone, _ = attendee
    make_organizer(email="piet@example.com")
    piet = login_client("piet@example.com")
    presenter_id = make_organizer(email="pres@example.com")
    with app.app_context():
        event_id = db.session.query(Event.id).filter_by(code=event).scalar()
        db.session.add(EventRole(event_id=event_id, user_id=presenter_id, role="presenter"))
        db.session.commit()
    presenter = login_client("pres@example.com")
    base = f"/api/events/{event}/agenda"
    calls = [("POST", f"{base}/items", {"title": "Mine"}), ("PATCH", f"{base}/items/{items[0]}", {"title": "Mine"}),
             ("DELETE", f"{base}/items/{items[0]}", None), ("PUT", f"{base}/order", {"item_ids": items[::-1]}),
             ("POST", f"{base}/run/start", None), ("POST", f"{base}/apply", {"from_event": event})]
    for method, url, body in calls:
        assert_error(api(phone, method, url, body), 401, "not_authenticated")
        assert_error(api(piet, method, url, body), 403, "forbidden")
        assert_error(api(presenter, method, url, body), 403, "forbidden")
    assert_error(api(phone, "POST", f"{base}/template", {"name": "x"}), 401, "not_authenticated")
    assert_error(api(piet, "POST", f"{base}/template", {"name": "x"}), 403, "forbidden")
    assert_error(phone.get("/api/agenda-templates"), 401, "not_authenticated")
    assert titles(phone, event) == ["Welcome", "Budget", "Any other business"]
    assert phone.get(f"{base}").get_json()["agenda"]["meeting"]["state"] == "not_started"


# --- run of show --------------------------------------------------------------------------

def test_run_of_show_over_http(app, moderator, event, items):
    assert_error(run(moderator, event, "next"), 409, "meeting_not_started")
    started = run(moderator, event, "start")
    assert started.status_code == 200
    agenda = started.get_json()["agenda"]
    assert agenda["meeting"]["state"] == "running" and agenda["current_item_id"] == items[0]
    assert agenda["next_item_id"] == items[1]
    assert_error(run(moderator, event, "start"), 409, "meeting_started")
    assert run(moderator, event, "pause").get_json()["agenda"]["items"][0]["status"] == "paused"
    assert_error(run(moderator, event, "pause"), 409, "already_paused")
    assert run(moderator, event, "resume").get_json()["agenda"]["items"][0]["running"] is True
    jumped = run(moderator, event, "start_item", {"item_id": items[2]}).get_json()["agenda"]
    assert jumped["current_item_id"] == items[2] and jumped["items"][0]["status"] == "done"
    assert_error(run(moderator, event, "start_item", {"item_id": items[2]}), 409, "item_is_current")
    assert_error(run(moderator, event, "start_item", {"item_id": 999}), 404, "agenda_item_not_found")
    assert_error(run(moderator, event, "start_item"), 400, "invalid_input")
    assert_error(run(moderator, event, "next", {"item_id": items[1]}), 400, "invalid_input")
    assert_error(run(moderator, event, "next", ["x"]), 400, "invalid_json")
    assert_error(run(moderator, event, "dance"), 404)
    assert run(moderator, event, "back").get_json()["agenda"]["current_item_id"] == items[1]
    assert_error(api(moderator, "DELETE", f"/api/events/{event}/agenda/items/{items[1]}"), 409, "item_is_current")
    ended = run(moderator, event, "end").get_json()["agenda"]
    assert ended["meeting"]["state"] == "ended" and ended["meeting"]["ended_at"]
    assert_error(run(moderator, event, "next"), 409, "meeting_ended")
    snapshot = moderator.get(f"/api/events/{event}/snapshot").get_json()
    assert snapshot["agenda"] == moderator.get(f"/api/events/{event}/agenda").get_json()["agenda"]
    assert snapshot["event"]["meeting_ended_at"] == ended["meeting"]["ended_at"]


# --- questions per item ---------------------------------------------------------------------

def test_questions_per_item_over_http(app, moderator, event, items, attendee):
    phone, _ = attendee
    run(moderator, event, "start")
    asked = api(phone, "POST", f"/api/events/{event}/questions", {"text": "Why?"})
    assert asked.status_code == 201 and asked.get_json()["question"]["agenda_item_id"] == items[0]
    picked = api(phone, "POST", f"/api/events/{event}/questions", {"text": "And the budget?",
                                                                    "agenda_item_id": items[1]})
    assert picked.get_json()["question"]["agenda_item_id"] == items[1]
    general = api(phone, "POST", f"/api/events/{event}/questions", {"text": "Parking?", "agenda_item_id": None})
    assert general.status_code == 201 and general.get_json()["question"]["agenda_item_id"] is None
    run(moderator, event, "next")
    late = api(phone, "POST", f"/api/events/{event}/questions", {"text": "Back to welcome", "agenda_item_id": items[0]})
    assert assert_error(late, 400, "agenda_item_done")["field"] == "agenda_item_id"
    qid = asked.get_json()["question"]["id"]
    url = f"/api/events/{event}/questions/{qid}"
    moved = api(moderator, "PATCH", url, {"agenda_item_id": items[2]})
    assert moved.status_code == 200 and moved.get_json()["question"]["agenda_item_id"] == items[2]
    assert question_row(app, qid)["agenda_item_id"] == items[2]
    assert api(moderator, "PATCH", url, {"agenda_item_id": None}).get_json()["question"]["agenda_item_id"] is None
    assert_error(api(moderator, "PATCH", url, {"agenda_item_id": 999}), 404, "agenda_item_not_found")
    assert assert_error(api(moderator, "PATCH", url, {"item": 1}), 400, "invalid_input")["field"] == "item"
    assert_error(api(moderator, "PATCH", url, {}), 400, "empty")
    assert_error(api(phone, "PATCH", url, {"agenda_item_id": items[0]}), 401, "not_authenticated")
    assert question_row(app, qid)["agenda_item_id"] is None
    listed = phone.get(f"/api/events/{event}/snapshot").get_json()["questions"]
    assert {q["id"]: q["agenda_item_id"] for q in listed} == {
        qid: None, picked.get_json()["question"]["id"]: items[1], general.get_json()["question"]["id"]: None}


# --- templates -------------------------------------------------------------------------------

def test_templates_over_http(app, moderator, event, items, make_event, organizer, make_organizer, login_client):
    saved = api(moderator, "POST", f"/api/events/{event}/agenda/template", {"name": "Council"})
    assert saved.status_code == 201
    template = saved.get_json()["template"]
    assert template["name"] == "Council" and len(template["items"]) == 3
    assert moderator.get("/api/agenda-templates").get_json()["templates"] == [template]

    following = make_event(organizer.id, title="Next month")
    applied = api(moderator, "POST", f"/api/events/{following}/agenda/apply", {"template_id": template["id"]})
    assert applied.status_code == 200 and len(applied.get_json()["item_ids"]) == 3
    copied = api(moderator, "POST", f"/api/events/{following}/agenda/apply", {"from_event": event})
    assert len(copied.get_json()["agenda"]["items"]) == 6
    assert_error(api(moderator, "POST", f"/api/events/{following}/agenda/apply", {}), 400, "invalid_input")
    assert_error(api(moderator, "POST", f"/api/events/{following}/agenda/apply", {"template_id": 999}),
                 404, "template_not_found")
    assert_error(api(moderator, "POST", f"/api/events/{event}/agenda/template", {"name": ""}), 400, "empty")

    make_organizer(email="piet@example.com")
    piet = login_client("piet@example.com")
    assert piet.get("/api/agenda-templates").get_json()["templates"] == []
    assert_error(api(piet, "DELETE", f"/api/agenda-templates/{template['id']}"), 404, "template_not_found")
    assert_error(api(moderator, "DELETE", f"/api/agenda-templates/{template['id']}", csrf=False), 400, "csrf_failed")
    assert api(moderator, "DELETE", f"/api/agenda-templates/{template['id']}").status_code == 204
    assert moderator.get("/api/agenda-templates").get_json()["templates"] == []


# --- the API description ---------------------------------------------------------------------

def test_openapi_documents_the_agenda(client):
    spec = client.get("/api/openapi.json").get_json()
    for action in ("start", "start_item", "next", "back", "pause", "resume", "end"):
        assert "post" in spec["paths"][f"/api/events/{{code}}/agenda/run/{action}"]
    assert "item_id" in body_schema(spec, "/api/events/{code}/agenda/run/start_item", "post")["properties"]
    schemas = spec["components"]["schemas"]
    assert {"Agenda", "AgendaItem", "AgendaItemInput", "AgendaTemplate"} <= set(schemas)
    assert "agenda_item_id" in schemas["Question"]["properties"]
    assert "agenda_item_id" in body_schema(spec, "/api/events/{code}/questions/{question_id}", "patch")["properties"]


# --- the page -----------------------------------------------------------------------------------

def test_agenda_page_for_editors_readers_and_strangers(app, organizer, make_event, make_organizer, login_client):
    code = make_event(organizer.id, title="Budget <script>alert(1)</script>")
    page = login_client(organizer.email).get(f"/dashboard/e/{code}/agenda")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "Budget &lt;script&gt;" in html
    assert 'data-can-edit="true"' in html and 'data-testid="run-start"' in html and 'data-testid="add-form"' in html

    note_taker = make_organizer(email="notes@example.com")
    with app.app_context():
        event_id = db.session.query(Event.id).filter_by(code=code).scalar()
        db.session.add(EventRole(event_id=event_id, user_id=note_taker, role="note_taker"))
        db.session.commit()
    notes = login_client("notes@example.com")
    html = notes.get(f"/dashboard/e/{code}/agenda").get_data(as_text=True)
    assert 'data-can-edit="false"' in html and "(Note-taker) cannot change it" in html
    html = notes.get(f"/dashboard/e/{code}/agenda", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "您的角色（记录员）" in html  # the role in the reader's language, not the stored "note_taker"
    assert 'data-testid="run-start"' not in html and 'data-testid="add-form"' not in html

    make_organizer(email="piet@example.com")
    assert login_client("piet@example.com").get(f"/dashboard/e/{code}/agenda").status_code == 403
    assert app.test_client().get(f"/dashboard/e/{code}/agenda").status_code == 302  # to the login page
