"""Wire format of an event's team: the owner, members with roles, invitations."""
from . import iso


def owner(user) -> dict:
    return {"user_id": user.id, "name": user.name, "email": user.email, "role": "owner", "since": None}


def member(role_row) -> dict:
    return {"user_id": role_row.user_id, "name": role_row.user.name, "email": role_row.user.email,
            "role": role_row.role, "since": iso(role_row.created_at)}


def invitation(inv, *, status: str, url: str | None = None) -> dict:
    body = {"id": inv.id, "role": inv.role, "status": status, "created_at": iso(inv.created_at),
            "expires_at": iso(inv.expires_at)}
    if url:
        body["url"] = url  # only when created: the database keeps the hash alone
    return body
