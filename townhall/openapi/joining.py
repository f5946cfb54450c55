"""OpenAPI paths and schemas for joining by event setting: one-time attendee codes and the in-room QR
(merged by openapi/__init__.py)."""
from ..contracts.events import NewCodes, RoomCheck
from .build import CODE, contract, obj, op, ref

CODE_ID = {"name": "code_id", "in": "path", "required": True, "schema": {"type": "integer"}}
TEXT = {"type": "string"}
STATUS = {"enum": ["unused", "used", "revoked"]}

SCHEMAS = {
    "AttendeeCode": obj(
        id={"type": "integer"}, number={"type": "integer", "description": "The slip's number in the event"},
        code={"type": ["string", "null"], "description": "The code while unused (to print it); null once used "
                                                         "or revoked. Never whose it is."},
        status=STATUS,
    ),
}


def paths() -> dict:
    tag = "joining"
    return {
        "/api/events/{code}/codes": {
            "parameters": [CODE],
            "get": op("The event's one-time attendee codes and how many are unused, used, revoked (owner only)",
                      tag=tag, result=obj(codes={"type": "array", "items": ref("AttendeeCode")},
                                          counts=obj(unused={"type": "integer"}, used={"type": "integer"},
                                                     revoked={"type": "integer"}))),
            "post": op("Make more one-time attendee codes (owner only)", tag=tag, body=contract(NewCodes), ok=201,
                       result=obj(codes={"type": "array", "items": ref("AttendeeCode")})),
        },
        "/api/events/{code}/codes/{code_id}/revoke": {
            "parameters": [CODE, CODE_ID],
            "post": op("Revoke an unused code (409 code_used once a phone used it)", tag=tag,
                       result=obj(code=ref("AttendeeCode")), errors=(401, 403, 404, 409)),
        },
        "/api/events/{code}/codes.csv": {
            "parameters": [CODE],
            "get": _csv(op("The unused codes as CSV: number, code, join_url (owner only)", tag=tag)),
        },
        "/api/events/{code}/room-token": {
            "parameters": [CODE],
            "get": op("The in-room QR's token of this minute and its link, for the projector (the event's team)",
                      tag=tag, result=obj(token={"type": "string"}, url={"type": "string"},
                                          refresh_in={"type": "number", "description": "Seconds to the next token"}),
                      errors=(401, 403, 404, 409)),
        },
        "/api/events/{code}/room-check": {
            "parameters": [CODE],
            "post": op("A joined phone scanned the in-room QR: marks it in the room. 403 room_token_expired for a "
                       "token older than the previous minute or of another event", auth="attendee", tag=tag,
                       body=contract(RoomCheck), result=obj(in_room={"type": "boolean"},
                                                            in_room_at={"type": "string", "format": "date-time"}),
                       errors=(400, 401, 403, 404, 409, 429)),
        },
    }


def _csv(operation: dict) -> dict:
    """The operation answering CSV when it succeeds, its errors documented as JSON like the others'."""
    operation["responses"]["200"] = {"description": "CSV", "content": {"text/csv": {"schema": TEXT}}}
    return operation
