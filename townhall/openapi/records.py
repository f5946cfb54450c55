"""OpenAPI paths and schemas for the records API (merged by openapi/__init__.py)."""
from ..contracts.records import ActionItemInput, DecisionInput, NotesInput
from .build import CODE, contract, obj, op, ref

ITEM_ID = {"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer"},
           "description": "Agenda item id (of this event)"}
DECISION_ID = {"name": "decision_id", "in": "path", "required": True, "schema": {"type": "integer"}}
ACTION_ID = {"name": "action_id", "in": "path", "required": True, "schema": {"type": "integer"}}

SCHEMAS = {
    "NotesConflict": obj(error=obj(
        code={"const": "notes_conflict"}, message={"type": "string"}, field={"type": "string"},
        current={**ref("SavedNotes"), "description": "The notes as stored now: merge, then save with its version"},
    )),
}


def paths() -> dict:
    tag = "records"
    conflict = {"description": "Changed by someone else since base_version",
                "content": {"application/json": {"schema": ref("NotesConflict")}}}
    save = op("Save an agenda item's notes (autosave); refused with 409 notes_conflict if someone saved since "
              "base_version", tag=tag, body=contract(NotesInput), result=obj(notes=ref("SavedNotes")))
    save["responses"]["409"] = conflict
    return {
        "/api/events/{code}/records": {
            "parameters": [CODE],
            "get": op("Notes, decisions and action items of every agenda item", tag=tag, result=ref("Records"),
                      errors=(401, 403, 404)),
        },
        "/api/events/{code}/agenda/{item_id}/notes": {"parameters": [CODE, ITEM_ID], "put": save},
        "/api/events/{code}/agenda/{item_id}/decisions": {
            "parameters": [CODE, ITEM_ID],
            "post": op("Record a decision", tag=tag, body=contract(DecisionInput), ok=201,
                       result=obj(decision=ref("Decision"))),
        },
        "/api/events/{code}/decisions/{decision_id}": {
            "parameters": [CODE, DECISION_ID],
            "patch": op("Edit a decision", tag=tag, body=contract(DecisionInput), result=obj(decision=ref("Decision"))),
            "delete": op("Delete a decision", tag=tag, ok=204, errors=(401, 403, 404)),
        },
        "/api/events/{code}/agenda/{item_id}/actions": {
            "parameters": [CODE, ITEM_ID],
            "post": op("Record an action item", tag=tag, body=contract(ActionItemInput), ok=201,
                       result=obj(action=ref("ActionItem"))),
        },
        "/api/events/{code}/actions/{action_id}": {
            "parameters": [CODE, ACTION_ID],
            "patch": op("Edit an action item", tag=tag, body=contract(ActionItemInput),
                        result=obj(action=ref("ActionItem"))),
            "delete": op("Delete an action item", tag=tag, ok=204, errors=(401, 403, 404)),
        },
    }

