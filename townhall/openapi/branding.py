"""OpenAPI paths for an event's logo (merged by openapi/__init__.py)."""
from .build import CODE, ERROR, obj, op

SCHEMAS: dict = {}


def paths() -> dict:
    tag = "events"
    upload = op("Set the event's logo (settings permission): a PNG, JPEG or WebP of at most 512 KB, as the raw "
                "body or the multipart field logo; checked, re-encoded as a PNG of at most 400 px and shown on "
                "the phone page, projector, poster and minutes. 400 invalid_image; 413 too_large",
                tag=tag, result=obj(logo_url={"type": "string"}), errors=(400, 401, 403, 404, 413))
    upload["requestBody"] = {"required": True, "content": {
        "image/png": {"schema": {"type": "string", "format": "binary"}},
        "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
        "image/webp": {"schema": {"type": "string", "format": "binary"}},
        "multipart/form-data": {"schema": obj(logo={"type": "string", "format": "binary"})},
    }}
    upload["responses"]["413"] = {"description": "The image is larger than 512 KB",
                                  "content": {"application/json": {"schema": ERROR}}}
    remove = op("Remove the event's logo (settings permission); 404 logo_not_found without one", tag=tag, ok=204,
                errors=(401, 403, 404))
    return {"/api/events/{code}/logo": {"parameters": [CODE], "put": upload, "delete": remove}}
