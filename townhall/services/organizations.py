"""Organizations and their offices: an organizer creates an organization and owns it; the owner creates,
renames and deletes its offices and removes their members (invitations: services/office_invitations.py).
Who may: services/office_permissions.py."""
import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..contracts.offices import OFFICE_NAME_MAX, ORGANIZATION_NAME_MAX, SLUG_LENGTH
from ..errors import Conflict, InvalidInput, NotFound
from ..extensions import db
from ..models import Followup, Office, OfficeInvitation, OfficeMember, Organization, Question, User, utcnow
from ..models.statuses import LedgerState
from ..serializers import offices as wire
from .ids import is_id
from .office_permissions import managed_office, owned_organization
from .text import clean_text
from .transaction import flush_unique, use_case

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _name(value, *, limit: int) -> str:
    return clean_text(value, field="name", max_length=limit, single_line=True)


def _slug(value) -> str:
    low, high = SLUG_LENGTH
    if not isinstance(value, str) or not low <= len(value) <= high or not SLUG.fullmatch(value):
        raise InvalidInput(_l("The address is %(low)s to %(high)s lowercase letters, digits and hyphens "
                              "(not at the start or the end), e.g. city-of-riverton.", low=low, high=high),
                           code="invalid_slug", field="slug")
    return value


def _office_name_taken() -> Conflict:
    return Conflict(_l("The organization has an office with this name already."), code="office_name_taken",
                    field="name")


# --- reading ---------------------------------------------------------------------------------

def mine(*, user_id: int) -> list[dict]:
    """The organizations user_id owns, by name."""
    rows = db.session.scalars(select(Organization).where(Organization.owner_id == user_id)
                              .order_by(Organization.name, Organization.id))
    return [wire.organization(row) for row in rows]


def _open_counts(office_ids: list[int]) -> dict[int, int]:
    if not office_ids:
        return {}
    rows = db.session.execute(select(Followup.office_id, func.count()).join(
        Question, Question.id == Followup.question_id).where(
        Followup.office_id.in_(office_ids), Question.ledger_state == LedgerState.REFERRED).group_by(Followup.office_id))
    return {office_id: n for office_id, n in rows}


def detail(*, user_id: int, organization_id) -> dict:
    """The organization as its owner manages it: its offices, each with its members and open invitations."""
    org = owned_organization(user_id, organization_id)
    offices = list(db.session.scalars(select(Office).where(Office.organization_id == org.id)
                                      .order_by(Office.name, Office.id)))
    ids = [o.id for o in offices]
    counts = _open_counts(ids)
    members: dict[int, list[dict]] = {i: [] for i in ids}
    invitations: dict[int, list[dict]] = {i: [] for i in ids}
    if ids:
        for row, user in db.session.execute(
                select(OfficeMember, User).join(User, User.id == OfficeMember.user_id)
                .where(OfficeMember.office_id.in_(ids)).order_by(User.name, User.id)):
            members[row.office_id].append(wire.office_member(user, row.created_at))
        for inv in db.session.scalars(select(OfficeInvitation).where(
                OfficeInvitation.office_id.in_(ids), OfficeInvitation.accepted_at.is_(None),
                OfficeInvitation.revoked_at.is_(None), OfficeInvitation.expires_at > utcnow())
                .order_by(OfficeInvitation.id)):
            invitations[inv.office_id].append(wire.office_invitation(inv))
    return {"organization": wire.organization(org),
            "offices": [{**wire.office(o, open_followups=counts.get(o.id, 0)), "members": members[o.id],
                         "invitations": invitations[o.id]} for o in offices]}


# --- organizations ---------------------------------------------------------------------------

@use_case
def create_organization(*, user_id: int, name, slug) -> dict:
    row = Organization(name=_name(name, limit=ORGANIZATION_NAME_MAX), slug=_slug(slug), owner_id=user_id)
    flush_unique(row, Conflict(_l("Another organization uses this address already: choose another."),
                               code="slug_taken", field="slug"))
    return wire.organization(row)


@use_case
def rename_organization(*, user_id: int, organization_id, name) -> dict:
    org = owned_organization(user_id, organization_id)
    org.name = _name(name, limit=ORGANIZATION_NAME_MAX)
    return wire.organization(org)


# --- offices -------------------------------------------------------------------------------

@use_case
def create_office(*, user_id: int, organization_id, name) -> dict:
    org = owned_organization(user_id, organization_id)
    row = Office(organization_id=org.id, name=_name(name, limit=OFFICE_NAME_MAX))
    flush_unique(row, _office_name_taken())
    return wire.office(row)


@use_case
def rename_office(*, user_id: int, office_id, name) -> dict:
    office = managed_office(user_id, office_id)
    new = _name(name, limit=OFFICE_NAME_MAX)
    if new != office.name:
        clash = db.session.execute(select(Office.id).where(
            Office.organization_id == office.organization_id, Office.name == new, Office.id != office.id)).first()
        if clash:
            raise _office_name_taken()
        office.name = new
    return wire.office(office, open_followups=_open_counts([office.id]).get(office.id, 0))


@use_case
def delete_office(*, user_id: int, office_id) -> None:
    """Only an office no follow-up was ever left with (an answered one keeps its office for the record)."""
    office = managed_office(user_id, office_id)
    if db.session.execute(select(Followup.question_id).where(Followup.office_id == office.id).limit(1)).first():
        raise Conflict(_l("Follow-ups are with this office: transfer them to another office first. An office "
                       "that answered questions stays, for the record."), code="office_in_use")
    db.session.delete(office)


@use_case
def remove_member(*, user_id: int, office_id, member_id) -> None:
    office = managed_office(user_id, office_id)
    row = db.session.scalars(select(OfficeMember).where(
        OfficeMember.office_id == office.id, OfficeMember.user_id == member_id).limit(1)).first() \
        if is_id(member_id) else None
    if row is None:
        raise NotFound(_l("This person is not a member of the office."), code="member_not_found")
    db.session.delete(row)


def owned_choices(*, user_id: int) -> list[tuple[int, str]]:
    """(id, name) of the organizations user_id owns: what an event of theirs may be attached to."""
    return [(o["id"], o["name"]) for o in mine(user_id=user_id)]
