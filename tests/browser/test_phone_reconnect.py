"""Through a dropped connection the phone says "Reconnecting…", keeps the question being typed (across a
reload too) and the taps made meanwhile, and sends each exactly once when the network is back."""
import pytest
from playwright.sync_api import expect

from townhall.extensions import db
from townhall.models import Question, Vote

from .helpers import card, join, show_tab, wait_live

pytestmark = pytest.mark.browser

DRAFT = "Can the night bus run until two on Saturdays?"


def stored(app, model, **where) -> int:
    with app.app_context():
        return db.session.query(model).filter_by(**where).count()


def test_a_dropped_connection_keeps_the_draft_and_the_taps_and_sends_each_once(people, seed, live_server, shoot):
    app = live_server.app
    code = seed.event(seed.organizer().id, title="Transport town hall")
    other = seed.question(code, "Will the ferry run in winter?")
    page = people.phone("alice")
    join(page, code, name="Alice", tab="ask")
    status = page.get_by_test_id("connection-status")

    # Typed, then the network goes: the draft survives a reload.
    page.get_by_test_id("ask-text").fill(DRAFT)
    page.reload()
    wait_live(page)
    expect(page.get_by_test_id("ask-text")).to_have_value(DRAFT)

    page.context.set_offline(True)
    expect(status).to_have_attribute("data-state", "reconnecting")
    expect(status).to_have_text("Reconnecting…")

    # Offline: an upvote and the question, both kept.
    show_tab(page, "questions")
    card(page, other).get_by_test_id("vote-button").click()
    expect(card(page, other).get_by_test_id("vote-button")).to_have_attribute("aria-pressed", "true")
    show_tab(page, "ask")
    page.get_by_test_id("ask-submit").click()
    expect(page.get_by_test_id("ask-done")).to_contain_text("your question will be sent when the connection is back")
    expect(page.get_by_test_id("ask-text")).to_have_value(DRAFT)
    shoot(page, "offline-with-a-draft-and-a-tap")
    page.wait_for_timeout(1500)  # the phone tries again meanwhile, and fails
    assert stored(app, Question, text=DRAFT) == 0 and stored(app, Vote, question_id=other) == 0

    # Back: each is sent once.
    page.context.set_offline(False)
    expect(status).to_have_attribute("data-state", "live", timeout=15_000)
    expect(page.get_by_test_id("ask-done")).to_have_text("Your question is posted.", timeout=15_000)
    expect(page.get_by_test_id("ask-text")).to_have_value("")
    expect(card(page, other).get_by_test_id("vote-count")).to_have_text("1", timeout=15_000)
    expect(page.get_by_test_id("question-card").filter(has_text=DRAFT)).to_have_count(1)
    shoot(page, "back-online")
    page.wait_for_timeout(1000)
    assert stored(app, Question, text=DRAFT) == 1
    assert stored(app, Vote, question_id=other) == 1
    snapshot = page.evaluate(f"() => fetch('/api/events/{code}/snapshot').then((r) => r.json())")
    assert other in snapshot["me"]["voted"]
    # Sent: the draft is gone after a reload too.
    page.reload()
    wait_live(page)
    expect(page.get_by_test_id("ask-text")).to_have_value("")


def test_a_chinese_phone_says_reconnecting_in_chinese_and_sends_once_back(people, seed):
    code = seed.event(seed.organizer().id, title="交通议题市民会议")
    page = people.phone("li")
    page.context.set_extra_http_headers({"Accept-Language": "zh-CN"})
    join(page, code, name="李", tab="ask")
    status = page.get_by_test_id("connection-status")
    expect(status).to_have_text("实时")
    page.get_by_test_id("ask-text").fill("周末能否延长夜班公交的运营时间？")
    page.context.set_offline(True)
    expect(status).to_have_text("正在重新连接…")
    page.get_by_test_id("ask-submit").click()
    expect(page.get_by_test_id("ask-done")).to_have_text("当前没有网络连接：恢复连接后将自动发送您的问题。")
    page.context.set_offline(False)
    expect(status).to_have_attribute("data-state", "live", timeout=15_000)
    expect(page.get_by_test_id("question-card").filter(has_text="夜班公交")).to_have_count(1, timeout=15_000)
