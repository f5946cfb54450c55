"""Plain test helpers (no fixtures): HTTP calls as the pages make them, error checks,
database reads in short app contexts, and a Socket.IO test client that keeps its messages."""
import re
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from townhall.extensions import db
from townhall.models import Event, Question

STATIC = Path(__file__).resolve().parents[1] / "static"

PASSWORD = "correct horse battery staple"
# A test-only route (added by conftest.build_app) that returns the CSRF token a page
# would embed for the calling client's session.
CSRF_URL = "/__test__/csrf-token"


def question_row(app, question_id) -> dict | None:
    """The question's database row as a dict (None if gone), read in a short app context."""
    with app.app_context():
        question = db.session.get(Question, question_id)
        if question is None:
            return None
        return {column.name: getattr(question, column.name) for column in Question.__table__.columns}


def body_schema(spec: dict, path: str, method: str) -> dict:
    """The JSON Schema an operation of the API document gives its request body (a referenced
    component schema, such as an input model's, looked up)."""
    schema = spec["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    return spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]] if "$ref" in schema else schema


def csrf_token(client) -> str:
    response = client.get(CSRF_URL)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def api(client, method, url, json=None, *, csrf=True, headers=None, **kwargs):
    """A browser-style API call: JSON body plus the X-CSRFToken header (unless csrf=False)."""
    headers = dict(headers or {})
    if csrf and method.upper() not in ("GET", "HEAD", "OPTIONS"):
        headers["X-CSRFToken"] = csrf_token(client)
    return client.open(url, method=method.upper(), json=json, headers=headers, **kwargs)


def login(client, email, password=PASSWORD):
    return client.post("/login", data={"email": email, "password": password, "csrf_token": csrf_token(client)})


def logout(client):
    """The dashboard's log-out form: a POST carrying the page's CSRF token."""
    return client.post("/logout", data={"csrf_token": csrf_token(client)})


def assert_error(response, status, code=None):
    """Every error answer of the API: JSON {error: {code, message}} with the right status."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    if code is not None:
        assert error["code"] == code, error
    return error


class Socket:
    """A Socket.IO test client that keeps everything it received.

    Messages are drained from the test client's queue with list.pop (atomic), so a
    background flush appending at the same moment is never lost. The greeting a phone or
    projector gets as it connects ("hello": how new the room's state is) is kept apart, in
    .hello, so the log holds what the rooms broadcast.
    """

    def __init__(self, test_client):
        self.client = test_client
        self.log = []
        self.hello = []

    @property
    def connected(self) -> bool:
        return self.client.is_connected()

    def emit(self, event, payload=None):
        """Send a command and return its ack."""
        args = () if payload is None else (payload,)
        return self.client.emit(event, *args, callback=True)

    def poll(self) -> list:
        queue = self.client.queue
        while queue:
            message = queue.pop(0)
            (self.hello if message["name"] == "hello" else self.log).append(message)
        return self.log

    def messages(self, name) -> list:
        """Payloads received so far for one event name, oldest first."""
        return [m["args"][0] for m in self.poll() if m["name"] == name]

    def clear(self) -> None:
        self.poll()
        self.log.clear()

    def wait_for(self, name, until=None, timeout=2.0) -> list:
        """Poll until the payloads named ``name`` satisfy until(payloads) (default: any).

        For coalesced messages (tallies, stats) that arrive from a background flush.
        """
        until = until or bool
        deadline = time.monotonic() + timeout
        while True:
            payloads = self.messages(name)
            if until(payloads):
                return payloads
            if time.monotonic() > deadline:
                raise AssertionError(f"no satisfying {name!r} within {timeout}s; got {payloads!r}")
            time.sleep(0.01)


def finish_flushes(background_tasks) -> None:
    """Wait for the background tasks started so far (tally flushes, the vote writer) to end."""
    for task in background_tasks:
        task.join(timeout=5)


class Clock:
    """Frozen server time: patched in as a module's utcnow, advanced by hand instead of sleeping."""

    def __init__(self, start: datetime = datetime(2026, 5, 4, 19, 0, 0)):
        self.now = start

    def __call__(self):
        return self.now

    def tick(self, seconds):
        self.now += timedelta(seconds=seconds)


def stored_seq(app, code) -> int:
    """The event's sequence number as stored."""
    with app.app_context():
        return db.session.scalar(select(Event.seq).filter_by(code=code))


def event_rows(app, code, model, order_by) -> list[dict]:
    """The event's rows of `model` as stored, as plain dicts, in `order_by` order."""
    with app.app_context():
        event_id = db.session.scalar(select(Event.id).filter_by(code=code))
        found = db.session.scalars(select(model).filter_by(event_id=event_id).order_by(order_by)).all()
        return [{c.name: getattr(r, c.name) for c in model.__table__.columns} for r in found]


def static_modules(entry: str) -> set[str]:
    """The ES module and every module it imports, as paths under static/js (a missing one is an error); a module
    it loads later (`import("./x.js")`) too: the page's import map names it."""
    seen, todo = set(), [entry]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = STATIC / "js" / name
        assert path.is_file(), f"static/js/{name} is imported but does not exist"
        seen.add(name)
        text = path.read_text()
        for spec in [*re.findall(r'^\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"', text, re.M | re.S),
                     *re.findall(r'\bimport\(\s*"([^"]+)"\s*\)', text)]:
            todo.append(normalized(f"{Path(name).parent.as_posix()}/{spec}"))
    return seen


def normalized(path: str) -> str:
    parts = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def wait_until(check, timeout: float = 20.0, what: str = "the condition"):
    """Call check() until it returns something true, and return that; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (result := check()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)
    return result
