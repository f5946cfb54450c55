"""OpenAPI paths and schemas for the roles API (merged by openapi/__init__.py)."""
from ..contracts.people import NewMember, RoleChange
from ..models import ROLES
from ..services.operations import PAGE_SIZE
from ..services.roles import INVITATION_DAYS
from .build import CODE, contract, obj, op, ref

MEMBER_ID = {"name": "member_id", "in": "path", "required": True, "schema": {"type": "integer"},
             "description": "The member's user id"}
INVITATION_ID = {"name": "invitation_id", "in": "path", "required": True, "schema": {"type": "integer"}}
ROLE = {"enum": list(ROLES)}

SCHEMAS = {
    "Invitation": obj(
        id={"type": "integer"}, role=ROLE, status={"enum": ["open", "accepted", "revoked", "expired"]},
        created_at={"type": "string", "format": "date-time"}, expires_at={"type": "string", "format": "date-time"},
        url={"type": "string", "description": "The one-time link /invite/<token>: in the creating answer only"},
    ),
    "Operation": obj(
        id={"type": "integer"}, at={"type": "string", "format": "date-time", "description": "UTC"},
        actor=obj(id={"type": ["integer", "null"],
                      "description": "The organizer account (null: since deleted, or retention)"},
                  name={"type": "string", "description": "Its name at the time"}),
        action={"type": "string", "description": "e.g. publish, reject, merge, change_role, save_draft, finalize, "
                                                 "archive_export"},
        targets={"type": "object", "additionalProperties": {"type": "integer"},
                 "description": "The ids acted on, e.g. {\"question_id\": 4}"},
        detail={"type": "string", "description": "Short: a reason, a role, the fields saved"},
    ),
    "Team": obj(
        owner=ref("Member"), members={"type": "array", "items": ref("Member")},
        can_manage={"type": "boolean", "description": "True for the owner"},
        invitations={"type": "array", "items": ref("Invitation"), "description": "Open ones; owner only"},
    ),
}


def paths() -> dict:
    tag = "team"
    return {
        "/api/events/{code}/team": {
            "parameters": [CODE],
            "get": op("The event's owner and co-organizers (and, for the owner, open invitations)", tag=tag,
                      result=ref("Team"), errors=(401, 403, 404)),
            "post": op("Give an existing organizer account a role (owner only); 404 account_not_found if no "
                       "account uses the e-mail", tag=tag, body=contract(NewMember), ok=201,
                       result=obj(member=ref("Member")), errors=(400, 401, 403, 404, 409)),
        },
        "/api/events/{code}/team/{member_id}": {
            "parameters": [CODE, MEMBER_ID],
            "patch": op("Change a member's role (owner only)", tag=tag, body=contract(RoleChange),
                        result=obj(member=ref("Member"))),
            "delete": op("Remove a member from the team and disconnect their live pages (owner only)", tag=tag,
                         ok=204, errors=(401, 403, 404)),
        },
        "/api/events/{code}/invitations": {
            "parameters": [CODE],
            "post": op(f"Create a one-time invitation link, valid {INVITATION_DAYS} days (owner only)", tag=tag,
                       body=contract(RoleChange), ok=201, result=obj(invitation=ref("Invitation"))),
        },
        "/api/events/{code}/operations": {
            "parameters": [CODE,
                           {"name": "before", "in": "query", "required": False, "schema": {"type": "integer"},
                            "description": "An entry id: the page of older entries (next_before of the last page)"},
                           {"name": "limit", "in": "query", "required": False,
                            "schema": {"type": "integer", "minimum": 1, "maximum": PAGE_SIZE, "default": PAGE_SIZE}}],
            "get": op("The operation log: who did which moderation, team, minutes or archive action, newest first "
                      "(owner and moderators)", tag=tag,
                      result=obj(operations={"type": "array", "items": ref("Operation")},
                                 next_before={"type": ["integer", "null"]}), errors=(400, 401, 403, 404)),
        },
        "/api/events/{code}/invitations/{invitation_id}": {
            "parameters": [CODE, INVITATION_ID],
            "delete": op("Withdraw an invitation link (owner only)", tag=tag, ok=204,
                         errors=(401, 403, 404, 409)),
        },
    }
