"""Every page in Chinese, and the English a Chinese reader still sees on it:
`python scripts/language_walk.py [--pending zh.json] [--shots DIR]`.

Serves the app like scripts/screenshots.py (its demo meeting in full swing, plus the finished demo meeting
with its minutes published), sets both events to Simplified Chinese and opens, in headless Chromium, the
phone (zh-CN: each tab, the toast of a new poll, an ask error, the receipt), the projector and the poster (the
event's language), the console (card menu, selection bar, search, shortcuts, polls panel, follow-up and
skip dialogs) and every organizer and public page, plus a few socket acks and HTTP errors. For each page it
prints the texts and labels (title, aria-label, placeholder, alt, button values) holding an English word of
three letters or more, leaving out what the database holds (the demo's own content) and proper names.

--pending FILE: also serve the translations in FILE ({"msgid": "中文"}, the form a branch hands in before its
strings reach the catalogues), to see a change the way it will read once merged. --shots DIR: where the
screenshots go (default /tmp/language-walk). Needs the test tools (Playwright), as scripts/screenshots.py.
"""
import argparse
import json
import logging
import os
import re
import sys
import tempfile
import zoneinfo
from pathlib import Path

from playwright.sync_api import expect, sync_playwright
from sqlalchemy import JSON, String, Text, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import screenshots  # noqa: E402
from screenshots import FLAGS, fonts, mid_meeting  # noqa: E402

from townhall import demo  # noqa: E402
from townhall.extensions import db  # noqa: E402
from townhall.i18n import TRANSLATIONS  # noqa: E402
from townhall.models import Organization, Poll  # noqa: E402
from townhall.services import events, minutes, polls  # noqa: E402

NAMES = {"Townhall", "PDF", "DOCX", "Markdown", "QR", "CSV", "JSON", "HTML", "Word", "PNG", "JPEG", "WebP", "Cookie",
         "API", "IANA", "UTC", "GMT", "Alt", "Esc", "Enter", "Bearer", "Authorization", "http", "https",
         "English"}  # the language switch names each language in itself
WORD = re.compile(r"[A-Za-z]{3,}")
LABEL = re.compile(r"^(\(hidden\) |@[\w -]+: )")  # how TEXTS marks where a text is
CUT = re.compile(r"([^“”\"（(：:]+)…")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}
LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "zh-CN"}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}, "locale": "en-US"}  # the event's language wins

TEXTS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement, text = walker.currentNode.textContent.replace(/\\s+/g, ' ').trim();
    if (!el || !text || el.closest('script,style,noscript,template')) continue;
    out.push((el.checkVisibility && !el.checkVisibility() ? '(hidden) ' : '') + text);
  }
  const labelled = '[title],[aria-label],[placeholder],[alt],input[type=button],input[type=submit]';
  for (const el of document.querySelectorAll(labelled)) {
    for (const a of ['title', 'aria-label', 'placeholder', 'alt'])
      if (el.hasAttribute(a)) out.push('@' + a + ': ' + el.getAttribute(a));
    if (el.matches('input[type=button],input[type=submit]')) out.push('@value: ' + el.value);
  }
  out.push('@title of the page: ' + document.title);
  return out;
}"""


# --- the meeting and the server ----------------------------------------------------------------------------

def pending_translations(folder: Path, pending: dict) -> Path:
    """A copy of the Chinese catalogue with the pending translations added, compiled (server side)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with (TRANSLATIONS / "zh_Hans" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="zh_Hans")
    for msgid, text in pending.items():
        if isinstance(text, list):
            catalog.add((msgid, msgid), text)
        else:
            catalog.add(msgid, text)
    out = folder / "translations" / "zh_Hans" / "LC_MESSAGES"
    out.mkdir(parents=True)
    with (out / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)
    return folder / "translations"


def serve(folder: Path, pending: dict):
    overrides = {"BABEL_TRANSLATION_DIRECTORIES": str(pending_translations(folder, pending))} if pending else {}
    return screenshots.serve(folder, "walk.db", **overrides)


def set_up(app) -> dict:
    """The demo in Chinese: the meeting under way (code) and the finished one (held) with its minutes out."""
    with app.app_context():
        login = demo.ensure_demo(new_password=True)
        code, held, uid = login["code"], login["held_code"], login["user_id"]
        mid_meeting(code, uid)
        for event in (code, held):
            events.update_event(code=event, user_id=uid, language="zh_Hans", timezone="Asia/Shanghai")
        draft = minutes.state(code=held, user_id=uid)["draft"]
        saved = minutes.save_draft(code=held, user_id=uid, base_revision=draft["revision"],
                                   summary="会议讨论了三个方案。")
        done = minutes.finalize(code=held, user_id=uid, base_revision=saved["draft"]["revision"])
        minutes.publish(code=held, user_id=uid, version=done["versions"][-1]["version"])
        org = db.session.execute(select(Organization.id, Organization.slug)).first()
    return {**login, "org_id": org.id, "slug": org.slug}


def stored_texts(app) -> list[str]:
    """Every text the database holds (the demo's content), longest first."""
    found = set()

    def add(value):
        if isinstance(value, str) and len(value.strip()) >= 3:
            found.update({value.strip(), *(line.strip() for line in value.splitlines() if len(line.strip()) >= 3)})
        elif isinstance(value, (list, tuple)):
            for part in value:
                add(part)
        elif isinstance(value, dict):
            add(list(value.values()))

    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (String, Text, JSON))]
            for row in db.session.execute(select(*columns)) if columns else ():
                add(list(row))
    found -= {"Yes", "No", "Abstain"}  # what a yes/no poll stores is the app's words, not the demo's
    zones = zoneinfo.available_timezones()
    found.update(zones, (zone.replace("_", " ") for zone in zones))  # the time zone menu
    return sorted(found, key=len, reverse=True)


# --- looking ----------------------------------------------------------------------------------------------

class Walk:
    def __init__(self, stored: list[str], shots: Path):
        self.stored, self.shots, self.found = stored, shots, {}

    def english(self, text: str) -> list[str]:
        for known in self.stored:
            if known in text:
                text = text.replace(known, " ")
        for cut in CUT.findall(text):  # a stored text shortened with an ellipsis
            if any(known.startswith(cut.strip()) for known in self.stored):
                text = text.replace(cut + "…", " ")
        return [word for word in WORD.findall(text) if word not in NAMES]

    def look(self, page, name: str) -> None:
        page.wait_for_timeout(300)
        left = sorted({text for text in page.evaluate(TEXTS) if self.english(LABEL.sub("", text))})
        self.found[name] = left
        print(f"\n=== {name} ({page.url.split('/', 3)[-1]}) ===")
        for text in left:
            print("   ", text[:200])
        page.screenshot(path=str(self.shots / f"{name}.png"))

    def step(self, name: str, action) -> None:
        """One stop of the walk; a stop that fails is reported and the walk goes on."""
        try:
            action()
        except Exception as exc:  # noqa: BLE001 - keep walking, say what failed
            print(f"\n!!! {name}: {type(exc).__name__}: {str(exc)[:300]}")


def with_pending(context, pending: dict) -> None:
    """The page scripts' catalogues with the pending translations added."""
    if not pending:
        return
    extra = {msgid: ({"other": text[0]} if isinstance(text, list) else text) for msgid, text in pending.items()}

    def handle(route):
        response = route.fetch()
        body = response.json()
        body["messages"] = {**body.get("messages", {}), **extra}
        route.fulfill(response=response, body=json.dumps(body, ensure_ascii=False))

    context.route("**/i18n/zh_Hans/**", handle)


def open_page(browser, url, pending, options):
    context = browser.new_context(base_url=url, **options)
    with_pending(context, pending)
    return context.new_page()


def phone_walk(walk, app, page, demo_):
    code, uid = demo_["code"], demo_["user_id"]
    page.goto(f"/e/{code}")
    walk.look(page, "phone-join")
    page.get_by_test_id("join-name").fill("李娜")
    page.get_by_test_id("join-button").click()
    expect(page.get_by_test_id("question-card").first).to_be_visible()
    walk.look(page, "phone-questions")
    for tab in ("ask", "polls", "speak"):
        page.get_by_test_id(f"tab-{tab}").click()
        walk.look(page, f"phone-{tab}")

    def ask_error():
        page.get_by_test_id("tab-ask").click()
        page.get_by_test_id("ask-text").fill("")
        page.get_by_test_id("ask-submit").click()
        walk.look(page, "phone-ask-error")

    def toast():
        page.get_by_test_id("tab-speak").click()
        with app.app_context():
            poll = polls.create(code=code, user_id=uid, kind="multiple", question="哪个先做？",
                                options=["长椅", "树木"])
            polls.open_poll(code=code, user_id=uid, poll_id=poll["id"])
        expect(page.get_by_test_id("phone-toast")).to_be_visible()
        walk.look(page, "phone-toast")

    def asked():
        page.get_by_test_id("tab-ask").click()
        page.get_by_test_id("ask-text").fill("停车位够不够？")
        page.get_by_test_id("ask-submit").click()
        expect(page.get_by_test_id("ask-done")).to_be_visible()
        walk.look(page, "phone-asked")

    def acks():
        answers = page.evaluate("""() => Promise.all([
          ['question:ask', {text: ''}], ['question:vote', {question_id: 999999}],
          ['poll:vote', {poll_id: 999999, answer: {choice: 0}}],
          ['question:moderate', {question_id: 1, action: 'hide'}],
        ].map(([name, body]) => new Promise(done => window.townhall.socket.emit(name, body, done))))""")
        print("\n=== socket acks (phone) ===")
        for answer in answers:
            print("   ", json.dumps(answer, ensure_ascii=False))

    for name, action in (("ask error", ask_error), ("toast", toast), ("asked", asked), ("acks", acks)):
        walk.step(name, action)


def public_walk(walk, page, demo_):
    code, held = demo_["code"], demo_["held_code"]
    for path, name in ((f"/e/{code}/mine", "phone-receipt"), (f"/e/{code}/privacy", "privacy"), ("/", "home"),
                       ("/login", "login"), ("/join?code=ZZZZZZ", "mistyped-code"), (f"/e/{held}/minutes", "minutes"),
                       (f"/e/{held}/followup", "tracker"), (f"/o/{demo_['slug']}/followup", "tracker-organization"),
                       (f"/e/{code}/receipt/nonsense", "receipt-unknown"), ("/nowhere", "not-found"),
                       ("/invite/nonsense", "invite-invalid"), ("/setup/nonsense", "setup-invalid"),
                       ("/office-invite/nonsense", "office-invite-invalid")):
        walk.step(name, lambda path=path, name=name: (page.goto(path), walk.look(page, name)))
    print("\n=== HTTP errors (Accept-Language: zh-CN) ===")
    for method, path, body in (("GET", "/api/nowhere", None), ("PUT", f"/api/events/{code}", None),
                               ("POST", f"/api/events/{code}/questions", {"text": "?"})):  # no CSRF token
        response = page.request.fetch(path, method=method, data=body, headers={"Accept-Language": "zh-CN"})
        print("   ", method, path, response.status, json.dumps(response.json(), ensure_ascii=False))


def room_walk(walk, app, page, demo_):
    code, uid = demo_["code"], demo_["user_id"]
    page.goto(f"/e/{code}/projector")
    page.wait_for_timeout(1500)
    walk.look(page, "projector-poll-open")
    with app.app_context():
        for poll_id in db.session.scalars(select(Poll.id).where(Poll.status == "open")).all():
            polls.close_poll(code=code, user_id=uid, poll_id=poll_id)
            polls.reveal(code=code, user_id=uid, poll_id=poll_id)
        events.update_event(code=code, user_id=uid, anonymous_speakers=True)
    page.reload()
    page.wait_for_timeout(1500)
    walk.look(page, "projector-results-anonymous-speakers")
    page.goto(f"/e/{code}/poster")
    walk.look(page, "poster")


def console_walk(walk, page, demo_):
    code = demo_["code"]
    page.goto("/login")
    page.get_by_test_id("field-email").fill(demo_["email"])
    page.get_by_test_id("field-password").fill(demo_["password"])
    page.get_by_test_id("login-submit").click()
    page.wait_for_url("**/dashboard/")
    page.goto(f"/dashboard/e/{code}")
    first = page.locator("[data-testid=mod-question]:visible").first
    expect(first).to_be_visible()
    walk.look(page, "console")

    def card_menu():
        first.get_by_test_id("question-menu-button").click()
        walk.look(page, "console-card-menu")
        page.keyboard.press("Escape")

    def selection():
        first.get_by_test_id("question-select").check()
        walk.look(page, "console-selection")
        page.get_by_test_id("bulk-clear").click()

    def search():
        page.get_by_test_id("question-search").fill("zzz")
        walk.look(page, "console-search-nothing")
        page.get_by_test_id("question-search").fill("")

    def shortcuts():
        page.get_by_test_id("shortcuts-open").click()
        walk.look(page, "console-shortcuts")
        page.get_by_test_id("shortcuts-close").click()

    def followup():
        first.get_by_test_id("question-menu-button").click()
        first.get_by_test_id("action-followup").click()
        expect(page.get_by_test_id("followup-dialog")).to_be_visible()
        walk.look(page, "console-followup-dialog")
        page.keyboard.press("Escape")

    def skip():
        page.get_by_test_id("list-live").get_by_test_id("mod-question").last.get_by_test_id("action-answering").click()
        expect(page.get_by_test_id("skip-dialog")).to_be_visible()
        walk.look(page, "console-skip-dialog")
        page.get_by_test_id("skip-cancel").click()

    def errors():
        csrf = page.locator('meta[name="csrf-token"]').get_attribute("content")
        print("\n=== HTTP API errors (organizer, Accept-Language: zh-CN) ===")
        for body in ({"title": ""}, {"nonsense": 1}, {"language": "xx"}, {"timezone": "Mars/Base"}):
            response = page.request.fetch(f"/api/events/{code}", method="PATCH", data=body,
                                          headers={"X-CSRFToken": csrf, "Accept-Language": "zh-CN"})
            print("   ", "PATCH", body, response.status, json.dumps(response.json(), ensure_ascii=False))

    for name, action in (("card menu", card_menu), ("selection", selection), ("search", search),
                         ("shortcuts", shortcuts), ("follow-up", followup), ("skip", skip), ("errors", errors)):
        walk.step(name, action)


def organizer_walk(walk, page, demo_):
    code, held = demo_["code"], demo_["held_code"]
    event_pages = [(f"/dashboard/e/{code}/{name}", name) for name in ("agenda", "polls", "notes", "settings", "team",
                                                                       "codes", "codes/sheet")]
    for path, name in (("/dashboard/", "events"), *event_pages, (f"/dashboard/e/{held}/minutes", "minutes-organizer"),
                       ("/offices", "offices"), ("/organizations", "organizations"),
                       (f"/organizations/{demo_['org_id']}", "organization"), ("/dashboard/tokens", "tokens"),
                       (f"/dashboard/e/{held}", "console-finished-meeting")):
        def visit(path=path, name=name):
            page.goto(path)
            page.wait_for_load_state("networkidle")
            walk.look(page, name.replace('/', '-'))
        walk.step(name, visit)
    page.goto(f"/dashboard/e/{code}/settings")
    page.screenshot(path=str(walk.shots / "settings-whole.png"), full_page=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pending", type=Path, help="translations not yet in the catalogues: {msgid: text}")
    parser.add_argument("--shots", type=Path, default=Path("/tmp/language-walk"))
    args = parser.parse_args()
    pending = json.loads(args.pending.read_text(encoding="utf-8")) if args.pending else {}
    args.shots.mkdir(parents=True, exist_ok=True)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request would bury the findings
    with tempfile.TemporaryDirectory() as folder:
        app, server = serve(Path(folder), pending)
        demo_ = set_up(app)
        walk = Walk(stored_texts(app), args.shots)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("TOWNHALL_CHROMIUM", "/usr/bin/chromium"), args=FLAGS,
                env=fonts(Path(folder)))
            url = app.config["PUBLIC_URL"]
            try:
                phone = open_page(browser, url, pending, PHONE)
                phone_walk(walk, app, phone, demo_)
                public_walk(walk, phone, demo_)
                room_walk(walk, app, open_page(browser, url, pending, PROJECTOR), demo_)
                laptop = open_page(browser, url, pending, LAPTOP)
                console_walk(walk, laptop, demo_)
                organizer_walk(walk, laptop, demo_)
            finally:
                browser.close()
        server.shutdown()
    left = sum(len(texts) for texts in walk.found.values())
    print(f"\n{left} texts with English on {len(walk.found)} pages; screenshots in {args.shots}")


if __name__ == "__main__":
    main()
