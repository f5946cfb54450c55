"""JSON API for the agenda, the run of show and agenda templates (see services/agenda.py).

Writes answer {seq, agenda} (plus item_id / item_ids where items were made): the
agenda as of that change and the sequence number its agenda:changed message carries.
"""
from flask import jsonify

from ..contracts import accepts, parse
from ..contracts.agenda import AgendaItemInput, Apply, Reorder, RunStep, TemplateName
from ..services import agenda
from .api_common import api_blueprint, body, fields, optional_body, require_user

bp = api_blueprint("api_agenda", __name__)


@bp.get("/events/<code>/agenda")
def get_agenda(code):
    return jsonify({"agenda": agenda.agenda_of(code=code)})


@bp.post("/events/<code>/agenda/items")
@accepts(AgendaItemInput)
def add_item(code):
    return jsonify(agenda.add_item(code=code, user_id=require_user(), **fields("code", "user_id"))), 201


@bp.patch("/events/<code>/agenda/items/<int:item_id>")
@accepts(AgendaItemInput)
def update_item(code, item_id):
    return jsonify(agenda.update_item(code=code, user_id=require_user(), item_id=item_id,
                                      **fields("code", "user_id", "item_id")))


@bp.delete("/events/<code>/agenda/items/<int:item_id>")
def delete_item(code, item_id):
    return jsonify(agenda.delete_item(code=code, user_id=require_user(), item_id=item_id))


@bp.put("/events/<code>/agenda/order")
@accepts(Reorder)
def reorder(code):
    return jsonify(agenda.reorder(code=code, user_id=require_user(), item_ids=parse(Reorder, body()).item_ids))


@bp.post("/events/<code>/agenda/run/<any(" + ",".join(agenda.ACTIONS) + "):action>")
@accepts(RunStep)
def run(code, action):
    step = optional_body(RunStep)
    return jsonify(agenda.run(code=code, user_id=require_user(), action=action, item_id=step.item_id))


@bp.post("/events/<code>/agenda/template")
@accepts(TemplateName)
def save_template(code):
    template = agenda.save_template(code=code, user_id=require_user(), name=parse(TemplateName, body()).name)
    return jsonify({"template": template}), 201


@bp.post("/events/<code>/agenda/apply")
@accepts(Apply)
def apply(code):
    data = parse(Apply, body())
    return jsonify(agenda.apply(code=code, user_id=require_user(), template_id=data.template_id,
                                from_event=data.from_event))


@bp.get("/agenda-templates")
def list_templates():
    return jsonify({"templates": agenda.list_templates(user_id=require_user())})


@bp.delete("/agenda-templates/<int:template_id>")
def delete_template(template_id):
    agenda.delete_template(user_id=require_user(), template_id=template_id)
    return "", 204
