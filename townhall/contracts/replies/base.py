"""What every reply model shares: the base class and the field helper."""
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

When = datetime | None


def note(text: str, default: Any = ...) -> Any:
    """A field's description; default None marks a field sent only in some views (not documented as a value)."""
    return Field(default, description=text, json_schema_extra=_not_sent if default is None else None)


def _not_sent(schema: dict) -> None:
    schema.pop("default", None)


class Reply(BaseModel):
    """A thing the server sends. Every field listed is always sent, unless it has a default
    (then only in the views its description names)."""

    model_config = ConfigDict(extra="forbid")
