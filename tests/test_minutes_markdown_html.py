"""The minutes as Markdown (exports/markdown.py) and as print HTML (templates/minutes/_document.html,
exports/html.py), rendered from the contract's sample document and read back: Markdown with a small
GFM table reader, HTML with lxml."""
import re

import pytest
from flask_babel import force_locale
from lxml import html as lxml_html
from minutes_sample import ANONYMOUS_TAG, sample_document

from townhall.exports import fmt, html, markdown

HOSTILE = "| a | b |\n# Heading\n<script>alert(1)</script> `code` [link](http://evil.example) ![x](y) *em* &amp;"
HOSTILE_LINES = ("- list item", "1. ordered", "> quote", "=====", "    indented code", "```", "~~~")


def hostile_document() -> dict:
    """The sample with attendees' text trying to inject structure in every field they can type."""
    text = HOSTILE + "\n" + "\n".join(HOSTILE_LINES)
    doc = sample_document(summary=text)
    doc["event"]["title"] = "Minutes <script>alert(1)</script> | # x"
    item = doc["items"][1]
    item["title"] = "# Plan | <b>bold</b>"
    item["notes"] = text
    item["decisions"][0]["text"] = text
    item["actions"][0].update(what=text, owner="| owner |")
    item["answered"][0].update(text=text, answer_text=text, author="<img src=x onerror=alert(1)>")
    item["speakers"][0].update(label="| Speaker |", topic=text)
    item["polls"][0]["question"] = text
    item["polls"][0]["bars"][0]["label"] = "<script>alert('bar')</script> | x"
    doc["unanswered"]["questions"][0].update(text=text, next_step=text)
    doc["unanswered"]["next_steps"] = text
    doc["moderation"]["withheld"] = [{"text": text, "status": "hidden", "reason": "offensive"}]
    return doc


# --- a small GFM reader -------------------------------------------------------------------

def split_row(line: str) -> list[str]:
    """The cells of a GFM table row; a backslash escapes the next character (an escaped pipe stays)."""
    cells, cell, chars = [], "", iter(line.strip()[1:])
    for ch in chars:
        if ch == "\\":
            cell += ch + next(chars, "")
        elif ch == "|":
            cells.append(cell.strip())
            cell = ""
        else:
            cell += ch
    assert cell.strip() == "", f"row does not end with a pipe: {line!r}"
    return cells


def tables_of(md: str) -> list[dict]:
    """Every table: {"header": [...], "rows": [[...]], "after": the nearest heading or bold line above}."""
    found, lines, above = [], md.split("\n"), ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(("#", "**")):
            above = line
        if line.startswith("|") and i + 1 < len(lines) and re.fullmatch(r"\|(---\|)+", lines[i + 1]):
            table = {"header": split_row(line), "rows": [], "after": above}
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                table["rows"].append(split_row(lines[i]))
                i += 1
            found.append(table)
            continue
        i += 1
    return found


def headings(md: str) -> list[str]:
    return [line for line in md.split("\n") if re.match(r"#{1,6} ", line)]


def section(md: str, start: str, end_pattern=r"\n(#{1,3} |\*\*)") -> str:
    """The text from the line starting with `start` to the next heading or bold line."""
    begin = md.index(start)
    rest = md[begin + len(start):]
    match = re.search(end_pattern, rest)
    return start + (rest[:match.start()] if match else rest)


# --- Markdown --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def md() -> str:
    return markdown.render(sample_document())


def test_markdown_sections_in_order(md):
    assert [h for h in headings(md) if not h.startswith("### ")] == [
        "# Town hall: the river park 河滨公园", "## Summary", "## 1. Welcome & purpose",
        "## 2. The river park plan 河滨公园计划", "## 3. Open floor", "## General", "## Unanswered questions",
        "## Follow-up", "## Moderation", "## Fairness of the queue", "## Activity"]
    item = section(md, "## 2. ", r"\n## ")
    assert [h for h in headings(item) if h.startswith("### ")] == [
        "### Notes", "### Decisions", "### Action items", "### Questions answered", "### Speakers", "### Polls"]


def test_markdown_header_facts(md):
    top = md[:md.index("## Summary")]
    for fact in ("**Date:** 20 Nov 2026", "**Place:** Community centre, main hall", "**Planned start:** 18:00 UTC",
                 "**Meeting:** 18:02–19:31 UTC (1 h 29 min)", "**Organizers:** Maria Lopez, Chen Wei 陈伟",
                 "**Chair:** Maria Lopez", "**Note-taker:** Sam O'Neil", "142 attendees joined",
                 "118 phones connected at the peak", "9 questions asked", "311 votes on questions",
                 "205 poll ballots cast", "<http://townhall.local/e/K7QX2MPA>",
                 "version 2 · Final, 20 Nov 2026, 21:00 UTC"):
        assert fact in top, fact
    assert "approved the pilot \\<by a large margin\\>." in section(md, "## Summary")


def test_markdown_agenda_items_planned_and_actual(md):
    assert "Presenter: Chair · Planned 5 min · Actual 7 min (2 min over) · 18:02–18:09 UTC" in md
    assert "Presenter: Planning office · Planned 30 min · Actual 41 min (11 min over)" in md
    assert "Presenter: Chair · Planned 20 min · Not held" in md
    assert "The chair opened the meeting.\\\nHouse rules were read." in md  # a hard line break


def test_markdown_decisions_and_actions(md):
    assert "1. Pilot option B for one year. (vote: 112 for, 30 against, 8 abstain)" in md
    (actions,) = [t for t in tables_of(md) if t["header"] == ["Action", "Owner", "Due"]]
    assert actions["rows"] == [["Publish the traffic study", "Planning office", "15 Dec 2026"],
                               ["Set up a 居民 working group", "Chen Wei", "—"]]


def test_markdown_answered_and_unanswered_questions(md):
    answered = [t for t in tables_of(md) if t["header"] == ["Question", "Asked by", "Votes", "Answer"]]
    assert [row for t in answered for row in t["rows"]] == [
        ["公园什么时候开放？", "Anonymous", "57", "Spring 2027, if the pilot goes ahead."],
        ['\\=HYPERLINK("http://evil") will parking cost \\<b\\>more\\</b\\>?', "Jonas", "31", "—"],
        ["Who pays for the upkeep?", "Ana", "12", "The city, from the parks budget."]]
    (unanswered,) = [t for t in tables_of(md) if t["after"] == "## Unanswered questions"]
    assert unanswered["header"] == ["Question", "Asked by", "Votes", "Agenda item", "Next step"]
    assert unanswered["rows"] == [
        ["Will the bike path connect to the station? 自行车道", "Anonymous", "44", "The river park plan 河滨公园计划",
         "—"],
        ["@SUM(A1:A9) -- what about trees?", "Ravi", "8", "General", "Discussed at the December meeting."]]
    assert "The planning office answers in writing within 14 days" in section(md, "## Unanswered questions")


def test_markdown_poll_tables_with_numbers_and_bars(md):
    (single,) = [t for t in tables_of(md) if t["after"] == "**Which option do you prefer?**"]
    assert single["header"] == ["Option", "Result"]
    labels = [row[0] for row in single["rows"]]
    results = [re.fullmatch(r"`([█▏▎▍▌▋▊▉]+)` (.+)", row[1]).groups() for row in single["rows"]]
    assert labels == ["Option A", "Option B 方案", "Option C"]
    assert [text for _, text in results] == ["30 (25%)", "78 (65%)", "12 (10%)"]
    widths = [markdown_bar_length(bar) for bar, _ in results]
    assert widths[1] == markdown.BAR_WIDTH and widths[0] == pytest.approx(30 / 78 * markdown.BAR_WIDTH, abs=0.13)
    (rating,) = [t for t in tables_of(md) if t["after"] == "**Rate the presentation**"]
    assert [row[0] for row in rating["rows"]] == ["1", "2", "3", "4", "5"]
    assert "Average 3.9 of 5" in section(md, "**Rate the presentation**")
    words = section(md, "**One word for the park?**", r"\n## ")
    assert "- trees\n- more trees\n- 安静" in words


def markdown_bar_length(bar: str) -> float:
    return sum(1 if ch == "█" else (" ▏▎▍▌▋▊▉".index(ch)) / 8 for ch in bar)


def test_markdown_suppressed_poll_has_no_numbers(md):
    part = section(md, "**Should the council sell the lot?**")
    assert "Results withheld: 3 ballots: too few to show results of a confidential poll" in part
    assert "|" not in part and "`" not in part
    assert re.findall(r"\d+", part) == ["3", "3"]  # the ballot count, twice: turnout only


def test_markdown_moderation_and_activity(md):
    (counts,) = [t for t in tables_of(md) if t["after"] == "## Moderation"]
    assert dict(counts["rows"])["Hidden"] == "1" and dict(counts["rows"])["Merged into another question"] == "1"
    assert "Rejected or hidden, by reason: Offensive 1, Duplicate 1." in md
    (activity,) = [t for t in tables_of(md) if t["after"] == "## Activity"]
    questions, votes = activity["rows"]
    assert questions[0] == "Questions" and len(questions[1].strip("`")) == 58  # a sparkline, one mark per minute
    assert votes[2] == str(sum((m * 7) % 11 for m in range(2, 60)))


def test_markdown_has_chinese_and_no_author_tag(md):
    for text in ("河滨公园", "公园什么时候开放？", "居民", "方案", "自行车道", "安静", "陈伟"):
        assert text in md
    assert ANONYMOUS_TAG not in md
    assert ANONYMOUS_TAG not in markdown.render(sample_document(summary="x"))


def test_markdown_user_text_cannot_add_structure():
    doc = hostile_document()
    md = markdown.render(doc)
    expected = headings(markdown.render(sample_document()))
    got = headings(md)
    assert len(got) == len(expected) + 1  # + "Text of rejected and hidden questions" (withheld opted in)
    assert [h.split(" ")[0] for h in got if "withheld" not in h and "rejected and hidden" not in h] == \
        [h.split(" ")[0] for h in expected]
    for table in tables_of(md):
        assert table["rows"], table
        assert all(len(row) == len(table["header"]) for row in table["rows"]), table
    assert not re.search(r"(?<!\\)<(?!br>|http://townhall\.local)", md)  # no raw HTML but our <br> and the link
    assert not re.search(r"(?<!\\)\[", md) and not re.search(r"(?<!\\)\*em", md)
    assert not re.search(r"^(?:\s{4}|```|~~~|> |=+$|#(?!#* ))", md, re.MULTILINE)
    bullets = [line for line in md.split("\n") if re.match(r"(- |\d+\. )", line)]
    assert all(not line.startswith(("- list", "1. ordered")) for line in bullets)
    without_our_bars = re.sub(r"`[█▏▎▍▌▋▊▉▁▂▃▄▅▆▇]+`", "", md)
    assert not re.search(r"(?<!\\)`", without_our_bars)  # every other backtick is escaped


def test_items_are_numbered_in_agenda_order_whatever_their_stored_position(app):
    doc = sample_document()
    for position, item in enumerate(doc["items"]):
        item["position"] = position  # stored positions count from 0
    assert [h for h in headings(markdown.render(doc)) if h[3:4].isdigit()] == [
        "## 1. Welcome & purpose", "## 2. The river park plan 河滨公园计划", "## 3. Open floor"]
    tree = lxml_html.document_fromstring(render_html(app, doc))
    assert [text_of(h) for h in tree.xpath("//section[@class='minutes-item']/h2")] == [
        "1. Welcome & purpose", "2. The river park plan 河滨公园计划", "3. Open floor", "General"]
    assert [text_of(td) for td in tree.xpath("//section[@class='minutes-agenda']//tbody/tr/td[1]")] == ["1", "2", "3"]


def test_a_poll_summary_that_tells_the_ballots_is_said_once(app):
    doc = sample_document()
    doc["items"][1]["polls"][0].update(kind="multiple", summary="120 ballots, up to 2 choices each")
    md = markdown.render(doc)
    assert "*Multiple choice · 120 ballots, up to 2 choices each*" in md and md.count("120 ballots") == 1
    tree = lxml_html.document_fromstring(render_html(app, doc))
    meta = text_of(tree.xpath("//figure[@id='minutes-poll-21']//p[@class='minutes-meta']")[0])
    assert meta == "Multiple choice · 120 ballots, up to 2 choices each"
    rating = text_of(tree.xpath("//figure[@id='minutes-poll-22']//p[@class='minutes-meta']")[0])
    assert rating == "Rating · 60 ballots · Average 3.9 of 5"


def test_markdown_renders_a_bare_draft():
    doc = sample_document(status="draft", finalized_at=None, summary="", general=None,
                          unanswered={"next_steps": "", "questions": []},
                          activity={"bucket_minutes": 1, "start": None, "buckets": []})
    md = markdown.render(doc)
    assert "Draft (not final)" in md
    assert "## General" not in md and "## Unanswered questions" not in md and "## Activity" not in md


@pytest.mark.parametrize("value, expected", [
    ("# Title", "\\# Title"), ("- item", "\\- item"), ("+ item", "\\+ item"), ("12. item", "12\\. item"),
    ("3) item", "3\\) item"), ("> quote", "\\> quote"), ("a | b", "a \\| b"), ("`x`", "\\`x\\`"),
    ("[a](b)", "\\[a\\](b)"), ("<b>", "\\<b\\>"), ("&amp;", "\\&amp;"), ("A & B", "A & B"), ("a_b*c", "a\\_b\\*c"),
    ("    code", "code"), ("===", "\\==="), ("$x$", "\\$x\\$"), ("~~no~~", "\\~\\~no\\~\\~"),
])
def test_markdown_inline_escaping(value, expected):
    assert markdown.inline(value) == expected


def test_markdown_cells_keep_line_breaks_as_br():
    assert markdown.cell("one\ntwo | three\n\n") == "one<br>two \\| three"
    assert markdown.cell("") == " "


# --- HTML ----------------------------------------------------------------------------------------

def render_html(app, doc) -> str:
    with app.app_context():
        return html.render(doc)


@pytest.fixture
def page(app):
    """The sample as a standalone file, parsed."""
    source = render_html(app, sample_document())
    return source, lxml_html.document_fromstring(source)


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def test_html_is_a_standalone_document(page):
    source, tree = page
    assert source.lstrip().lower().startswith("<!doctype html>")
    assert tree.get("lang") == "en"
    assert tree.xpath("//meta[@charset='utf-8']")
    assert text_of(tree.find(".//title")) == "Minutes: Town hall: the river park 河滨公园"
    style = tree.find(".//style").text
    assert "@media print" in style and "size: A4" in style and "page-break-inside: avoid" in style
    assert not tree.xpath("//script | //link | //img | //iframe")  # nothing to fetch, nothing to run
    assert not tree.xpath("//*[@src]")


def test_html_headings_in_order(page):
    _, tree = page
    (article,) = tree.xpath("//article[@class='minutes']")
    assert [text_of(h) for h in article.xpath(".//h1 | .//h2")] == [
        "Town hall: the river park 河滨公园", "Summary", "Agenda", "1. Welcome & purpose",
        "2. The river park plan 河滨公园计划", "3. Open floor", "General", "Unanswered questions", "Follow-up",
        "Moderation", "Fairness of the queue", "Activity"]
    assert [text_of(h) for h in tree.xpath("//section[@id='minutes-item-12']//h3")] == [
        "Notes", "Decisions", "Action items", "Questions answered", "Speakers", "Polls"]
    assert not article.xpath(".//h4 | .//h5 | .//h6")


def test_html_header_facts_and_times(page):
    _, tree = page
    facts = {text_of(div.find("dt")): text_of(div.find("dd")) for div in tree.xpath("//dl[@class='minutes-facts']/div")}
    assert facts == {"Date": "20 Nov 2026", "Place": "Community centre, main hall", "Planned start": "18:00 UTC",
                     "Meeting": "18:02–19:31 UTC · 1 h 29 min", "Organizers": "Maria Lopez, Chen Wei 陈伟",
                     "Chair": "Maria Lopez", "Note-taker": "Sam O'Neil", "Link": "http://townhall.local/e/K7QX2MPA"}
    stats = [text_of(li) for li in tree.xpath("//ul[@class='minutes-stats']/li")]
    assert stats == ["142 joined", "118 connected at the peak", "9 questions", "311 votes", "205 poll ballots"]
    times = tree.xpath("//time")
    assert times and all(re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\dZ)?", t.get("datetime")) for t in times)
    assert "Final 20 Nov 2026, 21:00 UTC" in text_of(tree.xpath("//p[@class='minutes-kicker']")[0])


def test_html_tables_have_header_scopes(page):
    _, tree = page
    tables = tree.xpath("//table")
    # the agenda, speakers of item 1, actions and speakers of item 2, the follow-up's response times,
    # moderation; fairness: skips, by asker, per item
    assert len(tables) == 9
    for table in tables:
        assert all(th.get("scope") in ("col", "row") for th in table.xpath(".//th"))
    agenda = tree.xpath("//section[@class='minutes-agenda']//tbody/tr")
    assert [[text_of(c) for c in row] for row in agenda] == [
        ["1", "Welcome & purpose", "Chair", "5 min", "7 min"],
        ["2", "The river park plan 河滨公园计划", "Planning office", "30 min", "41 min"],
        ["3", "Open floor", "Chair", "20 min", "Not held"]]


def test_html_item_content(page):
    _, tree = page
    (item,) = tree.xpath("//section[@id='minutes-item-12']")
    assert "Planned 30 min" in text_of(item) and "Actual 41 min (11 min over)" in text_of(item)
    assert [text_of(li) for li in item.xpath(".//ol[@class='minutes-decisions']/li")] == [
        "Pilot option B for one year. Vote: 112 for, 30 against, 8 abstain"]
    questions = item.xpath(".//li[@class='minutes-question']")
    assert [text_of(q.xpath(".//p[@class='minutes-question-text']")[0]) for q in questions] == [
        "公园什么时候开放？", '=HYPERLINK("http://evil") will parking cost <b>more</b>?']
    assert text_of(questions[0].xpath(".//span[@class='minutes-author']")[0]) == "Anonymous"
    assert "Spring 2027, if the pilot goes ahead." in text_of(questions[0])
    assert not item.xpath(".//b")  # the asker's <b> is text
    unanswered = tree.xpath("//section[@class='minutes-unanswered']//li[@class='minutes-question']")
    assert [text_of(q.xpath(".//strong")[0]) for q in unanswered] == ["44", "8"]
    assert "Next step Discussed at the December meeting." in text_of(unanswered[1])


def test_html_poll_charts_are_inline_svg_with_a_bar_per_entry(page):
    _, tree = page
    doc = sample_document()
    polls = [p for item in doc["items"] for p in item["polls"]]
    for poll in polls:
        (figure,) = tree.xpath(f"//figure[@id='minutes-poll-{poll['id']}']")
        charts = figure.xpath(".//*[local-name()='svg']")
        if poll["suppressed"]:
            assert not charts
            assert "Results withheld: 3 ballots" in text_of(figure)
            assert not re.search(r"\d+ ?%", text_of(figure))
            continue
        (svg,) = charts
        assert svg.get("role") == "img"
        title = svg.xpath("./*[local-name()='title']")[0]
        assert svg.get("aria-labelledby") == title.get("id")
        assert text_of(title).startswith(poll["question"])
        rects = svg.xpath(".//*[local-name()='rect']")
        assert len(rects) == len(poll["bars"])
        labels = [text_of(t) for t in svg.xpath(".//*[local-name()='text'][@class='minutes-bar-label']")]
        values = [text_of(t) for t in svg.xpath(".//*[local-name()='text'][@class='minutes-bar-value']")]
        assert labels == [bar["label"] for bar in poll["bars"]]
        assert values == [bar["text"] for bar in poll["bars"]]
        widths = [float(r.get("width")) for r in rects]
        largest = max(bar["value"] for bar in poll["bars"])
        longest = max(widths)
        for bar, width in zip(poll["bars"], widths, strict=True):
            assert width == pytest.approx(bar["value"] / largest * longest, abs=0.1)
    assert [text_of(li) for li in tree.xpath("//div[@class='minutes-answers']//li")] == ["trees", "more trees", "安静"]


def test_html_activity_chart(page):
    _, tree = page
    (svg,) = tree.xpath("//*[local-name()='svg'][@id='minutes-activity']")
    assert svg.get("role") == "img"
    title = text_of(svg.xpath("./*[local-name()='title']")[0])
    buckets = sample_document()["activity"]["buckets"]
    assert f"{sum(b['questions'] for b in buckets)} questions" in title
    assert f"{sum(b['votes'] for b in buckets)} votes" in title
    questions = svg.xpath(".//*[local-name()='g'][@class='minutes-activity-questions']/*[local-name()='rect']")
    assert len(questions) == sum(1 for b in buckets if b["questions"])
    assert "18:02" in text_of(svg) and "18:59 UTC" in text_of(svg)


def test_html_user_text_is_escaped(app):
    source = render_html(app, hostile_document())
    tree = lxml_html.document_fromstring(source)
    assert not tree.xpath("//script | //img | //*[@onerror]")
    assert "<script>alert(1)</script>" in text_of(tree.xpath("//section[@class='minutes-summary']")[0])
    assert not tree.xpath("//article//b")
    assert len(tree.xpath("//article//h1")) == 1
    chart = tree.xpath("//*[local-name()='svg'][@id='minutes-chart-21']")[0]
    assert text_of(chart.xpath(".//*[local-name()='text']")[0]) == "<script>alert('bar')</script> | x"
    assert not tree.xpath("//a[contains(@href, 'evil')]")


def test_html_has_chinese_and_no_author_tag(page):
    source, tree = page
    body = text_of(tree.xpath("//article")[0])
    for text in ("河滨公园", "公园什么时候开放？", "居民", "方案", "自行车道", "安静", "陈伟"):
        assert text in body
    assert ANONYMOUS_TAG not in source


def test_html_long_labels_wrap_inside_the_chart(app):
    doc = sample_document()
    bars = doc["items"][1]["polls"][0]["bars"]
    bars[0]["label"] = "Build a new pedestrian bridge over the river next to the old mill and the station " * 2
    bars[1]["label"] = "河滨公园计划" * 12
    tree = lxml_html.document_fromstring(render_html(app, doc))
    svg = tree.xpath("//*[local-name()='svg'][@id='minutes-chart-21']")[0]
    labels = svg.xpath(".//*[local-name()='text'][@class='minutes-bar-label']")
    for label in labels:
        lines = [text_of(t) for t in label.xpath("./*[local-name()='tspan']")]
        assert 1 <= len(lines) <= 2
        assert all(sum(2 if ch >= "\u2e80" else 1 for ch in line) <= 52 for line in lines)
    assert text_of(labels[0]).endswith("…") and text_of(labels[1]).endswith("…")
    assert bars[0]["label"].strip() in text_of(svg.xpath("./*[local-name()='title']")[0])  # all of it, for readers


def test_html_renders_a_bare_draft(app):
    doc = sample_document(status="draft", finalized_at=None, summary="", general=None,
                          unanswered={"next_steps": "", "questions": []},
                          activity={"bucket_minutes": 1, "start": None, "buckets": []})
    doc["items"][1]["polls"][0]["bars"] = [{"label": "A", "value": 0, "text": "0 (0%)"}]
    tree = lxml_html.document_fromstring(render_html(app, doc))
    assert "Draft, not final" in text_of(tree.xpath("//p[@class='minutes-kicker']")[0])
    assert text_of(tree.find(".//title")).endswith("(draft)")
    headings = [text_of(h) for h in tree.xpath("//h2")]
    assert "General" not in headings and "Activity" not in headings and "Summary" not in headings
    rect = tree.xpath("//*[local-name()='svg'][@id='minutes-chart-21']//*[local-name()='rect']")[0]
    assert float(rect.get("width")) == 0


# --- the same wording in Python and in the template -------------------------------------------

def macro(app, call: str) -> str:
    with app.app_context():
        template = app.jinja_env.from_string('{% import "minutes/_charts.html" as c %}' + "{{ " + call + " }}")
        return lxml_html.fragment_fromstring(template.render(), create_parent="div").text_content().strip()


@pytest.mark.parametrize("seconds", [0, 29, 59, 60, 89, 90, 2460, 2489, 3570, 3600, 3930, 7199, 36000])
def test_durations_read_the_same_in_every_format(app, seconds):
    assert macro(app, f"c.duration({seconds})") == fmt.duration_text(seconds)
    assert macro(app, f"c.speaking_time({seconds})") == fmt.speaking_time(seconds)
    assert macro(app, f"c.minutes_text({seconds // 60})") == fmt.minutes_text(seconds // 60)
    for planned in (0, 5, 41, 90):
        assert macro(app, f"c.overrun({planned}, {seconds})") == fmt.overrun_text(planned, seconds)


@pytest.mark.parametrize("start, end", [
    ("2026-11-20T18:02:00Z", "2026-11-20T19:31:00Z"), ("2026-12-31T23:30:00Z", "2027-01-01T00:45:10Z"),
    ("2028-02-28T22:00:00Z", "2028-03-01T01:00:00Z"), ("2026-01-05T09:00:00Z", "2026-01-05T09:00:40Z"),
])
def test_times_read_the_same_in_every_format(app, start, end):
    assert macro(app, f"c.when({start!r})") == fmt.datetime_text(start)
    assert macro(app, f"c.day({start!r})") == fmt.date_text(start)
    assert macro(app, f"c.clock({end!r})") == fmt.time_text(end)
    assert macro(app, f"c.span({start!r}, {end!r})") == fmt.span_text(start, end)
    assert macro(app, f"c.length({start!r}, {end!r})") == fmt.meeting_length(start, end)


def test_lengths_of_time_read_in_the_minutes_language(app):
    with app.test_request_context(), force_locale("zh_Hans"):
        assert fmt.duration_text(2460) == "41 分钟" and fmt.duration_text(45) == "45 秒"
        assert fmt.duration_text(3900) == "1 小时 05 分钟" and fmt.minutes_text(120) == "2 小时"
        assert fmt.speaking_time(120) == "2 分钟" and fmt.speaking_time(40) == "40 秒"


def test_fmt_wording():
    assert fmt.datetime_text("2026-11-20T18:02:00Z") == "20 Nov 2026, 18:02 UTC"
    assert fmt.duration_text(2460) == "41 min" and fmt.duration_text(3900) == "1 h 05 min"
    assert fmt.duration_text(45) == "45 s" and fmt.duration_text(None) == ""
    assert fmt.minutes_text(120) == "2 h" and fmt.speaking_time(95) == "1 min 35 s"
    assert fmt.overrun_text(30, 2460) == "11 min over" and fmt.overrun_text(30, 1500) == "5 min under"
    assert fmt.overrun_text(30, 1810) == "on time" and fmt.overrun_text(None, 10) == ""
    assert fmt.author(None) == fmt.author("  ") == "Anonymous" and fmt.author("Ana") == "Ana"
    assert fmt.span_text("2026-11-20T23:00:00Z", "2026-11-21T01:00:00Z") == \
        "20 Nov 2026, 23:00 UTC – 21 Nov 2026, 01:00 UTC"
    assert fmt.kind_label("yesno") == "Yes / no" and fmt.reason_label("off_topic") == "Off topic"
