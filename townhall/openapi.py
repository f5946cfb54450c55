"""The OpenAPI 3.1 document served at /api/openapi.json."""
from .services.questions import TRANSITIONS

ERROR = {"$ref": "#/components/schemas/Error"}


def _op(summary, *, body=None, ok=200, result=None, auth="organizer", errors=(400, 401, 403, 404), tag="events"):
    op = {"summary": summary, "tags": [tag], "responses": {}}
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    op["responses"][str(ok)] = (
        {"description": "OK", "content": {"application/json": {"schema": result}}} if result else {"description": "OK"}
    )
    for status in errors:
        op["responses"][str(status)] = {"description": "Error", "content": {"application/json": {"schema": ERROR}}}
    if auth == "organizer":
        op["security"] = [{"bearer": []}, {"session": []}]
    elif auth == "attendee":
        op["security"] = [{"session": []}]
        op["description"] = "Needs the attendee cookie set by the join call."
    return op


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(**props):
    return {"type": "object", "properties": props}


CODE = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}, "description": "Join code"}
QID = {"name": "question_id", "in": "path", "required": True, "schema": {"type": "integer"}}

SCHEMAS = {
    "Error": _obj(error=_obj(code={"type": "string"}, message={"type": "string"}, field={"type": "string"})),
    "EventInput": _obj(
        title={"type": "string", "maxLength": 200}, starts_at={"type": "string", "format": "date-time"},
        place={"type": "string"}, description={"type": "string"},
        allow_anonymous={"type": "boolean"}, names_required={"type": "boolean"},
        premoderation={"type": "boolean"}, is_open={"type": "boolean"},
    ),
    "Event": _obj(code={"type": "string"}, title={"type": "string"}, join_url={"type": "string"},
                  seq={"type": "integer"}, is_open={"type": "boolean"}),
    "Question": _obj(
        id={"type": "integer"}, text={"type": "string"}, author={"type": ["string", "null"]},
        anonymous={"type": "boolean"}, status={"enum": ["pending", "published", "rejected", "hidden", "archived"]},
        progress={"enum": ["open", "answering", "answered"]}, votes={"type": "integer"}, edited={"type": "boolean"},
    ),
    "Snapshot": _obj(
        seq={"type": "integer", "description": "Apply socket messages with seq = this + 1 next"},
        event=_ref("Event"), questions={"type": "array", "items": _ref("Question")},
        me={"type": ["object", "null"], "description": "Attendee: own question ids (mine) and votes (voted)"},
        stats={"type": "object", "description": "Moderator view only"},
    ),
    "Tally": _obj(id={"type": "integer"}, votes={"type": "integer"}, voted={"type": "boolean"}),
    "Token": _obj(id={"type": "integer"}, name={"type": "string"}, prefix={"type": "string"},
                  token={"type": "string", "description": "Shown once, at creation"}),
}


def spec() -> dict:
    event_paths = {
        "/api/events": {
            "get": _op("List my events", result=_obj(events={"type": "array", "items": _ref("Event")})),
            "post": _op("Create an event", body=_ref("EventInput"), ok=201, result=_obj(event=_ref("Event"))),
        },
        "/api/events/{code}": {
            "parameters": [CODE],
            "get": _op("Public event information", auth=None, result=_obj(event=_ref("Event")), errors=(404,)),
            "patch": _op("Change an event's details or settings", body=_ref("EventInput"),
                         result=_obj(event=_ref("Event"))),
        },
        "/api/events/{code}/snapshot": {
            "parameters": [CODE, {"name": "view", "in": "query", "schema": {"enum": ["moderator"]}}],
            "get": _op("Everything a client needs, with the sequence number", auth=None,
                       result=_ref("Snapshot"), errors=(401, 403, 404)),
        },
        "/api/events/{code}/stats": {
            "parameters": [CODE],
            "get": _op("Attendees connected and joined, questions by status, votes", result={"type": "object"}),
        },
        "/api/events/{code}/join": {
            "parameters": [CODE],
            "post": _op("Join as an attendee (sets the attendee cookie)", auth=None, tag="attendees",
                        body=_obj(name={"type": "string", "maxLength": 60}), ok=201, result=_ref("Snapshot"),
                        errors=(400, 404, 409, 429)),
        },
        "/api/events/{code}/questions": {
            "parameters": [CODE],
            "post": _op("Ask a question", auth="attendee", tag="attendees",
                        body=_obj(text={"type": "string"}, anonymous={"type": "boolean"}), ok=201,
                        result=_obj(question=_ref("Question")), errors=(400, 401, 403, 404, 409, 429)),
        },
        "/api/events/{code}/questions/{question_id}": {
            "parameters": [CODE, QID],
            "patch": _op("Edit a question's text (the original is kept)", tag="moderation",
                         body=_obj(text={"type": "string"}), result=_obj(question=_ref("Question"))),
        },
        "/api/events/{code}/questions/{question_id}/vote": {
            "parameters": [CODE, QID],
            "post": _op("Upvote (once per attendee)", auth="attendee", tag="attendees", result=_ref("Tally"),
                        errors=(401, 403, 404, 409, 429)),
            "delete": _op("Take the vote back", auth="attendee", tag="attendees", result=_ref("Tally"),
                          errors=(401, 404, 409, 429)),
        },
    }
    for action in TRANSITIONS:
        event_paths[f"/api/events/{{code}}/questions/{{question_id}}/{action}"] = {
            "parameters": [CODE, QID],
            "post": _op(f"Moderate: {action}", tag="moderation", result=_obj(question=_ref("Question")),
                        errors=(401, 403, 404, 409)),
        }
    token_paths = {
        "/api/tokens": {
            "get": _op("List my API tokens", tag="tokens", result=_obj(tokens={"type": "array", "items": _ref("Token")})),
            "post": _op("Create an API token", tag="tokens", body=_obj(name={"type": "string"}), ok=201,
                        result=_obj(token=_ref("Token"))),
        },
        "/api/tokens/{token_id}": {
            "parameters": [{"name": "token_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "delete": _op("Revoke an API token", tag="tokens", ok=204),
        },
        "/api/me": {"get": _op("The organizer behind this session or token", tag="tokens", result={"type": "object"})},
        "/api/openapi.json": {"get": _op("This document", auth=None, tag="meta", result={"type": "object"}, errors=())},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Townhall API",
            "version": "1.0",
            "description": (
                "Browser writes send the CSRF token in the X-CSRFToken header; integrations send "
                "'Authorization: Bearer <token>'. Errors are {error: {code, message, field?}}. "
                "Real-time: Socket.IO at /socket.io with auth {event, audience}; events questions:changed, "
                "event:updated (advance seq by 1), questions:tallied and stats:updated (absolute values)."
            ),
        },
        "paths": {**event_paths, **token_paths},
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
    }
