"""OpenAPI paths for the public follow-up tracker (views/tracker.py; merged by openapi/__init__.py)."""
from .build import CODE, op, ref

SCHEMAS: dict = {}

FILTERS = [
    {"name": "office", "in": "query", "schema": {"type": "string"},
     "description": "An office's name (any capitals) or id; one that names nothing: 400 invalid_filter"},
    {"name": "status", "in": "query", "schema": {"enum": ["open", "overdue", "answered", "closed"]},
     "description": "open = referred, deferred or reopened; overdue = referred and past the due date in force"},
]
SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"},
        "description": "The organization's address name"}


def paths() -> dict:
    tag = "followup"
    return {
        "/api/events/{code}/followups": {
            "parameters": [CODE, *FILTERS],
            "get": op("The event's public follow-up tracker: every followed-up question with status, age, office, "
                      "due date, answer and history; the response-time figures per office; the open-vs-answered "
                      "series (docs/followup.md)", auth=None, tag=tag, result=ref("Tracker"), errors=(400, 404)),
        },
        "/api/organizations/{slug}/followups": {
            "parameters": [SLUG, *FILTERS],
            "get": op("The organization's public follow-up tracker across its events, newest event first",
                      auth=None, tag=tag, result=ref("Tracker"), errors=(400, 404)),
        },
    }
