"""Browser-test helpers: one browser context per person, data set up on the live
server's app, screenshots under artifacts/screenshots/<test>/.

The ``live_server`` and ``browser`` fixtures live in tests/conftest.py.
"""
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from townhall.services import accounts, attendees, events, questions

from .helpers import PASSWORD, TIMEOUT

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}


# --- data on the live server's app (short app contexts, ids and codes only) -----

@dataclass(frozen=True)
class Organizer:
    id: int
    email: str
    password: str


class Seed:
    def __init__(self, app):
        self.app = app

    def organizer(self, email="olga@example.com", name="Olga Organizer", password=PASSWORD) -> Organizer:
        with self.app.app_context():
            return Organizer(accounts.create_organizer(email=email, name=name, password=password), email, password)

    def event(self, owner_id, title="Town hall on the river park", **settings) -> str:
        with self.app.app_context():
            return events.create_event(owner_id=owner_id, title=title, **settings)

    def attendee(self, code, name=None) -> tuple[int, str]:
        with self.app.app_context():
            return attendees.join(code=code, name=name)

    def question(self, code, text, *, asker=None, anonymous=False) -> int:
        attendee_id, token = asker or self.attendee(code)
        with self.app.app_context():
            return questions.ask(code=code, attendee_id=attendee_id, token=token, text=text,
                                 anonymous=anonymous)["id"]


@pytest.fixture
def seed(live_server) -> Seed:
    return Seed(live_server.app)


# --- people: one browser context each ------------------------------------------------

@dataclass
class People:
    """Opens pages, each in its own browser context (own cookies, own storage)."""

    browser: object
    base_url: str
    contexts: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)

    def _open(self, who, options):
        context = self.browser.new_context(base_url=self.base_url, **options)
        context.set_default_timeout(TIMEOUT)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(f"[{who}] {exc}"))

        def on_dialog(dialog):
            self.dialogs.append(f"[{who}] {dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        return page

    def phone(self, who="phone"):
        return self._open(who, PHONE)

    def projector(self, who="projector"):
        return self._open(who, PROJECTOR)

    def laptop(self, who="laptop"):
        return self._open(who, LAPTOP)


@pytest.fixture
def people(browser, live_server):
    crowd = People(browser, str(live_server))
    yield crowd
    for context in crowd.contexts:
        context.close()
    assert not crowd.errors, f"uncaught errors in pages: {crowd.errors}"
    assert not crowd.dialogs, f"unexpected dialogs: {crowd.dialogs}"


@pytest.fixture
def shoot(request):
    """shoot(page, "name"): save a screenshot to artifacts/screenshots/<test>/<n>-<name>.png."""
    folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    counter = iter(range(1, 100))

    def take(page, name, full_page=False):
        path = folder / f"{next(counter):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take

