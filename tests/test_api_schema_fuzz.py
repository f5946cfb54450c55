"""Schemathesis against /api/openapi.json, in-process (the Flask WSGI app, no network).

Every operation of the document is called with generated inputs, once as the event's organizer
(an API token) and once as a phone that joined (its session cookie and CSRF token), on an event
that holds a whole meeting (tests/meeting_helpers.make_held_meeting, left open): agenda, questions
in every status, speakers, polls of every kind, records, minutes. Checked on every answer:
no 5xx, a status code the document lists, the documented content type, and a body that matches
the documented schema (error bodies included).

Bounds: MAX_EXAMPLES per operation and role, derandomized (the same inputs every run). Path
parameters are real values (the event's code, its question, item, poll, ... ids) in most cases,
a generated one otherwise, so the endpoints are exercised past their 404. Each operation starts
from a fresh copy of the same database (built once per module), so a DELETE in one does not
change what the next one sees; inside one operation the examples share its state.
"""
import shutil
import zlib

import pytest
import schemathesis
from conftest import build_app
from helpers import api, csrf_token
from hypothesis import HealthCheck, given, settings
from meeting_helpers import make_held_meeting
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from townhall.extensions import db
from townhall.models import ActionItem, AgendaItem, Ballot, Decision, Poll, Question, SpeakerRequest
from townhall.openapi import spec
from townhall.services import accounts, events

MAX_EXAMPLES = 12
CHECKS = [schemathesis.checks.not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture(scope="module")
def meeting_db(tmp_path_factory):
    """A database file with an organizer, an API token and an open event holding a whole meeting."""
    path = tmp_path_factory.mktemp("fuzz") / "meeting.db"
    app = build_app(path)
    with app.app_context():
        owner = accounts.create_organizer(email="olga@example.com", name="Olga Organizer", password="pw-12345678")
        _, secret = accounts.create_api_token(user_id=owner, name="fuzz")
        code = events.create_event(owner_id=owner, title="Town hall on the river park")
    make_held_meeting(app, code, owner, close=False)
    with app.app_context():
        def all_ids(model):
            return [row.id for row in db.session.query(model).order_by(model.id)]

        ids = {
            "question_id": all_ids(Question), "item_id": all_ids(AgendaItem), "poll_id": all_ids(Poll),
            "decision_id": all_ids(Decision), "action_id": all_ids(ActionItem),
            "request_id": all_ids(SpeakerRequest), "answer_id": all_ids(Ballot),
            "member_id": [owner],
            "token_id": [1],
            "version": [1, 2],
        }
        db.session.remove()
        db.engine.dispose()
    return path, code, secret, ids


@pytest.fixture
def fuzz_app(meeting_db, tmp_path, background_tasks):
    path, *_ = meeting_db
    copy = tmp_path / "copy.db"
    shutil.copy(path, copy)
    app = build_app(copy)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


OPERATIONS = [(method, path) for path, item in spec()["paths"].items()
              for method in item if method in ("get", "post", "put", "patch", "delete")]


def fuzz(app, method, path, call) -> None:
    """Run MAX_EXAMPLES generated cases of one operation through call(case)."""
    operation = schemathesis.openapi.from_wsgi("/api/openapi.json", app)[path][method.upper()]

    @FUZZ
    @given(case=operation.as_strategy())
    def run(case):
        call(case)

    run()


def real_path_parameters(case, code, ids) -> None:
    """Put real values in the path in four cases of five (chosen from the generated value, so
    derandomized runs stay the same); the fifth keeps what was generated."""
    for name, value in (case.path_parameters or {}).items():
        pick = zlib.crc32(repr(value).encode())  # not hash(): str hashes change from run to run
        if pick % 5 == 0:
            continue
        if name == "code":
            case.path_parameters[name] = code
        elif name in ids and ids[name]:
            case.path_parameters[name] = ids[name][pick % len(ids[name])]


FUZZ = settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m.upper()} {p}" for m, p in OPERATIONS])
def test_api_as_organizer(fuzz_app, meeting_db, method, path):
    _, code, secret, ids = meeting_db

    def call(case):
        real_path_parameters(case, code, ids)
        case.call_and_validate(headers={"Authorization": f"Bearer {secret}"}, checks=CHECKS)

    fuzz(fuzz_app, method, path, call)


@pytest.fixture
def phone_auth(fuzz_app, meeting_db):
    _, code, *_ = meeting_db
    client = fuzz_app.test_client()
    response = api(client, "POST", f"/api/events/{code}/join", {"name": "Fuzz Phone"})
    assert response.status_code == 201, response.get_data(as_text=True)
    token = csrf_token(client)
    return {"session": client.get_cookie("session").value}, {"X-CSRFToken": token}


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m.upper()} {p}" for m, p in OPERATIONS])
def test_api_as_phone(fuzz_app, meeting_db, phone_auth, method, path):
    _, code, _, ids = meeting_db
    cookies, headers = phone_auth

    def call(case):
        real_path_parameters(case, code, ids)
        case.call_and_validate(headers=headers, cookies=cookies, checks=CHECKS)

    fuzz(fuzz_app, method, path, call)
