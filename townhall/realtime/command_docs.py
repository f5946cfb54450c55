"""docs/realtime.md's list of socket commands, written from the commands' own models.

`python -m townhall.realtime.command_docs` rewrites the list in place; tests/test_contracts.py
fails when the document and the models differ.
"""
from pathlib import Path

from .. import doc_tables
from ..contracts import json_schema

DOC = Path(__file__).resolve().parents[2] / "docs" / "realtime.md"
START = "<!-- socket commands: written by `python -m townhall.realtime.command_docs` -->"
END = "<!-- end of socket commands -->"


def _kind(schema: dict) -> str:
    """A field's JSON type in a few words."""
    if "anyOf" in schema:
        kinds = [_kind(s) for s in schema["anyOf"] if s.get("type") != "null"]
        return " or ".join(kinds) + (" or null" if len(kinds) < len(schema["anyOf"]) else "")
    if "enum" in schema:
        return " \\| ".join(f"`{value}`" for value in schema["enum"])
    if schema.get("type") == "array":
        return "list"
    return schema.get("type", "any JSON")


def table() -> str:
    from . import (  # noqa: F401 (they register)
        commands_agenda,
        commands_followups,
        commands_moderation,
        commands_polls,
        commands_records,
        commands_speakers,
    )
    from .handlers import COMMANDS

    lines = ["| command | payload fields |", "|---|---|"]
    for name, model in COMMANDS.items():
        properties = json_schema(model).get("properties", {})
        fields = "; ".join(f"`{field}` ({_kind(schema)})" for field, schema in properties.items())
        lines.append(f"| `{name}` | {fields or 'none'} |")
    return "\n".join(lines)


def section(text: str) -> str:
    """The part of the document the table goes in."""
    return doc_tables.section(text, START, END)


def rewrite(path: Path = DOC) -> None:
    doc_tables.rewrite(path, START, END, table())


if __name__ == "__main__":
    rewrite()
