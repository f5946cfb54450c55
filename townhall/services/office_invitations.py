"""Invitations to an office: the organization's owner makes a one-time link per office; whoever opens it
becomes a member, with the account they are logged in with or one they create there. As with an event's
team (services/roles.py): only the link's hash is stored, it expires after INVITATION_DAYS, the owner can
withdraw it, and it works once."""
from datetime import timedelta
from typing import cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, select, update

from ..errors import Conflict, Forbidden, NotFound
from ..extensions import db
from ..links import base_url
from ..models import Office, OfficeInvitation, OfficeMember, Organization, User, utcnow
from ..serializers import offices as wire
from . import accounts
from .ids import is_id
from .office_permissions import managed_office
from .roles import INVALID_LINK
from .rows import required_row
from .secrets import new_token, token_hash
from .transaction import flush_unique, use_case

INVITATION_DAYS = 7


def invitation_url(token: str) -> str:
    return f"{base_url()}/office-invite/{token}"


def _status(row: OfficeInvitation) -> str:
    if row.revoked_at is not None:
        return "revoked"
    if row.accepted_at is not None:
        return "accepted"
    if row.expires_at <= utcnow():
        return "expired"
    return "open"


def _valid(token) -> OfficeInvitation:
    row = None
    if isinstance(token, str) and token:
        row = db.session.scalars(select(OfficeInvitation).filter_by(token_hash=token_hash(token)).limit(1)).first()
    reason = _status(row) if row else "unknown"
    if row is None or reason != "open":
        code, message = INVALID_LINK[reason]
        raise Forbidden(message, code=code)
    return row


def _member(office_id: int, user_id: int) -> bool:
    return db.session.execute(select(OfficeMember.id).filter_by(office_id=office_id, user_id=user_id)
                              .limit(1)).first() is not None


@use_case
def create_invitation(*, user_id: int, office_id) -> dict:
    """A one-time link; its URL is in the answer and nowhere else."""
    office = managed_office(user_id, office_id)
    token = new_token()
    row = OfficeInvitation(office_id=office.id, token_hash=token_hash(token),
                           expires_at=utcnow() + timedelta(days=INVITATION_DAYS))
    db.session.add(row)
    db.session.flush()
    return wire.office_invitation(row, url=invitation_url(token))


@use_case
def revoke_invitation(*, user_id: int, invitation_id) -> None:
    row = db.session.get(OfficeInvitation, invitation_id) if is_id(invitation_id) else None
    if row is None:
        raise NotFound(_l("No such invitation."), code="invitation_not_found")
    managed_office(user_id, row.office_id)
    if row.accepted_at is not None:
        raise Conflict(_l("This invitation has been accepted already: remove the member instead."),
                       code="invitation_used")
    row.revoked_at = row.revoked_at or utcnow()


def check_invitation(*, token: str, user_id: int | None = None) -> dict:
    """What the invitation page shows; Forbidden with the reason if the link cannot be used."""
    row = _valid(token)
    office = required_row(Office, row.office_id)
    org = required_row(Organization, office.organization_id)
    owner = required_row(User, org.owner_id)
    return {"office_name": office.name, "organization_name": org.name, "owner_name": owner.name,
            "expires_at": row.expires_at,
            "member_already": user_id is not None and _member(office.id, user_id)}


@use_case
def accept_invitation(*, token: str, user_id: int) -> str:
    """Make user_id a member of the invitation's office (once); returns the office's name."""
    row = _valid(token)
    claimed = cast(CursorResult, db.session.execute(
        update(OfficeInvitation)
        .where(OfficeInvitation.id == row.id, OfficeInvitation.accepted_at.is_(None),
               OfficeInvitation.revoked_at.is_(None))
        .values(accepted_at=utcnow(), accepted_by=user_id)
        .execution_options(synchronize_session=False)
    )).rowcount
    if not claimed:
        raise Forbidden(INVALID_LINK["accepted"][1], code=INVALID_LINK["accepted"][0])
    office = required_row(Office, row.office_id)
    if not _member(office.id, user_id):
        flush_unique(OfficeMember(office_id=office.id, user_id=user_id),
                     Conflict(_l("You are a member of this office already."), code="already_member"))
    return office.name


@use_case
def accept_with_new_account(*, token: str, name, email, password) -> int:
    """Create an account and accept the invitation with it, in one transaction."""
    _valid(token)  # a dead link creates no account
    user_id = accounts.create_organizer(email=email, name=name, password=password)
    accept_invitation(token=token, user_id=user_id)
    return user_id
