"""Retention: an event's attendee identities are deleted `retention_days` after its meeting ends;
what the meeting said is kept.

When an event "ends": when its run of show was ended (`meeting_ended_at`); without that, the day
after its date (`starts_at` + 1 day). An event with neither is never due. `retention_days` 0: at the
first run after the end; NULL: identities are kept.

Deleting an event's identities (`forget`):
- every Attendee row goes: its token hash, its name, how it joined, when it was seen in the room;
  its live connections and its poll participations (the "has voted" facts) with it;
- questions keep their text, status, answer and vote count; the asker's link, tag and name go
  (a named question then reads like one asked without a name), except the tag of an asker who opened
  their receipt (services/receipts.py): it stays, so the link they kept still lists their questions
  (the tag is computed from the phone's cookie, which the database never held, and names no one);
  the idempotency key the phone sent with a question (services/questions.ask) goes too;
- votes on questions stay as rows without a voter (the counts and the minutes' votes per minute
  stay); ballots stay counted, without a voter and with a voter tag no phone can compute;
- speakers' list entries made by phones keep their number ("Speaker 7"), their topic and their
  times; the name the phone gave goes. Names typed in by a moderator (people without a phone)
  are the organizers' record and stay, as notes do;
- the minutes' "joined" count stays (`forgotten_attendees`); frozen minutes versions are never
  rewritten: they are the published record, names in them included.
"""
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import CursorResult, String, delete, func, literal, select, update
from sqlalchemy import cast as sql_cast

from ..extensions import db
from ..models import Attendee, Ballot, Connection, Event, Participation, Poll, Question, SpeakerRequest, Vote, utcnow
from ..models.followup import Receipt
from ..models.moderation import Ban
from . import operations
from .events import bump_seq
from .transaction import use_case


def ended_at(event) -> datetime | None:
    """When the meeting ended, for retention (None: not known yet)."""
    if event.meeting_ended_at is not None:
        return event.meeting_ended_at
    if event.starts_at is not None:
        return event.starts_at + timedelta(days=1)
    return None


def due_at(event) -> datetime | None:
    """When the event's attendee identities are to be deleted (None: never, or not yet known)."""
    end = ended_at(event)
    if end is None or event.retention_days is None:
        return None
    return end + timedelta(days=event.retention_days)


def schedule(event) -> dict:
    """What the privacy page says about retention: {days, ended_at, due_at, deleted_at, forgotten}."""
    return {"days": event.retention_days, "ended_at": ended_at(event), "due_at": due_at(event),
            "deleted_at": event.identities_deleted_at, "forgotten": event.forgotten_attendees}


def due(now: datetime | None = None) -> list[dict]:
    """[{event_id, code, title, ended_at, attendees}] of the events past their retention that still
    hold attendee identities, oldest first. Reads only."""
    now = now or utcnow()
    counts = (select(Attendee.event_id, func.count().label("n")).group_by(Attendee.event_id).subquery())
    rows = db.session.execute(
        select(Event, counts.c.n).join(counts, counts.c.event_id == Event.id)
        .where(Event.retention_days.is_not(None)).order_by(Event.id)
    ).all()
    found = []
    for event, attendees in rows:
        when = due_at(event)
        if when is not None and when <= now:
            found.append({"event_id": event.id, "code": event.code, "title": event.title,
                          "ended_at": ended_at(event), "attendees": attendees})
    return found


@use_case
def forget(*, event_id: int) -> int:
    """Delete the event's attendee identities, keeping its content (the module's docstring says
    what stays). Returns how many attendees were deleted."""
    event = db.session.get(Event, event_id)
    if event is None:
        return 0
    ids = select(Attendee.id).where(Attendee.event_id == event_id).scalar_subquery()
    polls = select(Poll.id).where(Poll.event_id == event_id).scalar_subquery()
    kept = select(Receipt.author_tag).where(Receipt.event_id == event_id)
    db.session.execute(update(Question).where(Question.event_id == event_id)
                       .values(attendee_id=None, author_name=None, client_key=None))
    db.session.execute(update(Question).where(Question.event_id == event_id, Question.author_tag.not_in(kept))
                       .values(author_tag=None))
    db.session.execute(update(Vote).where(Vote.attendee_id.in_(ids)).values(attendee_id=None))
    # The ballot's own id is random and unique: a tag that no cookie computes.
    db.session.execute(update(Ballot).where(Ballot.poll_id.in_(polls)).values(attendee_id=None, voter_tag=Ballot.id))
    db.session.execute(delete(Participation).where(Participation.attendee_id.in_(ids)))
    db.session.execute(
        update(SpeakerRequest).where(SpeakerRequest.event_id == event_id,
                                     SpeakerRequest.person_key.like("attendee:%"))
        .values(attendee_id=None, name=None, person_key=literal("speaker:") + sql_cast(SpeakerRequest.number, String))
    )
    db.session.execute(delete(Connection).where(Connection.attendee_id.in_(ids)))
    # A ban keeps counting in the public moderation line, tied to no phone and no tag.
    db.session.execute(update(Ban).where(Ban.event_id == event_id)
                       .values(attendee_id=None, author_tag=literal("forgotten:") + sql_cast(Ban.id, String)))
    deleted = cast(CursorResult, db.session.execute(delete(Attendee).where(Attendee.event_id == event_id)))
    count = deleted.rowcount or 0
    event.forgotten_attendees = Event.forgotten_attendees + count
    event.identities_deleted_at = utcnow()
    bump_seq(event_id)  # snapshots cached by version are built again, without the names
    operations.record(event_id, None, "identities_deleted", f"{count} attendee identities deleted (retention)")
    return count


def run(now: datetime | None = None) -> list[dict]:
    """Enforce retention on every due event, one transaction each; returns due() as it was."""
    found = due(now)
    for entry in found:
        entry["deleted"] = forget(event_id=entry["event_id"])
    return found
