"""Co-organizers: roles on an event, invitations by link or by account, revocation.

Only the owner manages the team (capability "team"); the owner is never a member with a
role on their own event. An invitation link works once, for INVITATION_DAYS; only its
hash is stored. Changes to the members bump the event's sequence and reach the organizers
as "team:changed" {seq, members}; the room only sees the sequence move on.
"""
from datetime import timedelta
from typing import cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, select, update

from ..errors import Conflict, Forbidden, InvalidInput, NotFound
from ..extensions import db
from ..links import base_url
from ..models import ROLES, Event, EventRole, Invitation, User, utcnow
from ..realtime import broadcast
from ..serializers import roles as wire
from . import accounts, operations, permissions, presence
from .events import bump_seq, get_event
from .ids import is_id
from .rows import required_row
from .secrets import new_token, token_hash
from .transaction import flush_unique, on_commit, use_case

INVITATION_DAYS = 7
ROLE_LABELS = {"moderator": _l("Moderator"), "note_taker": _l("Note-taker"), "presenter": _l("Presenter")}

INVALID_LINK = {
    "unknown": ("invitation_invalid", _l("This invitation link is not valid. Check that you have the whole link, "
                                         "or ask the organizer for a new one.")),
    "accepted": ("invitation_used", _l("This invitation link has been used already. Each link works once: "
                                       "ask the organizer for a new one.")),
    "revoked": ("invitation_revoked", _l("The organizer has withdrawn this invitation.")),
    "expired": ("invitation_expired", _l("This invitation link has expired. Ask the organizer for a new one.")),
}


# --- reading ---------------------------------------------------------------------

def _role_row(event_id: int, user_id: int) -> EventRole | None:
    return db.session.scalars(select(EventRole).filter_by(event_id=event_id, user_id=user_id).limit(1)).first()


def _members(event_id: int) -> list[dict]:
    rows = db.session.scalars(select(EventRole).filter_by(event_id=event_id)
                              .order_by(EventRole.created_at, EventRole.id)).all()
    return [wire.member(row) for row in rows]


def _status(invitation: Invitation, now=None) -> str:
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.expires_at <= (now or utcnow()):
        return "expired"
    return "open"


def _open_invitations(event_id: int) -> list[dict]:
    now = utcnow()
    rows = db.session.scalars(
        select(Invitation)
        .where(Invitation.event_id == event_id, Invitation.accepted_at.is_(None),
               Invitation.revoked_at.is_(None), Invitation.expires_at > now)
        .order_by(Invitation.id)).all()
    return [wire.invitation(row, status="open") for row in rows]


def team(*, code: str, user_id: int) -> dict:
    """The team as its members see it; open invitations only for the owner."""
    event = get_event(code)
    permissions.require(user_id, event, "view")
    manage = permissions.can(user_id, event, "team")
    body = {"owner": wire.owner(event.owner), "members": _members(event.id), "can_manage": manage}
    if manage:
        body["invitations"] = _open_invitations(event.id)
    return body


# --- checks ----------------------------------------------------------------------

def _manageable(code: str, user_id: int) -> Event:
    event = get_event(code, lock=True)  # the team's writes on the event one after another
    permissions.require(user_id, event, "team")
    return event


def _role(value) -> str:
    if value not in ROLES:  # also refuses a role that is not text
        raise InvalidInput(_l("role must be one of: %(roles)s.", roles=", ".join(ROLES)), code="invalid_role",
                           field="role")
    return value


def _member(event: Event, member_id) -> EventRole:
    if not is_id(member_id):
        raise InvalidInput(_l("user_id must be an integer."), field="user_id")
    row = _role_row(event.id, member_id)
    if not row:
        raise NotFound(_l("This person is not on the event's team."), code="member_not_found")
    return row


def _announce(event_id: int) -> None:
    seq = bump_seq(event_id)
    db.session.flush()
    members = _members(event_id)
    on_commit(lambda: broadcast.changed(event_id, seq, "team:changed", public=None,
                                        moderators={"members": members}))


# --- members ---------------------------------------------------------------------

@use_case
def add_member(*, code: str, user_id: int, email, role) -> dict:
    """Give an existing organizer account a role on the event directly."""
    event = _manageable(code, user_id)
    role = _role(role)
    if not isinstance(email, str) or not email.strip():
        raise InvalidInput(_l("Enter the e-mail address of their organizer account."), field="email")
    user = db.session.scalars(select(User).filter_by(email=email.strip().lower()).limit(1)).first()
    if not user:
        raise NotFound(_l("No organizer account uses %(email)s. Create an invitation link and send it "
                          "to them instead: they can make an account when they open it.", email=email.strip()),
                       code="account_not_found", field="email")
    if user.id == event.owner_id:
        raise Conflict(_l("That is the owner of this event, who can already do everything."),
                       code="owner_has_all_rights", field="email")
    row = EventRole(event_id=event.id, user_id=user.id, role=role)
    flush_unique(row, Conflict(_l("%(name)s is on the team already: change their role in the list.", name=user.name),
                               code="already_member", field="email"))
    operations.record(event.id, user_id, "add_member", role, member_id=user.id)
    _announce(event.id)
    return wire.member(row)


@use_case
def change_role(*, code: str, user_id: int, member_id, role) -> dict:
    event = _manageable(code, user_id)
    role = _role(role)
    row = _member(event, member_id)
    if row.role != role:
        row.role = role
        operations.record(event.id, user_id, "change_role", role, member_id=row.user_id)
        _announce(event.id)
    return wire.member(row)


@use_case
def revoke_member(*, code: str, user_id: int, member_id) -> None:
    """Take the role away and disconnect the member's sockets of this event (after commit)."""
    event = _manageable(code, user_id)
    row = _member(event, member_id)
    event_id, gone = event.id, row.user_id
    db.session.delete(row)
    operations.record(event_id, user_id, "revoke_member", row.role, member_id=gone)
    # Read the sockets after the commit: one that connected meanwhile is found too.
    on_commit(lambda: broadcast.end_sockets(presence.sockets_of_user(gone, event_id)))
    _announce(event_id)


# --- invitations -------------------------------------------------------------------

def invitation_url(token: str) -> str:
    return f"{base_url()}/invite/{token}"


@use_case
def create_invitation(*, code: str, user_id: int, role) -> dict:
    """A one-time link; its URL is in the answer and nowhere else."""
    event = _manageable(code, user_id)
    role = _role(role)
    token = new_token()
    row = Invitation(event_id=event.id, role=role, token_hash=token_hash(token),
                     expires_at=utcnow() + timedelta(days=INVITATION_DAYS))
    db.session.add(row)
    db.session.flush()
    operations.record(event.id, user_id, "create_invitation", role, invitation_id=row.id)
    return wire.invitation(row, status="open", url=invitation_url(token))


@use_case
def revoke_invitation(*, code: str, user_id: int, invitation_id) -> None:
    event = _manageable(code, user_id)
    row = db.session.get(Invitation, invitation_id) if is_id(invitation_id) else None
    if not row or row.event_id != event.id:
        raise NotFound(_l("No such invitation for this event."), code="invitation_not_found")
    if row.accepted_at is not None:
        raise Conflict(_l("This invitation has been accepted already: remove the member from the team instead."),
                       code="invitation_used")
    row.revoked_at = row.revoked_at or utcnow()
    operations.record(event.id, user_id, "revoke_invitation", row.role, invitation_id=row.id)


def _valid_invitation(token) -> Invitation:
    row = None
    if isinstance(token, str) and token:
        row = db.session.scalars(select(Invitation).filter_by(token_hash=token_hash(token)).limit(1)).first()
    reason = _status(row) if row else "unknown"
    if row is None or reason != "open":
        error_code, message = INVALID_LINK[reason]
        raise Forbidden(message, code=error_code)
    return row


def check_invitation(*, token: str, user_id: int | None = None) -> dict:
    """What the invitation page shows (to user_id, if logged in); Forbidden with the reason if the
    link cannot be used. your_role: what user_id is on the event now ("owner", a role or None)."""
    row = _valid_invitation(token)
    event = required_row(Event, row.event_id)
    return {"event_code": event.code, "event_title": event.title, "owner_name": event.owner.name,
            "role": row.role, "role_label": str(ROLE_LABELS[row.role]), "expires_at": row.expires_at,
            "your_role": permissions.role_of(user_id, event)}


@use_case
def accept_invitation(*, token: str, user_id: int) -> str:
    """Give the invitation's role to user_id (once); returns the event's code."""
    row = _valid_invitation(token)
    event = required_row(Event, row.event_id)
    if event.owner_id == user_id:
        raise Conflict(_l("You own this event, so you can already do everything on it. Send the link to "
                       "the person you meant to invite."), code="owner_has_all_rights")
    # Claim the link in SQL: of two people accepting at once, one gets it.
    claimed = cast(CursorResult, db.session.execute(
        update(Invitation)
        .where(Invitation.id == row.id, Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
        .values(accepted_at=utcnow(), accepted_by=user_id)
        .execution_options(synchronize_session=False)
    )).rowcount
    if not claimed:
        raise Forbidden(INVALID_LINK["accepted"][1], code=INVALID_LINK["accepted"][0])
    existing = _role_row(event.id, user_id)
    if existing:
        existing.role = row.role  # a member accepting a new link takes its role
    else:
        flush_unique(EventRole(event_id=event.id, user_id=user_id, role=row.role),
                     Conflict(_l("You are on this team already."), code="already_member"))
    operations.record(event.id, user_id, "accept_invitation", row.role, invitation_id=row.id)
    _announce(event.id)
    return event.code


@use_case
def accept_with_new_account(*, token: str, name, email, password) -> int:
    """Create an organizer account and accept the invitation with it, in one transaction."""
    _valid_invitation(token)  # a dead link creates no account
    user_id = accounts.create_organizer(email=email, name=name, password=password)
    accept_invitation(token=token, user_id=user_id)
    return user_id
