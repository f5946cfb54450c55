"""The minutes as a PDF: render(doc) -> bytes (docs/minutes.md).

A4 with page numbers, the event title as a running header from page 2, DejaVu
Sans with Droid Sans Fallback for Chinese, Japanese and Korean (fonts shipped in
exports/fonts, subset into the file), and charts drawn as vector graphics.
Page machinery: pdf_layout.py; charts: pdf_charts.py.

Right-to-left text prints its characters in logical order: fpdf2 reorders and
shapes it only with uharfbuzz, which we do not ship.
"""
import base64
from datetime import UTC, datetime

from flask_babel import gettext as _

from . import fairness, fmt, pdf_charts
from . import followup_text as ft
from . import print_text as pt
from .pdf_layout import Column, MinutesPDF

DRAFT_INK = (170, 40, 40)
_text = pt.text


def _title_block(pdf: MinutesPDF, doc: dict):
    event = doc.get("event") or {}
    final = doc.get("status") == "final"
    if (event.get("logo") or {}).get("data"):
        pdf.logo(base64.b64decode(event["logo"]["data"]))
    pdf.paragraph(_("MINUTES") if final else _("DRAFT MINUTES (NOT FINAL)"), size=9, style="accent",
                  color=None if final else DRAFT_INK, after=1)
    pdf.paragraph(pt.title(doc), size=20, style="bold", after=1.5)
    subtitle = " · ".join(part for part in (pt.meeting_date(doc), _text(event.get("place"))) if part.strip())
    pdf.paragraph(subtitle, size=11, style="muted", after=2)
    pdf.paragraph(event.get("description"), size=9.5, style="muted", after=3)

    pdf.table([Column("", 32), Column("", pdf.content_width - 32)],
              [[label, value] for label, value in pt.header_rows(doc)], header=False, label_style="bold")


def _questions(pdf: MinutesPDF, questions: list[dict], *, answered: bool):
    last = _("Answer") if answered else _("Next step")
    widths = (72, 32, 14) if answered else (78, 32, 14)
    if any(isinstance(q.get("trust"), dict) for q in questions):  # "1 verified" under the count: wider
        widths = (widths[0] - 6, widths[1], widths[2] + 6)
    columns = [Column(_("Question"), widths[0]), Column(_("Asked by"), widths[1]), Column(_("Votes"), widths[2], "R"),
               Column(last, pdf.content_width - sum(widths))]
    rows = []
    for q in questions:
        question = [(_text(q.get("text")), "body")]
        if not answered and q.get("item"):
            question.append((_("Agenda: %(item)s", item=q['item']), "muted"))
        if answered:
            after = _text(q.get("answer_text"))
            if not after.strip():
                after = [(pt.answered_note(q), "muted")]
        else:
            after = _text(q.get("next_step")) or [(_("As above"), "muted")]
        rows.append([question, fmt.author(_text(q.get("author"))), pt.votes(q), after])
    pdf.table(columns, rows)


def _poll(pdf: MinutesPDF, poll: dict):
    question = _text(poll.get("question")) or _("Poll")
    pdf.gap(2)
    pdf.ensure(30)
    pdf.paragraph(question, size=10, style="bold", after=0.5)
    pdf.paragraph(pt.poll_meta(poll), size=8.5, style="muted", after=1)
    pdf.paragraph(poll.get("summary"), size=9.5, after=1.5)
    if poll.get("suppressed"):
        return  # confidential with too few ballots: the summary says so, no numbers anywhere
    bars = poll.get("bars") or []
    if bars and poll.get("kind") == "text":
        pdf.paragraph(_("Most frequent words"), size=8.5, style="muted", after=1)
    pdf_charts.bars(pdf, bars)
    answers = poll.get("answers")
    if answers:
        pdf.paragraph(_("Answers"), size=8.5, style="muted", after=1)
        pdf.short_list([_text(a) for a in answers])


def _item_body(pdf: MinutesPDF, item: dict):
    if item.get("description"):
        pdf.paragraph(item["description"], size=9.5, style="muted")
    if _text(item.get("notes")).strip():
        pdf.paragraph(item["notes"], after=2)
    if item.get("decisions"):
        pdf.heading(_("Decisions"), 3)
        pdf.bullets([_text(d.get("text")) for d in item["decisions"]], numbered=True,
                    notes=[_("Vote: %(result)s", result=d["vote_result"]) if d.get("vote_result") else ""
                           for d in item["decisions"]])
    if item.get("actions"):
        pdf.heading(_("Action items"), 3)
        pdf.table([Column(_("Action"), 105), Column(_("Owner"), 40), Column(_("Due"), pdf.content_width - 145)],
                  [[_text(a.get("what")), _text(a.get("owner")) or [(_("Not assigned"), "muted")],
                    pt.safe(fmt.date_text, a.get("due_date")) or [(_("No date"), "muted")]]
                   for a in item["actions"]])
    if item.get("answered"):
        pdf.heading(_("Questions answered"), 3)
        _questions(pdf, item["answered"], answered=True)
    if item.get("speakers"):
        pdf.heading(_("Speakers"), 3)
        pdf.table([Column(_("Speaker"), 50), Column(_("Topic"), 90), Column(_("Time"), pdf.content_width - 140, "R")],
                  [[_text(s.get("label")), _text(s.get("topic")), fmt.speaking_time(s.get("seconds"))]
                   for s in item["speakers"]])
    if item.get("polls"):
        pdf.heading(_("Polls"), 3, keep=40)
        for poll in item["polls"]:
            _poll(pdf, poll)


def _item_keep(item: dict) -> float:
    """Millimetres an item's heading needs below it: its meta line and the start of its text,
    or of its first sub-heading and block."""
    starts_with_text = _text(item.get("notes")).strip() or _text(item.get("description")).strip()
    return 36 if starts_with_text else 62


def _agenda(pdf: MinutesPDF, doc: dict):
    items = doc.get("items") or []
    pdf.heading(_("Agenda"), 1, keep=_item_keep(items[0]) + 14 if items else 20)
    if not items:
        pdf.paragraph(_("The meeting had no agenda items."), style="muted")
    for n, item in enumerate(items, start=1):  # numbered in agenda order: stored positions count from 0
        pdf.heading(f"{n}. {_text(item.get('title'))}", 2, keep=_item_keep(item))
        pdf.paragraph(pt.item_meta(item), size=8.5, style="muted", after=2)
        _item_body(pdf, item)
    general = doc.get("general")
    if general:
        pdf.heading(_text(general.get("title")) or _("General"), 1)
        pdf.paragraph(_("Questions, speakers and polls that belong to no agenda item."), size=9, style="muted")
        _item_body(pdf, general)


def _unanswered(pdf: MinutesPDF, doc: dict):
    unanswered = doc.get("unanswered") or {}
    questions = unanswered.get("questions") or []
    pdf.heading(_("Unanswered questions"), 1)
    if not questions:
        pdf.paragraph(_("No published question was left unanswered."), style="muted")
        return
    pdf.paragraph(unanswered.get("next_steps"), after=2)
    _questions(pdf, questions, answered=False)


def _followup_questions(pdf: MinutesPDF, questions: list[dict], last: str | None = None):
    """Deferred, closed and not followed up: the question, its asker, its votes (or the close's reason)."""
    if last:
        columns = [Column(_("Question"), 90), Column(_("Asked by"), 32),
                   Column(_("Reason"), pdf.content_width - 122)]
        rows = [[_text(q.get("text")), fmt.author(_text(q.get("author"))), _text(q.get(last)) or [("—", "muted")]]
                for q in questions]
    else:
        columns = [Column(_("Question"), pdf.content_width - 46), Column(_("Asked by"), 32),
                   Column(_("Votes"), 14, "R")]
        rows = [[_text(q.get("text")), fmt.author(_text(q.get("author"))), pt.votes(q)] for q in questions]
    pdf.table(columns, rows)


def _followup(pdf: MinutesPDF, doc: dict):
    """The "Follow-up" section (exports/followup_section.py); nothing for minutes made before it existed."""
    section = doc.get("followup")
    if not isinstance(section, dict):
        return
    pdf.heading(str(ft.TITLE), 1)
    pdf.paragraph(ft.tracker_line(section), size=9, style="muted", after=2)
    if ft.is_empty(section):
        pdf.paragraph(str(ft.EMPTY), style="muted")
        return
    if section.get("referred"):
        pdf.heading(_("Commitments"), 3)
        widths = (48, 22, 24, 27, 22)
        columns = [Column(_("Question"), widths[0]), Column(_("Asked by"), widths[1]), Column(_("Office"), widths[2]),
                   Column(_("Due"), widths[3]), Column(_("Status"), widths[4]),
                   Column(_("Answer"), pdf.content_width - sum(widths))]
        rows = []
        for f in section["referred"]:
            question = [(_text(f.get("text")), "body")] + (
                [(_("Note: %(note)s", note=f["note"]), "muted")] if f.get("note") else [])
            answer = [(ft.answer(f), "body")] if f.get("answer_text") else [(_("Not yet"), "muted")]
            if f.get("feedback"):
                answer.append((ft.verdict(f["feedback"]), "muted"))
            rows.append([question, fmt.author(_text(f.get("author"))), _text(f.get("office")), pt.safe(ft.due, f),
                         ft.state_label(f.get("state")), answer])
        pdf.table(columns, rows, size=8.5)
    for key, title, last in (("deferred", _("Deferred"), None), ("closed", _("Closed without an answer"), "reason"),
                             ("not_followed_up", _("Not followed up yet"), None)):
        if section.get(key):
            pdf.heading(title, 3)
            _followup_questions(pdf, section[key], last)
    pdf.heading(_("Response times"), 3)
    rows = ft.figure_rows(section.get("figures"))
    if not rows:
        pdf.paragraph(str(ft.NO_FIGURES), style="muted")
        return
    pdf.paragraph(str(ft.COUNTING), size=8.5, style="muted", after=1.5)
    widths = [28, 22, 22, 22, 22, 22]
    pdf.table([Column(header, width, "L" if i == 0 else "R") for i, (header, width)
               in enumerate(zip(ft.short_headers(), widths + [pdf.content_width - sum(widths)]))],
              [[row[0], *row[1:]] for row in rows], size=8)


def _moderation(pdf: MinutesPDF, doc: dict):
    moderation = doc.get("moderation") or {}
    pdf.heading(_("Moderation"), 1)
    if moderation.get("summary"):
        pdf.paragraph(str(moderation["summary"]))
    width = pdf.content_width / len(pt.MODERATION_KEYS)
    pdf.table([Column(key.capitalize(), width, "R") for key in pt.MODERATION_KEYS],
              [pt.moderation_counts(moderation)])
    pdf.paragraph(pt.reasons_line(moderation))
    withheld = moderation.get("withheld")
    if withheld is None:
        pdf.paragraph(_("The text of rejected and hidden questions is not included in these minutes."),
                      size=9, style="muted")
    elif not withheld:
        pdf.paragraph(_("No question was rejected or hidden."), size=9, style="muted")
    else:
        pdf.heading(_("Rejected and hidden questions"), 3)
        pdf.table([Column(_("Question"), 110), Column(_("Status"), 25), Column(_("Reason"), pdf.content_width - 135)],
                  [[_text(w.get("text")), fmt.question_status_label(_text(w.get("status"))),
                    fmt.reason_label(w.get("reason"))] for w in withheld])


def _fairness(pdf: MinutesPDF, doc: dict):
    part = doc.get("fairness")
    if not part:
        return
    pdf.heading(str(fairness.TITLE), 1)
    pdf.paragraph(fairness.summary(part))
    for t in fairness.tables(part):
        pdf.heading(t.caption, 3)
        scale = pdf.content_width / sum(t.widths)
        pdf.table([Column(h, w * scale, "R" if i in t.numeric else "L")
                   for i, (h, w) in enumerate(zip(t.headers, t.widths, strict=True))], t.rows)
    pdf.paragraph(str(fairness.NOTE), size=9, style="muted")


def _metadata(pdf: MinutesPDF, doc: dict, title: str, when: str):
    pdf.set_title(_("Minutes: %(title)s", title=title))
    pdf.set_subject(_("Minutes of %(title)s, %(when)s", title=title, when=when) if when
                    else _("Minutes of %(title)s", title=title))
    pdf.set_creator("Townhall")
    pdf.set_lang("zh-Hans" if fmt.language() == "zh_Hans" else "en")
    pdf.set_creation_date(pt.created(doc) or datetime.now(UTC))


def render(doc: dict) -> bytes:
    """The minutes document as PDF bytes."""
    title, when = pt.title(doc), pt.meeting_date(doc)
    pdf = MinutesPDF(running_title=title, running_label=_("Minutes · %(when)s", when=when) if when else _("Minutes"),
                     footer_label=pt.version_label(doc), accent=(doc.get("event") or {}).get("accent_color"))
    try:
        _metadata(pdf, doc, title, when)
        pdf.new_page()
        _title_block(pdf, doc)
        if _text(doc.get("summary")).strip():
            pdf.heading(_("Summary"), 1)
            pdf.paragraph(doc["summary"])
        _agenda(pdf, doc)
        _unanswered(pdf, doc)
        _followup(pdf, doc)
        _moderation(pdf, doc)
        _fairness(pdf, doc)
        pdf.heading(_("Activity"), 1, keep=75)
        pdf_charts.activity(pdf, doc.get("activity"))
        return bytes(pdf.output())
    finally:
        pdf.close_fonts()
