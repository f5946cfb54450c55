"""Live polls: prepare, open, close, reveal (and hide again), delete; ballots; moderation of text answers.

Reads and results live in poll_results.py, input checks in poll_input.py; docs/polls.md
is the contract. Rules:

- One ballot per phone per poll: the Participation row (primary key poll + attendee)
  is the database's guard. With event.allow_ballot_change a phone may replace its
  ballot while the poll is open; it finds it by its voter tag (an HMAC keyed by its
  cookie token), also in a confidential poll whose ballots carry no attendee id.
- A ballot counts only if the poll is open at the moment it is counted: the check and
  the count are one UPDATE (status open and closes_at not passed). Closing is one
  UPDATE too. On SQLite the use case's BEGIN IMMEDIATE serialises them; on PostgreSQL
  the row lock of the poll does. A ballot either counts or gets 409 poll_closed.
- A poll with a time limit closes by that condition alone; a background task also
  records the close and tells the room, armed on launch and when a process starts
  (realtime/deadlines.py); closing twice is harmless (close_expired).
- Every change bumps the event's seq once and sends polls:changed to each audience
  (the room gets seq:advanced when only drafts changed); ballots send coalesced
  poll:tallied messages instead.
"""
import secrets
from datetime import timedelta
from functools import partial

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from ..contracts.polls import DURATION
from ..errors import Conflict, EventClosed, InvalidInput, NotFound
from ..extensions import db
from ..models import Ballot, Event, Participation, Poll, utcnow
from ..models.statuses import PollStatus
from ..moderation import blocklist
from ..realtime import broadcast, deadlines
from . import permissions, poll_results, vote_trust, vote_watch, voter_rooms
from .attendees import identify
from .ban_checks import refuse_banned
from .events import bump_seq, get_event
from .poll_input import KIND_FIELDS, check_int, clean_answer, clean_poll, input_of
from .rows import in_event, required_row
from .secrets import voter_tag
from .transaction import flush_unique, lock_rows, on_commit, use_case

_UNSET = object()


# --- helpers ---------------------------------------------------------------------

def _poll_in(event: Event, poll_id, *, drafts: bool = True) -> Poll:
    missing = _l("No such poll in this event.")
    poll = in_event(event.id, Poll, poll_id, field="poll_id", missing=missing, code="poll_not_found")
    if poll.status == PollStatus.DRAFT and not drafts:  # the room never sees a draft
        raise NotFound(missing, code="poll_not_found")
    return poll


def _moderated(code: str, user_id, poll_id) -> tuple[Event, Poll]:
    """The event (its row held: the team's poll commands run one after another) and the poll."""
    event = get_event(code, lock=True)
    permissions.require(user_id, event, "questions")
    return event, _poll_in(event, poll_id)


def _closed_error() -> Conflict:
    return Conflict(_l("This poll is closed: answers are no longer accepted."), code="poll_closed")


def announce(event: Event, *, room: bool = True, removed=(), poll_id: int | None = None) -> dict | None:
    """Bump seq once; polls:changed after commit. room=False: only drafts changed (the room gets
    seq:advanced). Returns the moderators' view of poll_id, if given."""
    event_id, removed = event.id, list(removed)
    seq = bump_seq(event_id)
    db.session.flush()
    moderators = {"polls": poll_results.views(event, audience="moderator"), "removed": removed}
    public = {"polls": poll_results.views(event, audience="room"), "removed": removed} if room else None
    on_commit(lambda: broadcast.changed(event_id, seq, "polls:changed", public=public, moderators=moderators))
    on_commit(lambda: voter_rooms.forget(event_id))
    return next((p for p in moderators["polls"] if p["id"] == poll_id), None)


def announce_poll(event: Event, poll_id: int, *, room: bool = True) -> dict:
    """announce(), returning the moderators' view of poll_id: a poll of the event, which they all see."""
    view = announce(event, room=room, poll_id=poll_id)
    if view is None:
        raise LookupError(f"poll {poll_id} is not in its event's view")
    return view


# --- preparing -------------------------------------------------------------------

@use_case
def create(*, code: str, user_id: int | None, **data) -> dict:
    event = get_event(code, lock=True)
    permissions.require(user_id, event, "questions")
    poll = Poll(event_id=event.id, status=PollStatus.DRAFT, created_at=utcnow(), **clean_poll(event, data))
    db.session.add(poll)
    db.session.flush()
    return announce_poll(event, poll.id, room=False)


@use_case
def edit(*, code: str, user_id: int | None, poll_id, **data) -> dict:
    """Change a draft; fields left out keep their value (those of another kind are dropped)."""
    event, poll = _moderated(code, user_id, poll_id)
    if poll.status != PollStatus.DRAFT:
        raise Conflict(_l("Only a draft can be edited."), code="poll_not_draft")
    merged = input_of(poll)
    kind = data.get("kind", poll.kind)  # checked by clean_poll: may be anything here
    merged = {f: v for f, v in merged.items() if f not in KIND_FIELDS or (isinstance(kind, str)
                                                                          and kind in KIND_FIELDS[f])}
    merged.update(data)
    for field, value in clean_poll(event, merged).items():
        setattr(poll, field, value)
    return announce_poll(event, poll.id, room=False)


@use_case
def delete_poll(*, code: str, user_id: int | None, poll_id) -> None:
    event, poll = _moderated(code, user_id, poll_id)
    if poll.status == PollStatus.OPEN and not poll_results.is_closed(poll, utcnow()):
        raise Conflict(_l("Close the poll before deleting it."), code="poll_open")
    was_draft, removed = poll.status == PollStatus.DRAFT, poll.id
    db.session.delete(poll)  # participations and ballots go with it (ON DELETE CASCADE)
    db.session.flush()
    announce(event, room=not was_draft, removed=[removed])
    on_commit(lambda: deadlines.disarm(removed))


def detach_agenda_item(event_id: int, item_id: int) -> None:
    """Part of deleting an agenda item: its polls then belong to no item (one announced change)."""
    moved = db.session.scalars(select(Poll).filter_by(event_id=event_id, agenda_item_id=item_id)).all()
    for poll in moved:
        poll.agenda_item_id = None
    if moved:
        announce(required_row(Event, event_id), room=any(p.status != PollStatus.DRAFT for p in moved))


# --- running ---------------------------------------------------------------------

@use_case
def open_poll(*, code: str, user_id: int | None, poll_id, duration_seconds=_UNSET) -> dict:
    """Open a draft. duration_seconds (left out: the prepared one; null: none) closes it automatically."""
    event, poll = _moderated(code, user_id, poll_id)
    if poll.status != PollStatus.DRAFT:
        raise Conflict(_l("This poll has been opened already."), code="poll_not_draft")
    if duration_seconds is not _UNSET:
        poll.duration_seconds = None if duration_seconds is None else check_int(
            duration_seconds, "duration_seconds", *DURATION)
    now = utcnow()
    poll.status, poll.opened_at = PollStatus.OPEN, now
    poll.closes_at = now + timedelta(seconds=poll.duration_seconds) if poll.duration_seconds else None
    if poll.closes_at is not None:
        poll_id, closes_at = poll.id, poll.closes_at
        on_commit(lambda: arm_timer(poll_id, closes_at))
    return announce_poll(event, poll.id)


@use_case
def close_poll(*, code: str, user_id: int | None, poll_id) -> dict:
    event, poll = _moderated(code, user_id, poll_id)
    if poll.status == PollStatus.DRAFT:
        raise Conflict(_l("This poll has not been opened."), code="poll_not_open")
    lock_rows(Poll, [poll.id])  # waits for a ballot being counted: closed_at is taken after it
    now = utcnow()
    timed_out = and_(Poll.closes_at.is_not(None), Poll.closes_at <= now)
    closed = db.session.execute(
        update(Poll).where(Poll.id == poll.id, Poll.status == PollStatus.OPEN)
        .values(status=PollStatus.CLOSED, closed_at=case((timed_out, Poll.closes_at), else_=now))
        .returning(Poll.id)
    ).scalar()
    if closed is None:
        raise Conflict(_l("This poll is closed already."), code="poll_closed")
    db.session.refresh(poll)
    on_commit(lambda: deadlines.disarm(closed))
    return announce_poll(event, poll.id)


@use_case
def close_expired(*, poll_id: int) -> bool:
    """The background close of a poll whose time is up: one conditional UPDATE, so a second close
    (another process, or after the moderator's) changes and announces nothing."""
    now = utcnow()
    event_id = db.session.execute(
        update(Poll).where(Poll.id == poll_id, Poll.status == PollStatus.OPEN, Poll.closes_at.is_not(None),
                           Poll.closes_at <= now)
        .values(status=PollStatus.CLOSED, closed_at=Poll.closes_at)
        .returning(Poll.event_id)
    ).scalar()
    if event_id is None:
        return False
    announce(required_row(Event, event_id))
    return True


@use_case
def reveal(*, code: str, user_id: int | None, poll_id) -> dict:
    """Show the results to the whole room (they arrive in the polls:changed message itself)."""
    event, poll = _moderated(code, user_id, poll_id)
    if poll.status == PollStatus.DRAFT:
        raise Conflict(_l("This poll has not been opened."), code="poll_not_open")
    if poll.revealed:
        raise Conflict(_l("The results are shown already."), code="already_revealed")
    poll.revealed, poll.revealed_at = True, utcnow()
    return announce_poll(event, poll.id)


@use_case
def unreveal(*, code: str, user_id: int | None, poll_id) -> dict:
    """Hide revealed results from the room again (revealed by mistake, or too early): the poll is as
    before the reveal, and may be revealed again."""
    event, poll = _moderated(code, user_id, poll_id)
    if not poll.revealed:
        raise Conflict(_l("The results are not shown to the room."), code="not_revealed")
    poll.revealed, poll.revealed_at = False, None
    return announce_poll(event, poll.id)


@use_case
def moderate_answer(*, code: str, user_id: int | None, poll_id, answer_id, action: str) -> dict:
    """hide: off the list and the word cloud; show: back on, or approved (premoderation)."""
    event, poll = _moderated(code, user_id, poll_id)
    if action not in ("hide", "show"):
        raise InvalidInput(_l("Unknown action %(action)s.", action=repr(action)), code="unknown_action",
                           field="action")
    ballot = db.session.get(Ballot, answer_id) if isinstance(answer_id, str) else None
    if poll.kind != "text" or ballot is None or ballot.poll_id != poll.id:
        raise NotFound(_l("No such answer in this poll."), code="answer_not_found")
    if action == "hide":
        if ballot.hidden:
            raise Conflict(_l("This answer is hidden already."), code="invalid_transition")
        ballot.hidden = True
    else:
        if ballot.approved and not ballot.hidden:
            raise Conflict(_l("This answer is shown already."), code="invalid_transition")
        ballot.hidden, ballot.approved = False, True
    event_id, pid = event.id, poll.id
    on_commit(lambda: broadcast.schedule_poll_tally(event_id, pid))  # the voters' own view (after_vote)
    return announce_poll(event, poll.id)


def _waits(event, answer) -> bool:
    """Does a text answer wait for a moderator's approval? Under premoderation, unless the event shows text
    answers at once (show_text_answers); with a blocklisted term, always."""
    return (event.premoderation and not event.show_text_answers) or _blocked(event, answer)


def _blocked(event, answer) -> bool:
    """A text answer with a blocklisted term waits for a moderator's approval, as under premoderation."""
    text = answer.get("text") if isinstance(answer, dict) else None
    return isinstance(text, str) and blocklist.match(event.blocklist, event.default_blocklist, text) is not None


# --- voting ----------------------------------------------------------------------

def _participate(poll_id: int, attendee_id: int) -> bool:
    """Record that this phone voted; False if it had already (the primary key says so)."""
    try:
        with db.session.begin_nested():
            db.session.add(Participation(poll_id=poll_id, attendee_id=attendee_id))
            db.session.flush()
    except IntegrityError:
        return False
    return True


@use_case
def vote(*, code: str, attendee_id: int | None, token: str | None, poll_id, answer) -> dict:
    """Cast (or, where the event allows it, change) this phone's ballot.

    Returns {poll_id, ballots, voted, changed}; 409 poll_closed / already_voted.
    """
    event = get_event(code)
    if not event.is_open:
        raise EventClosed(_l("This event is closed: polls take no answers."))
    attendee = identify(event, attendee_id, token)
    refuse_banned(event.id, attendee.id, token)
    poll = _poll_in(event, poll_id, drafts=False)
    now = utcnow()
    if poll_results.is_closed(poll, now):
        raise _closed_error()
    vote_trust.check_eligible(attendee, poll.voters)
    clean = clean_answer(poll, answer)
    first = _participate(poll.id, attendee.id)
    if not first and not event.allow_ballot_change:
        raise Conflict(_l("You have answered this poll already."), code="already_voted")
    # The poll's row is held from here to commit, and the ballot's time taken under it: a close waits
    # for it (and takes its closed_at after), a ballot after a close finds it closed. So a counted
    # ballot is never stamped after the poll's closed_at, on PostgreSQL as on SQLite.
    lock_rows(Poll, [poll.id])
    now = utcnow()
    # The "is it open" check and the count in one statement: a ballot racing the close
    # is either counted before it or refused after it, never stored uncounted.
    ballots = db.session.execute(
        update(Poll)
        .where(Poll.id == poll.id, Poll.status == PollStatus.OPEN, or_(Poll.closes_at.is_(None), Poll.closes_at > now))
        .values(ballot_count=Poll.ballot_count + (1 if first else 0))
        .returning(Poll.ballot_count)
    ).scalar()
    if ballots is None:
        raise _closed_error()  # the rollback drops the participation too
    tag = voter_tag(token or "", poll.id)  # identify() matched the token: never empty here
    if not first:  # a changed ballot replaces the old one (a new random id)
        db.session.execute(delete(Ballot).where(Ballot.poll_id == poll.id, Ballot.voter_tag == tag))
    flush_unique(
        Ballot(id=secrets.token_hex(16), poll_id=poll.id, voter_tag=tag, answer=clean,
               attendee_id=None if poll.confidential else attendee.id,
               submitted_at=now.replace(second=0, microsecond=0) if poll.confidential else now,
               hidden=False, approved=not (poll.kind == "text" and _waits(event, clean)),
               verified=vote_trust.is_verified(attendee), in_room=vote_trust.is_in_room(attendee)),
        Conflict(_l("You have answered this poll already."), code="already_voted"),
    )
    event_id, pid = event.id, poll.id
    on_commit(lambda: broadcast.schedule_poll_tally(event_id, pid))
    way = _way(poll.kind, clean)
    if way is not None:
        seen = [(event_id, "poll", pid, way, vote_watch.is_fresh(attendee.joined_at, now))]
        on_commit(lambda: vote_watch.observe(seen))
    return {"poll_id": poll.id, "ballots": ballots, "voted": True, "changed": not first}


def _way(kind: str, answer: dict):
    """What makes two ballots "the same way" for the burst watch (vote_watch.py); None: not watched."""
    if kind == "multiple":
        return tuple(answer["choices"])
    if kind == "ranking":
        return answer["order"][0]
    if kind == "text":
        return None
    return answer.get("choice", answer.get("rating"))


def voter(*, code: str, attendee_id: int | None, token: str | None, poll_id) -> dict:
    """Has this phone voted in this poll? The server's check behind poll:follow (the voters' room).

    -> {poll_id}; 401 not_joined, 404 poll_not_found (also a draft), 409 not_voted.
    """
    event = get_event(code)
    attendee = identify(event, attendee_id, token)
    poll = _poll_in(event, poll_id, drafts=False)
    if db.session.get(Participation, (poll.id, attendee.id)) is None:
        raise Conflict(_l("You have not answered this poll."), code="not_voted")
    return {"poll_id": poll.id}


# --- closing on time ---------------------------------------------------------------

def arm_timer(poll_id: int, closes_at) -> None:
    """Record the close of the poll at closes_at, from a background task of this process."""
    deadlines.arm(poll_id, lambda: (closes_at - utcnow()).total_seconds(), partial(close_expired, poll_id=poll_id))


def arm_open_polls() -> int:
    """Arm the close of every open poll with a deadline (a process starting); one whose deadline
    passed while no process was running closes at once. Returns how many."""
    rows = db.session.execute(
        select(Poll.id, Poll.closes_at).where(Poll.status == PollStatus.OPEN, Poll.closes_at.is_not(None))).all()
    for poll_id, closes_at in rows:
        arm_timer(poll_id, closes_at)
    return len(rows)
