"""A poll as the minutes show it: a one-line summary and the bars every renderer draws.

A poll is the record's (exports/record.py), its results read by the services through
services.poll_results.results(poll, moderator=False) only: a confidential poll below its
k threshold has no numbers here either, and text answers are those the room could see
(none hidden by the moderator). Nothing that identifies a ballot (its id, voter tag or
attendee) reaches the document.
"""
from flask_babel import gettext as _
from flask_babel import ngettext

from .times import iso

TEXT_WORDS = 10


def _ballots(n: int) -> str:
    return ngettext("%(num)d ballot", "%(num)d ballots", n)


def _share(count: int, total: int) -> str:
    return f"{round(100 * count / total)}%" if total else "0%"


def option_labels(poll) -> list[str]:
    """The options as the minutes name them: a yes/no poll's three in the minutes' language (the poll keeps
    them as "Yes", "No", "Abstain")."""
    if poll.kind == "yesno":
        return [_("Yes"), _("No"), _("Abstain")]
    return list(poll.options)


def _option_bars(poll, result: dict) -> list[dict]:
    total = poll.ballot_count
    return [{"label": label, "value": count, "text": f"{count} ({_share(count, total)})"}
            for label, count in zip(option_labels(poll), result["counts"])]


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _rating(poll, result: dict) -> tuple[str, list[dict]]:
    low, high = poll.labels or ("", "")
    bars = []
    for value, count in result["distribution"].items():
        label = value
        if low and int(value) == poll.scale_min:
            label = f"{value} ({low})"
        elif high and int(value) == poll.scale_max:
            label = f"{value} ({high})"
        bars.append({"label": label, "value": count, "text": str(count)})
    average = result["average"]
    summary = _("No ballots") if average is None else _("Average %(average)s of %(top)s", average=_number(average),
                                                         top=poll.scale_max)
    return summary, bars


def _ranking(poll, result: dict) -> tuple[str, list[dict]]:
    n = len(poll.options)
    bars = []
    for option in result["order"]:
        average = result["average_rank"][option]
        points = 0 if average is None else round(n - average + 1, 2)
        text = _("not ranked") if average is None else _("average rank %(rank)s", rank=_number(average))
        bars.append({"label": poll.options[option], "value": points, "text": text})
    summary = _("%(ballots)s; best average rank first", ballots=_ballots(poll.ballot_count))
    return summary, bars


def _text(poll, result: dict) -> tuple[str, list[dict], list[str]]:
    answers = [a["text"] for a in reversed(result["answers"])]  # oldest first
    bars = [{"label": word, "value": count, "text": str(count)} for word, count in result["words"][:TEXT_WORDS]]
    shown = len(answers)
    summary = ngettext("%(num)d answer", "%(num)d answers", shown)
    if poll.ballot_count > shown:
        summary = _("%(answers)s (%(count)s not shown)", answers=summary, count=poll.ballot_count - shown)
    return summary, bars, answers


def poll(poll) -> dict:
    """The contract's POLL for one poll of the record (not a draft)."""
    body = {
        "id": poll.id, "question": poll.question, "kind": poll.kind, "confidential": poll.confidential,
        "ballots": poll.ballot_count, "status": poll.status,
        "opened_at": iso(poll.opened_at), "closed_at": iso(poll.closed_at),
        "suppressed": False, "summary": "", "bars": [], "answers": None,
    }
    result = poll.result
    if result.get("suppressed"):
        body.update(suppressed=True,
                    summary=_("%(ballots)s: too few to show results of a confidential poll",
                              ballots=_ballots(poll.ballot_count)))
    elif poll.kind == "text":
        body["summary"], body["bars"], body["answers"] = _text(poll, result)
    elif poll.kind == "rating":
        body["summary"], body["bars"] = _rating(poll, result)
    elif poll.kind == "ranking":
        body["summary"], body["bars"] = _ranking(poll, result)
    else:
        body["summary"], body["bars"] = _ballots(poll.ballot_count), _option_bars(poll, result)
        if poll.kind == "multiple" and poll.max_choices and poll.max_choices < len(poll.options):
            body["summary"] = _("%(ballots)s, up to %(count)s choices each", ballots=body["summary"],
                                count=poll.max_choices)
    among = getattr(poll, "among", None)
    if among is not None and not body["suppressed"]:
        body["among"] = among
        body["summary"] = " · ".join([body["summary"], *among_lines(poll, among)])
    return body


GROUP_LABELS = (
    ("in_room", lambda n: ngettext("among %(num)d in-room phone", "among %(num)d in-room phones", n)),
    ("verified", lambda n: ngettext("among %(num)d verified phone", "among %(num)d verified phones", n)),
)


def among_lines(poll, among: dict) -> list[str]:
    """ "among 40 in-room phones: Yes 55%" per group (services/vote_trust.py), for the summary; a group
    of no ballots says so, one below a confidential poll's threshold gives its count only."""
    lines = []
    for group, label in GROUP_LABELS:
        entry = among.get(group) or {}
        n = entry.get("ballots", 0)
        text = label(n)
        result = entry.get("results") or {}
        if n and "counts" in result and poll.options:
            counts = result["counts"]
            best = max(range(len(counts)), key=lambda i: (counts[i], -i))
            text += f": {option_labels(poll)[best]} {_share(counts[best], n)}"
        elif n and result.get("average") is not None:
            text += ": " + _("average %(average)s of %(top)s", average=_number(result["average"]), top=poll.scale_max)
        lines.append(text)
    return lines
