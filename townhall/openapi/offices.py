"""OpenAPI paths for organizations, offices and the offices' work (merged by openapi/__init__.py);
the answers' schemas are reply models (contracts/replies.py)."""
from ..contracts.offices import Extension, NewOrganization, OfficeName, OrganizationChange, Transfer, WrittenAnswer
from ..services.office_invitations import INVITATION_DAYS
from .build import contract, obj, op, ref

SCHEMAS: dict = {}


def _id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


ORG, OFFICE, QUESTION = _id("organization_id"), _id("office_id"), _id("question_id")
MEMBER, INVITATION = _id("member_id"), _id("invitation_id")
FOLLOWUP = obj(followup=ref("Followup"))
STEP_ERRORS = (400, 401, 403, 404, 409)


def paths() -> dict:
    tag, work = "organizations", "offices"
    return {
        "/api/organizations": {
            "get": op("The organizations I own", tag=tag,
                      result=obj(organizations={"type": "array", "items": ref("Organization")}), errors=(401,)),
            "post": op("Create an organization (I own it); 409 slug_taken", tag=tag, body=contract(NewOrganization),
                       ok=201, result=obj(organization=ref("Organization")), errors=(400, 401, 409)),
        },
        "/api/organizations/{organization_id}": {
            "parameters": [ORG],
            "get": op("An organization with its offices, their members and open invitations (owner only)",
                      tag=tag, result=ref("OrganizationDetail"), errors=(401, 403, 404)),
            "patch": op("Rename an organization (owner only)", tag=tag, body=contract(OrganizationChange),
                        result=obj(organization=ref("Organization"))),
        },
        "/api/organizations/{organization_id}/offices": {
            "parameters": [ORG],
            "post": op("Create an office (owner only); 409 office_name_taken", tag=tag, body=contract(OfficeName),
                       ok=201, result=obj(office=ref("Office")), errors=(400, 401, 403, 404, 409)),
        },
        "/api/offices/{office_id}": {
            "parameters": [OFFICE],
            "patch": op("Rename an office (the organization's owner); 409 office_name_taken", tag=tag,
                        body=contract(OfficeName), result=obj(office=ref("Office")),
                        errors=(400, 401, 403, 404, 409)),
            "delete": op("Delete an office no follow-up was left with (else 409 office_in_use)", tag=tag, ok=204,
                         errors=(401, 403, 404, 409)),
        },
        "/api/offices/{office_id}/members/{member_id}": {
            "parameters": [OFFICE, MEMBER],
            "delete": op("Remove a member from an office (the organization's owner)", tag=tag, ok=204,
                         errors=(401, 403, 404)),
        },
        "/api/offices/{office_id}/invitations": {
            "parameters": [OFFICE],
            "post": op(f"Create a one-time link that makes its user a member of the office, valid "
                       f"{INVITATION_DAYS} days (the organization's owner)", tag=tag, ok=201,
                       result=obj(invitation=ref("OfficeInvitation")), errors=(401, 403, 404)),
        },
        "/api/office-invitations/{invitation_id}": {
            "parameters": [INVITATION],
            "delete": op("Withdraw an office invitation (the organization's owner)", tag=tag, ok=204,
                         errors=(401, 403, 404, 409)),
        },
        "/api/followups": {
            "get": op("My offices' follow-ups (an organization's owner: all its offices'), open ones first", tag=work,
                      result=ref("Workspace"), errors=(401,)),
        },
        "/api/followups/{question_id}/answer": {
            "parameters": [QUESTION],
            "post": op("Answer in writing (an office member or the organization's owner); published at once",
                       tag=work, body=contract(WrittenAnswer), result=FOLLOWUP, errors=STEP_ERRORS),
            "patch": op("Correct the written answer (the time of the first answer stays)", tag=work,
                        body=contract(WrittenAnswer), result=FOLLOWUP, errors=STEP_ERRORS),
        },
        "/api/followups/{question_id}/transfer": {
            "parameters": [QUESTION],
            "post": op("Transfer to another office of the same organization (the clock keeps running)", tag=work,
                       body=contract(Transfer), result=FOLLOWUP, errors=STEP_ERRORS),
        },
        "/api/followups/{question_id}/extend": {
            "parameters": [QUESTION],
            "post": op("Ask for more time: a later due date, with a public reason", tag=work,
                       body=contract(Extension), result=FOLLOWUP, errors=STEP_ERRORS),
        },
    }
