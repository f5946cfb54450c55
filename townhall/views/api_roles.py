"""JSON API for roles (see services/roles.py): the team of an event and invitations; the operation log of
what the team did (services/operations.py)."""
from flask import jsonify, request

from ..contracts import accepts, parse
from ..contracts.people import NewMember, RoleChange
from ..services import operations, roles
from .api_common import api_blueprint, body, require_user

bp = api_blueprint("api_roles", __name__)


@bp.get("/events/<code>/team")
def team(code):
    return jsonify(roles.team(code=code, user_id=require_user()))


@bp.post("/events/<code>/team")
@accepts(NewMember)
def add_member(code):
    user_id, data = require_user(), parse(NewMember, body())
    member = roles.add_member(code=code, user_id=user_id, email=data.email, role=data.role)
    return jsonify({"member": member}), 201


@bp.patch("/events/<code>/team/<int:member_id>")
@accepts(RoleChange)
def change_role(code, member_id):
    role = parse(RoleChange, body()).role
    member = roles.change_role(code=code, user_id=require_user(), member_id=member_id, role=role)
    return jsonify({"member": member})


@bp.delete("/events/<code>/team/<int:member_id>")
def revoke_member(code, member_id):
    roles.revoke_member(code=code, user_id=require_user(), member_id=member_id)
    return "", 204


@bp.post("/events/<code>/invitations")
@accepts(RoleChange)
def create_invitation(code):
    invitation = roles.create_invitation(code=code, user_id=require_user(), role=parse(RoleChange, body()).role)
    return jsonify({"invitation": invitation}), 201


@bp.delete("/events/<code>/invitations/<int:invitation_id>")
def revoke_invitation(code, invitation_id):
    roles.revoke_invitation(code=code, user_id=require_user(), invitation_id=invitation_id)
    return "", 204


@bp.get("/events/<code>/operations")
def operation_log(code):
    return jsonify(operations.recent(code=code, user_id=require_user(), before=request.args.get("before", type=int),
                                     limit=request.args.get("limit", operations.PAGE_SIZE, type=int)))
