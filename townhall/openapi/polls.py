"""OpenAPI paths and schemas for the polls API (merged by openapi/__init__.py); docs/polls.md is the contract."""
from ..models import POLL_KINDS, POLL_VISIBILITIES
from ..services.poll_input import (
    ANSWER_MAX_LENGTH, DURATION, K_THRESHOLD, OPTION_MAX_LENGTH, QUESTION_MAX_LENGTH, SCALE_LIMITS)
from .build import CODE, obj, op, ref

_TIME = {"type": ["string", "null"], "format": "date-time"}
_INT = {"type": ["integer", "null"]}
POLL_ID = {"name": "poll_id", "in": "path", "required": True, "schema": {"type": "integer"}}
ANSWER_ID = {"name": "answer_id", "in": "path", "required": True, "schema": {"type": "string"},
             "description": "A text answer's id (random, carries no order)"}
VIEW = {"name": "view", "in": "query", "schema": {"enum": ["moderator", "room"]},
        "description": "moderator: the moderators' view (needs an organizer role); room: the room's (a joined "
                       "phone: its own). Default: moderators' view for an organizer of the event, else the room's"}

SCHEMAS: dict = {
    "PollInput": obj(
        kind={"enum": list(POLL_KINDS), "description": "Required when creating"},
        question={"type": "string", "maxLength": QUESTION_MAX_LENGTH, "description": "Required when creating"},
        options={"type": "array", "items": {"type": "string", "maxLength": OPTION_MAX_LENGTH},
                 "description": "single / multiple: 2..20; ranking: 2..10; other kinds: none (yesno is fixed)"},
        max_choices={"type": "integer", "minimum": 1, "description": "multiple only; default: every option"},
        scale_min={"type": "integer", "minimum": SCALE_LIMITS[0], "maximum": SCALE_LIMITS[1],
                   "description": "rating only; default 1"},
        scale_max={"type": "integer", "minimum": SCALE_LIMITS[0], "maximum": SCALE_LIMITS[1],
                   "description": "rating only; default 5"},
        labels={"type": ["array", "null"], "items": {"type": "string"}, "minItems": 2, "maxItems": 2,
                "description": "rating only: [low end, high end]"},
        visibility={"enum": list(POLL_VISIBILITIES), "description": "Default live"},
        confidential={"type": "boolean"},
        k_threshold={"type": "integer", "minimum": K_THRESHOLD[0], "maximum": K_THRESHOLD[1],
                     "description": "Confidential: no per-option numbers below this many ballots (default 5)"},
        agenda_item_id=_INT | {"description": "An agenda item of this event; null: none"},
        duration_seconds=_INT | {"minimum": DURATION[0], "maximum": DURATION[1],
                                 "description": "Closes automatically this long after opening; null: no limit"},
    ),
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
    "Poll": obj(
        id={"type": "integer"}, kind={"enum": list(POLL_KINDS)}, question={"type": "string"},
        options={"type": "array", "items": {"type": "string"}}, max_choices=_INT, scale_min=_INT, scale_max=_INT,
        labels={"type": ["array", "null"], "items": {"type": "string"}}, agenda_item_id=_INT,
        visibility={"enum": list(POLL_VISIBILITIES)}, revealed={"type": "boolean"},
        confidential={"type": "boolean"}, k_threshold={"type": "integer"}, duration_seconds=_INT,
        status={"enum": ["draft", "open", "closed"], "description": "An open poll past closes_at reads closed"},
        opened_at=_TIME, closes_at=_TIME, closed_at=_TIME, revealed_at=_TIME,
        ballots={"type": "integer", "description": "Turnout: always shown"},
        present={"type": "integer", "description": "Phones connected now"},
        results=ref("PollResults"),
        voted={"type": "boolean", "description": "A joined phone's view only"},
    ),
    "BallotInput": {**obj(answer={
        "type": "object",
        "description": f"single / yesno: {{choice}}; multiple: {{choices}}; rating: {{rating}}; ranking: {{order}} "
                       f"(every option index once, best first); text: {{text}} (1..{ANSWER_MAX_LENGTH} characters)",
    }), "required": ["answer"]},
    "BallotAck": obj(poll_id={"type": "integer"}, ballots={"type": "integer"}, voted={"const": True},
                     changed={"type": "boolean", "description": "An earlier ballot was replaced"}),
}

SUMMARIES = {
    "open": "Open a draft; closes automatically after duration_seconds (body; default: the prepared one)",
    "close": "Close an open poll",
    "reveal": "Show the results to the whole room",
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
            "post": op("Create a draft poll (moderators)", tag=tag, body=ref("PollInput"), ok=201, result=poll),
        },
        one: {
            "parameters": [CODE, POLL_ID, VIEW],
            "get": op("One poll as this caller may see it; a joined phone's has voted", auth=None, tag=tag,
                      result=poll, errors=(400, 403, 404)),
            "patch": op("Edit a draft (409 poll_not_draft otherwise)", tag=tag, body=ref("PollInput"), result=poll,
                        errors=(400, 401, 403, 404, 409)),
            "delete": op("Delete a draft or a closed poll (409 poll_open)", tag=tag, ok=204,
                         errors=(401, 403, 404, 409)),
        },
        f"{one}/ballot": {
            "parameters": [CODE, POLL_ID],
            "post": op("Answer a poll (409 poll_closed, already_voted unless the event allows changing)",
                       auth="attendee", tag=tag, body=ref("BallotInput"), result=ref("BallotAck"),
                       errors=(400, 401, 404, 409, 429)),
        },
    }
    for action, summary in SUMMARIES.items():
        body = obj(duration_seconds=_INT) if action == "open" else None
        result[f"{one}/{action}"] = {
            "parameters": [CODE, POLL_ID],
            "post": op(summary, tag=tag, body=body, result=poll, errors=(400, 401, 403, 404, 409)),
        }
    for action, summary in (("hide", "Hide a text answer from the list and the word cloud"),
                            ("show", "Show a hidden text answer again, or approve one (premoderation)")):
        result[f"{one}/answers/{{answer_id}}/{action}"] = {
            "parameters": [CODE, POLL_ID, ANSWER_ID],
            "post": op(summary, tag=tag, result=poll, errors=(401, 403, 404, 409)),
        }
    return result
