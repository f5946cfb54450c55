"""The public account of moderation: counts by reason, never texts or identities.

One sentence, the same on the phone page and in every format of the minutes, e.g. "Moderation: 3 questions
rejected as off topic, 1 question hidden as offensive, 2 questions merged as duplicates, 1 phone banned."
"""
from flask_babel import gettext as _
from flask_babel import ngettext

NO_REASON = "none"


def tally(rows, banned: int) -> dict:
    """counts from (status, moderation reason, how many) rows of an event's questions: rejected and hidden
    by reason (a question hidden then archived keeps its reason: it counts as hidden), merged, banned."""
    counts: dict = {"rejected": {}, "hidden": {}, "merged": 0, "banned": banned}
    for status, reason, n in rows:
        if status == "merged":
            counts["merged"] += n
            continue
        action = "rejected" if status == "rejected" else "hidden" if status == "hidden" or (
            status == "archived" and reason) else None
        if action:
            key = reason or NO_REASON
            counts[action][key] = counts[action].get(key, 0) + n
    return counts


# One sentence per action and reason ("none": moderated without a reason), so each reads whole in every language.
REJECTED = {
    "off_topic": lambda n: ngettext("%(num)d question rejected as off topic",
                                    "%(num)d questions rejected as off topic", n),
    "duplicate": lambda n: ngettext("%(num)d question rejected as a duplicate",
                                    "%(num)d questions rejected as a duplicate", n),
    "offensive": lambda n: ngettext("%(num)d question rejected as offensive",
                                    "%(num)d questions rejected as offensive", n),
    "personal_data": lambda n: ngettext("%(num)d question rejected for personal data",
                                        "%(num)d questions rejected for personal data", n),
    "spam": lambda n: ngettext("%(num)d question rejected as spam", "%(num)d questions rejected as spam", n),
    "other": lambda n: ngettext("%(num)d question rejected for another reason",
                                "%(num)d questions rejected for another reason", n),
    "none": lambda n: ngettext("%(num)d question rejected without a reason given",
                               "%(num)d questions rejected without a reason given", n),
}
HIDDEN = {
    "off_topic": lambda n: ngettext("%(num)d question hidden as off topic", "%(num)d questions hidden as off topic", n),
    "duplicate": lambda n: ngettext("%(num)d question hidden as a duplicate",
                                    "%(num)d questions hidden as a duplicate", n),
    "offensive": lambda n: ngettext("%(num)d question hidden as offensive", "%(num)d questions hidden as offensive", n),
    "personal_data": lambda n: ngettext("%(num)d question hidden for personal data",
                                        "%(num)d questions hidden for personal data", n),
    "spam": lambda n: ngettext("%(num)d question hidden as spam", "%(num)d questions hidden as spam", n),
    "other": lambda n: ngettext("%(num)d question hidden for another reason",
                                "%(num)d questions hidden for another reason", n),
    "none": lambda n: ngettext("%(num)d question hidden without a reason given",
                               "%(num)d questions hidden without a reason given", n),
}


def parts(counts: dict) -> list[str]:
    """counts: {"rejected": {reason: n}, "hidden": {reason: n}, "merged": n, "banned": n}."""
    out = []
    for action, sentences in (("rejected", REJECTED), ("hidden", HIDDEN)):
        for reason, n in (counts.get(action) or {}).items():
            if n:
                out.append(sentences.get(reason, sentences["other"])(n))
    if counts.get("merged"):
        out.append(ngettext("%(num)d question merged as duplicates", "%(num)d questions merged as duplicates",
                            counts["merged"]))
    if counts.get("banned"):
        out.append(ngettext("%(num)d phone banned", "%(num)d phones banned", counts["banned"]))
    return out


def line(counts: dict) -> str:
    found = parts(counts)
    if not found:
        return _("Moderation: no question rejected, hidden or merged, no phone banned.")
    # TRANSLATORS: between the counts of the moderation line ("3 questions rejected as spam, 1 phone banned")
    return _("Moderation: %(counts)s.", counts=_(", ").join(found))
