"""Shared fixtures: apps on temp SQLite files, data factories, HTTP/socket helpers,
and (for tests/browser/) a live server plus headless Chromium.

Rules these fixtures keep (ARCHITECTURE.md, "Pitfalls"):
- no app context stays pushed during a test: factories push a short one each;
- factories take and return ids / codes / tokens, never ORM objects;
- CSRF protection stays on: browser-style writes go through ``helpers.api()``,
  which sends the X-CSRFToken header the pages' scripts send.

Plain helper functions (api, login, logout, assert_error, question_row, Socket)
live in tests/helpers.py.
"""
import functools
import itertools
import os
import threading
from dataclasses import dataclass

import postgres
import pytest
from faults_helpers import forget_dead_sockets
from flask_wtf.csrf import generate_csrf
from helpers import CSRF_URL, PASSWORD, Socket, api, login
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from townhall import create_app, demo
from townhall.config import TestConfig
from townhall.extensions import db, socketio
from townhall.realtime import deadlines
from townhall.services import accounts, attendees, events, questions, vote_writer

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


# --- apps --------------------------------------------------------------------

def build_app(db_path, **overrides):
    """A test app on a SQLite file, tables created in a short app context; with TEST_DATABASE_URL set
    (tests/postgres.py), on a PostgreSQL database of its own made for that file name instead."""
    if postgres.ENABLED:
        overrides = {"SQLALCHEMY_DATABASE_URI": postgres.database_for(db_path), **overrides}
    else:
        overrides = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}", **overrides}
    app = create_app(TestConfig, **overrides)
    if not postgres.ENABLED:  # PostgreSQL's come from a template that has the tables
        with app.app_context():
            db.create_all()

    # The token a page would embed for this client's session, independent of page
    # markup (tests/test_http_pages.py checks that the real pages embed a working one).
    app.add_url_rule(CSRF_URL, "test_csrf_token", generate_csrf)
    return app


@pytest.fixture(autouse=True, scope="module")
def dead_client_sockets():
    """After each module, collect the client sockets its tests left to the garbage collector (clients
    of a server a fault test killed or stopped), so their ResourceWarning does not land as an error in
    whichever later module the collector happens to run in. faults_helpers.forget_dead_sockets."""
    yield
    forget_dead_sockets()


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """scrypt costs ~80 ms per hash: tests use a cheap PBKDF2 (check_password_hash reads
    the method from the stored hash). test_services_accounts checks the real default."""
    cheap = functools.partial(generate_password_hash, method="pbkdf2:sha256:1000")
    monkeypatch.setattr(accounts, "generate_password_hash", cheap)
    monkeypatch.setattr(demo, "generate_password_hash", cheap)


@pytest.fixture(autouse=True)
def background_tasks(monkeypatch):
    """Track socketio background tasks (tally/stats flushes) so teardown can join them.

    Autouse: a flush left running would emit into the next test's rooms (ids restart
    at 1) and, since broadcast reads the most recently created app, query the next
    test's database before its tables exist.
    """
    threads = []
    original = socketio.start_background_task

    def tracked(target, *args, **kwargs):
        task = original(target, *args, **kwargs)
        threads.append(task)
        return task

    monkeypatch.setattr(socketio, "start_background_task", tracked)
    yield threads
    finish_background_tasks(threads)


def finish_background_tasks(threads) -> None:
    """Cancel the waiting poll closes (they would sleep until their deadline), then join all."""
    deadlines.cancel_all()
    for task in threads:
        task.join(timeout=5)


@pytest.fixture
def held_flushes(monkeypatch):
    """Hold coalesced tally/stats flushes until the test calls .set() on the returned Event.

    The flush task waits out its window with socketio.sleep(); here that wait ends
    when the test says so, which makes "what happens inside one window" deterministic.
    """
    gate = threading.Event()
    monkeypatch.setattr(socketio, "sleep", lambda _seconds: gate.wait(timeout=10))
    yield gate
    gate.set()


@pytest.fixture
def held_votes(monkeypatch):
    """Hold the vote writer before it takes a batch until the test calls .set() on the returned Event:
    everything queued meanwhile is then taken at once, which makes "what one batch holds" deterministic."""
    gate = threading.Event()
    take = vote_writer.Writer._take

    def held_take(writer):
        gate.wait(timeout=10)
        return take(writer)

    monkeypatch.setattr(vote_writer.Writer, "_take", held_take)
    yield gate
    gate.set()


@pytest.fixture
def app_factory(tmp_path, background_tasks):
    """app_factory(db_name="test.db", **config_overrides) -> a new app on tmp_path/db_name.

    Two apps on the same db_name model a server restart.
    """
    apps = []

    def make(db_name="test.db", **overrides):
        app = build_app(tmp_path / db_name, **overrides)
        apps.append(app)
        return app

    yield make
    finish_background_tasks(background_tasks)  # flushes read the database: finish them first
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    postgres.drop_databases(tmp_path)


@pytest.fixture
def app(app_factory, request):
    """The test app; ``@pytest.mark.app_config(KEY=value)`` overrides its configuration."""
    marker = request.node.get_closest_marker("app_config")
    return app_factory(**(marker.kwargs if marker else {}))


@pytest.fixture
def client(app):
    return app.test_client()


# --- factories (ids and codes in, ids and codes out) ---------------------------

@dataclass(frozen=True)
class Organizer:
    id: int
    email: str
    password: str


@pytest.fixture
def call(app):
    """call(fn, **kwargs): one service call in a short app context."""

    def run(fn, **kwargs):
        with app.app_context():
            return fn(**kwargs)

    return run


@pytest.fixture
def make_organizer(app):
    numbers = itertools.count(1)

    def make(email=None, password=PASSWORD, name="Olga Organizer") -> int:
        email = email or f"organizer{next(numbers)}@example.com"
        with app.app_context():
            return accounts.create_organizer(email=email, name=name, password=password)

    return make


@pytest.fixture
def make_event(app):
    def make(owner_id, title="Town hall on the river park", **settings) -> str:
        with app.app_context():
            return events.create_event(owner_id=owner_id, title=title, **settings)

    return make


@pytest.fixture
def make_attendee(app):
    """Service-level join: make_attendee(code, name=None) -> (attendee_id, token)."""

    def make(code, name=None):
        with app.app_context():
            return attendees.join(code=code, name=name)

    return make


@pytest.fixture
def make_question(app, make_attendee):
    """make_question(code, text=..., asker=(attendee_id, token), anonymous=False) -> question id.

    Asked by a fresh attendee unless ``asker`` is given.
    """

    def make(code, text="When will the river park open?", *, asker=None, anonymous=False):
        attendee_id, token = asker or make_attendee(code)
        with app.app_context():
            return questions.ask(code=code, attendee_id=attendee_id, token=token, text=text,
                                 anonymous=anonymous)["id"]

    return make


@pytest.fixture
def moderate(app):
    """moderate(code, user_id, question_id, action) -> the question as moderators see it."""

    def run(code, user_id, question_id, action):
        with app.app_context():
            return questions.moderate(code=code, user_id=user_id, question_id=question_id, action=action)

    return run


@pytest.fixture
def organizer(make_organizer) -> Organizer:
    email = "olga@example.com"
    return Organizer(make_organizer(email=email), email, PASSWORD)


@pytest.fixture
def event(make_event, organizer) -> str:
    """The join code of an open event owned by ``organizer``."""
    return make_event(organizer.id)


# --- HTTP clients ----------------------------------------------------------------

@pytest.fixture
def login_client(app):
    """login_client(email, password=PASSWORD) -> a logged-in test client."""

    def make(email, password=PASSWORD):
        client = app.test_client()
        response = login(client, email, password)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return make


@pytest.fixture
def moderator(login_client, organizer):
    """A test client logged in as the owner of ``event``."""
    return login_client(organizer.email)


@pytest.fixture
def join(app):
    """join(code, name=None) -> (client, attendee_id): a phone that joined over HTTP."""

    def make(code, name=None):
        client = app.test_client()
        response = api(client, "POST", f"/api/events/{code}/join", {"name": name} if name else {})
        assert response.status_code == 201, response.get_data(as_text=True)
        return client, response.get_json()["me"]["id"]

    return make


@pytest.fixture
def attendee(join, event):
    """(client, attendee_id) of a phone that joined ``event``."""
    return join(event)


# --- Socket.IO helpers ----------------------------------------------------------

@pytest.fixture
def connect(app):
    """connect(client, code, audience="attendee", server=None, headers=None) -> Socket (connected or refused).

    The socket carries the test client's cookies, so identity comes from the
    server-side session exactly as in a browser.
    """
    sockets = []

    def make(client, code, audience="attendee", *, server=None, headers=None):
        test_client = socketio.test_client(server or app, flask_test_client=client, headers=headers,
                                           auth={"event": code, "audience": audience})
        sockets.append(test_client)
        return Socket(test_client)

    yield make
    for test_client in sockets:
        if test_client.is_connected():
            test_client.disconnect()


@dataclass
class Room:
    """A phone that joined (as Ana Lima), its socket, a projector's and the moderators' sockets, all cleared."""

    phone: object
    attendee_id: int
    phone_socket: "Socket"
    projector: "Socket"
    moderators: "Socket"


@pytest.fixture
def room(app, event, join, moderator, connect) -> Room:
    phone, attendee_id = join(event, name="Ana Lima")
    sockets = connect(phone, event), connect(app.test_client(), event, "projector"), \
        connect(moderator, event, "moderator")
    for socket in sockets:
        socket.clear()
    return Room(phone, attendee_id, *sockets)


# --- live server and browser (for tests/browser/) -------------------------------

class LiveServer(str):
    """The base URL (a str), with the served app at ``.app`` for setting up data."""

    app = None


@pytest.fixture
def live_server(tmp_path, background_tasks):
    """The app served over real HTTP + WebSocket on a free localhost port; one per test.

    ``socketio.run()`` in threading mode is ``app.run(threaded=True)``, i.e. Werkzeug's
    ``make_server(...).serve_forever()``; we call make_server directly so the
    fixture can shut the server down. Socket.IO upgrades to a real WebSocket here
    (simple-websocket on the Werkzeug socket), as under ``python wsgi.py``.
    While it runs, the global ``socketio`` object is bound to this app: don't mix
    it with the ``app`` fixture in one test.

    Function-scoped: each test gets its own database (a first-run test needs one
    without organizers; ids and e-mails don't leak between tests) and its own
    Socket.IO server. PUBLIC_URL is this server's URL, so join links, QR codes and
    ``setup-link`` point at it rather than at TestConfig's http://townhall.test.
    """
    app = build_app(tmp_path / "live.db")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = LiveServer(f"http://127.0.0.1:{server.server_port}")
    app.config["PUBLIC_URL"] = str(url)
    url.app = app
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield url
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
    finish_background_tasks(background_tasks)  # flushes read the database: finish them first
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def chromium_path():
    path = os.environ.get("TOWNHALL_CHROMIUM") or "/usr/bin/chromium"
    if not os.access(path, os.X_OK):
        pytest.fail(f"Chromium not found at {path}: apt-get install chromium, or set TOWNHALL_CHROMIUM.")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    """Headless Chromium via Playwright (the system browser; never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (own cookies) and page per test."""
    context = browser.new_context()
    yield context.new_page()
    context.close()
