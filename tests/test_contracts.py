"""One input model per command: the same answer to a payload that does not fit, over HTTP and
over the socket, naming the field; nothing stored."""
from typing import Literal

import pytest
from helpers import api, assert_error

from townhall.contracts import Command, Id, field, parse
from townhall.errors import InvalidInput
from townhall.extensions import db
from townhall.models import Question


class Sample(Command):
    count: int = 0
    item_id: Id | None = field(None, message="item_id must be an integer.")
    colour: Literal["red", "blue"] = field("red", code="unknown_colour", message="No colour {value!r}.")


def refusal(payload) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        parse(Sample, payload)
    return caught.value


def test_a_payload_that_fits_keeps_what_was_sent_apart_from_what_was_not():
    assert parse(Sample, {"count": 2, "item_id": None}).given() == {"count": 2, "item_id": None}
    assert parse(Sample, None).given() == {}
    assert parse(Sample, {}).colour == "red"


@pytest.mark.parametrize("payload, code, field_name, message", [
    ({"count": "2"}, "invalid_input", "count", "count: input should be a valid integer."),
    ({"count": True}, "invalid_input", "count", "count: input should be a valid integer."),
    ({"item_id": 2**40}, "invalid_input", "item_id", "item_id must be an integer."),
    ({"colour": "green"}, "unknown_colour", "colour", "No colour 'green'."),
    ({"count": "x", "size": 3}, "invalid_input", "size", "Unknown field: size."),
])
def test_the_first_field_that_does_not_fit_is_named(payload, code, field_name, message):
    error = refusal(payload)
    assert (error.code, error.field, error.message) == (code, field_name, message)


@pytest.mark.parametrize("payload", [[1], "text", 3])
def test_a_payload_that_is_not_an_object_is_refused(payload):
    assert refusal(payload).code == "invalid_json"


def count_questions(app) -> int:
    with app.app_context():
        return db.session.query(Question).count()


def test_an_unknown_field_in_a_question_is_refused_over_http(app, event, attendee):
    phone, _ = attendee
    response = api(phone, "POST", f"/api/events/{event}/questions", {"text": "Ferry on Sundays?", "urgent": True})
    assert assert_error(response, 400, "invalid_input")["field"] == "urgent"
    assert count_questions(app) == 0


def test_an_unknown_field_in_a_question_is_refused_over_the_socket(app, event, attendee, connect):
    phone = connect(attendee[0], event)
    ack = phone.emit("question:ask", {"text": "Ferry on Sundays?", "urgent": True})
    assert ack["ok"] is False
    assert (ack["error"]["code"], ack["error"]["field"]) == ("invalid_input", "urgent")
    assert count_questions(app) == 0


def test_joining_with_an_unknown_field_is_refused_and_no_phone_is_added(app, event):
    from townhall.models import Attendee

    client = app.test_client()
    client.get(f"/e/{event}")
    error = assert_error(api(client, "POST", f"/api/events/{event}/join", {"name": "Ana", "role": "moderator"}), 400,
                         "invalid_input")
    assert error["field"] == "role"
    with app.app_context():
        assert db.session.query(Attendee).count() == 0


@pytest.mark.parametrize("payload, field_name, message", [
    ({"title": "Parks", "premoderation": "yes"}, "premoderation", "premoderation must be true or false."),
    ({"title": "Parks", "speaker_time_limit": 5}, "speaker_time_limit",
     "speaker_time_limit must be 10 to 3600 seconds."),
    ({"title": ["Parks"]}, "title", "title must be text."),
])
def test_an_event_field_of_the_wrong_kind_is_named_with_what_it_must_be(app, moderator, payload, field_name, message):
    error = assert_error(api(moderator, "POST", "/api/events", payload), 400, "invalid_input")
    assert (error["field"], error["message"]) == (field_name, message)


def test_every_documented_body_is_the_model_its_endpoint_validates_with(app, client):
    """Routes whose view takes a contract (@accepts) document that model's JSON Schema as their body."""
    from test_http_pages import _openapi_paths

    from townhall.contracts import json_schema

    spec = client.get("/api/openapi.json").get_json()
    checked = 0
    for rule in app.url_map.iter_rules():
        model = getattr(app.view_functions[rule.endpoint], "accepts", None)
        if model is None:
            continue
        for path in _openapi_paths(rule.rule):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                body = spec["paths"][path][method.lower()].get("requestBody")
                assert body, f"{method} {path} takes {model.__name__} but documents no body"
                reference = {"$ref": f"#/components/schemas/{model.__name__}"}
                assert body["content"]["application/json"]["schema"] == reference
                assert spec["components"]["schemas"][model.__name__] == json_schema(model)
                checked += 1
    assert checked >= 10


def test_every_socket_command_parses_its_payload_with_a_model(app):
    from townhall.extensions import socketio
    from townhall.realtime.handlers import COMMANDS

    served = set(socketio.server.handlers["/"]) - {"connect", "disconnect"}
    assert served == set(COMMANDS)
    assert all(issubclass(model, Command) for model in COMMANDS.values())


def test_docs_realtime_lists_the_socket_commands_from_their_models(app):
    """After changing a command's model: python -m townhall.realtime.command_docs."""
    from townhall.realtime import command_docs

    assert command_docs.section(command_docs.DOC.read_text()).strip() == command_docs.table()
