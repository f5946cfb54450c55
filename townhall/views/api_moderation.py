"""JSON API for moderation (services/bans.py, blocklists.py, moderation_log.py): banning the asker of a
question and lifting it, the event's blocklist, the moderation log, the public counts and the fairness of
the queue (services/fairness.py)."""
from flask import jsonify

from ..contracts import accepts, parse
from ..contracts.moderation import BanAsker, BlocklistInput
from ..services import bans, blocklists, fairness, moderation_log
from .api_common import api_blueprint, body, require_user

bp = api_blueprint("api_moderation", __name__)


@bp.get("/events/<code>/bans")
def ban_list(code):
    return jsonify({"bans": bans.listing(code=code, user_id=require_user())})


@bp.post("/events/<code>/bans")
@accepts(BanAsker)
def ban(code):
    data = parse(BanAsker, body())
    return jsonify({"ban": bans.ban(code=code, user_id=require_user(), question_id=data.question_id,
                                    reason=data.reason)}), 201


@bp.delete("/events/<code>/bans/<int:ban_id>")
def unban(code, ban_id):
    return jsonify({"ban": bans.unban(code=code, user_id=require_user(), ban_id=ban_id)})


@bp.get("/events/<code>/blocklist")
def blocklist(code):
    return jsonify({"blocklist": blocklists.get(code=code, user_id=require_user())})


@bp.put("/events/<code>/blocklist")
@accepts(BlocklistInput)
def change_blocklist(code):
    user_id, data = require_user(), parse(BlocklistInput, body())
    return jsonify({"blocklist": blocklists.update(code=code, user_id=user_id, **data.given())})


@bp.get("/events/<code>/moderation/log")
def moderation_entries(code):
    return jsonify({"log": moderation_log.log(code=code, user_id=require_user())})


@bp.get("/events/<code>/moderation")
def moderation_counts(code):
    """Public: counts by reason, no texts, no identities."""
    return jsonify(moderation_log.public_summary(code=code))


@bp.get("/events/<code>/fairness")
def fairness_figures(code):
    return jsonify({"fairness": fairness.figures(code=code, user_id=require_user())})
