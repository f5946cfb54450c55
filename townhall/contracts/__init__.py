"""What each command accepts: one strict input model per command, shared by the HTTP view and
the socket handler, and the source of the API document's request schemas.

A model checks the shape of a payload (which fields, of which JSON type); the services keep the
rules of the domain (the item belongs to the event, the transition is allowed, the text is not
too long) and their error codes. `parse(Model, payload)` turns a payload that does not fit into
the same `InvalidInput` everywhere: 400 over HTTP, an error ack over the socket, with the field's
path and a sentence saying what was expected.
"""
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InvalidInput
from ..services.ids import MAX_ID

Id = Annotated[int, Field(ge=-MAX_ID - 1, le=MAX_ID, description="A row's id (names no row if none has it).")]

M = TypeVar("M", bound="Command")


class Command(BaseModel):
    """A command's payload. Unknown fields are refused; JSON types are not converted (strict):
    "5" is not a number and 1 is not true."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    def given(self) -> dict[str, Any]:
        """The fields the sender wrote, with their values: "left out" and "null" can mean
        different things (an agenda item left out is the current one; null is none)."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class Nothing(Command):
    """A command that takes no payload (an empty object, or none)."""


def field(default: Any = ..., *, code: str | None = None, message: str | None = None, **options) -> Any:
    """A model field whose wrong value is answered with the domain's own error `code` and
    `message` (kept from before the models; "{value!r}" in it is the value sent, "{name}" the
    field's name), instead of the generic invalid_input and pydantic's wording. Both show in the
    field's JSON Schema as x-error-code and x-error-message."""
    extra = {k: v for k, v in (("x-error-code", code), ("x-error-message", message)) if v}

    def document(schema: dict) -> None:
        schema.update(extra)
        if schema.get("default", 0) is None:  # None marks "not sent", not a value to document
            del schema["default"]

    document.errors = extra  # what parse() answers with
    return Field(default, json_schema_extra=document, **options)


def accepts(model: type[Command]):
    """Marks a view as taking `model` as its JSON body: the API document describes that body with
    the model's own JSON Schema (tests/test_contracts.py checks the two agree)."""

    def mark(view):
        view.accepts = model
        return view

    return mark


def json_schema(model: type[Command]) -> dict:
    """The model's JSON Schema, its nested models referred to among the document's components."""
    return model.model_json_schema(ref_template="#/components/schemas/{model}")


def parse(model: type[M], payload: Any) -> M:
    """The payload as `model`, or InvalidInput naming the first field that does not fit."""
    if payload is None:
        payload = {}
    if not isinstance(payload, dict):
        raise InvalidInput("The request body must be a JSON object.", code="invalid_json")
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        unknown = [e for e in errors if e["type"] == "extra_forbidden"]
        raise _invalid(model, (unknown or errors)[0]) from None


def _invalid(model: type[Command], error: dict) -> InvalidInput:
    path = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        return InvalidInput(f"Unknown field: {path}.", field=path)
    top = model.model_fields.get(str(error["loc"][0])) if error["loc"] else None
    extra = getattr(top.json_schema_extra, "errors", {}) if top is not None else {}
    message = extra["x-error-message"].format(value=error.get("input"), name=path) if "x-error-message" in extra \
        else f"{path}: {_sentence(error)}"
    return InvalidInput(message, code=extra.get("x-error-code"), field=path or None)


def _sentence(error: dict) -> str:
    """pydantic's message as one sentence about the value the sender gave."""
    text = error["msg"]
    return (text[0].lower() + text[1:]).rstrip(".") + "."
