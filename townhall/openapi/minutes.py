"""OpenAPI paths and schemas for the minutes API and its downloads (merged by openapi/__init__.py)."""
from ..contracts.minutes import (
    ITEM_NOTES_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NEXT_STEPS_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    Finalize,
    MinutesDraftInput,
    Publish,
)
from ..models import MINUTES_STATUSES
from .build import CODE, ERROR, contract, obj, op, ref

TAG = "minutes"
# the download formats (views/api_minutes.py FORMATS) and their content types
CONTENT_TYPES = {"pdf": "application/pdf",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "md": "text/markdown", "html": "text/html"}
TIME = {"type": ["string", "null"], "format": "date-time"}
_FIELDS = {
    "summary": {"type": "string", "maxLength": SUMMARY_MAX_LENGTH},
    "item_notes": {"type": "object", "additionalProperties": {"type": "string", "maxLength": ITEM_NOTES_MAX_LENGTH},
                   "description": "Notes for the minutes by agenda item id; an item left out uses its live notes"},
    "chair": {"type": "string", "maxLength": NAME_MAX_LENGTH},
    "note_taker": {"type": "string", "maxLength": NAME_MAX_LENGTH},
    "next_steps": {"type": "string", "maxLength": NEXT_STEPS_MAX_LENGTH,
                   "description": "Said of every unanswered question without a next step of its own"},
    "include_hidden_text": {"type": "boolean", "description": "Show the text of hidden and rejected questions"},
}

SCHEMAS = {
    "MinutesVersion": obj(version={"type": "integer"}, status={"enum": list(MINUTES_STATUSES)},
                          revision={"type": "integer"}, finalized_at=TIME, published_at=TIME, updated_at=TIME),
    "MinutesDraft": obj(
        exists={"type": "boolean", "description": "false: no draft yet; these are the fields it would start with"},
        version={"type": "integer"},
        revision={"type": "integer", "description": "Send as base_revision with the next save (0: no draft yet)"},
        updated_at=TIME, **_FIELDS),
    "MinutesState": obj(
        versions={"type": "array", "items": ref("MinutesVersion")},
        draft=ref("MinutesDraft"),
        items={"type": "array", "items": obj(id={"type": "integer"}, position={"type": "integer"},
                                             title={"type": "string"}, live_notes={"type": "string"})},
        published={"type": ["object", "null"], "description": "{version, published_at, url} or null"},
        defaults={**obj(chair={"type": "string"}, note_taker={"type": "string"}, next_steps={"type": "string"}),
                  "description": "What the document says where the draft leaves these empty"},
        limits={"type": "object", "description": "Maximum lengths of the text fields"},
    ),
    "StaleRevision": obj(error=obj(
        code={"const": "stale_revision"}, message={"type": "string"}, field={"type": "string"},
        current={**ref("MinutesDraft"), "description": "The draft as stored now: reload, then save on it"},
    )),
}


def _with_conflict(operation: dict, description: str) -> dict:
    operation["responses"]["409"] = {"description": description,
                                     "content": {"application/json": {"schema": ref("StaleRevision")}}}
    return operation


def _download(summary: str, content_type: str, parameters=()) -> dict:
    operation = op(summary, tag=TAG, errors=())
    operation["parameters"] = list(parameters)
    operation["responses"] = {
        "200": {"description": "An attachment", "content": {content_type.split(";")[0]: {
            "schema": {"type": "string", "format": "binary"}}}},
        **{str(status): {"description": "Error", "content": {"application/json": {"schema": ERROR}}}
           for status in (400, 401, 403, 404)},
    }
    return operation


VERSION = {"name": "version", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1},
           "description": "A version number; left out: the current draft (or the next one), built now"}
INLINE = {"name": "inline", "in": "query", "required": False, "schema": {"enum": ["0", "1"]},
          "description": "1: Content-Disposition inline (e.g. a preview frame)"}
HIDDEN = {"name": "include_hidden", "in": "query", "required": False, "schema": {"enum": ["0", "1"]},
          "description": "1: hidden and rejected questions too"}


def paths() -> dict:
    base = "/api/events/{code}/minutes"
    documents = {
        f"{base}/export.{ext}": {
            "parameters": [CODE],
            "get": _download(f"Download the minutes as {ext.upper()} (filename minutes-<code>-v<N>.{ext})",
                             content_type, (VERSION, INLINE)),
        }
        for ext, content_type in CONTENT_TYPES.items()
    }
    return {
        base: {
            "parameters": [CODE],
            "get": op("The minutes' versions, the draft's fields and the agenda items' live notes", tag=TAG,
                      result=ref("MinutesState")),
        },
        f"{base}/draft": {
            "parameters": [CODE],
            "put": _with_conflict(
                op("Save the draft (fields left out stay); opens the next version if there is no draft", tag=TAG,
                   body=contract(MinutesDraftInput), result=ref("MinutesState")),
                "Saved by someone else since base_revision (or marked final)"),
        },
        f"{base}/finalize": {
            "parameters": [CODE],
            "post": _with_conflict(
                op("Mark the draft final: its document is frozen and timestamped", tag=TAG,
                   body=contract(Finalize),
                   result=ref("MinutesState")),
                "Saved by someone else since base_revision, or no draft (no_draft)"),
        },
        f"{base}/publish": {
            "parameters": [CODE],
            "post": op("Publish a final version to attendees (withdraws the one published before)", tag=TAG,
                       body=contract(Publish),
                       result=ref("MinutesState"), errors=(400, 401, 403, 404, 409)),
            "delete": op("Withdraw the published minutes", tag=TAG, result=ref("MinutesState"),
                         errors=(401, 403, 404)),
        },
        **documents,
        "/api/events/{code}/export/questions.csv": {
            "parameters": [CODE],
            "get": _download("Download every question as CSV", "text/csv", (HIDDEN,)),
        },
        "/api/events/{code}/export/polls.csv": {
            "parameters": [CODE],
            "get": _download("Download every poll's results as CSV", "text/csv"),
        },
    }
