"""Page helpers shared by the browser journeys (fixtures are in conftest.py)."""
import re

from playwright.sync_api import expect

PASSWORD = "correct horse battery staple"
TIMEOUT = 5_000  # ms: generous for a loaded machine, still "a few seconds"

expect.set_options(timeout=TIMEOUT)


# --- pages --------------------------------------------------------------------

def wait_live(page):
    """The page's socket is connected over a real WebSocket (not long-polling) and loaded."""
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
    page.wait_for_function(
        "() => window.townhall && window.townhall.state.loaded"
        " && window.townhall.socket.connected"
        " && window.townhall.socket.io.engine.transport.name === 'websocket'"
    )


def login(page, email, password=PASSWORD):
    page.goto("/login")
    page.get_by_test_id("field-email").fill(email)
    page.get_by_test_id("field-password").fill(password)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))


def open_dashboard(page, organizer, code):
    login(page, organizer.email, organizer.password)
    page.goto(f"/dashboard/e/{code}")
    wait_live(page)
    return page


def drop_first_fetch(page, pattern) -> list:
    """The page's first request for a URL matching pattern fails as if the connection dropped; the later ones
    go through. Returns the list of the URLs asked for, as they come."""
    tries = []

    def drop_the_first(route):
        tries.append(route.request.url)
        if len(tries) == 1:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(pattern, drop_the_first)
    return tries


def show_tab(page, name):
    """Choose a section of the phone page from its tab bar: questions, ask, polls or speak."""
    page.get_by_test_id(f"tab-{name}").click()
    expect(page.get_by_test_id(f"tab-{name}")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_test_id(f"panel-{name}")).to_be_visible()


def turn_on_setting(page, code, testid):
    """Tick an event setting's checkbox on the settings page, save, and see it kept after a reload."""
    page.goto(f"/dashboard/e/{code}/settings")
    box = page.get_by_test_id(testid)
    expect(box).not_to_be_checked()
    box.check()
    page.get_by_test_id("settings-save").click()
    expect(page.get_by_test_id("settings-saved")).to_have_text("Saved.")
    page.reload()
    expect(box).to_be_checked()


def join(page, code, name=None, tab=None):
    """Open the event on a phone and join it through the join card; tab: the section to show then."""
    page.goto(f"/e/{code}")
    expect(page.get_by_test_id("join-card")).to_be_visible()
    if name:
        page.get_by_test_id("join-name").fill(name)
    page.get_by_test_id("join-button").click()
    expect(page.get_by_test_id("join-card")).to_be_hidden()
    page.wait_for_function("() => window.townhall && window.townhall.state.me")
    wait_live(page)
    if tab:
        show_tab(page, tab)
    return page


def ask(page, text, anonymous=False):
    """Ask from the Ask tab; sending it brings the phone back to its Questions tab."""
    show_tab(page, "ask")
    page.get_by_test_id("ask-text").fill(text)
    if anonymous:
        page.get_by_test_id("ask-anonymous").check()
    page.get_by_test_id("ask-submit").click()
    expect(page.get_by_test_id("ask-done")).to_be_visible()


def card(page, question_id):
    """An attendee's card for one question (open or answered list)."""
    return page.locator(f'[data-testid="question-card"][data-question-id="{question_id}"]')


def mod_card(page, question_id):
    return page.locator(f'[data-testid="mod-question"][data-question-id="{question_id}"]')


def card_menu(mod_card_locator, testid):
    """A control in a dashboard card's "More" menu (static/js/dashboard/question_menu.js): the menu is opened
    first, unless it is open already."""
    button = mod_card_locator.get_by_test_id("question-menu-button")
    if button.get_attribute("aria-expanded") != "true":
        button.click()
    return mod_card_locator.get_by_test_id(testid)


def projector_item(page, question_id):
    return page.locator(f'[data-testid="projector-question"][data-question-id="{question_id}"]')


class Chair:
    """An organizer's browser context acting through the JSON API (the calls the dashboard makes),
    with the CSRF token a page of that session carries."""

    def __init__(self, page, organizer, code):
        login(page, organizer.email, organizer.password)
        self.page = page
        self.base = f"/api/events/{code}"
        self.csrf = page.locator('meta[name="csrf-token"]').get_attribute("content")

    def call(self, method, path, body=None):
        """call("POST", "/speakers/next"); path is relative to /api/events/<code>. Returns the JSON answer."""
        response = self.page.request.fetch(self.base + path, method=method, data=body,
                                           headers={"X-CSRFToken": self.csrf})
        assert response.ok, (method, path, response.status, response.text())
        return response.json() if response.status != 204 else None
