"""The JSON archive of a whole event: everything needed to restore it, or to reuse it as a template.

``export(record)`` shapes the event's record into a JSON-serialisable dict; the record is
plain data that services/archive_record.py reads: for each table, the columns named in
COLUMNS below, as dicts. ``services/archive.py`` imports archives again. docs/archive.md
describes the format.

Objects refer to each other by archive-local keys, never by database ids: an agenda
item by its ``position``, a question by its ``ref`` (1, 2, ... in the order asked).
Nothing links a person to what they did: no attendee ids, tokens, author tags, voter
tags or ballot ids; no Vote rows (a question carries its count); ballots are bare
answers in a canonical order (sorted by their JSON), so even their order says nothing;
a confidential poll with fewer than k ballots carries its count only.
"""
import base64
import json

from ..contracts.archive import FORMAT, POLL_SETTINGS, SETTINGS, VERSION
from ..serializers import iso

_TIMER = ("elapsed_seconds", "running_since")

# What the record holds: the columns read from each table (no attendee, tag or ballot id among them).
# events: the one event; the others: lists, agenda items in their order, every other list oldest first.
COLUMNS = {
    "events": ("title", "place", "description", "starts_at", *SETTINGS, "meeting_started_at", "meeting_ended_at",
               "peak_connected", "timezone", "language", "accent_color"),
    "agenda_items": ("id", "title", "description", "presenter", "planned_minutes", "status", "started_at",
                     "ended_at", "notes", *_TIMER),
    "decisions": ("agenda_item_id", "text", "vote_result", "created_at"),
    "action_items": ("agenda_item_id", "what", "owner", "due_date", "created_at"),
    "questions": ("id", "agenda_item_id", "text", "original_text", "author_name", "is_anonymous", "status",
                  "progress", "vote_count", "answer_text", "next_step", "moderation_reason", "merged_into_id",
                  "created_at", "published_at", "answered_at", "edited_at"),
    "speaker_requests": ("agenda_item_id", "name", "number", "topic", "status", "requested_at", "called_at",
                         "finished_at", *_TIMER),
    "polls": ("id", "agenda_item_id", *POLL_SETTINGS, "status", "revealed", "created_at", "opened_at", "closes_at",
              "closed_at", "revealed_at", "ballot_count"),
    "ballots": ("poll_id", "answer", "hidden", "approved"),
    "minutes": ("version", "status", "summary", "item_notes", "chair", "note_taker", "next_steps",
                "include_hidden_text", "content", "finalized_at", "published_at"),
    # in the order taken (by id); no user id: the staff member's name as it was then
    "question_ledger": ("question_id", "at", "kind", "state", "actor", "actor_name", "office_id", "due_on", "note"),
    "followups": ("question_id", "office_id", "referred_at", "first_due_on", "due_on", "note", "answer_text",
                  "answered_at", "feedback", "feedback_text", "feedback_at"),
}
# Who may be named in a ledger step: the event's team and the offices. An asker is named (or not) by the
# question alone, so nothing in the ledger can link an anonymous question to a person.
NAMED_ACTORS = ("team", "office")


def _running_seconds(row: dict, now) -> int:
    """Accumulated seconds plus the running stretch (agenda items and speakers time the same way)."""
    seconds = row["elapsed_seconds"] or 0
    if row["running_since"] is not None:
        seconds += max(0, round((now - row["running_since"]).total_seconds()))
    return seconds


def _event(event: dict, logo: bytes | None) -> dict:
    return {
        "title": event["title"], "place": event["place"], "description": event["description"],
        "starts_at": iso(event["starts_at"]),
        "settings": {name: event[name] for name in SETTINGS},
        "meeting_started_at": iso(event["meeting_started_at"]), "meeting_ended_at": iso(event["meeting_ended_at"]),
        "peak_connected": event["peak_connected"],
        "timezone": event["timezone"], "language": event["language"], "accent_color": event["accent_color"],
        "logo": base64.b64encode(logo).decode("ascii") if logo else None,
    }


def _agenda(record: dict, now) -> list[dict]:
    items = record["agenda_items"]
    decisions = {i["id"]: [] for i in items}
    actions = {i["id"]: [] for i in items}
    for d in record["decisions"]:
        decisions[d["agenda_item_id"]].append({"text": d["text"], "vote_result": d["vote_result"],
                                               "created_at": iso(d["created_at"])})
    for a in record["action_items"]:
        actions[a["agenda_item_id"]].append({"what": a["what"], "owner": a["owner"],
                                             "due_date": a["due_date"].isoformat() if a["due_date"] else None,
                                             "created_at": iso(a["created_at"])})
    return [{
        "position": position, "title": i["title"], "description": i["description"], "presenter": i["presenter"],
        "planned_minutes": i["planned_minutes"], "status": i["status"],
        "started_at": iso(i["started_at"]), "ended_at": iso(i["ended_at"]),
        "elapsed_seconds": _running_seconds(i, now),
        "notes": i["notes"], "decisions": decisions[i["id"]], "actions": actions[i["id"]],
    } for position, i in enumerate(items)]


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _ledger(entries: list[dict], offices: dict) -> list[dict]:
    return [{
        "at": iso(e["at"]), "kind": e["kind"], "state": e["state"], "actor": e["actor"],
        "actor_name": e["actor_name"] if e["actor"] in NAMED_ACTORS else None,
        "office": offices.get(e["office_id"]), "due_on": _day(e["due_on"]), "note": e["note"],
    } for e in entries]


def _followup(f: dict | None, offices: dict) -> dict | None:
    if f is None:
        return None
    return {"office": offices.get(f["office_id"]), "referred_at": iso(f["referred_at"]),
            "first_due_on": _day(f["first_due_on"]), "due_on": _day(f["due_on"]), "note": f["note"],
            "answer_text": f["answer_text"], "answered_at": iso(f["answered_at"]), "feedback": f["feedback"],
            "feedback_text": f["feedback_text"], "feedback_at": iso(f["feedback_at"])}


def _organization(record: dict) -> dict | None:
    """The event's organization and the offices named by the ledger and follow-ups (sorted), or None."""
    name, offices = record.get("organization"), record.get("offices") or {}
    if name is None and not offices:
        return None
    return {"name": name or "", "offices": sorted(set(offices.values()))}


def _questions(rows: list[dict], item_key: dict, record: dict | None = None) -> list[dict]:
    ref = {row["id"]: n for n, row in enumerate(rows, start=1)}
    record = record or {}
    offices = record.get("offices") or {}
    ledgers: dict[int, list] = {row["id"]: [] for row in rows}
    for entry in record.get("question_ledger") or ():
        ledgers[entry["question_id"]].append(entry)
    followups = {f["question_id"]: f for f in record.get("followups") or ()}
    return [{
        "ref": ref[q["id"]], "item": item_key.get(q["agenda_item_id"]),
        "text": q["text"], "original_text": q["original_text"],
        "author_name": None if q["is_anonymous"] else q["author_name"], "is_anonymous": q["is_anonymous"],
        "status": q["status"], "progress": q["progress"], "vote_count": q["vote_count"],
        "answer_text": q["answer_text"], "next_step": q["next_step"], "moderation_reason": q["moderation_reason"],
        "merged_into": ref.get(q["merged_into_id"]),
        "created_at": iso(q["created_at"]), "published_at": iso(q["published_at"]),
        "answered_at": iso(q["answered_at"]), "edited_at": iso(q["edited_at"]),
        "ledger": _ledger(ledgers[q["id"]], offices), "followup": _followup(followups.get(q["id"]), offices),
    } for q in rows]


def _speakers(rows: list[dict], event: dict, item_key: dict, now) -> list[dict]:
    return [{
        "item": item_key.get(r["agenda_item_id"]),
        "name": None if event["anonymous_speakers"] else r["name"],  # the room knows them as "Speaker N"
        "number": r["number"], "topic": r["topic"], "status": r["status"],
        "requested_at": iso(r["requested_at"]), "called_at": iso(r["called_at"]),
        "finished_at": iso(r["finished_at"]), "elapsed_seconds": _running_seconds(r, now),
    } for r in rows]


def canonical(value) -> str:
    """The JSON text ballots are sorted by (and compared by in tests)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _answers(poll: dict, ballots: list[dict]) -> list[dict] | None:
    if poll["confidential"] and len(ballots) < poll["k_threshold"]:
        return None  # below k nobody sees these answers: the archive must not either
    if poll["kind"] == "text":
        entries = [{"answer": b["answer"], "hidden": b["hidden"], "approved": b["approved"]} for b in ballots]
    else:
        entries = [{"answer": b["answer"]} for b in ballots]
    return sorted(entries, key=canonical)


def _polls(record: dict, item_key: dict) -> list[dict]:
    ballots = {p["id"]: [] for p in record["polls"]}
    for ballot in record["ballots"]:
        ballots[ballot["poll_id"]].append(ballot)
    return [{
        "item": item_key.get(p["agenda_item_id"]),
        **{name: p[name] for name in POLL_SETTINGS},
        "status": p["status"], "revealed": p["revealed"],
        "created_at": iso(p["created_at"]), "opened_at": iso(p["opened_at"]), "closes_at": iso(p["closes_at"]),
        "closed_at": iso(p["closed_at"]), "revealed_at": iso(p["revealed_at"]),
        "ballot_count": p["ballot_count"], "answers": _answers(p, ballots[p["id"]]),
    } for p in record["polls"]]


def _minutes(versions: list[dict], item_key: dict) -> list[dict]:
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
        "version": m["version"], "status": m["status"], "summary": m["summary"], "item_notes": notes(m["item_notes"]),
        "chair": m["chair"], "note_taker": m["note_taker"], "next_steps": m["next_steps"],
        "include_hidden_text": m["include_hidden_text"],
        "content": m["content"],  # the frozen document, as it was marked final
        "finalized_at": iso(m["finalized_at"]), "published_at": iso(m["published_at"]),
    } for m in versions]


def export(record: dict, *, now) -> dict:
    """The whole event as an archive, exported at now (naive UTC). record: for each table of COLUMNS,
    its rows as dicts of those columns ("events": the event's one row), "organization": the event's
    organization's name (or None), "offices": {office id: name} of the offices its rows name, and "logo":
    the event's logo (PNG bytes) or None."""
    item_key = {i["id"]: position for position, i in enumerate(record["agenda_items"])}
    event = record["events"]
    return {
        "format": FORMAT, "version": VERSION, "exported_at": iso(now),
        "event": _event(event, record.get("logo")),
        "organization": _organization(record),
        "agenda": _agenda(record, now),
        "questions": _questions(record["questions"], item_key, record),
        "speakers": _speakers(record["speaker_requests"], event, item_key, now),
        "polls": _polls(record, item_key),
        "minutes": _minutes(record["minutes"], item_key),
    }
