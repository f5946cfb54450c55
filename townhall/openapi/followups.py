"""OpenAPI paths for following questions up: refer, defer, close, the end-of-meeting review and its one step,
and the offices of the event's organization."""
from ..contracts.followups import Close, Defer, Refer, Resolve
from .build import CODE, QID, contract, obj, op, ref

SCHEMAS: dict = {}
STEP = obj(question=ref("QuestionForModerators"), followup=ref("Followup"))
ERRORS = (400, 401, 403, 404, 409)


def paths() -> dict:
    tag = "followups"
    base = "/api/events/{code}"
    question = f"{base}/questions/{{question_id}}"
    defer = op("Defer a question (e.g. to the next meeting): it stays unanswered", tag=tag, result=STEP,
               errors=ERRORS)
    defer["requestBody"] = {"required": False, "content": {"application/json": {"schema": contract(Defer)}}}
    return {
        f"{base}/offices": {
            "parameters": [CODE],
            "get": op("The offices of the event's organization (the event's team)", tag=tag,
                      result=obj(organization={"anyOf": [obj(id={"type": "integer"}, name={"type": "string"},
                                                             slug={"type": "string"}), {"type": "null"}]},
                                 offices={"type": "array", "items": ref("OfficeOption")})),
        },
        f"{question}/refer": {
            "parameters": [CODE, QID],
            "post": op("Refer a question to an office with a due date (409 no_organization: the event has no "
                       "organization; 404 office_not_found; 400 invalid_due_date)", tag=tag, body=contract(Refer),
                       result=STEP, errors=ERRORS),
        },
        f"{question}/defer": {"parameters": [CODE, QID], "post": defer},
        f"{question}/close": {
            "parameters": [CODE, QID],
            "post": op("Close a question without an answer; the reason is public", tag=tag, body=contract(Close),
                       result=STEP, errors=ERRORS),
        },
        f"{base}/followups/review": {
            "parameters": [CODE, {"name": "min_votes", "in": "query", "schema": {"type": "integer", "minimum": 0},
                                  "description": "The vote threshold (default 1)"}],
            "get": op("The end-of-meeting review: unanswered questions without a follow-up, split by votes",
                      tag=tag, result=ref("FollowupReview")),
        },
        f"{base}/followups/resolve": {
            "parameters": [CODE],
            "post": op("The review in one step: refer some questions, close the others with a reason; all or "
                       "nothing (a refused item is named in the error's field, e.g. refer[2].due_on)", tag=tag,
                       body=contract(Resolve),
                       result=obj(referred={"type": "array", "items": ref("Followup")},
                                  closed={"type": "array", "items": ref("Followup")}), errors=ERRORS),
        },
    }
