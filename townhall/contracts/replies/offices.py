"""Organizations and their offices as the server sends them: management, the office's workspace."""
from datetime import date, datetime

from .base import Reply, note
from .followup import Followup, LedgerStep


class Organization(Reply):
    id: int
    slug: str = note("Its address: /o/<slug>")
    name: str
    created_at: datetime


class Office(Reply):
    id: int
    organization_id: int
    name: str
    open_followups: int = note("Follow-ups with it that wait for a written answer")


class OfficeMember(Reply):
    user_id: int
    name: str
    email: str
    since: datetime


class OfficeInvitation(Reply):
    id: int
    office_id: int
    created_at: datetime
    expires_at: datetime
    url: str = note("The one-time link /office-invite/<token>: in the creating answer only", None)


class ManagedOffice(Office):
    members: list[OfficeMember]
    invitations: list[OfficeInvitation] = note("Open ones")


class OrganizationDetail(Reply):
    organization: Organization
    offices: list[ManagedOffice]


class OfficeLedgerStep(LedgerStep):
    """A step as the event's team and the offices read it: with the staff member's name."""
    actor_name: str | None = note("The staff member who took the step (never an asker who was anonymous)")


class OfficeTarget(Reply):
    id: int
    name: str


class OfficeFollowup(Followup):
    """A follow-up as its office sees it: the public fields, and the office's own."""
    office_id: int
    organization_id: int
    event_code: str
    event_title: str
    answered: bool
    days_overdue: int
    age_days: int = note("Whole days since it was referred")
    history: list[OfficeLedgerStep]
    transfer_to: list[OfficeTarget] = note("The other offices of its organization")
    extend_from: date = note("The earliest new due date more time may ask for (the day after the one in force)")
    extend_until: date = note("The latest (as far ahead as a referral may promise)")


class WorkspaceOffice(Reply):
    id: int
    name: str
    organization: str


class Workspace(Reply):
    offices: list[WorkspaceOffice]
    followups: list[OfficeFollowup] = note("Open ones first (earliest due date first), then answered ones")
