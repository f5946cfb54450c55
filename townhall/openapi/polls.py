"""OpenAPI paths and schemas for the polls API (merged by openapi/__init__.py); docs/polls.md is the contract."""
from ..contracts.polls import Ballot, OpenPoll, PollInput
from .build import CODE, contract, obj, op, ref

POLL_ID = {"name": "poll_id", "in": "path", "required": True, "schema": {"type": "integer"}}
ANSWER_ID = {"name": "answer_id", "in": "path", "required": True, "schema": {"type": "string"},
             "description": "A text answer's id (random, carries no order)"}
VIEW = {"name": "view", "in": "query", "schema": {"enum": ["moderator", "room"]},
        "description": "moderator: the moderators' view (needs an organizer role); room: the room's (a joined "
                       "phone: its own). Default: moderators' view for an organizer of the event, else the room's"}

SCHEMAS: dict = {
    "PollResults": {
        "type": ["object", "null"],
        "description": "null: this audience may not see them yet. single / multiple / yesno: {counts}; rating: "
                       "{distribution, average}; ranking: {average_rank, order}; text: {answers, words}; "
                       "confidential below k ballots: {suppressed: true}",
        "properties": {
            "counts": {"type": "array", "items": {"type": "integer"}},
            "distribution": {"type": "object", "additionalProperties": {"type": "integer"}},
            "average": {"type": ["number", "null"]},
            "average_rank": {"type": "array", "items": {"type": ["number", "null"]},
                             "description": "Per option, 1 = best; null while there are no ballots"},
            "order": {"type": "array", "items": {"type": "integer"}, "description": "Option indices, best first"},
            "answers": {"type": "array", "items": obj(
                id={"type": "string"}, text={"type": "string"},
                hidden={"type": "boolean", "description": "Moderators only: the room does not see it"},
                pending={"type": "boolean", "description": "Moderators only: awaits approval (premoderation)"})},
            "words": {"type": "array", "items": {"type": "array", "prefixItems": [{"type": "string"},
                                                                                 {"type": "integer"}]},
                      "description": "Top 40 [word, answers using it]"},
            "suppressed": {"const": True},
        },
    },
    "BallotAck": obj(poll_id={"type": "integer"}, ballots={"type": "integer"}, voted={"const": True},
                     changed={"type": "boolean", "description": "An earlier ballot was replaced"}),
}

SUMMARIES = {
    "open": "Open a draft; closes automatically after duration_seconds (body; default: the prepared one)",
    "close": "Close an open poll",
    "reveal": "Show the results to the whole room",
    "unreveal": "Hide revealed results from the room again (409 not_revealed)",
}


def paths() -> dict:
    base, one, tag = "/api/events/{code}/polls", "/api/events/{code}/polls/{poll_id}", "polls"
    poll = obj(poll=ref("Poll"))
    result = {
        base: {
            "parameters": [CODE, VIEW],
            "get": op("The polls this caller may see (the room: no drafts)", auth=None, tag=tag,
                      result=obj(seq={"type": "integer"}, polls={"type": "array", "items": ref("Poll")}),
                      errors=(400, 403, 404)),
            "post": op("Create a draft poll (moderators)", tag=tag, body=contract(PollInput), ok=201, result=poll),
        },
        one: {
            "parameters": [CODE, POLL_ID, VIEW],
            "get": op("One poll as this caller may see it; a joined phone's has voted", auth=None, tag=tag,
                      result=poll, errors=(400, 403, 404)),
            "patch": op("Edit a draft (409 poll_not_draft otherwise)", tag=tag, body=contract(PollInput), result=poll,
                        errors=(400, 401, 403, 404, 409)),
            "delete": op("Delete a draft or a closed poll (409 poll_open)", tag=tag, ok=204,
                         errors=(401, 403, 404, 409)),
        },
        f"{one}/ballot": {
            "parameters": [CODE, POLL_ID],
            "post": op("Answer a poll (409 poll_closed, already_voted unless the event allows changing)",
                       auth="attendee", tag=tag, body=contract(Ballot), result=ref("BallotAck"),
                       errors=(400, 401, 404, 409, 429)),
        },
    }
    for action, summary in SUMMARIES.items():
        operation = op(summary, tag=tag, body=contract(OpenPoll) if action == "open" else None, result=poll,
                       errors=(400, 401, 403, 404, 409))
        if action == "open":
            operation["requestBody"]["required"] = False  # duration_seconds left out: the prepared one
        result[f"{one}/{action}"] = {"parameters": [CODE, POLL_ID], "post": operation}
    for action, summary in (("hide", "Hide a text answer from the list and the word cloud"),
                            ("show", "Show a hidden text answer again, or approve one (premoderation)")):
        result[f"{one}/answers/{{answer_id}}/{action}"] = {
            "parameters": [CODE, POLL_ID, ANSWER_ID],
            "post": op(summary, tag=tag, result=poll, errors=(401, 403, 404, 409)),
        }
    return result
