"""What each command accepts: one strict input model per command, shared by the HTTP view and
the socket handler, and the source of the API document's request schemas.

A model checks the shape of a payload (which fields, of which JSON type); the services keep the
rules of the domain (the item belongs to the event, the transition is allowed, the text is not
too long) and their error codes. `parse(Model, payload)` turns a payload that does not fit into
the same `InvalidInput` everywhere: 400 over HTTP, an error ack over the socket, with the field's
path and a sentence saying what was expected.
"""
from typing import Annotated, Any, TypeVar, get_args

from flask_babel import LazyString, gettext
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.fields import FieldInfo

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
    """The model's JSON Schema, its nested models referred to among the document's components
    (nested_schemas gives them)."""
    schema = _schema(model)
    schema.pop("$defs", None)
    return schema


def nested_schemas(model: type[Command]) -> dict[str, dict]:
    """The JSON Schemas of the models nested in `model`, by name (e.g. the archive's sections)."""
    return _schema(model).get("$defs", {})


def _schema(model: type[Command]) -> dict:
    return model.model_json_schema(ref_template="#/components/schemas/{model}")


def parse(model: type[M], payload: Any) -> M:
    """The payload as `model`, or InvalidInput naming the first field that does not fit."""
    if payload is None:
        payload = {}
    if not isinstance(payload, dict):
        raise InvalidInput(_l("The request body must be a JSON object."), code="invalid_json")
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        unknown = [e for e in errors if e["type"] == "extra_forbidden"]
        raise _invalid(model, (unknown or errors)[0]) from None


def where(loc) -> str:
    """An error's location as a path: ("questions", 3, "status") is questions[3].status."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path


def _invalid(model: type[Command], error: dict) -> InvalidInput:
    path = where(error["loc"])
    if error["type"] == "extra_forbidden":
        return InvalidInput(_l("Unknown field: %(path)s.", path=path), field=path)
    info = _field_at(model, error["loc"])
    extra = getattr(info.json_schema_extra, "errors", {}) if info is not None else {}
    message = LazyString(_worded, extra["x-error-message"], error.get("input"), path) if "x-error-message" in extra \
        else f"{path}: {_sentence(error)}"
    return InvalidInput(message, code=extra.get("x-error-code"), field=path or None)


def _worded(template: str, value: Any, name: str) -> str:
    """A field's own message in the answer's language: the English template is the msgid
    (scripts/translations.py extracts every model's messages), "{name}" and "{value!r}" filled after."""
    return gettext(template).format(value=value, name=name)


def error_messages() -> dict[str, str]:
    """Every field's own error message (the English template) -> the module of a model using it."""
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    found: dict[str, str] = {}
    models: list[type[BaseModel]] = [Command]
    while models:
        model = models.pop()
        models.extend(model.__subclasses__())
        if not model.__module__.startswith(__name__):
            continue  # e.g. a test's own model
        for info in model.model_fields.values():
            message = getattr(info.json_schema_extra, "errors", {}).get("x-error-message")
            if message:
                found.setdefault(message, model.__module__)
    return found


def _field_at(model: type[BaseModel] | None, loc) -> FieldInfo | None:
    """The field an error is about: the last one named on its way through nested models (a list's
    entry or a dict's key is about the list's or the dict's field)."""
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            break
        info = model.model_fields[part]
        model = _model_in(info.annotation)
    return info


def _model_in(annotation) -> type[BaseModel] | None:
    """The model a field's type holds (Part, list[Part], Part | None), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((found for arg in get_args(annotation) if (found := _model_in(arg))), None)


def _sentence(error: dict) -> str:
    """pydantic's message as one sentence about the value the sender gave."""
    if error["type"] == "model_type":  # pydantic's wording names the model's class
        return "must be an object."
    if error["type"] == "too_long":  # a list
        return "has {actual_length} entries; at most {max_length} are allowed.".format(**error["ctx"])
    text = error["msg"]
    return (text[0].lower() + text[1:]).rstrip(".") + "."
