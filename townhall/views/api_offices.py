"""JSON API for organizations, their offices, members and invitations (services/organizations.py,
services/office_invitations.py), and the offices' written work on follow-ups (services/office_work.py)."""
from flask import jsonify

from ..contracts import accepts, parse
from ..contracts.offices import Extension, NewOrganization, OfficeName, OrganizationChange, Transfer, WrittenAnswer
from ..services import office_invitations, office_work, organizations
from .api_common import api_blueprint, body, require_user

bp = api_blueprint("api_offices", __name__)


@bp.get("/organizations")
def my_organizations():
    return jsonify({"organizations": organizations.mine(user_id=require_user())})


@bp.post("/organizations")
@accepts(NewOrganization)
def create_organization():
    user_id, data = require_user(), parse(NewOrganization, body())
    return jsonify({"organization": organizations.create_organization(user_id=user_id, name=data.name,
                                                                      slug=data.slug)}), 201


@bp.get("/organizations/<int:organization_id>")
def organization(organization_id):
    return jsonify(organizations.detail(user_id=require_user(), organization_id=organization_id))


@bp.patch("/organizations/<int:organization_id>")
@accepts(OrganizationChange)
def rename_organization(organization_id):
    user_id, data = require_user(), parse(OrganizationChange, body())
    return jsonify({"organization": organizations.rename_organization(
        user_id=user_id, organization_id=organization_id, name=data.name)})


@bp.post("/organizations/<int:organization_id>/offices")
@accepts(OfficeName)
def create_office(organization_id):
    user_id, data = require_user(), parse(OfficeName, body())
    return jsonify({"office": organizations.create_office(user_id=user_id, organization_id=organization_id,
                                                          name=data.name)}), 201


@bp.patch("/offices/<int:office_id>")
@accepts(OfficeName)
def rename_office(office_id):
    user_id, data = require_user(), parse(OfficeName, body())
    return jsonify({"office": organizations.rename_office(user_id=user_id, office_id=office_id, name=data.name)})


@bp.delete("/offices/<int:office_id>")
def delete_office(office_id):
    organizations.delete_office(user_id=require_user(), office_id=office_id)
    return "", 204


@bp.delete("/offices/<int:office_id>/members/<int:member_id>")
def remove_member(office_id, member_id):
    organizations.remove_member(user_id=require_user(), office_id=office_id, member_id=member_id)
    return "", 204


@bp.post("/offices/<int:office_id>/invitations")
def create_invitation(office_id):
    invitation = office_invitations.create_invitation(user_id=require_user(), office_id=office_id)
    return jsonify({"invitation": invitation}), 201


@bp.delete("/office-invitations/<int:invitation_id>")
def revoke_invitation(invitation_id):
    office_invitations.revoke_invitation(user_id=require_user(), invitation_id=invitation_id)
    return "", 204


# --- the offices' work ---------------------------------------------------------------------------

@bp.get("/followups")
def workspace():
    return jsonify(office_work.workspace(user_id=require_user()))


@bp.post("/followups/<int:question_id>/answer")
@accepts(WrittenAnswer)
def answer(question_id):
    user_id, data = require_user(), parse(WrittenAnswer, body())
    return jsonify({"followup": office_work.answer(user_id=user_id, question_id=question_id, text=data.text)})


@bp.patch("/followups/<int:question_id>/answer")
@accepts(WrittenAnswer)
def correct_answer(question_id):
    user_id, data = require_user(), parse(WrittenAnswer, body())
    return jsonify({"followup": office_work.correct_answer(user_id=user_id, question_id=question_id,
                                                           text=data.text)})


@bp.post("/followups/<int:question_id>/transfer")
@accepts(Transfer)
def transfer(question_id):
    user_id, data = require_user(), parse(Transfer, body())
    return jsonify({"followup": office_work.transfer(user_id=user_id, question_id=question_id,
                                                     office_id=data.office_id, note=data.note)})


@bp.post("/followups/<int:question_id>/extend")
@accepts(Extension)
def extend(question_id):
    user_id, data = require_user(), parse(Extension, body())
    return jsonify({"followup": office_work.extend(user_id=user_id, question_id=question_id, due_on=data.due_on,
                                                   reason=data.reason)})
