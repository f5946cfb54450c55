"""How every minutes format words the "Follow-up" section (exports/followup_section.py builds it).

Plain text only: each renderer escapes or styles it. The HTML partial templates/minutes/_followup.html
calls these through the template global minutes_followup, so all formats say the same.
"""
from . import fmt

TITLE = "Follow-up"
STATES = {"submitted": "Waiting for review", "published": "Open", "rejected": "Rejected",
          "answered_in_room": "Answered in the room", "deferred": "Deferred",
          "referred": "Waiting for a written answer",
          "answered_in_writing": "Answered in writing", "reopened": "Reopened", "closed": "Closed"}
VERDICTS = {"yes": "Yes", "partly": "Partly", "no": "No"}
COUNTING = ("Times run from the referral to the first written answer. A question still waiting counts with the "
            "time it has waited so far (never as zero, never left out), so a figure it has not reached yet reads "
            "\"more than N days\". On time: answered by the date first promised. Overdue now: waiting past the "
            "date in force.")
EMPTY = "No question was referred to an office, deferred or closed, and none is waiting for a follow-up."
NO_FIGURES = "No question has been referred to an office yet: there are no response times to show."
FIGURE_HEADERS = ["Office", "Referred", "Median to answer", "90th percentile", "On time", "Overdue now",
                  "Did this answer it?"]
# The same columns where a page is narrow (PDF): one line each.
SHORT_HEADERS = ["Office", "Referred", "Median", "90th pct.", "On time", "Overdue", "Did it answer?"]
OVERALL = "All offices"


def state_label(state: str | None) -> str:
    return STATES.get(state or "", state or "")


def verdict(value: str | None) -> str:
    """The asker's verdict on the written answer: "The asker: partly answered", or ""."""
    return f"The asker: {'answered' if value == 'yes' else VERDICTS[value].lower() + ' answered'}" \
        if value in VERDICTS else ""


def days(percentile: dict | None) -> str:
    """{"days": 4.5} -> "4.5 days"; {"days": None, "more_than_days": 40.0} -> "more than 40 days"; "—"."""
    percentile = percentile or {}
    value, more = percentile.get("days"), percentile.get("more_than_days")
    if value is not None:
        return _days(value)
    return f"more than {_days(more)}" if more is not None else "—"


def _days(value) -> str:
    number = f"{float(value):.1f}".removesuffix(".0")
    return f"{number} day" if number == "1" else f"{number} days"


def share(part: dict | None, of: str) -> str:
    """{"share": 0.667, "count": 2, "judged": 3} -> "67% (2 of 3)"; "—" when nothing can be judged."""
    part = part or {}
    if part.get("share") is None:
        return "—"
    return f"{round(part['share'] * 100)}% ({part.get('count', 0)} of {part.get(of, 0)})"


def verdicts(feedback: dict | None) -> str:
    """"Yes 50% · Partly 50% · No 0% (2 given)"; "—" when no asker gave one."""
    feedback = feedback or {}
    if not feedback.get("given"):
        return "—"
    shares = " · ".join(f"{label} {round(((feedback.get(key) or {}).get('share') or 0) * 100)}%"
                        for key, label in VERDICTS.items())
    return f"{shares} ({feedback['given']} given)"


def figure_row(name: str, figures: dict) -> list[str]:
    """One row of the figures table, as FIGURE_HEADERS name the columns."""
    answered = f"{figures.get('count', 0)} ({figures.get('answered', 0)} answered)"
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
    return rows + [figure_row(OVERALL, overall)]


def due(entry: dict) -> str:
    """"10 Dec 2026" or "24 Dec 2026 (first promised 10 Dec 2026)", with ", overdue" when it is."""
    text = fmt.date_text(entry.get("due_on"))
    if entry.get("first_due_on") and entry.get("first_due_on") != entry.get("due_on"):
        text += f" (first promised {fmt.date_text(entry['first_due_on'])})"
    return text + (", overdue" if entry.get("overdue") else "")


def answer(entry: dict) -> str:
    """The written answer as the tables print it (with when), or "" if none yet."""
    if not entry.get("answer_text"):
        return ""
    when = fmt.date_text(entry.get("answered_at"))
    return f"{entry['answer_text']}" + (f" (answered {when})" if when else "")


def is_empty(section: dict) -> bool:
    return not any(section.get(key) for key in ("referred", "deferred", "closed", "not_followed_up"))


def tracker_line(section: dict) -> str:
    return f"Public tracker: {section.get('tracker') or ''}"
