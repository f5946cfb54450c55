"""OpenAPI paths and schemas for the roles API (merged by openapi/__init__.py)."""
SCHEMAS: dict = {}


def paths() -> dict:
    return {}
