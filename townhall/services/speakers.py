"""The list of speakers: requests for the floor, the queue, the speaking timer.

Rules a chair relies on:
- a phone waits in the queue once (the partial unique index is the guard);
- one person has the floor at a time (another partial unique index);
- calling a speaker ends the current one; the speaking timer does not start on
  the call (the person still has to reach the microphone): the moderator starts it,
  unless the event's auto_start_speaker_timer starts it on the call;
- the queue order is computed here, the same for everyone: by request time, or,
  with event.first_time_speakers_first, people who have not spoken yet first;
- "Speaker N" is numbered per event on a person's first request, stable per person.
"""
from collections.abc import Callable

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..errors import Conflict, EventClosed, InvalidInput
from ..extensions import db
from ..models import AgendaItem, Event, SpeakerRequest, utcnow
from ..models.statuses import SpeakerStatus
from ..realtime import broadcast
from ..serializers import iso
from ..serializers import speakers as wire
from . import permissions, speaker_queue
from .attendees import identify, known
from .ban_checks import refuse_banned
from .events import bump_seq, get_event
from .rows import in_event
from .text import clean_text
from .transaction import flush_unique, on_commit, use_case

TOPIC_MAX_LENGTH = 200
RECENT_LIMIT = 10  # done speakers shown to moderators
# action -> does it name a request (request_id)? The moves themselves: speaker_queue.ACTIONS.
ACTIONS = {name: move.names_request for name, move in speaker_queue.ACTIONS.items()}
OPEN_STATUSES = speaker_queue.OPEN_STATUSES


# --- reading -------------------------------------------------------------------

def _elapsed(request: SpeakerRequest, now) -> int:
    """Seconds spoken so far: the stored total plus the running stretch."""
    return wire.elapsed(request, now)


def _times_spoken(event_id: int) -> dict[str, int]:
    """person_key -> how often that person has finished speaking in this event."""
    return dict(db.session.execute(
        select(SpeakerRequest.person_key, func.count())
        .where(SpeakerRequest.event_id == event_id, SpeakerRequest.status == SpeakerStatus.DONE)
        .group_by(SpeakerRequest.person_key)
    ).all())


def _open_requests(event_id: int) -> list[SpeakerRequest]:
    return list(db.session.scalars(select(SpeakerRequest).where(
        SpeakerRequest.event_id == event_id, SpeakerRequest.status.in_(OPEN_STATUSES)
    )))


def _ordered(event: Event, waiting: list[SpeakerRequest], spoken: dict[str, int]) -> list[SpeakerRequest]:
    return speaker_queue.ordered(waiting, spoken, event.first_time_speakers_first)


def _queue(event: Event) -> list[SpeakerRequest]:
    waiting = [r for r in _open_requests(event.id) if r.status == SpeakerStatus.WAITING]
    return _ordered(event, waiting, _times_spoken(event.id))


def view(event: Event, *, moderator: bool, attendee_id: int | None = None, now=None) -> dict:
    """The speakers part of a snapshot and of every speakers:changed message, as of now.

    The room's view (moderator=False) hides names when event.anonymous_speakers and
    never carries attendee ids. With attendee_id (a joined phone's snapshot) it adds
    ``mine``: that phone's own waiting and speaking requests.
    """
    result, mine = _view(event, moderator=moderator, now=now or utcnow())
    if attendee_id is not None:
        result["mine"] = mine(attendee_id)
    return result


def room_view(event: Event, *, now) -> tuple[dict, Callable[[int], dict]]:
    """The room's view without ``mine``, and mine(attendee_id): the ``mine`` that view(...,
    attendee_id=...) would add, answered from memory (for a view shared by every phone)."""
    return _view(event, moderator=False, now=now)


def _view(event: Event, *, moderator: bool, now) -> tuple[dict, Callable[[int], dict]]:
    rows = _open_requests(event.id)
    spoken = _times_spoken(event.id)
    anonymous = event.anonymous_speakers
    current = next((r for r in rows if r.status == SpeakerStatus.SPEAKING), None)
    queue = _ordered(event, [r for r in rows if r.status == SpeakerStatus.WAITING], spoken)

    def entry(r, position=None):
        return wire.entry(r, times_spoken=spoken.get(r.person_key, 0), anonymous=anonymous,
                          moderator=moderator, position=position)

    entries = [entry(r, position) for position, r in enumerate(queue, start=1)]
    result = {
        "limit_seconds": event.speaker_time_limit,
        "current": None,
        "next": entries[0] if entries else None,
        "queue": entries,
    }
    if current is not None:
        result["current"] = {
            **entry(current),
            "timer": wire.timer(current, _elapsed(current, now), limit=event.speaker_time_limit),
        }
    if moderator:
        recent = db.session.scalars(
            select(SpeakerRequest)
            .where(SpeakerRequest.event_id == event.id, SpeakerRequest.status == SpeakerStatus.DONE)
            .order_by(SpeakerRequest.finished_at.desc(), SpeakerRequest.id.desc())
            .limit(RECENT_LIMIT)
        ).all()
        result["recent"] = [entry(r) for r in recent]
    # Ids only, so mine() outlives the session. A phone waits once (a unique index says so).
    waiting: dict[int, tuple[int, int]] = {}
    for position, r in enumerate(queue, start=1):
        if r.attendee_id is not None:
            waiting.setdefault(r.attendee_id, (r.id, position))
    speaking = (current.attendee_id, current.id) if current is not None else (None, None)

    def mine(attendee_id: int) -> dict:
        place = waiting.get(attendee_id)
        return {
            "waiting": {"id": place[0], "position": place[1]} if place else None,
            "speaking": {"id": speaking[1]} if speaking[0] == attendee_id else None,
        }

    return result, mine


def _seq(event_id: int) -> int:
    return db.session.execute(select(Event.seq).where(Event.id == event_id)).scalar_one()


def public_state(*, code: str, attendee_id: int | None = None, token: str | None = None) -> dict:
    """{seq, speakers}: the room's view, with ``mine`` for a phone that joined."""
    event = get_event(code)
    seq = _seq(event.id)  # before the content: content is never older than seq
    attendee = known(event, attendee_id, token)
    return {"seq": seq, "server_now": iso(utcnow()),
            "speakers": view(event, moderator=False, attendee_id=attendee.id if attendee else None)}


def moderator_state(*, code: str, user_id: int) -> dict:
    """{seq, speakers}: the moderators' view (names, recent speakers); any organizer role may read it."""
    event = get_event(code)
    permissions.require(user_id, event, "view")
    seq = _seq(event.id)
    return {"seq": seq, "server_now": iso(utcnow()), "speakers": view(event, moderator=True)}


# --- writing -------------------------------------------------------------------

def announce(event: Event) -> tuple[dict, dict]:
    """Bump seq once for this use case; broadcast both views after commit.

    The message carries server_now: the time its timer values are as of.
    """
    event_id = event.id
    seq = bump_seq(event_id)
    db.session.flush()
    public = view(event, moderator=False)
    moderators = view(event, moderator=True)
    now = iso(utcnow())
    on_commit(lambda: broadcast.changed(event_id, seq, "speakers:changed",
                                        public={"server_now": now, "speakers": public},
                                        moderators={"server_now": now, "speakers": moderators}))
    return public, moderators


def _find(entries: list[dict], request_id: int) -> dict:
    """The entry of a request just added to the queue (so it is there)."""
    found = next((e for e in entries if e["id"] == request_id), None)
    if found is None:
        raise LookupError(f"speaker request {request_id} is not in the queue")
    return found


def _topic(value) -> str:
    return clean_text(value, field="topic", max_length=TOPIC_MAX_LENGTH, required=False, single_line=True)


def _current_item(event: Event) -> int | None:
    """The agenda item on the floor, if it (still) exists in this event."""
    if event.current_item_id is None:
        return None
    item = db.session.get(AgendaItem, event.current_item_id)
    return item.id if item is not None and item.event_id == event.id else None


def _number(event_id: int, person_key: str) -> int:
    """The person's "Speaker N": theirs from an earlier request, or the next free number.

    Safe under concurrency: every use case that numbers holds the event's row (get_event(code, lock=True)) first, and
    on SQLite the use case's transaction is BEGIN IMMEDIATE.
    """
    known_number = db.session.execute(
        select(SpeakerRequest.number).where(SpeakerRequest.event_id == event_id,
                                            SpeakerRequest.person_key == person_key).limit(1)
    ).scalar()
    if known_number is not None:
        return known_number
    highest = db.session.execute(
        select(func.max(SpeakerRequest.number)).where(SpeakerRequest.event_id == event_id)
    ).scalar()
    return (highest or 0) + 1


def _new_request(event: Event, *, person_key: str, name: str | None, topic: str,
                 attendee_id: int | None) -> SpeakerRequest:
    return SpeakerRequest(
        event_id=event.id, attendee_id=attendee_id, agenda_item_id=_current_item(event), name=name,
        person_key=person_key, number=_number(event.id, person_key), topic=topic, status=SpeakerStatus.WAITING,
        requested_at=utcnow(), elapsed_seconds=0,
    )


@use_case
def request_floor(*, code: str, attendee_id: int | None, token: str | None, topic=None) -> dict:
    """A phone asks for the floor. Returns its entry as the room sees it, with its position."""
    event = get_event(code, lock=True)
    if not event.is_open:
        raise EventClosed(_l("This event is closed: the list of speakers takes no new requests."))
    attendee = identify(event, attendee_id, token)
    refuse_banned(event.id, attendee.id, token)
    topic = _topic(topic)
    row = _new_request(event, person_key=f"attendee:{attendee.id}", name=attendee.name, topic=topic,
                       attendee_id=attendee.id)
    flush_unique(row, Conflict(_l("You are already in the list of speakers."), code="already_waiting"))
    public, _moderators = announce(event)
    return _find(public["queue"], row.id)


@use_case
def withdraw(*, code: str, attendee_id: int | None, token: str | None) -> dict:
    """A phone takes its own waiting request back (allowed after closing: it only shortens the queue)."""
    event = get_event(code, lock=True)
    attendee = identify(event, attendee_id, token)
    row = db.session.scalars(select(SpeakerRequest).filter_by(
        event_id=event.id, attendee_id=attendee.id, status=SpeakerStatus.WAITING
    ).limit(1)).first()
    speaker_queue.apply(speaker_queue.withdraw(row, utcnow()))
    assert row is not None  # withdraw() refuses None
    announce(event)
    return wire.entry(row, times_spoken=_times_spoken(event.id).get(row.person_key, 0),
                      anonymous=event.anonymous_speakers, moderator=False)


@use_case
def add(*, code: str, user_id: int | None, name=None, topic=None) -> dict:
    """A moderator adds someone without a phone. Returns the entry as moderators see it."""
    event = get_event(code, lock=True)
    permissions.require(user_id, event, "speakers")
    name = clean_text(name, field="name", max_length=current_app.config["NAME_MAX_LENGTH"], single_line=True)
    topic = _topic(topic)
    person_key = f"name:{name.lower()}"[:80]
    waiting = db.session.execute(select(SpeakerRequest.id).filter_by(
        event_id=event.id, person_key=person_key, status=SpeakerStatus.WAITING
    ).limit(1)).first()
    if waiting is not None:
        raise Conflict(_l("%(name)s is already in the list of speakers.", name=name), code="already_waiting",
                       field="name")
    row = _new_request(event, person_key=person_key, name=name, topic=topic, attendee_id=None)
    db.session.add(row)
    db.session.flush()
    _public, moderators = announce(event)
    return _find(moderators["queue"], row.id)


def _request_in(event: Event, request_id) -> SpeakerRequest:
    return in_event(event.id, SpeakerRequest, request_id, field="request_id",
                    missing=_l("No such request in this event's list of speakers."), code="speaker_request_not_found")


@use_case
def moderate(*, code: str, user_id: int | None, action, request_id=None) -> dict:
    """next | call <id> | start | stop | finish | remove <id>. Returns the moderators' view.

    The decision is `speaker_queue.decide`'s; here the rows are loaded and the changes written."""
    event = get_event(code, lock=True)
    permissions.require(user_id, event, "speakers")
    row = None
    if speaker_queue.move(action).names_request:
        row = _request_in(event, request_id)
    elif request_id is not None:
        raise InvalidInput(_l("'%(action)s' takes no request_id.", action=action), field="request_id")
    current = db.session.scalars(select(SpeakerRequest).where(
        SpeakerRequest.event_id == event.id, SpeakerRequest.status == SpeakerStatus.SPEAKING).limit(1)).first()
    floor = speaker_queue.Floor(current=current, queue=_queue(event) if action == "next" else [], row=row,
                                now=utcnow(), item_id=_current_item(event), auto_start=event.auto_start_speaker_timer)
    speaker_queue.apply(speaker_queue.decide(action, floor), written=db.session.flush)
    _public, moderators = announce(event)
    return moderators
