"""OpenAPI paths and schemas for event archives (merged by openapi/__init__.py)."""
from ..contracts.archive import Archive
from ..contracts.events import CopyEvent
from .build import CODE, ERROR, contract, obj, op, ref

SCHEMAS = {
    "ImportedEvent": obj(code={"type": "string"}, dashboard_url={"type": "string"}),
}


def paths() -> dict:
    tag = "archive"
    download = op("Download the whole event as a JSON archive (owner only); an attachment "
                  "townhall-<code>-archive.json", tag=tag, result=contract(Archive))
    imported = op("Import an archive as a new event of mine: restore (everything; the event is closed) or "
                  "template (the plan only: details, settings, agenda, polls as drafts; an open event). "
                  "400 invalid_json (unreadable), invalid_archive (field: the path of the problem, e.g. "
                  "questions[3].status), invalid_mode; 413 too_large (ARCHIVE_MAX_BYTES, 20 MB by default)",
                  tag=tag, ok=201, result=ref("ImportedEvent"), errors=(400, 401, 413))
    imported["parameters"] = [
        {"name": "mode", "in": "query", "required": True, "schema": {"enum": ["restore", "template"]}},
        {"name": "title", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 200},
         "description": "The new event's title (default: the archive's; a template adds \" (copy)\")"},
    ]
    imported["requestBody"] = {"required": True, "content": {
        "application/json": {"schema": contract(Archive)},
        "multipart/form-data": {"schema": obj(archive={"type": "string", "format": "binary"})},
    }}
    imported["responses"]["413"] = {"description": "The archive is too large",
                                    "content": {"application/json": {"schema": ERROR}}}
    copy = op("Reuse as a template: a new open event with this event's details, settings, agenda and polls "
              "(as drafts), nothing from the meeting itself; owner only", tag=tag, ok=201,
              body=contract(CopyEvent),
              result=ref("ImportedEvent"))
    copy["requestBody"]["required"] = False
    return {
        "/api/events/{code}/archive.json": {"parameters": [CODE], "get": download},
        "/api/events/import": {"post": imported},
        "/api/events/{code}/copy": {"parameters": [CODE], "post": copy},
    }
