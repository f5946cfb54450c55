"""OpenAPI paths for the asker's receipt and their verdict on a written answer."""
from ..contracts.receipts import Verdict
from .build import CODE, QID, contract, obj, op, ref

KEY = {"name": "key", "in": "path", "required": True, "schema": {"type": "string"},
       "description": "The receipt link's secret key (shown only to the asker's phone)"}
SCHEMAS: dict = {}


def paths() -> dict:
    tag = "attendees"
    verdict = ("Say whether the written answer answered the question: yes, partly or no, once (409 feedback_given "
               "after that; 409 not_answered before a written answer; 404 question_not_found for another "
               "asker's question)")
    return {
        "/api/events/{code}/mine": {
            "parameters": [CODE],
            "get": op("This phone's receipt: its questions with where they stand, their answers and history; "
                      "made on the first call, with the link to keep", auth="attendee", tag=tag,
                      result=obj(receipt=ref("Receipt")), errors=(401, 404)),
        },
        "/api/receipts/{key}": {
            "parameters": [KEY],
            "get": op("A receipt by its link's key", auth=None, tag=tag, result=obj(receipt=ref("Receipt")),
                      errors=(404,)),
        },
        "/api/events/{code}/mine/questions/{question_id}/feedback": {
            "parameters": [CODE, QID],
            "post": op(verdict, auth="attendee", tag=tag, body=contract(Verdict),
                       result=obj(question=ref("MyQuestion")), errors=(400, 401, 403, 404, 409)),
        },
        "/api/receipts/{key}/questions/{question_id}/feedback": {
            "parameters": [KEY, QID],
            "post": op(verdict, auth=None, tag=tag, body=contract(Verdict),
                       result=obj(question=ref("MyQuestion")), errors=(400, 403, 404, 409)),
        },
    }
