"""The README's screenshots, taken from a meeting in full swing: `python scripts/screenshots.py [out dir]`.

Serves the app (its own SQLite file in a temporary folder) on a free localhost port, builds the demo event
about to start through the real services and runs it to mid-meeting (the second agenda item on the floor,
questions approved and one being answered, more waiting, a poll open with ballots, a speaker at the
microphone), then photographs with headless Chromium (/usr/bin/chromium or $TOWNHALL_CHROMIUM):
the phone's Questions (390x844) in English and Chinese, the chair's console (1366x768) and the projector
(1920x1080). Writes docs/screenshots/*.png unless told another folder."""
import os
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from townhall import create_app, demo  # noqa: E402
from townhall.config import TestConfig  # noqa: E402
from townhall.extensions import db  # noqa: E402
from townhall.services import agenda, attendees, events, polls, questions, speakers  # noqa: E402
from townhall.services.snapshots import moderator_snapshot  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
WAITING = [
    ("Sofia", "Could the new crossing near the school get a lollipop warden in the mornings?"),
    (None, "Will the plan change the bus route along Elm Street?"),
    ("Karim", "How many trees will be cut down for the new cycle path, and how many planted?"),
    (None, "Who decides where the new benches go?"),
]


def mid_meeting(code: str, user_id: int) -> None:
    """The demo event, half an hour in."""
    items = [item["id"] for item in agenda.agenda_of(code=code)["items"]]
    agenda.run(code=code, user_id=user_id, action="start_item", item_id=items[1])
    live = sorted(moderator_snapshot(code=code, user_id=user_id)["questions"], key=lambda q: -q["votes"])
    events.update_event(code=code, user_id=user_id, premoderation=True)  # what comes next waits for the chair
    questions.moderate(code=code, user_id=user_id, question_id=live[0]["id"], action="answering")
    for name, text in WAITING:
        asker, token = attendees.join(code=code, name=name)
        questions.ask(code=code, attendee_id=asker, token=token, text=text, anonymous=name is None)
    poll = polls.create(code=code, user_id=user_id, kind="single", question="Which should come first?",
                        options=["The school crossing", "The bike lanes", "The library hours"])["id"]
    polls.open_poll(code=code, user_id=user_id, poll_id=poll)
    for choice in [0] * 14 + [1] * 9 + [2] * 5:
        voter, token = attendees.join(code=code, name=None)
        polls.vote(code=code, attendee_id=voter, token=token, poll_id=poll, answer={"choice": choice})
    speakers.moderate(code=code, user_id=user_id, action="next")
    speakers.moderate(code=code, user_id=user_id, action="start")


def serve(folder: Path, db_name: str = "screens.db", **overrides):
    """The app on a new SQLite file in folder, served on a free loopback port in a thread: (app, server)."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / db_name}", **overrides)
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["PUBLIC_URL"] = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return app, server


def shoot(browser, url: str, out: Path, code: str, login: dict) -> None:
    for language, name in (("en", "attendee.png"), ("zh-CN", "attendee-zh.png")):
        phone = browser.new_context(base_url=url, locale=language, **PHONE).new_page()
        phone.goto(f"/e/{code}")
        phone.get_by_test_id("join-name").fill("Lena" if language == "en" else "李娜")
        phone.get_by_test_id("join-button").click()
        expect(phone.get_by_test_id("question-card").first).to_be_visible()
        phone.wait_for_timeout(800)  # the poll's toast and the badges settle
        phone.screenshot(path=str(out / name))
    console = browser.new_context(base_url=url, viewport={"width": 1366, "height": 768}).new_page()
    console.goto("/login")
    console.get_by_test_id("field-email").fill(login["email"])
    console.get_by_test_id("field-password").fill(login["password"])
    console.get_by_test_id("login-submit").click()
    console.wait_for_url("**/dashboard/")
    console.goto(f"/dashboard/e/{code}")
    expect(console.locator("[data-testid=mod-question]:visible").first).to_be_visible()
    console.wait_for_timeout(800)
    console.screenshot(path=str(out / "console.png"))
    projector = browser.new_context(base_url=url, viewport={"width": 1920, "height": 1080}).new_page()
    projector.goto(f"/e/{code}/projector")
    projector.wait_for_timeout(1500)
    projector.screenshot(path=str(out / "projector.png"))


def fonts(folder: Path) -> dict:
    """Chromium's environment with the fonts the minutes ship (Noto Sans SC among them) added to the system's,
    so that the Chinese page reads the same on a machine without a CJK font."""
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f'<dir>{ROOT / "townhall" / "exports" / "fonts"}</dir><cachedir>{folder}</cachedir></fontconfig>')
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        app, server = serve(Path(folder))
        with app.app_context():
            login = demo.create_demo()
            mid_meeting(login["code"], login["user_id"])
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("TOWNHALL_CHROMIUM", "/usr/bin/chromium"), args=FLAGS,
                env=fonts(Path(folder)))
            try:
                shoot(browser, app.config["PUBLIC_URL"], out, login["code"], login)
            finally:
                browser.close()
        server.shutdown()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
