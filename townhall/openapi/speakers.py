"""OpenAPI paths and schemas for the speakers API (merged by openapi/__init__.py)."""
from ..contracts.people import AddSpeaker, FloorRequest
from ..services.speakers import ACTIONS
from .build import CODE, contract, obj, op, ref

SCHEMAS: dict = {
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
                        ok=201, result=obj(request=ref("SpeakerEntryForModerators")),
                        errors=(400, 401, 403, 404, 409)),
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
