"""The minutes as an editable Word document: render(doc) -> bytes (docs/minutes.md).

Real styles (Title, Heading 1-3, List Number, List Bullet), the header block and
every list of records as tables with a header row that repeats across pages,
charts as PNG images at print resolution (chart_png.py), page numbers as Word
fields in the footer, and an East Asian font on every style so Word shows
Chinese, Japanese and Korean. Building blocks: docx_parts.py.
"""
import base64
import io
import re
from datetime import UTC, datetime

from docx import Document
from docx.shared import Cm, Inches, Pt, RGBColor
from flask_babel import gettext as _
from flask_babel import pgettext

from . import chart_png, fairness, fmt
from . import docx_parts as parts
from . import followup_text as ft
from . import print_text as pt

CHART_INCHES = 6.3


def _heading(document, text: str, level: int):
    return document.add_heading(parts.clean(text), level)


def _paragraphs(document, text, *, style: str | None = None, muted: bool = False):
    """Stored text as paragraphs: a blank line starts a paragraph, a single line break stays a break."""
    text = parts.clean(text).strip("\n")
    if not text.strip():
        return
    for block in re.split(r"\n\s*\n", text):
        paragraph = document.add_paragraph(style=style)
        if muted:
            parts.muted(paragraph, block)
        else:
            paragraph.add_run(block)


def _meta(document, text: str):
    """A grey line about what follows, kept on its page."""
    if text:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        parts.muted(paragraph, text, size=9)


def _picture(document, png: bytes | None):
    if png:
        document.add_picture(io.BytesIO(png), width=Inches(CHART_INCHES))


def _title_block(document, doc: dict):
    event = doc.get("event") or {}
    final = doc.get("status") == "final"
    if (event.get("logo") or {}).get("data"):  # the event's logo, at most 1.5 cm high and 6 cm wide
        picture = document.add_picture(io.BytesIO(base64.b64decode(event["logo"]["data"])), height=Cm(1.5))
        if picture.width > Cm(6):
            picture.height, picture.width = int(picture.height * Cm(6) / picture.width), Cm(6)
    overline = document.add_paragraph()
    run = overline.add_run(_("MINUTES") if final else _("DRAFT MINUTES (NOT FINAL)"))
    run.bold = True
    run.font.size = Pt(9)
    if event.get("accent_color"):
        run.font.color.rgb = RGBColor.from_string(event["accent_color"][1:].upper())
    document.add_heading(parts.clean(pt.title(doc)), 0)
    subtitle = " · ".join(part for part in (pt.meeting_date(doc), pt.text(event.get("place"))) if part.strip())
    if subtitle:
        document.add_paragraph(parts.clean(subtitle), style="Subtitle")
    _paragraphs(document, event.get("description"), muted=True)
    parts.table(document, None, [[[(label, "bold")], value] for label, value in pt.header_rows(doc)], [3.4, 13.6])


def _questions(document, questions: list[dict], *, answered: bool):
    rows = []
    for q in questions:
        question = [(pt.text(q.get("text")), "body")]
        if not answered and q.get("item"):
            question.append((_("Agenda: %(item)s", item=q['item']), "muted"))
        if answered:
            last = pt.text(q.get("answer_text")) or [(pt.answered_note(q), "muted")]
        else:
            last = pt.text(q.get("next_step")) or [(_("As above"), "muted")]
        rows.append([question, fmt.author(pt.text(q.get("author"))), pt.votes(q), last])
    parts.table(document, [_("Question"), _("Asked by"), _("Votes"), _("Answer") if answered else _("Next step")], rows,
                [7.0, 3.2, 1.7, 5.1], numeric=(2,))


def _poll(document, poll: dict):
    paragraph = document.add_heading(parts.clean(pt.text(poll.get("question")) or _("Poll")), 4)
    paragraph.paragraph_format.keep_with_next = True
    _meta(document, pt.poll_meta(poll))
    _paragraphs(document, poll.get("summary"))
    if poll.get("suppressed"):
        return  # confidential with too few ballots: the summary says so, no numbers anywhere
    bars = poll.get("bars") or []
    if bars:
        first = pgettext("a word of the answers", "Word") if poll.get("kind") == "text" else _("Option")
        parts.table(document, [first, _("Result")], [[pt.text(b.get("label")), pt.text(b.get("text"))] for b in bars],
                    [11.0, 6.0], numeric=(1,))
        _picture(document, chart_png.bars_png(bars, width_inches=CHART_INCHES))
    answers = poll.get("answers")
    if answers:
        _meta(document, _("Answers"))
        for answer in answers:
            parts.styled_paragraph(document, answer, "List Bullet")


def _item_body(document, item: dict):
    _paragraphs(document, item.get("description"), muted=True)
    _paragraphs(document, item.get("notes"))
    if item.get("decisions"):
        _heading(document, _("Decisions"), 3)
        for n, decision in enumerate(item["decisions"]):
            paragraph = parts.styled_paragraph(document, decision.get("text"), "List Number")
            if n == 0:
                parts.restart_numbering(document, paragraph)  # each item's decisions count from 1
            if decision.get("vote_result"):
                paragraph.add_run().add_break()
                parts.muted(paragraph, _("Vote: %(result)s", result=decision["vote_result"]), size=9)
    if item.get("actions"):
        _heading(document, _("Action items"), 3)
        parts.table(document, [_("Action"), _("Owner"), _("Due")],
                    [[pt.text(a.get("what")), pt.text(a.get("owner")) or [(_("Not assigned"), "muted")],
                      pt.safe(fmt.date_text, a.get("due_date")) or [(_("No date"), "muted")]] for a in item["actions"]],
                    [10.0, 4.2, 2.8])
    if item.get("answered"):
        _heading(document, _("Questions answered"), 3)
        _questions(document, item["answered"], answered=True)
    if item.get("speakers"):
        _heading(document, _("Speakers"), 3)
        parts.table(document, [_("Speaker"), _("Topic"), _("Time")],
                    [[pt.text(s.get("label")), pt.text(s.get("topic")), fmt.speaking_time(s.get("seconds"))]
                     for s in item["speakers"]], [5.0, 9.0, 3.0], numeric=(2,))
    if item.get("polls"):
        _heading(document, _("Polls"), 3)
        for poll in item["polls"]:
            _poll(document, poll)


def _agenda(document, doc: dict):
    _heading(document, _("Agenda"), 1)
    items = doc.get("items") or []
    if not items:
        _paragraphs(document, _("The meeting had no agenda items."), muted=True)
    for n, item in enumerate(items, start=1):  # numbered in agenda order: stored positions count from 0
        _heading(document, f"{n}. {pt.text(item.get('title'))}", 2)
        _meta(document, pt.item_meta(item))
        _item_body(document, item)
    general = doc.get("general")
    if general:
        _heading(document, pt.text(general.get("title")) or _("General"), 1)
        _meta(document, _("Questions, speakers and polls that belong to no agenda item."))
        _item_body(document, general)


def _unanswered(document, doc: dict):
    unanswered = doc.get("unanswered") or {}
    questions = unanswered.get("questions") or []
    _heading(document, _("Unanswered questions"), 1)
    if not questions:
        _paragraphs(document, _("No published question was left unanswered."), muted=True)
        return
    _paragraphs(document, unanswered.get("next_steps"))
    _questions(document, questions, answered=False)


def _followup(document, doc: dict):
    """The "Follow-up" section (exports/followup_section.py); nothing for minutes made before it existed."""
    section = doc.get("followup")
    if not isinstance(section, dict):
        return
    _heading(document, str(ft.TITLE), 1)
    _meta(document, ft.tracker_line(section))
    if ft.is_empty(section):
        _paragraphs(document, str(ft.EMPTY), muted=True)
        return
    if section.get("referred"):
        _heading(document, _("Commitments"), 3)
        rows = []
        for f in section["referred"]:
            question = [(pt.text(f.get("text")), "body")] + (
                [(_("Note: %(note)s", note=f["note"]), "muted")] if f.get("note") else [])
            answer = [(ft.answer(f), "body")] if f.get("answer_text") else [(_("Not yet"), "muted")]
            if f.get("feedback"):
                answer.append((ft.verdict(f["feedback"]), "muted"))
            rows.append([question, fmt.author(pt.text(f.get("author"))), pt.text(f.get("office")), pt.safe(ft.due, f),
                         ft.state_label(f.get("state")), answer])
        parts.table(document, [_("Question"), _("Asked by"), _("Office"), _("Due"), _("Status"),
                               _("Written answer")], rows,
                    [4.6, 2.2, 2.2, 2.4, 2.0, 3.6])
    for key, title, last in (("deferred", _("Deferred"), None), ("closed", _("Closed without an answer"), "reason"),
                             ("not_followed_up", _("Not followed up yet"), None)):
        if not section.get(key):
            continue
        _heading(document, title, 3)
        if last:
            parts.table(document, [_("Question"), _("Asked by"), _("Reason")],
                        [[pt.text(q.get("text")), fmt.author(pt.text(q.get("author"))), pt.text(q.get(last)) or "—"]
                         for q in section[key]], [8.5, 3.2, 5.3])
        else:
            parts.table(document, [_("Question"), _("Asked by"), _("Votes")],
                        [[pt.text(q.get("text")), fmt.author(pt.text(q.get("author"))), pt.votes(q)]
                         for q in section[key]], [12.1, 3.2, 1.7], numeric=(2,))
    _heading(document, _("Response times"), 3)
    rows = ft.figure_rows(section.get("figures"))
    if not rows:
        _paragraphs(document, str(ft.NO_FIGURES), muted=True)
        return
    _meta(document, str(ft.COUNTING))
    parts.table(document, ft.figure_headers(), rows, [2.8, 2.2, 2.2, 2.4, 2.4, 2.4, 2.6], numeric=(1, 2, 3, 4, 5, 6))


def _moderation(document, doc: dict):
    moderation = doc.get("moderation") or {}
    _heading(document, _("Moderation"), 1)
    if moderation.get("summary"):
        _paragraphs(document, str(moderation["summary"]))
    parts.table(document, [_("Questions"), _("Count")],
                [[key.capitalize(), count] for key, count in zip(pt.MODERATION_KEYS, pt.moderation_counts(moderation))],
                [4.0, 2.0], numeric=(1,))
    _paragraphs(document, pt.reasons_line(moderation))
    withheld = moderation.get("withheld")
    if withheld is None:
        _meta(document, _("The text of rejected and hidden questions is not included in these minutes."))
    elif not withheld:
        _meta(document, _("No question was rejected or hidden."))
    else:
        _heading(document, _("Rejected and hidden questions"), 3)
        parts.table(document, [_("Question"), _("Status"), _("Reason")],
                    [[pt.text(w.get("text")), fmt.question_status_label(pt.text(w.get("status"))),
                      fmt.reason_label(w.get("reason"))] for w in withheld], [11.0, 2.8, 3.2])


def _fairness(document, doc: dict):
    part = doc.get("fairness")
    if not part:
        return
    _heading(document, str(fairness.TITLE), 1)
    _paragraphs(document, fairness.summary(part))
    for t in fairness.tables(part):
        _heading(document, t.caption, 3)
        scale = 17.0 / sum(t.widths)
        parts.table(document, t.headers, t.rows, [w * scale for w in t.widths], numeric=t.numeric)
    _meta(document, str(fairness.NOTE))


def _property(text: str) -> str:
    """A core property: one line, at most 255 characters (the format's limit)."""
    text = " ".join(parts.clean(text).split())
    return text if len(text) <= 255 else text[:254] + "…"


def _properties(document, doc: dict):
    """Core properties: ours only (the template's "python-docx" author and comment are replaced)."""
    props = document.core_properties
    when = pt.created(doc) or datetime.now(UTC)
    props.title = _property(_("Minutes: %(title)s", title=pt.title(doc)))
    props.subject = _property(_("Minutes of %(title)s", title=pt.title(doc)))
    props.author = "Townhall"
    props.last_modified_by = "Townhall"
    props.comments = _property(pt.version_label(doc))
    props.keywords = "minutes"
    props.language = "en"
    props.revision = 1
    props.created = props.modified = when


def render(doc: dict) -> bytes:
    """The minutes document as DOCX bytes."""
    document = Document()
    parts.set_up(document, (doc.get("event") or {}).get("accent_color"))
    _properties(document, doc)
    when = pt.meeting_date(doc)
    parts.header_footer(document, running_title=f"{pt.title(doc)}" + (f" · {when}" if when else ""),
                        footer_label=pt.version_label(doc))
    _title_block(document, doc)
    if pt.text(doc.get("summary")).strip():
        _heading(document, _("Summary"), 1)
        _paragraphs(document, doc["summary"])
    _agenda(document, doc)
    _unanswered(document, doc)
    _followup(document, doc)
    _moderation(document, doc)
    _fairness(document, doc)
    _heading(document, _("Activity"), 1)
    png = chart_png.activity_png(doc.get("activity"), width_inches=CHART_INCHES)
    if png:
        _picture(document, png)
    else:
        _meta(document, _("No questions or votes were recorded during the meeting."))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
