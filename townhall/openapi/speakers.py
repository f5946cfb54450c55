"""OpenAPI paths and schemas for the speakers API (merged by openapi/__init__.py)."""
SCHEMAS: dict = {}


def paths() -> dict:
    return {}
