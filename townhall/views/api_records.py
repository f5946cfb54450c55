"""JSON API for records (see services/records.py): notes, decisions and action items per agenda item."""
from flask import jsonify

from ..services import records
from .api_common import api_blueprint, body, fields, require_user

bp = api_blueprint("api_records", __name__)

ITEM = "/events/<code>/agenda/<int:item_id>"


@bp.get("/events/<code>/records")
def list_records(code):
    return jsonify(records.event_records(code=code, user_id=require_user()))


@bp.put(f"{ITEM}/notes")
def save_notes(code, item_id):
    user_id, data = require_user(), body()
    notes = records.save_notes(code=code, user_id=user_id, item_id=item_id,
                               text=data.get("text"), base_version=data.get("base_version"))
    return jsonify({"notes": notes})


@bp.post(f"{ITEM}/decisions")
def add_decision(code, item_id):
    user_id, data = require_user(), body()
    decision = records.add_decision(code=code, user_id=user_id, item_id=item_id,
                                    text=data.get("text"), vote_result=data.get("vote_result", ""))
    return jsonify({"decision": decision}), 201


@bp.patch("/events/<code>/decisions/<int:decision_id>")
def update_decision(code, decision_id):
    decision = records.update_decision(code=code, user_id=require_user(), decision_id=decision_id,
                                       **fields("code", "user_id", "decision_id"))
    return jsonify({"decision": decision})


@bp.delete("/events/<code>/decisions/<int:decision_id>")
def delete_decision(code, decision_id):
    records.delete_decision(code=code, user_id=require_user(), decision_id=decision_id)
    return "", 204


@bp.post(f"{ITEM}/actions")
def add_action(code, item_id):
    user_id, data = require_user(), body()
    action = records.add_action(code=code, user_id=user_id, item_id=item_id, what=data.get("what"),
                                owner=data.get("owner", ""), due_date=data.get("due_date"))
    return jsonify({"action": action}), 201


@bp.patch("/events/<code>/actions/<int:action_id>")
def update_action(code, action_id):
    action = records.update_action(code=code, user_id=require_user(), action_id=action_id,
                                   **fields("code", "user_id", "action_id"))
    return jsonify({"action": action})


@bp.delete("/events/<code>/actions/<int:action_id>")
def delete_action(code, action_id):
    records.delete_action(code=code, user_id=require_user(), action_id=action_id)
    return "", 204
