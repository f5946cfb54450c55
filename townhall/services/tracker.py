"""The public follow-up tracker (/e/<code>/followup, /o/<slug>/followup and their API): which questions it
lists, their status, age and history, the filters, the response-time figures and the open-vs-answered chart.

What is listed ("followed up"): a question the room can see (published or archived; never pending,
rejected, hidden or merged, and never one whose ledger stands at rejected) once its ledger has a
``refer``, ``defer`` or ``close`` step. It stays listed whatever follows (answered in writing or in the
room, reopened, closed again). docs/followup.md says the same for readers.

Statuses (the ``status`` filter): open = referred, deferred or reopened (or, for completeness, published);
answered = answered in writing or in the room; closed = closed; overdue = still referred, without a written
answer, past the due date in force (serializers/followups.overdue).
"""
from collections import defaultdict
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select

from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..models import Event, Followup, LedgerEntry, Office, Organization, Question
from ..models.base import utcnow
from ..models.ledger import TRANSITIONS
from ..models.questions import VISIBLE_STATUSES
from ..serializers import iso
from ..serializers.followups import followup_public
from . import events, followup_figures, ledger, tracker_chart

STATUSES = ("open", "overdue", "answered", "closed")
STATUS_OF = {"referred": "open", "deferred": "open", "reopened": "open", "published": "open",
             "answered_in_writing": "answered", "answered_in_room": "answered", "closed": "closed"}
FOLLOWED_UP = ("refer", "defer", "close")  # a step that puts a question on the tracker
VISIBLE = VISIBLE_STATUSES
# Steps that move a question to another state (not a transfer, more time or the asker's verdict).
MOVES = frozenset(kind for kind, (_, to) in TRANSITIONS.items() if to is not None) | {"restore"}


def _filters(office: str | None, status: str | None, offices: list[Office]) -> tuple[int | None, str | None]:
    """(office id, status) from the query's text; a value that names nothing is a 400 invalid_filter."""
    status = (status or "").strip().lower() or None
    if status is not None and status not in STATUSES:
        raise InvalidInput(_l("Unknown status %(status)s: one of %(statuses)s.", status=repr(status),
                              statuses=", ".join(STATUSES)), code="invalid_filter",
                           field="status")
    office = (office or "").strip()
    if not office:
        return None, status
    for known in offices:
        if office == str(known.id) or office.casefold() == known.name.casefold():
            return known.id, status
    raise InvalidInput(_l("No office %(office)s here.", office=repr(office)), code="invalid_filter", field="office")


def _offices(event_ids: list[int], organization_id: int | None) -> list[Office]:
    """The offices of the organization, and any other office a follow-up of these events is with."""
    used = select(Followup.office_id).where(Followup.event_id.in_(event_ids or [0]))
    where = Office.id.in_(used)
    if organization_id is not None:
        where = or_(where, Office.organization_id == organization_id)
    return list(db.session.scalars(select(Office).where(where).order_by(Office.name)))


def _listed(event_ids: list[int]):
    """The statement of the listed questions (a subquery for the follow-ups and histories: no id lists)."""
    followed = exists().where(LedgerEntry.question_id == Question.id, LedgerEntry.kind.in_(FOLLOWED_UP))
    return select(Question).where(Question.event_id.in_(event_ids or [0]), Question.status.in_(VISIBLE),
                                  Question.ledger_state != "rejected", followed)


def _histories(listed) -> dict[int, list[LedgerEntry]]:
    return defaultdict(list, ledger.histories(listed.with_only_columns(Question.id)))


def _days(start: datetime, end: date) -> int:
    return max(0, (end - start.date()).days)


def _row(question: Question, followup: Followup | None, names: dict[int, str], history: list[LedgerEntry],
         event: Event, today: date) -> dict:
    item = followup_public(question, followup, names.get(followup.office_id) if followup else None, today)
    status = STATUS_OF.get(question.ledger_state, "open")
    since = followup.referred_at if followup else next(
        (e.at for e in history if e.kind in FOLLOWED_UP), question.created_at)
    if status == "open":
        end = today
    elif status == "answered" and followup and followup.answered_at:
        end = followup.answered_at.date()
    else:  # the step that answered it in the room or closed it
        end = next((e.at for e in reversed(history) if e.kind in MOVES), since).date()
    return {**item, "status": status, "since": iso(since), "age_days": _days(since, end),
            "overdue_days": (today - followup.due_on).days if item["overdue"] and followup else None,
            "event": _meeting(event),
            "history": [ledger.public_entry(e, names) for e in history]}


def _tracker(events_: list[Event], organization: Organization | None, office: str | None,
             status: str | None) -> dict:
    event_ids = [e.id for e in events_]
    offices = _offices(event_ids, organization.id if organization else None)
    office_id, status = _filters(office, status, offices)
    names = {o.id: o.name for o in offices}
    now = utcnow()
    today = now.date()
    listed = _listed(event_ids)
    questions = list(db.session.scalars(listed))
    followups = {f.question_id: f for f in db.session.scalars(
        select(Followup).where(Followup.question_id.in_(listed.with_only_columns(Question.id))))}
    histories = _histories(listed)
    by_id = {e.id: e for e in events_}
    rank = {e.id: i for i, e in enumerate(events_)}
    rows = []
    for question in questions:
        followup = followups.get(question.id)
        if office_id is not None and (followup is None or followup.office_id != office_id):
            continue
        rows.append(_row(question, followup, names, histories[question.id], by_id[question.event_id], today))
    rows.sort(key=lambda r: r["since"], reverse=True)  # newest follow-up first, within each event
    rows.sort(key=lambda r: rank[r["event_id"]])  # newest event first (stable)
    chart = tracker_chart.series([(followups[r["question_id"]], histories[r["question_id"]], r["state"])
                                  for r in rows if r["question_id"] in followups], today)
    if status == "overdue":
        rows = [r for r in rows if r["overdue"]]
    elif status is not None:
        rows = [r for r in rows if r["status"] == status]
    return {"offices": [{"id": o.id, "name": o.name} for o in offices],
            "filters": {"office": office_id, "status": status},
            "figures": followup_figures.by_office(followup_figures.load(event_ids), now),
            "chart": chart, "followups": rows, "today": today.isoformat()}


def event_tracker(*, code: str, office: str | None = None, status: str | None = None) -> dict:
    """The event's follow-ups (an unknown code: NotFound)."""
    event = events.get_event(code)
    organization = db.session.get(Organization, event.organization_id) if event.organization_id else None
    return {"event": {"code": event.code, "title": event.title, "starts_at": iso(event.starts_at)},
            "organization": _organization(organization), **_tracker([event], organization, office, status)}


def organization_tracker(*, slug: str, office: str | None = None, status: str | None = None) -> dict:
    """Every follow-up of the organization's events, newest event first."""
    organization = db.session.scalar(select(Organization).where(Organization.slug == (slug or "").lower()))
    if organization is None:
        raise NotFound(_l("No organization at this address."), code="organization_not_found")
    held = list(db.session.scalars(select(Event).where(Event.organization_id == organization.id)
                                   .order_by(Event.starts_at.desc().nulls_last(), Event.id.desc())))
    return {"organization": _organization(organization),
            "events": [_meeting(e) for e in held],
            **_tracker(held, organization, office, status)}


def _meeting(event: Event) -> dict:
    """A meeting as the tracker names it: its title and date, never its join code (the organization's page
    must not hand out the codes of meetings it lists)."""
    return {"title": event.title, "starts_at": iso(event.starts_at)}


def _organization(organization: Organization | None) -> dict | None:
    return {"slug": organization.slug, "name": organization.name} if organization else None
