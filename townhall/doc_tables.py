"""Tables written into the docs from the code (the socket commands, the question's steps): the part of a
document between two markers, read for the tests and rewritten by `python -m ...`."""
from pathlib import Path


def section(text: str, start: str, end: str) -> str:
    """The part of the document between the markers (where the table goes)."""
    return text[text.index(start) + len(start):text.index(end)]


def rewrite(path: Path, start: str, end: str, table: str) -> None:
    text = path.read_text()
    begin, stop = text.index(start) + len(start), text.index(end)
    path.write_text(f"{text[:begin]}\n{table}\n{text[stop:]}")
