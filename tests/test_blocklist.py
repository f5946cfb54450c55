"""The blocklist matcher (townhall/moderation/blocklist.py): English by whole words, Chinese anywhere,
simple obfuscation caught, near misses left alone."""
import pytest

from townhall.moderation import blocklist
from townhall.moderation.summary import line


@pytest.mark.parametrize("text, term", [
    ("Kiss my ass", "ass"),
    ("What the FUCK is this", "fuck"),
    ("f u c k this plan", "fuck"),
    ("f.u.c.k", "fuck"),
    ("fuuuuck", "fuck"),
    ("ｆｕｃｋ (full width)", "fuck"),
    ("fu\u200bck (zero-width space)", "fuck"),
    ("sh1t happens", "shit"),
    ("you a$$hole", "asshole"),
    ("fück", "fuck"),
    ("Click here for a prize", "click here"),
    ("Click   here!", "click here"),
    ("你是傻逼吗", "傻逼"),
    ("你是傻 逼", "傻逼"),
    ("傻B", "傻b"),
    ("请加微信领取", "加微信"),
    ("代开发票，联系我", "代开发票"),
])
def test_default_terms_match_english_by_word_and_chinese_anywhere(text, term):
    assert blocklist.match("", True, text) == term


@pytest.mark.parametrize("text", [
    "This is a class act", "Please assess the passage of the bill", "Spicy food at the fair?",
    "A Dickens reading in the library", "Shitake mushrooms at the market", "clicking here and there",
    "你妈妈的身体好吗", "他过去死活不肯来", "城市规划会议什么时候开始？", "",
])
def test_near_misses_do_not_match(text):
    assert blocklist.match("", True, text) is None


def test_the_events_own_terms_and_the_default_switched_off():
    own = "# our list\nparking  lot\n停车场\n"
    assert blocklist.match(own, False, "Where is the Parking Lot?") == "parking lot"
    assert blocklist.match(own, False, "新停车场在哪里") == "停车场"
    assert blocklist.match(own, False, "kiss my ass") is None  # the default list is off
    assert blocklist.match(own, True, "kiss my ass") == "ass"
    assert blocklist.parse(own) == ["parking lot", "停车场"]
    assert blocklist.problem("x" * 61) and blocklist.problem("...") and blocklist.problem("ok") is None


def test_the_public_line_counts_by_reason_without_texts():
    assert line({"rejected": {"off_topic": 3}, "hidden": {"offensive": 1}, "merged": 2, "banned": 1}) == (
        "Moderation: 3 questions rejected as off topic, 1 question hidden as offensive, 2 questions merged as "
        "duplicates, 1 phone banned.")
    assert line({"rejected": {}, "hidden": {}, "merged": 0, "banned": 0}) == (
        "Moderation: no question rejected, hidden or merged, no phone banned.")
