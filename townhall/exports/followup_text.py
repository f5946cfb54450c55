"""How every minutes format words the "Follow-up" section (exports/followup_section.py builds it).

Plain text only: each renderer escapes or styles it. The HTML partial templates/minutes/_followup.html
calls these through the template global minutes_followup, so all formats say the same.
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from . import fmt

TITLE = _l("Follow-up")
STATES = {"submitted": _l("Waiting for review"), "published": _l("Open"), "rejected": _l("Rejected"),
          "answered_in_room": _l("Answered in the room"), "deferred": _l("Deferred"),
          "referred": _l("Waiting for a written answer"),
          "answered_in_writing": _l("Answered in writing"), "reopened": _l("Reopened"), "closed": _l("Closed")}
VERDICTS = {"yes": _l("Yes"), "partly": _l("Partly"), "no": _l("No")}
VERDICT_LINES = {"yes": _l("The asker: answered"), "partly": _l("The asker: partly answered"),
                 "no": _l("The asker: not answered")}
COUNTING = _l("Times run from the referral to the first written answer. A question still waiting counts with the "
              "time it has waited so far (never as zero, never left out), so a figure it has not reached yet reads "
              "\"more than N days\". On time: answered by the date first promised. Overdue now: waiting past the "
              "date in force.")
EMPTY = _l("No question was referred to an office, deferred or closed, and none is waiting for a follow-up.")
NO_FIGURES = _l("No question has been referred to an office yet: there are no response times to show.")
_FIGURE_HEADERS = (_l("Office"), _l("Referred"), _l("Median to answer"), _l("90th percentile"), _l("On time"),
                   _l("Overdue now"), _l("Did this answer it?"))
# The same columns where a page is narrow (PDF): one line each.
_SHORT_HEADERS = (_l("Office"), _l("Referred"), _l("Median"), _l("90th pct."), _l("On time"), _l("Overdue"),
                  _l("Did it answer?"))
OVERALL = _l("All offices")


def figure_headers() -> list[str]:
    return [str(header) for header in _FIGURE_HEADERS]


def short_headers() -> list[str]:
    return [str(header) for header in _SHORT_HEADERS]


def state_label(state: str | None) -> str:
    return str(STATES.get(state or "", state or ""))


def verdict(value: str | None) -> str:
    """The asker's verdict on the written answer: "The asker: partly answered", or ""."""
    return str(VERDICT_LINES[value]) if value in VERDICT_LINES else ""


def days(percentile: dict | None) -> str:
    """{"days": 4.5} -> "4.5 days"; {"days": None, "more_than_days": 40.0} -> "more than 40 days"; "—"."""
    percentile = percentile or {}
    value, more = percentile.get("days"), percentile.get("more_than_days")
    if value is not None:
        return _days(value)
    return _("more than %(days)s", days=_days(more)) if more is not None else "—"


def _days(value) -> str:
    number = f"{float(value):.1f}".removesuffix(".0")
    return _("%(number)s day", number=number) if number == "1" else _("%(number)s days", number=number)


def share(part: dict | None, of: str) -> str:
    """{"share": 0.667, "count": 2, "judged": 3} -> "67% (2 of 3)"; "—" when nothing can be judged."""
    part = part or {}
    if part.get("share") is None:
        return "—"
    return _("%(share)s%% (%(count)s of %(whole)s)", share=round(part["share"] * 100), count=part.get("count", 0),
             whole=part.get(of, 0))


def verdicts(feedback: dict | None) -> str:
    """"Yes 50% · Partly 50% · No 0% (2 given)"; "—" when no asker gave one."""
    feedback = feedback or {}
    if not feedback.get("given"):
        return "—"
    shares = " · ".join(f"{label} {round(((feedback.get(key) or {}).get('share') or 0) * 100)}%"
                        for key, label in VERDICTS.items())
    return _("%(shares)s (%(count)s given)", shares=shares, count=feedback["given"])


def figure_row(name: str, figures: dict) -> list[str]:
    """One row of the figures table, as figure_headers() name the columns."""
    answered = _("%(count)s (%(answered)s answered)", count=figures.get("count", 0),
                 answered=figures.get("answered", 0))
    return [name, answered, days(figures.get("median")), days(figures.get("p90")),
            share(figures.get("on_time"), "judged"), share(figures.get("overdue"), "waiting"),
            verdicts(figures.get("feedback"))]


def figure_rows(figures: dict | None) -> list[list[str]]:
    """Each office, then all of them; [] when nothing was referred."""
    figures = figures or {}
    overall = figures.get("overall") or {}
    if not overall.get("count"):
        return []
    rows = [figure_row(office.get("office") or "", office) for office in figures.get("offices") or []]
    return rows + [figure_row(str(OVERALL), overall)]


def due(entry: dict) -> str:
    """"10 Dec 2026" or "24 Dec 2026 (first promised 10 Dec 2026)", with ", overdue" when it is."""
    text = fmt.date_text(entry.get("due_on"))
    if entry.get("first_due_on") and entry.get("first_due_on") != entry.get("due_on"):
        text = _("%(due)s (first promised %(first)s)", due=text, first=fmt.date_text(entry["first_due_on"]))
    return _("%(due)s, overdue", due=text) if entry.get("overdue") else text


def answer(entry: dict) -> str:
    """The written answer as the tables print it (with when), or "" if none yet."""
    if not entry.get("answer_text"):
        return ""
    when = fmt.date_text(entry.get("answered_at"))
    return _("%(answer)s (answered %(when)s)", answer=entry["answer_text"], when=when) if when \
        else entry["answer_text"]


def is_empty(section: dict) -> bool:
    return not any(section.get(key) for key in ("referred", "deferred", "closed", "not_followed_up"))


def tracker_line(section: dict) -> str:
    return _("Public tracker: %(link)s", link=section.get("tracker") or "")
