"""OpenAPI paths and schemas for moderation: bans, the blocklist, the log and the public counts."""
from ..contracts.moderation import BanAsker, BlocklistInput
from .build import CODE, contract, obj, op, ref

BAN_ID = {"name": "ban_id", "in": "path", "required": True, "schema": {"type": "integer"}}
BY_REASON = {"type": "object", "additionalProperties": {"type": "integer"},
             "description": "reason -> questions (\"none\": no reason given)"}
SCHEMAS = {
    "Blocklist": obj(terms={"type": "string", "description": "The event's own terms, one per line"},
                     use_default={"type": "boolean"}, count={"type": "integer"},
                     default_count={"type": "integer", "description": "Terms in the default list"}),
    "ModerationCounts": obj(
        counts=obj(rejected=BY_REASON, hidden=BY_REASON, merged={"type": "integer"}, banned={"type": "integer"}),
        line={"type": "string", "description": "The counts as one sentence (the phone page and the minutes)"}),
}


def paths() -> dict:
    tag = "moderation"
    base = "/api/events/{code}"
    return {
        f"{base}/bans": {
            "parameters": [CODE],
            "get": op("The banned phones (owner and moderators)", tag=tag,
                       result=obj(bans={"type": "array", "items": ref("Ban")})),
            "post": op("Ban the asker of a question: their pending questions hidden, their waiting request for the "
                        "floor removed, their later commands refused with `banned`", tag=tag,
                        body=contract(BanAsker), ok=201, result=obj(ban=ref("Ban")), errors=(400, 401, 403, 404, 409)),
        },
        f"{base}/bans/{{ban_id}}": {
            "parameters": [CODE, BAN_ID],
            "delete": op("Lift a ban: what it hid comes back", tag=tag, result=obj(ban=ref("Ban"))),
        },
        f"{base}/blocklist": {
            "parameters": [CODE],
            "get": op("The event's blocklist (owner and moderators)", tag=tag, result=obj(blocklist=ref("Blocklist"))),
            "put": op("Change the event's blocklist (owner)", tag=tag, body=contract(BlocklistInput),
                       result=obj(blocklist=ref("Blocklist"))),
        },
        f"{base}/moderation/log": {
            "parameters": [CODE],
            "get": op("The moderation log: who did what, when, and why (owner and moderators)", tag=tag,
                       result=obj(log={"type": "array", "items": ref("Operation")})),
        },
        f"{base}/fairness": {
            "parameters": [CODE],
            "get": op("The fairness of the question queue: skips of higher-voted questions with their reasons, "
                       "answered shares of named / anonymous and first-time / repeat askers, answers per agenda "
                       "item (the team)", tag=tag, result=obj(fairness=ref("Fairness")), errors=(401, 403, 404)),
        },
        f"{base}/moderation": {
            "parameters": [CODE],
            "get": op("Moderation counts by reason, for everyone: no texts, no identities", auth=None, tag=tag,
                       result=ref("ModerationCounts"), errors=(404,)),
        },
    }
