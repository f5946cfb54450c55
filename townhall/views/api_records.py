"""JSON API for records (see services/records.py): notes, decisions and action items per agenda item."""
from flask import jsonify

from ..contracts import accepts, parse
from ..contracts.records import ActionItemInput, DecisionInput, NotesInput
from ..services import records
from .api_common import api_blueprint, body, fields, require_user

bp = api_blueprint("api_records", __name__)

ITEM = "/events/<code>/agenda/<int:item_id>"


@bp.get("/events/<code>/records")
def list_records(code):
    return jsonify(records.event_records(code=code, user_id=require_user()))


@bp.put(f"{ITEM}/notes")
@accepts(NotesInput)
def save_notes(code, item_id):
    user_id, data = require_user(), parse(NotesInput, body())
    notes = records.save_notes(code=code, user_id=user_id, item_id=item_id, text=data.text,
                               base_version=data.base_version)
    return jsonify({"notes": notes})


@bp.post(f"{ITEM}/decisions")
@accepts(DecisionInput)
def add_decision(code, item_id):
    user_id, data = require_user(), parse(DecisionInput, body())
    decision = records.add_decision(code=code, user_id=user_id, item_id=item_id, text=data.text,
                                    vote_result=data.vote_result or "")
    return jsonify({"decision": decision}), 201


@bp.patch("/events/<code>/decisions/<int:decision_id>")
@accepts(DecisionInput)
def update_decision(code, decision_id):
    decision = records.update_decision(code=code, user_id=require_user(), decision_id=decision_id,
                                       **fields("code", "user_id", "decision_id"))
    return jsonify({"decision": decision})


@bp.delete("/events/<code>/decisions/<int:decision_id>")
def delete_decision(code, decision_id):
    records.delete_decision(code=code, user_id=require_user(), decision_id=decision_id)
    return "", 204


@bp.post(f"{ITEM}/actions")
@accepts(ActionItemInput)
def add_action(code, item_id):
    user_id, data = require_user(), parse(ActionItemInput, body())
    action = records.add_action(code=code, user_id=user_id, item_id=item_id, what=data.what,
                                owner=data.owner or "", due_date=data.due_date)
    return jsonify({"action": action}), 201


@bp.patch("/events/<code>/actions/<int:action_id>")
@accepts(ActionItemInput)
def update_action(code, action_id):
    action = records.update_action(code=code, user_id=require_user(), action_id=action_id,
                                   **fields("code", "user_id", "action_id"))
    return jsonify({"action": action})


@bp.delete("/events/<code>/actions/<int:action_id>")
def delete_action(code, action_id):
    records.delete_action(code=code, user_id=require_user(), action_id=action_id)
    return "", 204
