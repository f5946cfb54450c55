"""docs/followup.md's table of a question's steps, written from the one state machine (models/ledger.py).

`python -m townhall.ledger_docs` rewrites the table in place; tests/test_followup_doc.py fails when the
document and TRANSITIONS differ."""
from pathlib import Path

from . import doc_tables
from .models.ledger import TRANSITIONS

DOC = Path(__file__).resolve().parents[1] / "docs" / "followup.md"
START = "<!-- question steps: written by `python -m townhall.ledger_docs` -->"
END = "<!-- end of question steps -->"

# Who takes each step (the services check it; this is what the document tells readers).
WHO = {
    "submit": "the asker, from a phone",
    "publish": "Townhall as it is asked, or a moderator (pre-moderated events)",
    "reject": "a moderator, with a public reason",
    "restore": "a moderator (back to where it stood before the rejection)",
    "answer_in_room": "a moderator",
    "defer": "a moderator",
    "refer": "the event's team: an office, a due date, a note",
    "transfer": "the office it is with, or the team (the clock keeps running)",
    "extend": "the office it is with, or the team: a new due date with a reason",
    "answer_in_writing": "the office it is with",
    "correct_answer": "the office it is with (the words replaced are kept in the step)",
    "feedback": "the asker, once: yes, partly or no",
    "reopen": "the event's team",
    "close": "the event's team, with a public reason",
    "merge": "a moderator (a duplicate folded into another question)",
}


def _states(states) -> str:
    return ", ".join(f"`{state}`" for state in sorted(states)) or "— (the first step)"


def table() -> str:
    lines = ["| step | from | to | who |", "|---|---|---|---|"]
    for kind, (allowed, to) in TRANSITIONS.items():
        if kind == "restore":
            target = "the state before the rejection"
        else:
            target = f"`{to}`" if to else "stays"
        lines.append(f"| `{kind}` | {_states(allowed)} | {target} | {WHO[kind]} |")
    return "\n".join(lines)


def section(text: str) -> str:
    """The part of the document the table goes in."""
    return doc_tables.section(text, START, END)


def rewrite(path: Path = DOC) -> None:
    doc_tables.rewrite(path, START, END, table())


if __name__ == "__main__":
    rewrite()
