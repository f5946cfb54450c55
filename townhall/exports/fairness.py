"""The minutes' "Fairness of the queue" section: the document's part (from services/fairness.figures_of,
which the record carries) and the tables the printed renderers (Markdown, PDF, DOCX) print from it; the HTML
partial (templates/minutes/_document.html) prints the same cells.

The part: {"summary", "skips", "on_floor", "skipped": [{"at", "chosen", "chosen_votes", "passed_over",
"passed_over_votes", "passed_over_count", "reason"}], "askers": {"named" | "anonymous" | "first_time" |
"repeat": {"questions", "answered"}}, "items": [{"title", "questions", "answered_in_room"}]}; question texts
only, no ids, no author tags. Minutes made before the section existed have no "fairness" key: no section.
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from . import fmt

TITLE = _l("Fairness of the queue")
NO_REASON = _l("no reason given")
ASKERS = (("named", _l("Named askers")), ("anonymous", _l("Anonymous askers")),
          ("first_time", _l("First-time askers")), ("repeat", _l("Repeat askers")))
PUBLIC = ("published", "archived")
WITHHELD = _l("(a question hidden since)")
NOTE = _l("Answered: in the room or in writing. A first-time question is its asker's first in the event (one "
          "phone is one asker); the later ones are repeat questions.")


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative
    numeric: tuple[int, ...] = ()


def part(figures: dict | None) -> dict | None:
    """The document's part from the figures (services/fairness.py); None: no section."""
    if figures is None:
        return None
    skips = figures["skips"]

    def text(ref) -> str | None:
        """The question's text while the room may read it (published or archived); None: hidden since."""
        return ref["text"] if ref and ref.get("status") in PUBLIC else None

    shaped = {
        "skips": skips["count"], "on_floor": skips["on_floor"],
        "skipped": [{"at": s["at"], "chosen": text(s["chosen"]), "chosen_votes": s["chosen_votes"],
                     "passed_over": text(s["passed_over"]), "passed_over_votes": s["passed_over_votes"],
                     "passed_over_count": s["passed_over_count"], "reason": s["reason"]} for s in skips["items"]],
        "askers": {key: {"questions": v["questions"], "answered": v["answered"]}
                   for key, v in figures["askers"].items()},
        "items": [{"title": i["title"], "questions": i["questions"], "answered_in_room": i["answered_in_room"]}
                  for i in figures["items"]],
    }
    return {"summary": summary(shaped), **shaped}


def summary(part_: dict) -> str:
    """The section's first sentence, worded from the part's counts (in the language of the minutes being
    rendered); a part without them (made elsewhere) keeps the sentence it carries."""
    if "on_floor" not in part_ and part_.get("summary"):
        return str(part_["summary"])
    skips, on_floor = int(part_.get("skips") or 0), int(part_.get("on_floor") or 0)
    if not on_floor:
        return _("No question was put on the floor.")
    if not skips:
        return ngettext("%(num)d question put on the floor; none went before a higher-voted question that was "
                        "waiting.", "%(num)d questions put on the floor; none went before a higher-voted question "
                        "that was waiting.", on_floor)
    if on_floor == 1:
        return ngettext("A higher-voted question that was waiting was passed over %(num)d time, out of 1 question "
                        "put on the floor.", "A higher-voted question that was waiting was passed over %(num)d "
                        "times, out of 1 question put on the floor.", skips)
    return ngettext("A higher-voted question that was waiting was passed over %(num)d time, out of %(on_floor)s "
                    "questions put on the floor.", "A higher-voted question that was waiting was passed over "
                    "%(num)d times, out of %(on_floor)s questions put on the floor.", skips, on_floor=on_floor)


def answered_text(answered: int, questions: int) -> str:
    """"2 of 3 (67%)"; "—" without questions."""
    if not questions:
        return "—"
    return _("%(answered)s of %(questions)s (%(share)s%%)", answered=answered, questions=questions,
             share=round(100 * answered / questions))


def reason_text(reason: str | None) -> str:
    return reason or str(NO_REASON)


def question_text(text: str | None, votes, count=1) -> str:
    """"Text (3 votes)", "Text (3 votes), and 2 more" (count: the questions passed over at once), or the
    placeholder of a question hidden since in place of the text."""
    text, votes, more = text or str(WITHHELD), int(votes or 0), int(count or 0) - 1
    if more > 0:
        return ngettext("%(text)s (%(num)d vote), and %(more)s more", "%(text)s (%(num)d votes), and %(more)s more",
                        votes, text=text, more=more)
    return ngettext("%(text)s (%(num)d vote)", "%(text)s (%(num)d votes)", votes, text=text)


def tables(part_: dict) -> list[Table]:
    out = []
    skipped = part_.get("skipped") or []
    if skipped:
        out.append(Table(_("Questions put on the floor before a higher-voted one"), [
            _("When"), _("Put on the floor"), _("Passed over"), _("Reason")],
            [[fmt.time_text(s.get("at")) if s.get("at") else "",
              question_text(s.get("chosen"), s.get("chosen_votes")),
              question_text(s.get("passed_over"), s.get("passed_over_votes"), s.get("passed_over_count")),
              reason_text(s.get("reason"))] for s in skipped],
            [1.7, 4.3, 4.3, 2.9]))
    askers = part_.get("askers") or {}
    out.append(Table(_("Questions answered, by asker"), [_("Askers"), _("Published questions"), _("Answered")],
                     [[str(label), str(int((askers.get(key) or {}).get("questions") or 0)),
                       answered_text(int((askers.get(key) or {}).get("answered") or 0),
                                     int((askers.get(key) or {}).get("questions") or 0))]
                      for key, label in ASKERS], [5.0, 3.0, 3.5], numeric=(1, 2)))
    out.append(Table(_("Answers per agenda item"),
                     [_("Agenda item"), _("Published questions"), _("Answered in the room")],
                     [[str(i.get("title") or ""), str(int(i.get("questions") or 0)),
                       str(int(i.get("answered_in_room") or 0))] for i in part_.get("items") or []],
                     [7.0, 3.0, 3.5], numeric=(1, 2)))
    return out
