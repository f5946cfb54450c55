"""Wire format of organizations, their offices, office members and invitations."""
from . import iso


def organization(org) -> dict:
    return {"id": org.id, "slug": org.slug, "name": org.name, "created_at": iso(org.created_at)}


def office(row, *, open_followups: int = 0) -> dict:
    return {"id": row.id, "organization_id": row.organization_id, "name": row.name,
            "open_followups": open_followups}


def office_member(user, since) -> dict:
    return {"user_id": user.id, "name": user.name, "email": user.email, "since": iso(since)}


def office_invitation(inv, *, url: str | None = None) -> dict:
    body = {"id": inv.id, "office_id": inv.office_id, "created_at": iso(inv.created_at),
            "expires_at": iso(inv.expires_at)}
    if url:
        body["url"] = url  # only when created: the database keeps the hash alone
    return body
