"""JSON API for the agenda, the run of show and agenda templates (see services/agenda.py).

Writes answer {seq, agenda} (plus item_id / item_ids where items were made): the
agenda as of that change and the sequence number its agenda:changed message carries.
"""
from flask import jsonify, request

from ..errors import InvalidInput
from ..services import agenda
from .api_common import api_blueprint, body, fields, require_user

bp = api_blueprint("api_agenda", __name__)


@bp.get("/events/<code>/agenda")
def get_agenda(code):
    return jsonify({"agenda": agenda.agenda_of(code=code)})


@bp.post("/events/<code>/agenda/items")
def add_item(code):
    return jsonify(agenda.add_item(code=code, user_id=require_user(), **fields("code", "user_id"))), 201


@bp.patch("/events/<code>/agenda/items/<int:item_id>")
def update_item(code, item_id):
    return jsonify(agenda.update_item(code=code, user_id=require_user(), item_id=item_id,
                                      **fields("code", "user_id", "item_id")))


@bp.delete("/events/<code>/agenda/items/<int:item_id>")
def delete_item(code, item_id):
    return jsonify(agenda.delete_item(code=code, user_id=require_user(), item_id=item_id))


@bp.put("/events/<code>/agenda/order")
def reorder(code):
    return jsonify(agenda.reorder(code=code, user_id=require_user(), item_ids=body().get("item_ids")))


@bp.post("/events/<code>/agenda/run/<any(" + ",".join(agenda.ACTIONS) + "):action>")
def run(code, action):
    data = request.get_json(silent=True) if request.get_data() else {}
    if not isinstance(data, dict):
        raise InvalidInput("The request body must be a JSON object.", code="invalid_json")
    return jsonify(agenda.run(code=code, user_id=require_user(), action=action, item_id=data.get("item_id")))


@bp.post("/events/<code>/agenda/template")
def save_template(code):
    template = agenda.save_template(code=code, user_id=require_user(), name=body().get("name"))
    return jsonify({"template": template}), 201


@bp.post("/events/<code>/agenda/apply")
def apply(code):
    data = body()
    return jsonify(agenda.apply(code=code, user_id=require_user(), template_id=data.get("template_id"),
                                from_event=data.get("from_event")))


@bp.get("/agenda-templates")
def list_templates():
    return jsonify({"templates": agenda.list_templates(user_id=require_user())})


@bp.delete("/agenda-templates/<int:template_id>")
def delete_template(template_id):
    agenda.delete_template(user_id=require_user(), template_id=template_id)
    return "", 204
