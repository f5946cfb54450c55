"""OpenAPI paths for similar questions (merged by openapi/__init__.py)."""
from .build import CODE, obj, op, ref

SCHEMAS: dict = {}


def paths() -> dict:
    return {
        "/api/events/{code}/similar": {
            "parameters": [CODE, {"name": "text", "in": "query", "required": True, "schema": {"type": "string"},
                                  "description": "What the phone's person is typing (at most QUESTION_MAX_LENGTH "
                                                 "characters)"}],
            "get": op("Published questions like a question being typed (up to 3, best first), to upvote instead "
                      "of asking again; rate-limited per phone", auth="attendee", tag="attendees",
                      result=obj(questions={"type": "array", "items": ref("SuggestedQuestion")}),
                      errors=(400, 401, 404, 409, 429)),
        },
    }
