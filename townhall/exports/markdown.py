"""The minutes as GitHub-flavoured Markdown: render(doc) -> str.

Everything typed by people (titles, questions, answers, notes, names) goes through
``text()`` / ``cell()`` / ``heading()``: Markdown and HTML syntax in it is escaped,
so an attendee cannot add a heading, a link, a raw HTML tag or a table column.
Our own structure is the only Markdown in the output (plus ``<br>`` for line breaks
inside table cells).
"""
import re

from flask_babel import gettext as _
from flask_babel import ngettext, pgettext

from . import fairness, fmt
from . import followup_text as ft

# Escaped anywhere: emphasis, code, links and images, raw HTML, table cells, strikethrough, headings,
# math, and "&" where it would start an entity. (A backslash escapes any ASCII punctuation.)
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#$]|&(?=#?\w+;))")
_ORDERED = re.compile(r"\d+(?=[.)])")  # "1." or "1)" at the start of a line: an ordered list
BAR_WIDTH = 20
_EIGHTHS = " ▏▎▍▌▋▊▉"
_SPARKS = "▁▂▃▄▅▆▇█"


# --- escaping ----------------------------------------------------------------------

def _escape_line(line: str) -> str:
    line = _SPECIAL.sub(r"\\\1", line.strip())  # stripped: leading spaces would make a code block
    if line[:1] in ("-", "+", "="):  # a list, or a setext heading's underline
        return "\\" + line
    match = _ORDERED.match(line)
    return f"{match.group()}\\{line[match.end():]}" if match else line


def inline(value) -> str:
    """Text for one line (a heading, a list entry): escaped, line breaks become spaces."""
    return " ".join(_escape_line(line) for line in str(value or "").split("\n") if line.strip())


def heading(value) -> str:
    return inline(value)


def cell(value) -> str:
    """Text for a table cell: escaped (pipes included), line breaks become <br>."""
    lines = [_escape_line(line) for line in str(value or "").split("\n")]
    return "<br>".join(line for line in lines if line) or " "


def text(value) -> str:
    """A block of text: escaped, its line breaks kept (hard breaks), blank lines start paragraphs."""
    paragraphs = re.split(r"\n\s*\n", str(value or "").strip())
    blocks = []
    for paragraph in paragraphs:
        lines = [_escape_line(line) for line in paragraph.split("\n") if line.strip()]
        if lines:
            blocks.append("\\\n".join(lines))
    return "\n\n".join(blocks)


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Lines of a GFM table; header and rows are already escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


# --- charts as text ----------------------------------------------------------------

def text_bar(value: float, largest: float, width: int = BAR_WIDTH) -> str:
    """A bar of block characters, to the eighth of a character: "████▌"."""
    if not largest or value <= 0:
        return ""
    eighths = max(1, round(value / largest * width * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def sparkline(values: list[int]) -> str:
    largest = max(values, default=0)
    if not largest:
        return "▁" * len(values)
    return "".join(_SPARKS[min(7, round(v / largest * 7))] for v in values)


# --- sections ------------------------------------------------------------------------

def _header(doc: dict) -> list[str]:
    event, attendance = doc["event"], doc["attendance"]
    status = _("Final") if doc["status"] == "final" else _("Draft (not final)")
    when = f", {fmt.datetime_text(doc['finalized_at'])}" if doc.get("finalized_at") else ""
    lines = [f"# {heading(event['title'])}", "",
             _("**Minutes** · version %(version)s · %(status)s", version=doc["version"], status=status) + when, ""]
    if event.get("description"):
        lines += [text(event["description"]), ""]
    start = event.get("started_at") or event.get("starts_at")
    meeting = fmt.span_text(event.get("started_at"), event.get("ended_at"))
    length = fmt.meeting_length(event.get("started_at"), event.get("ended_at"))
    facts = [
        (_("Date"), fmt.date_text(start)),
        (_("Place"), inline(event.get("place"))),
        (_("Planned start"), fmt.time_text(event.get("starts_at")) if event.get("starts_at") else ""),
        (_("Meeting"), f"{meeting} ({length})" if meeting and length else meeting),
        (_("Organizers"), ", ".join(inline(name) for name in event.get("organizers") or [])),
        (_("Chair"), inline(event.get("chair"))),
        (_("Note-taker"), inline(event.get("note_taker"))),
        (_("Attendance"), _attendance(attendance)),
        (_("Link"), f"<{event['link']}>" if _safe_url(event.get("link")) else inline(event.get("link"))),
    ]
    lines += [f"- **{name}:** {value}" for name, value in facts if value]
    lines.append("")
    if doc.get("summary"):
        lines += ["## " + _("Summary"), "", text(doc["summary"]), ""]
    return lines


def _attendance(attendance: dict) -> str:
    return _("%(attendance)s; %(participation)s",
             attendance=fmt.attendance_text(attendance["joined"], attendance["peak_connected"]),
             participation=fmt.participation_text(attendance["questions"], attendance["votes"], attendance["ballots"]))


def _safe_url(url) -> bool:
    return isinstance(url, str) and re.fullmatch(r"https?://[^\s<>`]+", url) is not None


def _item_heading(item: dict, number: int) -> str:
    """Items are numbered 1, 2, ... in agenda order (the stored position may count from 0)."""
    return f"## {number}. {heading(item['title'])}"


def _item_facts(item: dict) -> str:
    facts = []
    if item.get("presenter"):
        facts.append(_("Presenter: %(name)s", name=inline(item["presenter"])))
    if item.get("planned_minutes") is not None:
        facts.append(_("Planned %(length)s", length=fmt.minutes_text(item["planned_minutes"])))
    if item.get("actual_seconds") is not None:
        over = fmt.overrun_text(item.get("planned_minutes"), item["actual_seconds"])
        actual = _("Actual %(length)s", length=fmt.duration_text(item["actual_seconds"]))
        facts.append(f"{actual} ({over})" if over else actual)
    elif item.get("id") is not None:
        facts.append(fmt.item_status_label(item["status"]))
    when = fmt.span_text(item.get("started_at"), item.get("ended_at"))
    if when:
        facts.append(when)
    return " · ".join(facts)


def _questions(questions: list[dict], *, answered: bool) -> list[str]:
    if answered:
        rows = [[cell(q["text"]), cell(fmt.author(q["author"])), fmt.votes_text(q), cell(q.get("answer_text") or "—")]
                for q in questions]
        return table([_("Question"), _("Asked by"), _("Votes"), _("Answer")], rows)
    rows = [[cell(q["text"]), cell(fmt.author(q["author"])), fmt.votes_text(q), cell(q.get("item") or _("General")),
             cell(q.get("next_step") or "—")] for q in questions]
    return table([_("Question"), _("Asked by"), _("Votes"), _("Agenda item"), _("Next step")], rows)


def _poll(poll: dict) -> list[str]:
    ballots = ngettext("%(num)d ballot", "%(num)d ballots", poll["ballots"])
    summary = poll.get("summary") or ""
    told = poll.get("suppressed") or not summary.startswith(ballots)  # else the summary tells the ballots
    facts = [fmt.kind_label(poll["kind"]), ballots if told else inline(summary)]
    facts += [_("confidential")] if poll.get("confidential") else []
    lines = [f"**{inline(poll['question'])}**", "", f"*{' · '.join(facts)}*", ""]
    if poll.get("suppressed"):
        return lines + [_("Results withheld: %(why)s", why=inline(summary)), ""]
    if poll.get("bars"):
        largest = max(bar["value"] for bar in poll["bars"])
        first = {"rating": _("Rating"), "ranking": _("Option (final order)"),
                 "text": pgettext("a word of the answers", "Word")}.get(poll["kind"], _("Option"))
        rows = [[cell(bar["label"]), f"`{text_bar(bar['value'], largest)}` {cell(bar['text'])}"
                 if bar["value"] > 0 else cell(bar["text"])] for bar in poll["bars"]]
        lines += table([first, _("Result")], rows) + [""]
    if summary and told:
        lines += [inline(summary), ""]
    if poll.get("answers"):
        lines += [_("Answers the room could see:"), ""] + [f"- {inline(answer)}" for answer in poll["answers"]] + [""]
    return lines


def _item(item: dict, title: str) -> list[str]:
    lines = [title, ""]
    facts = _item_facts(item)
    if facts:
        lines += [facts, ""]
    if item.get("description"):
        lines += [text(item["description"]), ""]
    if item.get("notes"):
        lines += ["### " + _("Notes"), "", text(item["notes"]), ""]
    if item.get("decisions"):
        lines += ["### " + _("Decisions"), ""]
        for number, decision in enumerate(item["decisions"], start=1):
            result = decision.get("vote_result")
            vote = " (" + _("vote: %(result)s", result=inline(result)) + ")" if result else ""
            lines.append(f"{number}. {inline(decision['text'])}{vote}")
        lines.append("")
    if item.get("actions"):
        rows = [[cell(a["what"]), cell(a.get("owner") or "—"), fmt.date_text(a["due_date"]) if a.get("due_date")
                 else "—"] for a in item["actions"]]
        lines += ["### " + _("Action items"), ""] + table([_("Action"), _("Owner"), _("Due")], rows) + [""]
    if item.get("answered"):
        lines += ["### " + _("Questions answered"), ""] + _questions(item["answered"], answered=True) + [""]
    if item.get("speakers"):
        rows = [[cell(s["label"]), cell(s.get("topic") or "—"), fmt.speaking_time(s.get("seconds"))]
                for s in item["speakers"]]
        lines += ["### " + _("Speakers"), ""] + table([_("Speaker"), _("Topic"), _("Time")], rows) + [""]
    if item.get("polls"):
        lines += ["### " + _("Polls"), ""]
        for poll in item["polls"]:
            lines += _poll(poll)
    return lines


def _unanswered(unanswered: dict) -> list[str]:
    if not unanswered.get("questions") and not unanswered.get("next_steps"):
        return []
    lines = ["## " + _("Unanswered questions"), ""]
    if unanswered.get("next_steps"):
        lines += [text(unanswered["next_steps"]), ""]
    if unanswered.get("questions"):
        lines += _questions(unanswered["questions"], answered=False) + [""]
    else:
        lines += [_("Every question was answered."), ""]
    return lines


def _moderation(moderation: dict) -> list[str]:
    counts = [(_("Asked"), "asked"), (_("Published"), "published"), (_("Pending"), "pending"),
              (_("Rejected"), "rejected"), (_("Hidden"), "hidden"), (_("Archived"), "archived"),
              (_("Merged into another question"), "merged"), (_("Edited by a moderator"), "edited")]
    lines = ["## " + _("Moderation"), ""]
    if moderation.get("summary"):
        lines += [cell(str(moderation["summary"])), ""]
    lines += table([_("Questions"), _("Count")], [[name, str(moderation.get(key, 0))]
                                                                  for name, key in counts]) + [""]
    if moderation.get("by_reason"):
        reasons = ", ".join(f"{fmt.reason_label(reason)} {count}" for reason, count in moderation["by_reason"].items())
        lines += [_("Rejected or hidden, by reason: %(reasons)s.", reasons=reasons), ""]
    if moderation.get("withheld"):
        rows = [[cell(w["text"]), fmt.question_status_label(w["status"]), fmt.reason_label(w.get("reason")) or "—"]
                for w in moderation["withheld"]]
        lines += ["### " + _("Text of rejected and hidden questions"), ""]
        lines += table([_("Question"), _("Status"), _("Reason")], rows)
        lines.append("")
    return lines


def _fairness(part: dict | None) -> list[str]:
    if not part:
        return []
    lines = [f"## {str(fairness.TITLE)}", "", cell(fairness.summary(part)), ""]
    for t in fairness.tables(part):
        lines += [f"### {t.caption}", ""] + table(t.headers, [[cell(c) for c in row] for row in t.rows]) + [""]
    return lines + [f"*{str(fairness.NOTE)}*", ""]


def _activity(activity: dict) -> list[str]:
    buckets = activity.get("buckets") or []
    if not buckets:
        return []
    step = activity.get("bucket_minutes") or 1
    span = fmt.span_text(buckets[0]["at"], buckets[-1]["at"])
    rows = []
    for name, key in ((_("Questions"), "questions"), (_("Votes"), "votes")):
        values = [b[key] for b in buckets]
        busiest = max(buckets, key=lambda b: b[key])
        peak = _("%(count)s at %(when)s", count=busiest[key], when=fmt.time_text(busiest["at"])) \
            if busiest[key] else "—"
        rows.append([name, f"`{sparkline(values)}`", str(sum(values)), peak])
    per = ngettext("Per minute, %(span)s.", "Per %(num)d minutes, %(span)s.", step, span=span)
    busiest_header = ngettext("Busiest minute", "Busiest %(num)d minutes", step)
    return ["## " + _("Activity"), "", per, ""] + table(["", _("Over time"), _("Total"), busiest_header], rows) + [""]


def _followup(section: dict | None) -> list[str]:
    """The "Follow-up" section (exports/followup_section.py); nothing for minutes made before it existed."""
    if section is None:
        return []
    tracker = section.get("tracker")
    link = f"<{tracker}>" if _safe_url(tracker) else inline(tracker)
    lines = [f"## {str(ft.TITLE)}", "", _("Public tracker: %(link)s", link=link), ""]
    if ft.is_empty(section):
        return lines + [str(ft.EMPTY), ""]
    if section.get("referred"):
        rows = []
        for entry in section["referred"]:
            note = ("<br>*" + _("Note:") + f"* {cell(entry['note'])}") if entry.get("note") else ""
            question = cell(entry["text"]) + note
            answer = cell(ft.answer(entry) or "—")
            if entry.get("feedback"):
                answer += f"<br>*{cell(ft.verdict(entry['feedback']))}*"
            rows.append([question, cell(fmt.author(entry["author"])), cell(entry["office"]), cell(ft.due(entry)),
                         cell(ft.state_label(entry["state"])), answer])
        headers = [_("Question"), _("Asked by"), _("Office"), _("Due"), _("Status"), _("Written answer")]
        lines += ["### " + _("Commitments"), ""] + table(headers, rows) + [""]
    if section.get("deferred"):
        rows = [[cell(q["text"]), cell(fmt.author(q["author"])), fmt.votes_text(q)] for q in section["deferred"]]
        lines += ["### " + _("Deferred"), ""] + table([_("Question"), _("Asked by"), _("Votes")], rows) + [""]
    if section.get("closed"):
        rows = [[cell(q["text"]), cell(fmt.author(q["author"])), cell(q.get("reason") or "—")]
                for q in section["closed"]]
        lines += ["### " + _("Closed without an answer"), ""]
        lines += table([_("Question"), _("Asked by"), _("Reason")], rows) + [""]
    if section.get("not_followed_up"):
        rows = [[cell(q["text"]), cell(fmt.author(q["author"])), fmt.votes_text(q)]
                for q in section["not_followed_up"]]
        lines += ["### " + _("Not followed up yet"), ""]
        lines += table([_("Question"), _("Asked by"), _("Votes")], rows) + [""]
    lines += ["### " + _("Response times"), ""]
    rows = ft.figure_rows(section.get("figures"))
    if not rows:
        return lines + [str(ft.NO_FIGURES), ""]
    cells = [[cell(value) for value in row] for row in rows]
    return lines + [str(ft.COUNTING), ""] + table(ft.figure_headers(), cells) + [""]


def render(doc: dict) -> str:
    lines = _header(doc)
    for number, item in enumerate(doc["items"], start=1):
        lines += _item(item, _item_heading(item, number))
    if doc.get("general"):
        lines += _item(doc["general"], "## " + _("General"))
    lines += _unanswered(doc.get("unanswered") or {})
    lines += _followup(doc.get("followup"))
    lines += _moderation(doc["moderation"])
    lines += _fairness(doc.get("fairness"))
    lines += _activity(doc.get("activity") or {})
    compiled = fmt.datetime_text(doc["generated_at"])
    compiled_by = _("Compiled by Townhall from the meeting's own record, %(when)s.", when=compiled)
    lines += ["---", "", f"*{compiled_by}*", ""]
    logo = (doc["event"].get("logo") or {}).get("data")
    if logo:  # the image's definition at the end: the top of the file stays readable as text
        lines = ["![Logo][logo]", "", *lines, f"[logo]: data:image/png;base64,{logo}", ""]
    return "\n".join(lines)
