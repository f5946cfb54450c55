"""Who may act for an office: its members on the follow-ups referred to it, the organization's owner on
every office of the organization. Nothing else: an office member has no capability on any event
(services/permissions.py does not know offices), and an event's team has none on an office.

Every office command, HTTP or page, is checked here on the server, first.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..errors import Forbidden, NotFound
from ..extensions import db
from ..models import Followup, Office, OfficeMember, Organization
from .ids import is_id

NOT_YOURS = _l("Only the organization's owner and the office's members may do this.")


def organization_not_found() -> NotFound:
    return NotFound(_l("No such organization."), code="organization_not_found")


def office_not_found() -> NotFound:
    return NotFound(_l("No such office."), code="office_not_found")


def owned_organization(user_id: int, organization_id) -> Organization:
    """The organization, if user_id owns it: 404 if there is none, 403 if it is someone else's."""
    organization = db.session.get(Organization, organization_id) if is_id(organization_id) else None
    if organization is None:
        raise organization_not_found()
    if organization.owner_id != user_id:
        raise Forbidden(_l("Only the organization's owner may do this."), code="forbidden")
    return organization


def managed_office(user_id: int, office_id) -> Office:
    """The office, if user_id owns its organization (creating, renaming, deleting, members, invitations)."""
    office = db.session.get(Office, office_id) if is_id(office_id) else None
    if office is None:
        raise office_not_found()
    owned_organization(user_id, office.organization_id)
    return office


def office_ids(user_id: int) -> set[int]:
    """The offices whose follow-ups user_id sees and acts on: theirs, and every office of the
    organizations they own."""
    member = select(OfficeMember.office_id).where(OfficeMember.user_id == user_id)
    owned = (select(Office.id).join(Organization, Organization.id == Office.organization_id)
             .where(Organization.owner_id == user_id))
    return set(db.session.scalars(member.union(owned)))


def is_office_member(user_id: int | None) -> bool:
    """Whether user_id answers for at least one office (the home page links the workspace)."""
    if user_id is None:
        return False
    return db.session.execute(select(OfficeMember.id).where(OfficeMember.user_id == user_id).limit(1)).first() \
        is not None


def followup_for(user_id: int, question_id) -> Followup:
    """The follow-up, if user_id may act on it: 404 if the question has none, 403 if it is with an
    office that is not theirs."""
    followup = db.session.get(Followup, question_id) if is_id(question_id) else None
    if followup is None:
        raise NotFound(_l("No follow-up for this question."), code="followup_not_found")
    if followup.office_id not in office_ids(user_id):
        raise Forbidden(NOT_YOURS, code="forbidden")
    return followup
