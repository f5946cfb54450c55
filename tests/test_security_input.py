"""Input robustness of every id an outsider can send: a number too large for the
database's integer column (SQLite: 64 bits, PostgreSQL: 32) must be a 4xx JSON error
over HTTP and an error ack over Socket.IO, never a 500 (an OverflowError / DataError
escaping the view) nor a handler that answers nothing."""
import pytest
from helpers import api

HUGE = 10**30


@pytest.mark.parametrize("method, path, body, who", [
    ("POST", "/questions/{n}/vote", None, "phone"),
    ("DELETE", "/questions/{n}/vote", None, "phone"),
    ("POST", "/questions/{n}/approve", None, "moderator"),
    ("PATCH", "/questions/{n}", {"text": "Typo fixed"}, "moderator"),
    ("GET", "/polls/{n}", None, "phone"),
    ("POST", "/polls/{n}/ballot", {"answer": {"choice": 0}}, "phone"),
    ("POST", "/polls/{n}/close", None, "moderator"),
    ("PATCH", "/agenda/items/{n}", {"title": "Budget"}, "moderator"),
    ("PUT", "/agenda/{n}/notes", {"text": "x", "base_version": 0}, "moderator"),
    ("PATCH", "/decisions/{n}", {"text": "x"}, "moderator"),
    ("DELETE", "/actions/{n}", None, "moderator"),
    ("POST", "/speakers/{n}/call", None, "moderator"),
    ("DELETE", "/team/{n}", None, "moderator"),
    ("DELETE", "/invitations/{n}", None, "moderator"),
])
def test_huge_ids_in_the_url_are_not_found(event, moderator, attendee, method, path, body, who):
    client = moderator if who == "moderator" else attendee[0]
    response = api(client, method, f"/api/events/{event}" + path.format(n=HUGE), body)
    # 404, also where the same path has a rule for another method (it was a 405 there); never a 500
    assert response.status_code == 404, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"]


@pytest.mark.parametrize("path", ["/api/tokens/{n}", "/api/agenda-templates/{n}"])
def test_huge_ids_in_account_urls_are_not_found(moderator, path):
    response = api(moderator, "DELETE", path.format(n=HUGE))
    assert response.status_code == 404, response.get_data(as_text=True)


@pytest.mark.parametrize("method, path, body, who", [
    ("POST", "/questions", {"text": "Where is the ferry?", "agenda_item_id": HUGE}, "phone"),
    ("POST", "/polls", {"kind": "text", "question": "Why?", "agenda_item_id": HUGE}, "moderator"),
    ("POST", "/agenda/run/start_item", {"item_id": HUGE}, "moderator"),
    ("POST", "/agenda/apply", {"template_id": HUGE}, "moderator"),
])
def test_huge_ids_in_a_body_are_a_client_error(event, moderator, attendee, method, path, body, who):
    client = moderator if who == "moderator" else attendee[0]
    response = api(client, method, f"/api/events/{event}{path}", body)
    assert 400 <= response.status_code < 500, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"]


@pytest.mark.parametrize("command, payload", [
    ("question:vote", {"question_id": HUGE}),
    ("question:unvote", {"question_id": -HUGE}),
    ("question:ask", {"text": "Where is the ferry?", "agenda_item_id": HUGE}),
    ("poll:vote", {"poll_id": HUGE, "answer": {"choice": 0}}),
])
def test_huge_ids_in_phone_commands_are_refused(event, attendee, connect, command, payload):
    ack = connect(attendee[0], event).emit(command, payload)
    assert ack["ok"] is False and ack["error"]["code"], ack


@pytest.mark.parametrize("command, payload", [
    ("question:moderate", {"question_id": HUGE, "action": "approve"}),
    ("agenda:run", {"action": "start_item", "item_id": HUGE}),
    ("speaker:moderate", {"action": "call", "request_id": HUGE}),
    ("notes:save", {"item_id": HUGE, "text": "x", "base_version": 0}),
])
def test_huge_ids_in_organizer_commands_are_refused(event, moderator, connect, command, payload):
    ack = connect(moderator, event, "moderator").emit(command, payload)
    assert ack["ok"] is False and ack["error"]["code"], ack


@pytest.mark.parametrize("name", [["laptop"], {"a": 1}, 5, True])
def test_api_token_name_must_be_text(moderator, name):
    response = api(moderator, "POST", "/api/tokens", {"name": name})
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.get_json()["error"]["field"] == "name"
    assert api(moderator, "GET", "/api/tokens").get_json()["tokens"] == []


# --- bodies the JSON decoder or the database cannot take --------------------------

def deep_json(depth=100_000) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("path, status", [("/questions", 400), ("/agenda/run/start", 400),
                                          ("/join", 200)])  # join reads a body it cannot parse as none
def test_deeply_nested_json_is_not_a_500(event, moderator, attendee, path, status):
    from helpers import csrf_token

    client = moderator if path.startswith("/agenda") else attendee[0]
    response = client.post(f"/api/events/{event}{path}", data=deep_json(),
                           headers={"Content-Type": "application/json", "X-CSRFToken": csrf_token(client)})
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    if status == 400:
        assert response.get_json()["error"]["code"] == "invalid_json"


LONE_SURROGATE = "Ferry \ud800 times"  # valid JSON ("\\ud800"), not encodable as UTF-8


def _no_surrogates(value: str) -> bool:
    return not any("\ud800" <= ch <= "\udfff" for ch in value)


def test_lone_surrogates_in_a_question_are_dropped_not_a_500(app, event, attendee):
    response = api(attendee[0], "POST", f"/api/events/{event}/questions", {"text": LONE_SURROGATE})
    assert response.status_code == 201, response.get_data(as_text=True)[:300]
    assert response.get_json()["question"]["text"] == "Ferry  times"


def test_lone_surrogates_over_a_socket_are_dropped(app, event, attendee, connect):
    ack = connect(attendee[0], event).emit("question:ask", {"text": LONE_SURROGATE})
    assert ack["ok"] is True, ack
    assert _no_surrogates(ack["data"]["text"])


@pytest.mark.parametrize("method, path, body", [
    ("PATCH", "/api/events/{code}", {"title": LONE_SURROGATE}),
    ("PATCH", "/api/events/{code}", {"description": LONE_SURROGATE}),
    ("POST", "/api/events", {"title": LONE_SURROGATE}),
    ("POST", "/api/tokens", {"name": LONE_SURROGATE}),
    ("POST", "/api/events/{code}/agenda/items", {"title": LONE_SURROGATE}),
    ("POST", "/api/events/{code}/speakers/add", {"name": LONE_SURROGATE}),
])
def test_lone_surrogates_in_organizer_text_are_not_a_500(event, moderator, method, path, body):
    response = api(moderator, method, path.format(code=event), body)
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    assert _no_surrogates(response.get_data(as_text=True))


def test_lone_surrogates_in_notes_are_not_a_500(app, event, moderator):
    from records_helpers import make_item

    item_id = make_item(app, event)
    response = api(moderator, "PUT", f"/api/events/{event}/agenda/{item_id}/notes",
                   {"text": LONE_SURROGATE, "base_version": 0})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert _no_surrogates(response.get_json()["notes"]["text"])


def test_a_made_up_bearer_token_does_not_skip_the_csrf_check(app, moderator, event):
    """A cookie session plus any 'Bearer' header must still need the CSRF token."""
    response = moderator.patch(f"/api/events/{event}", json={"title": "Hijacked"},
                               headers={"Authorization": "Bearer not-a-real-token"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "csrf_failed"
    assert moderator.get(f"/api/events/{event}").get_json()["event"]["title"] != "Hijacked"


def test_request_bodies_over_a_megabyte_are_refused(client, event):
    response = client.post(f"/api/events/{event}/join", data=b"{" + b" " * (1024 * 1024 + 10) + b"}",
                           content_type="application/json")
    assert response.status_code == 413 and response.get_json()["error"]["code"] == "http_error"
