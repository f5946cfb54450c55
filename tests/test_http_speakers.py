"""The list of speakers over HTTP: status codes, JSON errors, CSRF, roles, and the OpenAPI document."""
import pytest
from helpers import api, assert_error

from townhall.extensions import db
from townhall.models import Event, EventRole, SpeakerRequest
from townhall.services import accounts, speakers


def statuses(app) -> list[str]:
    with app.app_context():
        return [r.status for r in db.session.query(SpeakerRequest).order_by(SpeakerRequest.id)]


def url(code, tail=""):
    return f"/api/events/{code}/speakers{tail}"


def test_phone_asks_for_the_floor_and_withdraws(app, event, join):
    phone, _attendee_id = join(event, name="Ana Lima")
    response = api(phone, "POST", url(event), {"topic": "Bike lanes"})
    assert response.status_code == 201
    entry = response.get_json()["request"]
    assert entry["name"] == "Ana Lima" and entry["topic"] == "Bike lanes" and entry["position"] == 1
    assert "attendee_id" not in entry
    assert_error(api(phone, "POST", url(event), {}), 409, "already_waiting")
    state = phone.get(url(event)).get_json()
    assert state["speakers"]["mine"] == {"waiting": {"id": entry["id"], "position": 1}, "speaking": None}
    assert state["seq"] >= 1
    snapshot = phone.get(f"/api/events/{event}/snapshot").get_json()
    assert snapshot["speakers"]["mine"]["waiting"]["id"] == entry["id"]
    response = api(phone, "DELETE", url(event, "/mine"))
    assert response.status_code == 200 and response.get_json()["request"]["status"] == "withdrawn"
    assert_error(api(phone, "DELETE", url(event, "/mine")), 409, "not_waiting")
    assert statuses(app) == ["withdrawn"]


def test_a_request_needs_no_body(app, event, join):
    phone, _ = join(event)
    response = api(phone, "POST", url(event))
    assert response.status_code == 201 and response.get_json()["request"]["topic"] == ""


@pytest.mark.parametrize("payload, status, code", [
    ("not json", 400, "invalid_json"), ([1, 2], 400, "invalid_json"), ({"topic": "x" * 201}, 400, "too_long"),
    ({"topic": {"a": 1}}, 400, "invalid_input"),
])
def test_bad_requests_are_json_errors(app, event, join, payload, status, code):
    phone, _ = join(event)
    if isinstance(payload, str):
        response = api(phone, "POST", url(event), data=payload, content_type="application/json")
    else:
        response = api(phone, "POST", url(event), payload)
    assert_error(response, status, code)
    assert statuses(app) == []


def test_writes_need_the_csrf_header(app, event, join, moderator):
    phone, _ = join(event)
    assert_error(api(phone, "POST", url(event), {}, csrf=False), 400, "csrf_failed")
    assert api(phone, "POST", url(event), {}).status_code == 201
    assert_error(api(phone, "DELETE", url(event, "/mine"), csrf=False), 400, "csrf_failed")
    assert_error(api(moderator, "POST", url(event, "/next"), csrf=False), 400, "csrf_failed")
    assert_error(api(moderator, "POST", url(event, "/add"), {"name": "Walk-in"}, csrf=False), 400, "csrf_failed")
    assert statuses(app) == ["waiting"]


def test_not_joined_or_unknown_event(app, event, client):
    assert_error(api(client, "POST", url(event), {}), 401, "not_joined")
    assert_error(api(client, "DELETE", url(event, "/mine")), 401, "not_joined")
    assert_error(api(client, "POST", url("NOPE2345"), {}), 404, "event_not_found")
    assert_error(client.get(url("NOPE2345")), 404, "event_not_found")
    assert "mine" not in client.get(url(event)).get_json()["speakers"]


def test_closed_event_refuses_requests(app, organizer, event, join, moderator):
    phone, _ = join(event)
    assert api(moderator, "PATCH", f"/api/events/{event}", {"is_open": False}).status_code == 200
    assert_error(api(phone, "POST", url(event), {}), 409, "event_closed")


def test_moderator_runs_the_queue_over_http(app, event, join, moderator):
    ana, _ = join(event, name="Ana")
    ben, _ = join(event, name="Ben")
    first = api(ana, "POST", url(event), {}).get_json()["request"]
    second = api(ben, "POST", url(event), {}).get_json()["request"]
    response = api(moderator, "POST", url(event, "/add"), {"name": "Mrs Okafor", "topic": "Parking"})
    assert response.status_code == 201 and response.get_json()["request"]["manual"] is True
    view = api(moderator, "POST", url(event, "/next")).get_json()["speakers"]
    assert view["current"]["id"] == first["id"]
    view = api(moderator, "POST", url(event, "/start")).get_json()["speakers"]
    assert view["current"]["timer"]["running"] is True
    view = api(moderator, "POST", url(event, "/stop")).get_json()["speakers"]
    assert view["current"]["timer"]["running"] is False
    assert_error(api(moderator, "POST", url(event, "/stop")), 409, "timer_stopped")
    view = api(moderator, "POST", url(event, f"/{second['id']}/remove")).get_json()["speakers"]
    assert [e["name"] for e in view["queue"]] == ["Mrs Okafor"]
    view = api(moderator, "POST", url(event, f"/{view['queue'][0]['id']}/call")).get_json()["speakers"]
    assert view["current"]["name"] == "Mrs Okafor" and [e["name"] for e in view["recent"]] == ["Ana"]
    view = api(moderator, "POST", url(event, "/finish")).get_json()["speakers"]
    assert view["current"] is None
    assert_error(api(moderator, "POST", url(event, "/next")), 409, "queue_empty")
    assert_error(api(moderator, "POST", url(event, "/999/call")), 404, "speaker_request_not_found")
    assert_error(api(moderator, "POST", url(event, "/add"), {"name": ""}), 400, "empty")
    assert_error(api(moderator, "POST", url(event, "/jump")), 404)
    assert statuses(app) == ["done", "removed", "done"]


def test_moderator_state_needs_an_organizer(app, event, join, moderator, make_organizer, login_client):
    phone, _ = join(event, name="Ana")
    api(phone, "POST", url(event), {})
    state = moderator.get(url(event), query_string={"view": "moderator"}).get_json()
    assert state["speakers"]["queue"][0]["name"] == "Ana" and state["speakers"]["recent"] == []
    assert_error(phone.get(url(event), query_string={"view": "moderator"}), 401, "not_authenticated")
    make_organizer(email="piet@example.com")
    stranger = login_client("piet@example.com")
    assert_error(stranger.get(url(event), query_string={"view": "moderator"}), 403, "forbidden")


@pytest.mark.parametrize("role", ["presenter", "note_taker"])
def test_only_the_speakers_capability_runs_the_queue(app, event, join, make_organizer, login_client, role):
    phone, _ = join(event)
    entry = api(phone, "POST", url(event), {}).get_json()["request"]
    helper = make_organizer(email="helper@example.com")
    with app.app_context():
        db.session.add(EventRole(event_id=db.session.query(Event.id).filter_by(code=event).scalar(),
                                 user_id=helper, role=role))
        db.session.commit()
    client = login_client("helper@example.com")
    assert_error(api(client, "POST", url(event, "/next")), 403, "forbidden")
    assert_error(api(client, "POST", url(event, f"/{entry['id']}/remove")), 403, "forbidden")
    assert_error(api(client, "POST", url(event, "/add"), {"name": "Walk-in"}), 403, "forbidden")
    assert client.get(url(event), query_string={"view": "moderator"}).status_code == 200
    assert statuses(app) == ["waiting"]


def test_phones_cannot_run_the_queue(app, event, join):
    phone, _ = join(event)
    entry = api(phone, "POST", url(event), {}).get_json()["request"]
    assert_error(api(phone, "POST", url(event, "/next")), 401, "not_authenticated")
    assert_error(api(phone, "POST", url(event, f"/{entry['id']}/call")), 401, "not_authenticated")
    assert statuses(app) == ["waiting"]


def test_integrations_use_a_bearer_token_without_csrf(app, organizer, event, join, client):
    phone, _ = join(event)
    api(phone, "POST", url(event), {})
    with app.app_context():
        _row, secret = accounts.create_api_token(user_id=organizer.id, name="stage clock")
    headers = {"Authorization": f"Bearer {secret}"}
    response = client.post(url(event, "/next"), headers=headers)
    assert response.status_code == 200 and response.get_json()["speakers"]["current"]["status"] == "speaking"
    state = client.get(url(event), query_string={"view": "moderator"}, headers=headers).get_json()
    assert state["speakers"]["current"]["timer"]["limit_seconds"] == 120


def test_every_speakers_route_is_in_the_openapi_document(client):
    spec = client.get("/api/openapi.json").get_json()
    base = "/api/events/{code}/speakers"
    assert set(spec["paths"][base]) >= {"get", "post"}
    assert "delete" in spec["paths"][f"{base}/mine"]
    assert "post" in spec["paths"][f"{base}/add"]
    for action, names_request in speakers.ACTIONS.items():
        path = f"{base}/{{request_id}}/{action}" if names_request else f"{base}/{action}"
        assert "post" in spec["paths"][path], path
    assert {"SpeakerEntry", "SpeakerTimer", "Speakers", "SpeakersState"} <= set(spec["components"]["schemas"])
