"""The public account of moderation: counts by reason, never texts or identities.

One sentence, the same on the phone page and in every format of the minutes, e.g. "Moderation: 3 questions
rejected as off topic, 1 question hidden as offensive, 2 questions merged as duplicates, 1 phone banned."
"""
# how each reason reads after "rejected" / "hidden"; "none": moderated without a reason
PHRASES = {"off_topic": "as off topic", "duplicate": "as a duplicate", "offensive": "as offensive",
           "personal_data": "for personal data", "spam": "as spam", "other": "for another reason",
           "none": "without a reason given"}
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


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def parts(counts: dict) -> list[str]:
    """counts: {"rejected": {reason: n}, "hidden": {reason: n}, "merged": n, "banned": n}."""
    out = []
    for action in ("rejected", "hidden"):
        for reason, n in (counts.get(action) or {}).items():
            if n:
                out.append(f"{_n(n, 'question', 'questions')} {action} {PHRASES.get(reason, 'for another reason')}")
    if counts.get("merged"):
        out.append(f"{_n(counts['merged'], 'question', 'questions')} merged as duplicates")
    if counts.get("banned"):
        out.append(f"{_n(counts['banned'], 'phone', 'phones')} banned")
    return out


def line(counts: dict) -> str:
    found = parts(counts)
    if not found:
        return "Moderation: no question rejected, hidden or merged, no phone banned."
    return "Moderation: " + ", ".join(found) + "."
