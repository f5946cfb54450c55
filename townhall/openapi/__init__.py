"""The OpenAPI 3.1 document served at /api/openapi.json."""
from ..contracts import questions as asking
from ..contracts.events import DeleteEvent, EventInput, Join
from ..contracts.people import TokenName
from ..services.questions import TRANSITIONS
from . import (
    agenda,
    archive,
    branding,
    followups,
    joining,
    minutes,
    moderation,
    offices,
    polls,
    receipts,
    records,
    roles,
    similar,
    speakers,
    tracker,
)
from .build import CODE, QID, contract, contract_schemas, obj, op, ref

PARTS = (agenda, speakers, records, roles, polls, minutes, archive, moderation, similar, joining, receipts, followups,
         tracker, offices, branding)

SCHEMAS = {
    "Error": obj(error=obj(code={"type": "string"}, message={"type": "string"}, field={"type": "string"})),
}


def rejoin(operation: dict) -> dict:
    """A phone that joined already keeps its identity: 200 with the same snapshot instead of 201."""
    operation["responses"]["200"] = {**operation["responses"]["201"],
                                     "description": "Joined already: the same identity"}
    return operation


def spec() -> dict:
    event_paths = {
        "/api/events": {
            "get": op("List my events", result=obj(events={"type": "array", "items": ref("MyEvent")})),
            "post": op("Create an event", body=contract(EventInput), ok=201,
                       result=obj(event=ref("EventForModerators"))),
        },
        "/api/events/{code}": {
            "parameters": [CODE],
            "get": op("Public event information", auth=None, result=obj(event=ref("Event")), errors=(404,)),
            "patch": op("Change an event's details or settings", body=contract(EventInput),
                         result=obj(event=ref("EventForModerators"))),
            "delete": op("Delete the event and everything in it (owner only); the body confirms with the "
                         "event's code or title (else 400 confirmation_required)", body=contract(DeleteEvent),
                         ok=204, errors=(400, 401, 403, 404)),
        },
        "/api/events/{code}/snapshot": {
            "parameters": [CODE, {"name": "view", "in": "query", "schema": {"enum": ["moderator"]}}],
            "get": op("Everything a client needs, with the sequence number", auth=None,
                       result=ref("Snapshot"), errors=(401, 403, 404)),
        },
        "/api/events/{code}/stats": {
            "parameters": [CODE],
            "get": op("Attendees connected (now and at the peak) and joined, questions by status, votes",
                       result={"type": "object"}),
        },
        "/api/events/{code}/join": {
            "parameters": [CODE],
            "post": rejoin(op("Join as an attendee (sets the attendee cookie)", auth=None, tag="attendees",
                              body=contract(Join), ok=201, result=ref("Snapshot"),
                              errors=(400, 403, 404, 409, 429))),
        },
        "/api/events/{code}/questions": {
            "parameters": [CODE],
            "post": op("Ask a question", auth="attendee", tag="attendees",
                        body=contract(asking.Ask),
                        ok=201,
                        result=obj(question=ref("Question")), errors=(400, 401, 403, 404, 409, 429)),
        },
        "/api/events/{code}/questions/{question_id}": {
            "parameters": [CODE, QID],
            "patch": op("Edit a question's text (the original is kept), move it to an agenda item, "
                        "record the answer or the next step", tag="moderation",
                         body=contract(asking.Edit),
                         result=obj(question=ref("QuestionForModerators")), errors=(400, 401, 403, 404, 409)),
        },
        "/api/events/{code}/questions/{question_id}/merge": {
            "parameters": [CODE, QID],
            "post": op("Merge a duplicate into a published question: it gets status merged, its voters "
                       "move to the target (once each)", tag="moderation",
                        body=contract(asking.Merge),
                        result=obj(question=ref("QuestionForModerators"), into=ref("QuestionForModerators")),
                        errors=(400, 401, 403, 404, 409)),
        },
        "/api/events/{code}/questions/{question_id}/vote": {
            "parameters": [CODE, QID],
            "post": op("Upvote (once per attendee)", auth="attendee", tag="attendees", result=ref("Tally"),
                        errors=(400, 401, 403, 404, 409, 429, 503)),
            "delete": op("Take the vote back", auth="attendee", tag="attendees", result=ref("Tally"),
                          errors=(400, 401, 404, 409, 429, 503)),
        },
    }
    for method in ("post", "delete"):  # an optional body: the tap's idempotency key
        event_paths["/api/events/{code}/questions/{question_id}/vote"][method]["requestBody"] = {
            "required": False, "content": {"application/json": {"schema": contract(asking.VoteKey)}}}
    for action in TRANSITIONS:
        operation = op(f"Moderate: {action}", tag="moderation", result=obj(question=ref("QuestionForModerators")),
                       errors=(400, 401, 403, 404, 409))
        operation["requestBody"] = {"required": False,  # reason with reject and hide; answer_text with answered
                                    "content": {"application/json": {"schema": contract(asking.Moderation)}}}
        event_paths[f"/api/events/{{code}}/questions/{{question_id}}/{action}"] = {"parameters": [CODE, QID],
                                                                                   "post": operation}
    token_paths = {
        "/api/tokens": {
            "get": op("List my API tokens", tag="tokens", result=obj(tokens={"type": "array", "items": ref("Token")})),
            "post": op("Create an API token", tag="tokens", body=contract(TokenName), ok=201,
                        result=obj(token=ref("Token"))),
        },
        "/api/tokens/{token_id}": {
            "parameters": [{"name": "token_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "delete": op("Revoke an API token", tag="tokens", ok=204),
        },
        "/api/me": {"get": op("The organizer behind this session or token", tag="tokens", result={"type": "object"})},
        "/api/openapi.json": {"get": op("This document", auth=None, tag="meta", result={"type": "object"}, errors=())},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Townhall API",
            "version": "1.0",
            "description": (
                "Browser writes send the CSRF token in the X-CSRFToken header; integrations send "
                "'Authorization: Bearer <token>'. Errors are {error: {code, message, field?}}. "
                "Real-time: Socket.IO at /socket.io with auth {event, audience}. Messages that advance seq by 1: "
                "questions:changed, event:updated, agenda:changed, speakers:changed, records:changed, "
                "team:changed, polls:changed, seq:advanced; absolute values without advancing it: questions:tallied, "
                "poll:tallied, stats:updated, question:own, phone:banned. See docs/realtime.md and docs/polls.md in "
                "the repository."
            ),
        },
        "paths": {**event_paths, **token_paths, **{p: v for part in PARTS for p, v in part.paths().items()}},
        "components": {
            "schemas": {**SCHEMAS, **{n: v for part in PARTS for n, v in part.SCHEMAS.items()},
                        **contract_schemas()},
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
    }
