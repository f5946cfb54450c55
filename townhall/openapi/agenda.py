"""OpenAPI paths and schemas for the agenda API (merged by openapi/__init__.py)."""
from ..contracts.agenda import AgendaItemInput, Apply, Reorder, RunStep, TemplateName
from ..models import ITEM_STATUSES
from ..services.agenda import ACTIONS
from .build import CODE, contract, obj, op, ref

_TIME = {"type": ["string", "null"], "format": "date-time"}
_ID = {"type": ["integer", "null"]}

SCHEMAS: dict = {
    "AgendaItem": obj(
        id={"type": "integer"}, position={"type": "integer", "description": "0..n-1"},
        title={"type": "string"}, description={"type": "string"}, presenter={"type": "string"},
        planned_minutes={"type": "integer"}, planned_seconds={"type": "integer"},
        status={"enum": list(ITEM_STATUSES)},
        current={"type": "boolean", "description": "On the floor (running or paused)"},
        running={"type": "boolean", "description": "Its timer runs"},
        running_since=_TIME | {"description": "Start of the running stretch (server time)"},
        elapsed_base_seconds={"type": "integer", "description": "Time run before the running stretch. Live "
                              "elapsed = this + (server now - running_since) while running"},
        elapsed_seconds={"type": "integer", "description": "Time run, as of when this was made (server_now)"},
        remaining_seconds={"type": "integer", "description": "planned - elapsed, as of then; negative = overrun"},
        overrun={"type": "boolean", "description": "As of then"},
        started_at=_TIME | {"description": "First start"},
        ended_at=_TIME | {"description": "Last end (null while it runs)"},
    ),
    "Agenda": obj(
        meeting=obj(state={"enum": ["not_started", "running", "ended"]}, started_at=_TIME, ended_at=_TIME),
        current_item_id=_ID,
        next_item_id=_ID | {"description": "What start/next runs; null: next ends the meeting"},
        previous_item_id=_ID | {"description": "What back runs; null: back is refused"},
        planned_seconds={"type": "integer", "description": "Sum of all items' planned time"},
        items={"type": "array", "items": ref("AgendaItem")},
    ),
    "AgendaChange": obj(
        seq={"type": "integer", "description": "The seq of the agenda:changed message for this change"},
        server_now={"type": "string", "format": "date-time", "description": "The time the as-of values are for"},
        agenda=ref("Agenda"),
        item_id={"type": "integer", "description": "Adding / editing: the item"},
        item_ids={"type": "array", "items": {"type": "integer"}, "description": "Applying: the new items"},
    ),
    "AgendaTemplate": obj(
        id={"type": "integer"}, name={"type": "string"}, planned_minutes={"type": "integer"},
        created_at={"type": "string", "format": "date-time"},
        items={"type": "array", "items": obj(title={"type": "string"}, description={"type": "string"},
                                                  presenter={"type": "string"}, planned_minutes={"type": "integer"})},
    ),
}

_ITEM_ID = {"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_CHANGE = ref("AgendaChange")
_RUN_HELP = {
    "start": "Start the meeting: the first item runs",
    "start_item": "Run the item in the body (ends the current one; before the start it starts the meeting, "
                  "after the end it reopens it)",
    "next": "End the current item; run the next open item (none left: the meeting ends)",
    "back": "Return the current item to upcoming; the previous item runs again, keeping its time "
            "(after the end: the last item, reopening the meeting)",
    "pause": "Stop the current item's timer",
    "resume": "Continue the current item's timer",
    "end": "End the meeting: the current item is done",
}


def paths() -> dict:
    result = {
        "/api/events/{code}/agenda": {
            "parameters": [CODE],
            "get": op("The agenda and the run-of-show state", auth=None, tag="agenda",
                      result=obj(agenda=ref("Agenda")), errors=(404,)),
        },
        "/api/events/{code}/agenda/items": {
            "parameters": [CODE],
            "post": op("Add an item at the end of the agenda", tag="agenda", body=contract(AgendaItemInput), ok=201,
                       result=_CHANGE, errors=(400, 401, 403, 404, 409)),
        },
        "/api/events/{code}/agenda/items/{item_id}": {
            "parameters": [CODE, _ITEM_ID],
            "patch": op("Edit an item", tag="agenda", body=contract(AgendaItemInput), result=_CHANGE),
            "delete": op("Delete an item (not the current one, nor one with decisions or action items); "
                         "its questions then belong to no item", tag="agenda", result=_CHANGE,
                         errors=(401, 403, 404, 409)),
        },
        "/api/events/{code}/agenda/order": {
            "parameters": [CODE],
            "put": op("Reorder: every item id of the agenda, once, in the new order", tag="agenda",
                      body=contract(Reorder), result=_CHANGE),
        },
        "/api/events/{code}/agenda/template": {
            "parameters": [CODE],
            "post": op("Save this agenda as one of my templates", tag="agenda",
                       body=contract(TemplateName), ok=201,
                       result=obj(template=ref("AgendaTemplate")), errors=(400, 401, 403, 404, 409)),
        },
        "/api/events/{code}/agenda/apply": {
            "parameters": [CODE],
            "post": op("Append copies of the items of one of my templates, or of another event's agenda",
                       tag="agenda", body=contract(Apply),
                       result=_CHANGE, errors=(400, 401, 403, 404, 409)),
        },
        "/api/agenda-templates": {
            "get": op("List my agenda templates", tag="agenda",
                      result=obj(templates={"type": "array", "items": ref("AgendaTemplate")}), errors=(401,)),
        },
        "/api/agenda-templates/{template_id}": {
            "parameters": [{"name": "template_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "delete": op("Delete one of my agenda templates", tag="agenda", ok=204, errors=(401, 404)),
        },
    }
    for action in ACTIONS:
        operation = op(f"Run of show: {action}", tag="agenda", body=contract(RunStep), result=_CHANGE,
                       errors=(400, 401, 403, 404, 409))
        operation["requestBody"]["required"] = action == "start_item"  # item_id: with start_item only
        result[f"/api/events/{{code}}/agenda/run/{action}"] = {"parameters": [CODE], "post": operation}
        result[f"/api/events/{{code}}/agenda/run/{action}"]["post"]["description"] = (
            _RUN_HELP[action] + ". Refused with 409 (meeting_not_started, meeting_started, meeting_ended, "
            "agenda_empty, item_is_current, no_previous_item, no_current_item, already_paused, not_paused) "
            "when the meeting is not in a state for it.")
    return result
