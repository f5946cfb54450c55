"""The minutes document (docs/minutes.md): built from the meeting's own record.

build() shapes the record (exports/record.py), which services/minutes_record.py reads in a
fixed number of queries plus one per poll for its results, so a big event (2,000
questions, 50,000 votes) builds in well under a second (benchmarks/minutes.py). Every
renderer (PDF, DOCX, Markdown, HTML) prints the plain, JSON-serialisable dict it returns.

Anonymity: an anonymous question has author null; the document carries no author tag,
attendee id, token, ballot id or voter tag.
"""
from collections import defaultdict

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..links import join_url
from ..models import MODERATION_REASONS
from ..moderation import summary
from ..serializers.agenda import elapsed
from ..serializers.speakers import room_name
from . import fairness, followup_section, poll_charts
from . import record as rec
from .activity import activity
from .times import day, iso

FORMAT, CONTRACT = "townhall-minutes", 1
GENERAL_TITLE = _l("General")
DEFAULT_NEXT_STEPS = _l("The organizers will answer these questions in writing and publish the answers "
                        "at the event's link.")
COUNTED_STATUSES = ("pending", "rejected", "hidden", "archived", "merged")
DRAFT_DEFAULTS = {"version": 0, "status": "draft", "summary": "", "item_notes": {}, "chair": "",
                  "note_taker": "", "next_steps": "", "include_hidden_text": False, "finalized_at": None}


def default_names(owner: str, team: list) -> dict:
    """Chair: the moderators (else the owner); note-taker: the note-takers. Names joined by ", ".
    team: [(role, name)], in the order they joined (record.Record.team)."""
    moderators = [name for role, name in team if role == "moderator"]
    note_takers = [name for role, name in team if role == "note_taker"]
    return {"chair": ", ".join(moderators) or owner, "note_taker": ", ".join(note_takers)}


def _question(q, item_titles: dict, trust: dict | None = None) -> dict:
    """trust: the record's question_trust (None: the minutes do not show it, and no "trust" key)."""
    body = {
        "id": q.id, "text": q.text, "author": None if q.is_anonymous else q.author_name,
        "votes": q.vote_count, "answer_text": q.answer_text, "answered_at": iso(q.answered_at),
        "next_step": q.next_step, "item": item_titles.get(q.agenda_item_id), "asked_at": iso(q.created_at),
    }
    if trust is not None:
        body["trust"] = trust.get(q.id, {"verified": 0, "in_room": 0})
    return body


def _by_votes(questions: list) -> list:
    return sorted(questions, key=lambda q: (-q.vote_count, q.created_at, q.id))


def _speaker(s, *, anonymous: bool, now) -> dict:
    seconds = s.elapsed_seconds or 0
    if s.running_since is not None:
        seconds += max(0, round((now - s.running_since).total_seconds()))
    label = room_name(s, anonymous=anonymous, numbered=_("Speaker %(number)s"))  # in the minutes' language
    return {"label": label, "topic": s.topic, "seconds": seconds}


def _item(item, *, now, **parts) -> dict:
    never_started = item.started_at is None and item.running_since is None and not item.elapsed_seconds
    return {
        "id": item.id, "position": item.position, "title": item.title, "presenter": item.presenter,
        "description": item.description, "status": item.status, "planned_minutes": item.planned_minutes,
        "actual_seconds": None if never_started else elapsed(item, now),
        "started_at": iso(item.started_at), "ended_at": iso(item.ended_at), **parts,
    }


def _general(**parts) -> dict:
    return {"id": None, "position": None, "title": str(GENERAL_TITLE), "presenter": "", "description": "",
            "status": "done", "planned_minutes": None, "actual_seconds": None, "started_at": None,
            "ended_at": None, "notes": "", "decisions": [], "actions": [], **parts}


def _grouped(rows, key: str) -> dict:
    groups = defaultdict(list)
    for row in rows:
        groups[getattr(row, key)].append(row)
    return groups


def _agenda(record: rec.Record, item_notes: dict, *, now) -> tuple[list, dict | None]:
    titles = {item.id: item.title for item in record.items}
    decisions = _grouped(record.decisions, "agenda_item_id")
    actions = _grouped(record.actions, "agenda_item_id")
    answered = _grouped(_by_votes([q for q in record.questions
                                   if q.status == "published" and q.progress == "answered"]), "agenda_item_id")
    speakers = _grouped(record.speakers, "agenda_item_id")
    polls = _grouped(record.polls, "agenda_item_id")
    anonymous = record.event.anonymous_speakers

    def parts(item_id) -> dict:
        return {
            "answered": [_question(q, titles, record.question_trust) for q in answered.get(item_id, [])],
            "speakers": [_speaker(s, anonymous=anonymous, now=now) for s in speakers.get(item_id, [])],
            "polls": [poll_charts.poll(p) for p in polls.get(item_id, [])],
        }

    items = []
    for item in record.items:
        notes = item_notes.get(str(item.id), item.notes)
        items.append(_item(
            item, now=now, notes=notes if isinstance(notes, str) else item.notes,
            decisions=[{"text": d.text, "vote_result": d.vote_result} for d in decisions.get(item.id, [])],
            actions=[{"what": a.what, "owner": a.owner, "due_date": day(a.due_date)}
                     for a in actions.get(item.id, [])],
            **parts(item.id)))
    general = parts(None)  # filed under no item, or under an item since deleted (the column is then NULL)
    return items, (_general(**general) if any(general.values()) else None)


def _unanswered(record: rec.Record, next_steps: str) -> dict:
    titles = {item.id: item.title for item in record.items}
    waiting = [q for q in record.questions if q.status == "published" and q.progress != "answered"]
    return {"next_steps": next_steps or str(DEFAULT_NEXT_STEPS),
            "questions": [_question(q, titles, record.question_trust) for q in _by_votes(waiting)]}


def _moderation(record: rec.Record, include_hidden_text: bool) -> dict:
    counts = {status: 0 for status in ("published", *COUNTED_STATUSES)}
    reasons = {reason: 0 for reason in MODERATION_REASONS}
    edited = 0
    for q in record.questions:
        counts[q.status] = counts.get(q.status, 0) + 1
        edited += bool(q.edited)
        if q.moderation_reason in reasons and q.status not in ("published", "pending"):
            reasons[q.moderation_reason] += 1
    withheld = None
    if include_hidden_text:
        withheld = [{"text": q.text, "status": q.status, "reason": q.moderation_reason}
                    for q in record.questions if q.status in ("hidden", "rejected")]
    public = summary.tally(((q.status, q.moderation_reason, 1) for q in record.questions), record.banned)
    return {"asked": len(record.questions), **counts, "edited": edited,
            "by_reason": {reason: n for reason, n in reasons.items() if n}, "withheld": withheld,
            "banned": record.banned, "summary": summary.line(public)}


def _event(record: rec.Record, names: dict) -> dict:
    event = record.event
    moderators = [name for role, name in record.team if role == "moderator"]
    return {
        "title": event.title, "code": event.code, "place": event.place, "description": event.description,
        "link": join_url(event.code), "starts_at": iso(event.starts_at),
        "timezone": event.timezone, "language": event.language,
        "accent_color": event.accent_color, "logo": record.logo,
        "started_at": iso(event.meeting_started_at), "ended_at": iso(event.meeting_ended_at),
        "organizers": [record.owner, *moderators], **names,
    }


def build(record: rec.Record, *, draft: dict | None = None, now) -> dict:
    """The minutes document of the record, read at now (naive UTC); draft: the minutes version's own
    fields (docs/minutes.md)."""
    fields = {**DRAFT_DEFAULTS, **{k: v for k, v in (draft or {}).items() if v is not None}}
    defaults = default_names(record.owner, record.team)
    names = {key: fields[key] or defaults[key] for key in ("chair", "note_taker")}
    items, general = _agenda(record, fields["item_notes"] or {}, now=now)
    return {
        "format": FORMAT, "contract": CONTRACT,
        "version": fields["version"], "status": fields["status"],
        "finalized_at": iso(fields["finalized_at"]), "generated_at": iso(now),
        "event": _event(record, names),
        "attendance": {
            "joined": record.joined,
            "peak_connected": max(record.event.peak_connected or 0, record.peak_here),
            "questions": len(record.questions),
            "votes": record.votes,
            "ballots": sum(p.ballot_count for p in record.polls),
        },
        "summary": fields["summary"],
        "items": items,
        "general": general,
        "unanswered": _unanswered(record, fields["next_steps"]),
        "moderation": _moderation(record, bool(fields["include_hidden_text"])),
        "fairness": fairness.part(record.fairness),
        "activity": activity(record.event, record.questions, record.vote_minutes, now=now),
        **_followup(record, now=now),
    }


def _followup(record: rec.Record, *, now) -> dict:
    """{"followup": the section} (exports/followup_section.py), or nothing when the record has no follow-up part."""
    section = followup_section.build(record, tracker=join_url(record.event.code) + "/followup", now=now)
    return {} if section is None else {"followup": section}
