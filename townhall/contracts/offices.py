"""Organizations, their offices and the offices' written work on follow-ups (views/api_offices.py,
views/api_office_work.py)."""
from . import Command, Id, field

ORGANIZATION_NAME_MAX = 120
OFFICE_NAME_MAX = 120
SLUG_LENGTH = (3, 40)
ANSWER_MAX = 4000
TRANSFER_NOTE_MAX = 500
EXTEND_REASON_MAX = 500


class NewOrganization(Command):
    """POST /api/organizations."""

    name: str | None = field(None, message="name must be text.",
                             description=f"1 to {ORGANIZATION_NAME_MAX} characters, one line.")
    slug: str | None = field(None, message="slug must be text.",
                             description="The organization's address (/o/<slug>): {} to {} lowercase letters, digits "
                                         "and hyphens; unique.".format(*SLUG_LENGTH))


class OrganizationChange(Command):
    """PATCH /api/organizations/{organization_id}: rename."""

    name: str | None = field(None, message="name must be text.",
                             description=f"1 to {ORGANIZATION_NAME_MAX} characters, one line.")


class OfficeName(Command):
    """POST /api/organizations/{organization_id}/offices; PATCH /api/offices/{office_id}."""

    name: str | None = field(None, message="name must be text.",
                             description=f"1 to {OFFICE_NAME_MAX} characters, one line; unique in the organization.")


class WrittenAnswer(Command):
    """POST /api/followups/{question_id}/answer (first answer); PATCH the same (a correction)."""

    text: str | None = field(None, message="text must be text.",
                             description=f"The written answer, 1 to {ANSWER_MAX} characters.")


class Transfer(Command):
    """POST /api/followups/{question_id}/transfer: to another office of the same organization."""

    office_id: Id = field(..., message="office_id must be an integer.", description="The office it goes to.")
    note: str | None = field(None, message="note must be text.",
                             description=f"Why (optional, at most {TRANSFER_NOTE_MAX} characters).")


class Extension(Command):
    """POST /api/followups/{question_id}/extend: more time, with a reason (public)."""

    due_on: str | None = field(None, message="due_on must be a date (YYYY-MM-DD).",
                               description="The new due date (YYYY-MM-DD), later than the one in force.")
    reason: str | None = field(None, message="reason must be text.",
                               description=f"Why more time is needed, 1 to {EXTEND_REASON_MAX} characters (public).")
