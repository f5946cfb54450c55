"""OpenAPI paths and schemas for event archives (merged by openapi/__init__.py)."""
from ..contracts.events import CopyEvent
from ..models import ITEM_STATUSES, MINUTES_STATUSES
from .build import CODE, ERROR, contract, obj, op, ref

TIME = {"type": ["string", "null"], "format": "date-time"}
ITEM_REF = {"type": ["integer", "null"], "description": "The agenda item's position in this archive (null: none)"}

SCHEMAS = {
    "Archive": {
        **obj(
            format={"const": "townhall-archive"}, version={"const": 1}, exported_at=TIME,
            event=obj(title={"type": "string"}, place={"type": "string"}, description={"type": "string"},
                      starts_at=TIME, settings={"type": "object", "description": "As in EventInput"},
                      meeting_started_at=TIME, meeting_ended_at=TIME, peak_connected={"type": "integer"}),
            agenda={"type": "array", "items": obj(
                position={"type": "integer", "description": "0, 1, ...: how other objects refer to the item"},
                title={"type": "string"}, description={"type": "string"}, presenter={"type": "string"},
                planned_minutes={"type": "integer"}, status={"enum": list(ITEM_STATUSES)},
                started_at=TIME, ended_at=TIME, elapsed_seconds={"type": "integer"}, notes={"type": "string"},
                decisions={"type": "array", "items": obj(text={"type": "string"}, vote_result={"type": "string"},
                                                         created_at=TIME)},
                actions={"type": "array", "items": obj(what={"type": "string"}, owner={"type": "string"},
                                                       due_date={"type": ["string", "null"], "format": "date"},
                                                       created_at=TIME)},
            )},
            questions={"type": "array", "items": obj(
                ref={"type": "integer", "description": "Archive-local key (1, 2, ...), used by merged_into"},
                item=ITEM_REF, text={"type": "string"}, original_text={"type": ["string", "null"]},
                author_name={"type": ["string", "null"], "description": "null: anonymous or no name"},
                is_anonymous={"type": "boolean"}, status={"type": "string"}, progress={"type": "string"},
                vote_count={"type": "integer", "description": "Votes are counts only"},
                answer_text={"type": ["string", "null"]}, next_step={"type": ["string", "null"]},
                moderation_reason={"type": ["string", "null"]}, merged_into={"type": ["integer", "null"]},
                created_at=TIME, published_at=TIME, answered_at=TIME, edited_at=TIME,
            )},
            speakers={"type": "array", "items": obj(
                item=ITEM_REF, name={"type": ["string", "null"], "description": "null: anonymous speakers or no name"},
                number={"type": "integer", "description": "Speaker N"}, topic={"type": "string"},
                status={"type": "string"}, requested_at=TIME, called_at=TIME, finished_at=TIME,
                elapsed_seconds={"type": "integer"},
            )},
            polls={"type": "array", "items": obj(
                item=ITEM_REF, kind={"type": "string"}, question={"type": "string"},
                options={"type": "array", "items": {"type": "string"}}, status={"type": "string"},
                confidential={"type": "boolean"}, k_threshold={"type": "integer"},
                ballot_count={"type": "integer"},
                answers={"type": ["array", "null"], "items": obj(answer={"type": "object"}, hidden={"type": "boolean"},
                                                                  approved={"type": "boolean"}),
                         "description": "Ballots' answers only (no ids, people or times), sorted by their JSON; "
                                        "null for a confidential poll with fewer than k_threshold ballots. "
                                        "hidden/approved: text polls only"},
            ), "description": "Also every other poll setting (max_choices, scale_min, scale_max, labels, "
                              "visibility, duration_seconds, revealed) and times (created_at, opened_at, "
                              "closes_at, closed_at, revealed_at)"},
            minutes={"type": "array", "items": obj(
                version={"type": "integer"}, status={"enum": list(MINUTES_STATUSES)}, summary={"type": "string"},
                item_notes={"type": "object", "description": "Keyed by agenda position"},
                chair={"type": "string"}, note_taker={"type": "string"}, next_steps={"type": "string"},
                include_hidden_text={"type": "boolean"},
                content={"type": ["object", "null"], "description": "A final version's frozen document"},
                finalized_at=TIME, published_at=TIME,
            )},
        ),
        "description": "A whole event, with no attendee ids, tokens, author or voter tags, or ballot ids. "
                       "See docs/archive.md.",
    },
    "ImportedEvent": obj(code={"type": "string"}, dashboard_url={"type": "string"}),
}


def paths() -> dict:
    tag = "archive"
    download = op("Download the whole event as a JSON archive (owner only); an attachment "
                  "townhall-<code>-archive.json", tag=tag, result=ref("Archive"))
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
        "application/json": {"schema": ref("Archive")},
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
