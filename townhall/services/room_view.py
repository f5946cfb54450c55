"""The room's part of a public snapshot: built once per state of the event, shared by every phone.

A public snapshot (services/snapshots.py) is the room's part (the event, the published
questions with their votes, the agenda, the speakers without ``mine``, the polls as the room
sees them) and the phone's own part. After a restart every phone of a full hall fetches one
at once, so the room's part is built once per state, kept in process memory (per app, for a
bounded number of events) and encoded to JSON once; each response splices its own parts in.

The state's version is (events.seq, events.tally_seq), read first, in one query (content
read after it is at least as new as the version it is kept under):
- seq moves with every structural change, in the use case's own transaction;
- tally_seq moves once per coalesced tally flush (mark_tallied): vote counts and poll tallies
  change without seq and reach the room as absolute, unsequenced messages.
Each process reads the version from the database, so processes sharing one database never
serve a room's part older than the version they read.

What the room's part leaves open, each response fills in (serializers/holes.py): server_now;
join_url (its host may come from the request); ``present`` (phones connected now); a running
timer (agenda item, speaker), as of server_now; ``me`` and the speakers' ``mine``; the
results of an after_vote poll the room may not see yet (a phone that voted gets them). A poll
with a deadline changes at that moment without a write: the room's part is rebuilt from then.
"""
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select

from .. import serializers
from ..errors import NotFound
from ..extensions import db
from ..links import join_url
from ..models import Event, Question
from ..models.statuses import PollStatus, QuestionStatus
from ..serializers import agenda as agenda_wire
from ..serializers import speakers as speakers_wire
from ..serializers.holes import Template, fill, hole
from . import agenda, poll_results, speakers, vote_trust
from .events import bump_tally_seq
from .rows import required_row
from .transaction import use_case

PUBLIC_STATUSES = (QuestionStatus.PUBLISHED,)
_EXTENSION = "townhall.rooms"
_events = Event.__table__
# Read by every snapshot: built once, run without the ORM.
_VERSION = select(_events.c.id, _events.c.seq, _events.c.tally_seq).where(_events.c.code == bindparam("code"))


@dataclass
class Room:
    event_id: int
    code: str
    seq: int
    tally_seq: int
    built_at: datetime
    until: datetime | None  # the first poll deadline after built_at: the content changes then
    body: dict  # for a phone that joined: holes for "me" and the speakers' "mine"
    anonymous: dict  # for anyone else: me null, no mine
    mine: Callable[[int], dict]  # attendee id -> the speakers' "mine"
    timers: dict[str, Callable[[datetime], dict]]  # hole -> the running timer as of a time
    voters: dict[int, dict]  # poll id -> the results a phone that voted sees (the room: null)
    eligible: set[str]  # the kinds of restricted polls: their "present" holes (PollVoters)
    _templates: dict = field(default_factory=dict)

    def serves(self, seq: int, tally_seq: int, now: datetime) -> bool:
        """Is this at least as new as version (seq, tally_seq), and still true at `now`?"""
        return (self.seq >= seq and self.tally_seq >= tally_seq and self.built_at <= now
                and (self.until is None or now < self.until))

    def values(self, *, now: datetime, present: int, polls_voted: set[int]) -> dict:
        """What fills this room's holes for one response (``me`` and ``mine`` excepted)."""
        values: dict[str, object] = {"server_now": serializers.iso(now), "join_url": join_url(self.code),
                                      "present": present}
        values.update({name: as_of(now) for name, as_of in self.timers.items()})
        values.update({f"present:{voters}": vote_trust.present(self.event_id, voters) for voters in self.eligible})
        values.update({f"results:{poll_id}": results if poll_id in polls_voted else None
                       for poll_id, results in self.voters.items()})
        return values

    def plain(self, values: dict, *, joined: bool) -> dict:
        return fill(self.body if joined else self.anonymous, values)

    def json(self, values: dict, *, joined: bool, dumps: Callable[[object], str]) -> str:
        template = self._templates.get(joined)
        if template is None:  # two requests may both make it: the same either way
            template = self._templates[joined] = Template(self.body if joined else self.anonymous, dumps)
        return template.render(values)


class _Rooms:
    """One app's rooms, by event id; the least recently served goes first beyond `size`."""

    def __init__(self, size: int):
        self.size = size
        self._rooms: OrderedDict[int, Room] = OrderedDict()
        self._building: dict[int, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, event_id: int) -> Room | None:
        with self._lock:
            room = self._rooms.get(event_id)
            if room is not None:
                self._rooms.move_to_end(event_id)
            return room

    def put(self, room: Room) -> None:
        with self._lock:
            self._rooms[room.event_id] = room
            self._rooms.move_to_end(room.event_id)
            while len(self._rooms) > self.size:
                gone, _room = self._rooms.popitem(last=False)
                self._building.pop(gone, None)

    def building(self, event_id: int) -> threading.Lock:
        """Held while the event's room is built, so a crowd waiting for the same state builds it once."""
        with self._lock:
            return self._building.setdefault(event_id, threading.Lock())

    def forget(self, event_id: int) -> None:
        with self._lock:
            self._rooms.pop(event_id, None)
            self._building.pop(event_id, None)

    def event_ids(self) -> list[int]:
        with self._lock:
            return list(self._rooms)


def _rooms() -> _Rooms:
    extensions = current_app.extensions
    rooms = extensions.get(_EXTENSION)
    if rooms is None:
        rooms = extensions.setdefault(_EXTENSION, _Rooms(current_app.config["SNAPSHOT_CACHE_EVENTS"]))
    return rooms


def forget(event_id: int) -> None:
    """This process drops a deleted event's room."""
    _rooms().forget(event_id)


def cached_events() -> list[int]:
    """Ids of the events whose room this process keeps, the most recently served last."""
    return _rooms().event_ids()


def current(code: str, now: datetime) -> Room:
    """The room's part for the event's current state, as of now: kept, or built and kept."""
    row = db.session.execute(_VERSION, {"code": (code or "").upper()}).first()
    if row is None:
        raise NotFound(_l("No event with this code."), code="event_not_found")
    event_id, seq, tally_seq = row
    code = (code or "").upper()
    rooms = _rooms()
    room = rooms.get(event_id)
    # The code too: never a deleted event's room, should a database give its id again.
    if room is None or room.code != code or not room.serves(seq, tally_seq, now):
        with rooms.building(event_id):
            room = rooms.get(event_id)  # built meanwhile by another request?
            if room is None or room.code != code or not room.serves(seq, tally_seq, now):
                room = _build(event_id, seq, tally_seq, now)
                rooms.put(room)
    return room


def _build(event_id: int, seq: int, tally_seq: int, now: datetime) -> Room:
    # Read now, after the version: an Event loaded earlier in this session may be older.
    event = required_row(Event, event_id, populate_existing=True)
    questions = db.session.execute(
        select(Question).where(Question.event_id == event_id, Question.status.in_(PUBLIC_STATUSES))
        .order_by(Question.id)
    ).scalars().all()
    timers: dict[str, Callable[[datetime], dict]] = {}
    agenda_view = agenda.view(event, moderator=False, now=now)
    for index, item in enumerate(agenda_view["items"]):
        if item["running"]:
            timers[f"agenda_item:{item['id']}"] = partial(agenda_wire.item_as_of, item)
            agenda_view["items"][index] = hole(f"agenda_item:{item['id']}")
    speakers_view, mine = speakers.room_view(event, now=now)
    current_speaker = speakers_view["current"]
    if current_speaker is not None and current_speaker["timer"]["running"]:
        timers["speaker_timer"] = partial(speakers_wire.timer_as_of, current_speaker["timer"])
        current_speaker["timer"] = hole("speaker_timer")
    poll_views, voters, until = _polls(event, now)
    shared = {
        "seq": seq,
        "tally_seq": tally_seq,
        "server_now": hole("server_now"),
        "event": serializers.event_public(event, hole("join_url")),
        "questions": [serializers.question_public(q) for q in questions],
        "agenda": agenda_view,
        "speakers": speakers_view,
        "polls": poll_views,
    }
    return Room(
        event_id=event_id, code=event.code, seq=seq, tally_seq=tally_seq, built_at=now, until=until,
        body={**shared, "speakers": {**speakers_view, "mine": hole("mine")}, "me": hole("me")},
        anonymous={**shared, "me": None},
        mine=mine, timers=timers, voters=voters,
        eligible={p["voters"] for p in poll_views if p["voters"] != "everyone"},
    )


def _polls(event: Event, now: datetime) -> tuple[list[dict], dict[int, dict], datetime | None]:
    """The room's view of each poll (drafts left out), the results for voters where only
    they may see them, and the first deadline to come."""
    views, voters, deadlines = [], {}, []
    for poll in poll_results.polls_of(event.id, drafts=False):
        view = poll_results.view_of(poll, audience="room", now=now, present=hole("present"),
                                    trusted=event.show_trusted_counts, eligible=_eligible_hole)
        if (not poll_results.room_may_see(poll, now)
                and poll_results.may_see(poll, now, audience="phone", voted=True)):
            voters[poll.id] = poll_results.results(poll)
            view["results"] = hole(f"results:{poll.id}")
        if poll.status == PollStatus.OPEN and poll.closes_at is not None and poll.closes_at > now:
            deadlines.append(poll.closes_at)
        views.append(view)
    return views, voters, min(deadlines, default=None)


def _eligible_hole(voters: str):
    """A restricted poll's "N present": filled per response (Room.values), counted at most once a second."""
    return hole(f"present:{voters}")


@use_case
def mark_tallied(*, event_id: int) -> int:
    """Move the event's tally version on: once per coalesced flush, between reading the
    tallies and emitting them (realtime/broadcast.py).

    Why this order. A phone that joins the room after a tally message went out never gets
    it, so its snapshot must be at least as new as that message. The phone fetches its
    snapshot after joining, so after the emit; the version it reads then already has this
    bump, and a room's part kept under that version was read after the bump, so after the
    tallies were read: at least as new as the message. Bumping after the emit would leave a
    window (the emit is done, the bump not yet committed; emitting to 10,000 sockets takes a
    while) in which such a phone reads the old version and is served a room's part read
    before the tallies, with counts it will never hear of. Bumping before reading them would
    let a room's part read in between be kept under the new version with the older counts.
    A phone in the room while this happens is safe in any order: it gets the message (held
    back while it fetches a snapshot, applied after it; absolute numbers).
    """
    return bump_tally_seq(event_id)
