"""OpenAPI paths and schemas for the speakers API (merged by openapi/__init__.py)."""
from ..contracts.people import AddSpeaker, FloorRequest
from ..models import SPEAKER_STATUSES
from ..services.speakers import ACTIONS
from .build import CODE, contract, obj, op, ref

NULLABLE_INT = {"type": ["integer", "null"]}
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}

SCHEMAS: dict = {
    "SpeakerEntry": obj(
        id={"type": "integer", "description": "The request's id (not the attendee's)"},
        number={"type": "integer", "description": "'Speaker N': per event, stable per person"},
        name={"type": "string", "description": "Room view: 'Speaker N' when the event's speakers are anonymous "
                                               "or the person gave no name. Moderator view: the real name"},
        topic={"type": "string"},
        status={"enum": list(SPEAKER_STATUSES)},
        times_spoken={"type": "integer", "description": "How often this person has finished speaking in this event"},
        position={**NULLABLE_INT, "description": "1-based place in the queue; null outside it"},
        agenda_item_id=NULLABLE_INT,
        requested_at={"type": "string", "format": "date-time"},
        called_at=NULLABLE_TIME,
        room_name={"type": "string", "description": "Moderator view only: the name the room sees"},
        manual={"type": "boolean", "description": "Moderator view only: added by hand"},
        finished_at={**NULLABLE_TIME, "description": "Moderator view only"},
        spoken_seconds={"type": "integer", "description": "Moderator view only: timer total when last stopped"},
    ),
    "SpeakerTimer": obj(
        elapsed_seconds={"type": "integer", "description": "As of server_now"},
        elapsed_base_seconds={"type": "integer", "description": "Before the running stretch"},
        running={"type": "boolean"},
        running_since=NULLABLE_TIME,
        limit_seconds={"type": "integer"},
        remaining_seconds={"type": "integer", "description": "Negative when over the limit"},
        overrun={"type": "boolean"},
    ),
    "Speakers": obj(
        limit_seconds={"type": "integer"},
        current={"oneOf": [{"type": "null"}, {"allOf": [ref("SpeakerEntry"), obj(timer=ref("SpeakerTimer"))]}]},
        next={"oneOf": [{"type": "null"}, ref("SpeakerEntry")], "description": "The first of the queue"},
        queue={"type": "array", "items": ref("SpeakerEntry"), "description": "In the server's order"},
        recent={"type": "array", "items": ref("SpeakerEntry"), "description": "Moderator view only: last done"},
        mine={"type": "object", "description": "A joined phone's view only",
              "properties": {"waiting": {"type": ["object", "null"]}, "speaking": {"type": ["object", "null"]}}},
    ),
    "SpeakersState": obj(seq={"type": "integer"}, server_now={"type": "string", "format": "date-time"},
                         speakers=ref("Speakers")),
}

RID = {"name": "request_id", "in": "path", "required": True, "schema": {"type": "integer"}}
SUMMARIES = {
    "next": "Give the floor to the first in the queue (the current speaker is done); the timer is not started",
    "call": "Give the floor to this waiting request (the current speaker is done); the timer is not started",
    "start": "Start (or resume) the current speaker's timer",
    "stop": "Pause the current speaker's timer",
    "finish": "The current speaker is done",
    "remove": "Take a waiting request or the current speaker off the list (does not count as spoken)",
}


def paths() -> dict:
    base = "/api/events/{code}/speakers"
    result = {
        base: {
            "parameters": [CODE, {"name": "view", "in": "query", "schema": {"enum": ["moderator"]}}],
            "get": op("The list of speakers with the sequence number (view=moderator: names and recent speakers)",
                       auth=None, tag="speakers", result=ref("SpeakersState"), errors=(401, 403, 404)),
            "post": op("Ask for the floor", auth="attendee", tag="speakers",
                        body=contract(FloorRequest), ok=201,
                        result=obj(request=ref("SpeakerEntry")), errors=(400, 401, 404, 409, 429)),
        },
        f"{base}/mine": {
            "parameters": [CODE],
            "delete": op("Withdraw my waiting request", auth="attendee", tag="speakers",
                          result=obj(request=ref("SpeakerEntry")), errors=(401, 404, 409, 429)),
        },
        f"{base}/add": {
            "parameters": [CODE],
            "post": op("Add a speaker by hand (someone without a phone)", tag="speakers",
                        body=contract(AddSpeaker),
                        ok=201, result=obj(request=ref("SpeakerEntry")), errors=(400, 401, 403, 404, 409)),
        },
    }
    for action, names_request in ACTIONS.items():
        path = f"{base}/{{request_id}}/{action}" if names_request else f"{base}/{action}"
        result[path] = {
            "parameters": [CODE, RID] if names_request else [CODE],
            "post": op(SUMMARIES[action], tag="speakers", result=obj(speakers=ref("Speakers")),
                        errors=(401, 403, 404, 409)),
        }
    return result
