"""Poll results: the tally of each kind, who may see it, and each audience's view of a poll.

Reads only (docs/polls.md has the wire format). The rules:

- An open poll whose closes_at has passed is closed: for ballots (the counting
  statement in polls.py checks the time) and in every read here, even before the
  background task records the close. A restart loses nothing.
- Who sees results: moderators always; the room per the poll's visibility (live:
  always; after_vote: once closed; on_reveal: once revealed; revealed: always); a
  phone also once it has voted in an after_vote poll.
- A confidential poll with fewer than k_threshold ballots has no per-option numbers
  for anyone, moderators included: results are {"suppressed": true}. Only the
  number of ballots (turnout) is shown. Every reader of results goes through
  results() here, so no other path (API, socket, export) can bypass the threshold.
- Text answers: the room sees approved answers not hidden by the moderator; the word
  cloud counts only those. Moderators also see the others, marked hidden (and pending
  while awaiting approval under premoderation).
"""
from collections import Counter

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..models import Ballot, Event, Participation, Poll, utcnow
from ..models.statuses import PollStatus, PollVoters
from ..serializers import polls as wire
from . import permissions, vote_trust, vote_watch, words
from .attendees import known
from .events import get_event
from .presence import attendees_connected

TOP_WORDS = 40

AUDIENCES = ("room", "phone", "moderator")


# --- time and visibility -------------------------------------------------------

def _past_deadline(poll: Poll, now) -> bool:
    return poll.status == PollStatus.OPEN and poll.closes_at is not None and poll.closes_at <= now


def is_closed(poll: Poll, now) -> bool:
    return poll.status == PollStatus.CLOSED or _past_deadline(poll, now)


def status_of(poll: Poll, now) -> str:
    return PollStatus.CLOSED if _past_deadline(poll, now) else poll.status


def closed_at_of(poll: Poll, now):
    return poll.closes_at if _past_deadline(poll, now) else poll.closed_at


def room_may_see(poll: Poll, now) -> bool:
    """May the whole room (every phone and the projector) see the results now?"""
    if poll.status == PollStatus.DRAFT:
        return False
    if poll.revealed or poll.visibility == "live":
        return True
    return poll.visibility == "after_vote" and is_closed(poll, now)


def may_see(poll: Poll, now, *, audience: str, voted: bool = False) -> bool:
    if audience == "moderator":
        return True
    if room_may_see(poll, now):
        return True
    return audience == "phone" and voted and poll.visibility == "after_vote" and poll.status != PollStatus.DRAFT


# --- tallies ---------------------------------------------------------------------

def top_words(texts) -> list[list]:
    """[[word, count], ...]: the words of services/words.py (Chinese segmented), most frequent first
    (ties alphabetical), at most TOP_WORDS. A word counts once per answer."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(words.words_of(text))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [[word, count] for word, count in ranked[:TOP_WORDS]]


def _counts(poll: Poll, answers: list[dict]) -> dict:
    counts = [0] * len(poll.options)
    for answer in answers:
        choices = answer["choices"] if poll.kind == "multiple" else [answer["choice"]]
        for choice in choices:
            counts[choice] += 1
    return {"counts": counts}


def _rating(poll: Poll, answers: list[dict]) -> dict:
    distribution = {str(value): 0 for value in range(poll.scale_min, poll.scale_max + 1)}
    for answer in answers:
        distribution[str(answer["rating"])] += 1
    total = sum(answer["rating"] for answer in answers)
    return {"distribution": distribution, "average": round(total / len(answers), 2) if answers else None}


def _ranking(poll: Poll, answers: list[dict]) -> dict:
    n = len(poll.options)
    if not answers:
        return {"average_rank": [None] * n, "order": list(range(n))}
    sums = [0] * n
    for answer in answers:
        for rank, option in enumerate(answer["order"], start=1):
            sums[option] += rank
    average = [round(total / len(answers), 2) for total in sums]
    return {"average_rank": average, "order": sorted(range(n), key=lambda i: (sums[i], i))}


def _text(rows, *, moderator: bool) -> dict:
    answers, visible = [], []
    for row in sorted(rows, key=lambda r: (r.submitted_at, r.id), reverse=True):  # newest first
        text = row.answer["text"]
        if row.approved and not row.hidden:
            visible.append(text)
            answers.append({"id": row.id, "text": text})
        elif moderator:
            entry = {"id": row.id, "text": text, "hidden": True}
            if not row.approved:
                entry["pending"] = True
            answers.append(entry)
    return {"answers": answers, "words": top_words(visible)}


def _rows(poll: Poll):
    return db.session.execute(
        select(Ballot.id, Ballot.answer, Ballot.hidden, Ballot.approved, Ballot.submitted_at, Ballot.verified,
               Ballot.in_room)
        .where(Ballot.poll_id == poll.id)
    ).all()


def results(poll: Poll, *, moderator: bool = False, rows=None) -> dict:
    """The results as stored now (or of these ballot rows). moderator: text answers the room may not
    see are included, marked."""
    rows = _rows(poll) if rows is None else rows
    if poll.confidential and len(rows) < poll.k_threshold:
        return {"suppressed": True}
    if poll.kind == "text":
        return _text(rows, moderator=moderator)
    answers = [row.answer for row in rows]
    if poll.kind == "rating":
        return _rating(poll, answers)
    if poll.kind == "ranking":
        return _ranking(poll, answers)
    return _counts(poll, answers)


def among(poll: Poll, rows=None) -> dict:
    """The results counted among the ballots of verified phones and among those of in-room phones:
    {verified: {ballots, results}, in_room: {ballots, results}} (a text poll: counts only; a
    confidential poll's group with fewer than k ballots: suppressed, as its whole results would be; so is
    one that leaves out fewer than k ballots, whose results subtracted from the total's would show them)."""
    rows = _rows(poll) if rows is None else rows
    groups = {}
    for group in GROUPS:
        subset = [row for row in rows if getattr(row, group)]
        outside = len(rows) - len(subset)
        if poll.kind == "text":
            shown = None
        elif poll.confidential and 0 < outside < poll.k_threshold:
            shown = {"suppressed": True}
        else:
            shown = results(poll, rows=subset)
        groups[group] = {"ballots": len(subset), "results": shown}
    return groups


GROUPS = ("verified", "in_room")


# --- views -----------------------------------------------------------------------

def present_for(poll: Poll, present: int | str, eligible=None) -> int | str:
    """The poll's "N present": the phones connected now that it takes (eligible(voters) for a poll
    restricted to verified or in-room phones; by default counted now)."""
    if poll.voters == PollVoters.EVERYONE:
        return present
    return eligible(poll.voters) if eligible else vote_trust.present(poll.event_id, poll.voters)


def view_of(poll: Poll, *, audience: str, now, present: int | str, voted: bool = False, trusted: bool = False,
            eligible=None) -> dict:
    """trusted: the room is shown the results among verified and in-room phones (the event's
    show_trusted_counts); moderators always are."""
    visible = may_see(poll, now, audience=audience, voted=voted)
    moderator = audience == "moderator"
    rows = _rows(poll) if visible else None
    extra = {"suspicious": vote_watch.watch().flag((poll.event_id, "poll", poll.id))} if moderator else {}
    return wire.poll(poll, status=status_of(poll, now), closed_at=closed_at_of(poll, now),
                     present=present_for(poll, present, eligible),
                     results=results(poll, moderator=moderator, rows=rows) if visible else None,
                     among=among(poll, rows) if visible and (trusted or moderator) else None, **extra)


def polls_of(event_id: int, *, drafts: bool) -> list[Poll]:
    query = select(Poll).where(Poll.event_id == event_id)
    if not drafts:
        query = query.where(Poll.status != PollStatus.DRAFT)
    return list(db.session.scalars(query.order_by(Poll.id)))


def voted_in(event_id: int, attendee_id: int) -> set[int]:
    """Ids of the event's polls this phone has voted in (the "has voted" fact only)."""
    return set(db.session.execute(
        select(Participation.poll_id).join(Poll, Poll.id == Participation.poll_id)
        .where(Participation.attendee_id == attendee_id, Poll.event_id == event_id)
    ).scalars())


def views(event: Event, *, audience: str, attendee_id: int | None = None) -> list[dict]:
    """Every poll this audience may see (the room and phones: no drafts), oldest first."""
    now = utcnow()
    present = attendees_connected(event.id)
    voted = voted_in(event.id, attendee_id) if attendee_id else set()
    return [view_of(p, audience=audience, now=now, present=present, voted=p.id in voted,
                    trusted=event.show_trusted_counts)
            for p in polls_of(event.id, drafts=audience == "moderator")]


def tallies(event_id: int, poll_ids) -> dict:
    """The coalesced poll:tallied messages: {seq, public: [...], moderators: [...], voters: [...]}.

    voters: for an after_vote poll the room may not see yet, the results as a phone that has
    voted sees them (its GET), for the poll's voters' room (the public message has results null).
    """
    seq = db.session.execute(select(Event.seq).where(Event.id == event_id)).scalar_one()  # before the content
    polls = db.session.scalars(select(Poll).where(
        Poll.event_id == event_id, Poll.id.in_(list(poll_ids)), Poll.status != PollStatus.DRAFT
    ).order_by(Poll.id)).all()
    now = utcnow()
    everyone = attendees_connected(event_id)
    trusted = db.session.execute(select(Event.show_trusted_counts).where(Event.id == event_id)).scalar_one()
    watch = vote_watch.watch()
    public, moderators, voters = [], [], []
    for poll in polls:
        present = present_for(poll, everyone)
        rows = _rows(poll)
        groups = among(poll, rows)
        moderators.append(wire.tally(poll, present=present, results=results(poll, moderator=True, rows=rows),
                                     among=groups, suspicious=watch.flag((event_id, "poll", poll.id))))
        room = room_may_see(poll, now)
        public.append(wire.tally(poll, present=present, results=results(poll, rows=rows) if room else None,
                                 among=groups if room and trusted else None))
        if not room and may_see(poll, now, audience="phone", voted=True):
            voters.append(wire.tally(poll, present=present, results=results(poll, rows=rows),
                                     among=groups if trusted else None))
    return {"seq": seq, "public": public, "moderators": moderators, "voters": voters}


# --- reading over the API ----------------------------------------------------------

def _caller(event: Event, *, user_id, view, attendee_id, token) -> tuple[str, int | None]:
    """(audience, phone's attendee id). view "moderator" asks for the moderators' view (403 without
    the "view" capability), "room" for the room's; by default an organizer of the event gets the
    moderators' view and everyone else the room's (a joined phone: its own)."""
    if view not in (None, "", "moderator", "room"):
        raise InvalidInput(_l("view must be moderator or room."), field="view")
    if view == "moderator":
        permissions.require(user_id, event, "view")
    moderator = view == "moderator" or (not view and permissions.can(user_id, event, "view"))
    attendee = known(event, attendee_id, token)
    phone = attendee.id if attendee else None
    return ("moderator" if moderator else "phone" if phone else "room"), phone


def list_for(*, code: str, user_id: int | None = None, view: str | None = None, attendee_id: int | None = None,
             token: str | None = None) -> dict:
    """{seq, polls}: every poll this caller may see; a joined phone's carry ``voted``."""
    event = get_event(code)
    seq = db.session.execute(select(Event.seq).where(Event.id == event.id)).scalar_one()  # before the content
    audience, phone = _caller(event, user_id=user_id, view=view, attendee_id=attendee_id, token=token)
    polls = views(event, audience=audience, attendee_id=phone)
    if phone:
        voted = voted_in(event.id, phone)
        polls = [{**p, "voted": p["id"] in voted} for p in polls]
    return {"seq": seq, "polls": polls}


def one_for(*, code: str, poll_id: int, user_id: int | None = None, view: str | None = None,
            attendee_id: int | None = None, token: str | None = None) -> dict:
    """One poll as this caller may see it (a draft only in the moderators' view); a phone's has ``voted``."""
    event = get_event(code)
    audience, phone = _caller(event, user_id=user_id, view=view, attendee_id=attendee_id, token=token)
    poll = db.session.get(Poll, poll_id)
    if poll is None or poll.event_id != event.id or (poll.status == PollStatus.DRAFT and audience != "moderator"):
        raise NotFound(_l("No such poll in this event."), code="poll_not_found")
    voted = phone is not None and poll.id in voted_in(event.id, phone)
    body = view_of(poll, audience=audience, now=utcnow(), present=attendees_connected(event.id), voted=voted,
                   trusted=event.show_trusted_counts)
    if phone:
        body["voted"] = voted
    return body
