"""Small builders for OpenAPI operations, shared by every part of the document."""

ERROR = {"$ref": "#/components/schemas/Error"}


def op(summary, *, body=None, ok=200, result=None, auth="organizer", errors=(400, 401, 403, 404), tag="events"):
    op = {"summary": summary, "tags": [tag], "responses": {}}
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    op["responses"][str(ok)] = (
        {"description": "OK", "content": {"application/json": {"schema": result}}} if result else {"description": "OK"}
    )
    for status in errors:
        op["responses"][str(status)] = {"description": "Error", "content": {"application/json": {"schema": ERROR}}}
    if auth == "organizer":
        op["security"] = [{"bearer": []}, {"session": []}]
    elif auth == "attendee":
        op["security"] = [{"session": []}]
        op["description"] = "Needs the attendee cookie set by the join call."
    return op


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def contract(model) -> dict:
    """A command's input model (townhall/contracts) as the body schema: a reference to its JSON
    Schema, which contract_schemas() puts among the components."""
    CONTRACTS[model.__name__] = model
    return ref(model.__name__)


CONTRACTS: dict = {}


def contract_schemas() -> dict:
    """The components: each input model's schema with those of the models nested in it (the
    archive's sections), and the replies' (townhall/contracts/replies.py) with the models they
    nest, each under its own name; a name given to two different schemas is an error."""
    from pydantic.json_schema import models_json_schema

    from ..contracts import json_schema, nested_schemas
    from ..contracts.replies import REPLIES

    _, replies = models_json_schema([(model, "serialization") for model in REPLIES],
                                    ref_template="#/components/schemas/{model}")
    schemas: dict = {}
    parts = [{**nested_schemas(model), name: json_schema(model)} for name, model in CONTRACTS.items()]
    for part, schema in (item for named in (*parts, replies["$defs"]) for item in named.items()):
        if schemas.setdefault(part, schema) != schema:
            raise ValueError(f"Two schemas are named {part}")
    return schemas


def obj(**props):
    return {"type": "object", "properties": props}


CODE = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}, "description": "Join code"}
QID = {"name": "question_id", "in": "path", "required": True, "schema": {"type": "integer"}}
