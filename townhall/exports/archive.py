"""The JSON archive of a whole event: everything needed to restore it, or to reuse it as a template.

``export(event_id)`` reads the record (read-only) and returns a JSON-serialisable dict;
``services/archive.py`` imports it again. docs/archive.md describes the format.

Objects refer to each other by archive-local keys, never by database ids: an agenda
item by its ``position``, a question by its ``ref`` (1, 2, ... in the order asked).
Nothing links a person to what they did: no attendee ids, tokens, author tags, voter
tags or ballot ids; no Vote rows (a question carries its count); ballots are bare
answers in a canonical order (sorted by their JSON), so even their order says nothing;
a confidential poll with fewer than k ballots carries its count only.
"""
import json

from sqlalchemy import select

from ..contracts.archive import FORMAT, POLL_SETTINGS, SETTINGS, VERSION
from ..extensions import db
from ..models import ActionItem, AgendaItem, Ballot, Decision, Event, Minutes, Poll, Question, SpeakerRequest, utcnow
from ..serializers import iso


def _running_seconds(row, now) -> int:
    """Accumulated seconds plus the running stretch (agenda items and speakers time the same way)."""
    seconds = row.elapsed_seconds or 0
    if row.running_since is not None:
        seconds += max(0, round((now - row.running_since).total_seconds()))
    return seconds


def _event(event: Event) -> dict:
    return {
        "title": event.title, "place": event.place, "description": event.description,
        "starts_at": iso(event.starts_at),
        "settings": {name: getattr(event, name) for name in SETTINGS},
        "meeting_started_at": iso(event.meeting_started_at), "meeting_ended_at": iso(event.meeting_ended_at),
        "peak_connected": event.peak_connected,
    }


def _agenda(items: list[AgendaItem], now) -> list[dict]:
    ids = [i.id for i in items]
    decisions = {i: [] for i in ids}
    actions = {i: [] for i in ids}
    if ids:
        for d in db.session.query(Decision).filter(Decision.agenda_item_id.in_(ids)).order_by(Decision.id):
            decisions[d.agenda_item_id].append({"text": d.text, "vote_result": d.vote_result,
                                                "created_at": iso(d.created_at)})
        for a in db.session.query(ActionItem).filter(ActionItem.agenda_item_id.in_(ids)).order_by(ActionItem.id):
            actions[a.agenda_item_id].append({"what": a.what, "owner": a.owner,
                                              "due_date": a.due_date.isoformat() if a.due_date else None,
                                              "created_at": iso(a.created_at)})
    return [{
        "position": position, "title": i.title, "description": i.description, "presenter": i.presenter,
        "planned_minutes": i.planned_minutes, "status": i.status,
        "started_at": iso(i.started_at), "ended_at": iso(i.ended_at), "elapsed_seconds": _running_seconds(i, now),
        "notes": i.notes, "decisions": decisions[i.id], "actions": actions[i.id],
    } for position, i in enumerate(items)]


def _questions(event_id: int, item_key: dict) -> list[dict]:
    rows = db.session.execute(
        select(Question.id, Question.agenda_item_id, Question.text, Question.original_text, Question.author_name,
               Question.is_anonymous, Question.status, Question.progress, Question.vote_count, Question.answer_text,
               Question.next_step, Question.moderation_reason, Question.merged_into_id, Question.created_at,
               Question.published_at, Question.answered_at, Question.edited_at)
        .where(Question.event_id == event_id).order_by(Question.created_at, Question.id)
    ).all()
    ref = {row.id: n for n, row in enumerate(rows, start=1)}
    return [{
        "ref": ref[q.id], "item": item_key.get(q.agenda_item_id),
        "text": q.text, "original_text": q.original_text,
        "author_name": None if q.is_anonymous else q.author_name, "is_anonymous": q.is_anonymous,
        "status": q.status, "progress": q.progress, "vote_count": q.vote_count,
        "answer_text": q.answer_text, "next_step": q.next_step, "moderation_reason": q.moderation_reason,
        "merged_into": ref.get(q.merged_into_id),
        "created_at": iso(q.created_at), "published_at": iso(q.published_at),
        "answered_at": iso(q.answered_at), "edited_at": iso(q.edited_at),
    } for q in rows]


def _speakers(event: Event, item_key: dict, now) -> list[dict]:
    rows = (db.session.query(SpeakerRequest).filter_by(event_id=event.id)
            .order_by(SpeakerRequest.requested_at, SpeakerRequest.id).all())
    return [{
        "item": item_key.get(r.agenda_item_id),
        "name": None if event.anonymous_speakers else r.name,  # the room knows them as "Speaker N"
        "number": r.number, "topic": r.topic, "status": r.status,
        "requested_at": iso(r.requested_at), "called_at": iso(r.called_at), "finished_at": iso(r.finished_at),
        "elapsed_seconds": _running_seconds(r, now),
    } for r in rows]


def canonical(value) -> str:
    """The JSON text ballots are sorted by (and compared by in tests)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _answers(poll: Poll, ballots: list[Ballot]) -> list[dict] | None:
    if poll.confidential and len(ballots) < poll.k_threshold:
        return None  # below k nobody sees these answers: the archive must not either
    if poll.kind == "text":
        entries = [{"answer": b.answer, "hidden": b.hidden, "approved": b.approved} for b in ballots]
    else:
        entries = [{"answer": b.answer} for b in ballots]
    return sorted(entries, key=canonical)


def _polls(event_id: int, item_key: dict) -> list[dict]:
    polls = db.session.query(Poll).filter_by(event_id=event_id).order_by(Poll.created_at, Poll.id).all()
    ballots = {p.id: [] for p in polls}
    if polls:
        rows = db.session.query(Ballot.poll_id, Ballot.answer, Ballot.hidden, Ballot.approved).filter(
            Ballot.poll_id.in_(list(ballots)))
        for row in rows:
            ballots[row.poll_id].append(row)
    return [{
        "item": item_key.get(p.agenda_item_id),
        **{name: getattr(p, name) for name in POLL_SETTINGS},
        "status": p.status, "revealed": p.revealed,
        "created_at": iso(p.created_at), "opened_at": iso(p.opened_at), "closes_at": iso(p.closes_at),
        "closed_at": iso(p.closed_at), "revealed_at": iso(p.revealed_at),
        "ballot_count": p.ballot_count, "answers": _answers(p, ballots[p.id]),
    } for p in polls]


def _minutes(event_id: int, item_key: dict) -> list[dict]:
    versions = db.session.query(Minutes).filter_by(event_id=event_id).order_by(Minutes.version).all()

    def notes(item_notes) -> dict:
        # Keyed by agenda item id in the database; by the item's position here. Notes of a
        # deleted item have no item to belong to and are left out.
        keyed = {}
        for key, text in (item_notes or {}).items():
            position = item_key.get(int(key)) if str(key).isdigit() else None
            if position is not None:
                keyed[str(position)] = text
        return dict(sorted(keyed.items(), key=lambda pair: int(pair[0])))

    return [{
        "version": m.version, "status": m.status, "summary": m.summary, "item_notes": notes(m.item_notes),
        "chair": m.chair, "note_taker": m.note_taker, "next_steps": m.next_steps,
        "include_hidden_text": m.include_hidden_text,
        "content": m.content,  # the frozen document, as it was marked final
        "finalized_at": iso(m.finalized_at), "published_at": iso(m.published_at),
    } for m in versions]


def export(event_id: int) -> dict:
    """The whole event as an archive (needs an app context; reads only)."""
    event = db.session.get(Event, event_id)
    if event is None:
        raise LookupError(f"no event {event_id}")
    now = utcnow()
    items = (db.session.query(AgendaItem).filter_by(event_id=event.id)
             .order_by(AgendaItem.position, AgendaItem.id).all())
    item_key = {i.id: position for position, i in enumerate(items)}
    return {
        "format": FORMAT, "version": VERSION, "exported_at": iso(now),
        "event": _event(event),
        "agenda": _agenda(items, now),
        "questions": _questions(event.id, item_key),
        "speakers": _speakers(event, item_key, now),
        "polls": _polls(event.id, item_key),
        "minutes": _minutes(event.id, item_key),
    }
