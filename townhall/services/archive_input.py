"""Checking an event archive before anything is stored (services/archive.py imports it).

``clean_archive(data)`` checks the whole archive (format and version, types, lengths,
enums, references, sizes) and returns it cleaned: Python values (datetimes, dates)
ready to be stored. Each field is cleaned by the same rule as the use case that
writes it live, so a re-imported archive stores what the original event stored.
Any problem raises InvalidInput(code="invalid_archive") whose ``field`` is the
path of the offending value, e.g. ``questions[3].status``.
"""
from datetime import UTC, date, datetime

from flask import current_app

from ..contracts import agenda as agenda_input
from ..contracts import minutes as minutes_input
from ..contracts import records as records_input
from ..contracts.events import SPEAKER_TIME_LIMIT
from ..contracts.events import TEXT_LIMITS as EVENT_LIMITS
from ..errors import InvalidInput
from ..exports.archive import FORMAT, POLL_SETTINGS, SETTINGS, VERSION
from ..models import (
    ITEM_STATUSES,
    MODERATION_REASONS,
    POLL_STATUSES,
    QUESTION_PROGRESS,
    QUESTION_STATUSES,
    SPEAKER_STATUSES,
)
from . import agenda as agenda_rules
from . import minutes_content
from .ids import MAX_ID
from .poll_input import KIND_FIELDS, clean_answer, clean_poll
from .questions import ANSWER_MAX_LENGTH, NEXT_STEP_MAX_LENGTH
from .text import clean_text, long_text, without_surrogates

MAX_QUESTIONS = 20_000
MAX_SPEAKERS = 5_000
MAX_POLLS = 500
MAX_BALLOTS_PER_POLL = 50_000
MAX_BALLOTS = 200_000
MAX_RECORDS_PER_ITEM = 1_000  # decisions, and action items, per agenda item
MAX_MINUTES_VERSIONS = 200
QUESTION_TEXT_MAX = 2_000  # or the server's QUESTION_MAX_LENGTH, if larger
SPEAKER_NAME_MAX, TOPIC_MAX = 60, 200
TOP_LEVEL = {"format", "version", "exported_at", "event", "agenda", "questions", "speakers", "polls", "minutes"}
# Control characters except tab and newline, and lone surrogates: as notes are cleaned.


def fail(path: str, message: str):
    raise InvalidInput(message, code="invalid_archive", field=path)


# --- values --------------------------------------------------------------------

def _object(value, path: str, *, required=(), optional=()) -> dict:
    if not isinstance(value, dict):
        fail(path or "archive", f"{path or 'The archive'} must be an object.")
    for key in required:
        if key not in value:
            fail(_join(path, key), f"{_join(path, key)} is missing.")
    unknown = sorted(set(value) - set(required) - set(optional))
    if unknown:
        fail(_join(path, unknown[0]), f"{path or 'The archive'} has an unknown field: {unknown[0]}.")
    return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _list(value, path: str, limit: int) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        fail(path, f"{path} must be a list.")
    if len(value) > limit:
        fail(path, f"{path} has {len(value)} entries; an archive may hold at most {limit}.")
    return value


def _int(value, path: str, low: int = 0, high: int = MAX_ID, *, nullable: bool = False) -> int | None:
    if value is None and nullable:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        fail(path, f"{path} must be a whole number from {low} to {high}.")
    return value


def _bool(value, path: str) -> bool:
    if not isinstance(value, bool):
        fail(path, f"{path} must be true or false.")
    return value


def _enum(value, path: str, choices) -> str:
    if not isinstance(value, str) or value not in choices:
        fail(path, f"{path} must be one of: {', '.join(choices)}.")
    return value


def _time(value, path: str) -> datetime | None:
    """An ISO 8601 time (UTC with Z, an offset, or naive UTC) as a naive UTC datetime."""
    if value is None:
        return None
    try:
        if not isinstance(value, str) or len(value) > 40:
            raise ValueError
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        fail(path, f"{path} must be an ISO 8601 time like 2026-11-21T18:02:00Z, or null.")
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _date(value, path: str) -> date | None:
    if value is None:
        return None
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        fail(path, f"{path} must be a date like 2026-12-31, or null.")


def _guarded(path: str, clean, *args, inner: bool = False, **kwargs):
    """Run a live use case's own cleaning rule, reporting its error at this path
    (inner: the rule names a field inside the object at path, e.g. a poll's options)."""
    try:
        return clean(*args, **kwargs)
    except InvalidInput as exc:
        where = _join(path, exc.field) if inner and exc.field else path
        fail(where, f"{where}: {exc.message}")


def _line(value, path: str, limit: int, *, required: bool = False, nullable: bool = False) -> str | None:
    """One line of text, cleaned as names, titles and topics are."""
    if value is None and nullable:
        return None
    return _guarded(path, clean_text, value, field=_name(path), max_length=limit, required=required,
                    single_line=True)


def _text(value, path: str, limit: int, *, required: bool = False, nullable: bool = False) -> str | None:
    """Text of several lines, cleaned as questions and decisions are."""
    if value is None and nullable:
        return None
    return _guarded(path, clean_text, value, field=_name(path), max_length=limit, required=required)


def _name(path: str) -> str:
    return path.rsplit(".", 1)[-1].replace("_", " ")


def _long(value, path: str, limit: int, *, nullable: bool = False) -> str | None:
    """Free text kept as typed (notes, answers, summaries), cleaned as the live use cases clean it."""
    if value is None and nullable:
        return None
    try:
        return long_text(value, field=path, max_length=limit, subject=path)
    except InvalidInput as error:
        fail(path, error.message)


def _event_text(value, path: str, limit: int, *, required: bool = False) -> str:
    """Event title, place, description: cleaned as the event settings form is."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        fail(path, f"{path} must be text.")
    value = without_surrogates(value).strip()
    if required and not value:
        fail(path, f"{path} is empty: the event needs a title.")
    if len(value) > limit:
        fail(path, f"{path} has {len(value)} characters; the limit is {limit}.")
    return value


def _item_ref(value, path: str, positions: int) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < positions:
        fail(path, f"{path} must be the position of an agenda item in this archive (0 to {positions - 1}), "
                   "or null." if positions else f"{path} must be null: the archive has no agenda items.")
    return value


def _at_most_one(rows: list[dict], key: str, values: set, section: str) -> None:
    seen = [i for i, row in enumerate(rows) if row[key] in values]
    if len(seen) > 1:
        fail(f"{section}[{seen[1]}].{key}", f"{section}[{seen[0]}] and {section}[{seen[1]}] are both "
                                             f"{'/'.join(sorted(values))}: only one can be at a time.")


# --- sections ------------------------------------------------------------------

def _event(value) -> dict:
    path = "event"
    data = _object(value, path, required=("title",),
                   optional=("place", "description", "starts_at", "settings", "meeting_started_at",
                             "meeting_ended_at", "peak_connected"))
    clean = {field: _event_text(data.get(field), f"{path}.{field}", limit, required=field == "title")
             for field, limit in EVENT_LIMITS.items()}
    settings = _object(data.get("settings", {}), f"{path}.settings", optional=SETTINGS)
    for name in SETTINGS:
        if name in settings:
            if name == "speaker_time_limit":
                clean[name] = _int(settings[name], f"{path}.settings.{name}", *SPEAKER_TIME_LIMIT)
            else:
                clean[name] = _bool(settings[name], f"{path}.settings.{name}")
    for name in ("starts_at", "meeting_started_at", "meeting_ended_at"):
        clean[name] = _time(data.get(name), f"{path}.{name}")
    clean["peak_connected"] = _int(data.get("peak_connected", 0), f"{path}.peak_connected")
    return clean


def _decision(value, path: str) -> dict:
    data = _object(value, path, required=("text",), optional=("vote_result", "created_at"))
    return {"text": _text(data["text"], f"{path}.text", records_input.DECISION_MAX_LENGTH, required=True),
            "vote_result": _line(data.get("vote_result"), f"{path}.vote_result",
                                 records_input.VOTE_RESULT_MAX_LENGTH),
            "created_at": _time(data.get("created_at"), f"{path}.created_at")}


def _action(value, path: str) -> dict:
    data = _object(value, path, required=("what",), optional=("owner", "due_date", "created_at"))
    return {"what": _text(data["what"], f"{path}.what", records_input.ACTION_MAX_LENGTH, required=True),
            "owner": _line(data.get("owner"), f"{path}.owner", records_input.OWNER_MAX_LENGTH),
            "due_date": _date(data.get("due_date"), f"{path}.due_date"),
            "created_at": _time(data.get("created_at"), f"{path}.created_at")}


def _agenda(value) -> list[dict]:
    rows = _list(value, "agenda", agenda_rules.MAX_ITEMS)
    items = []
    for i, row in enumerate(rows):
        path = f"agenda[{i}]"
        data = _object(row, path, required=("position", "title"),
                       optional=("description", "presenter", "planned_minutes", "status", "started_at",
                                 "ended_at", "elapsed_seconds", "notes", "decisions", "actions"))
        limits = agenda_input.TEXT_LIMITS
        items.append({
            "position": _int(data["position"], f"{path}.position", 0, len(rows) - 1),
            "title": _line(data["title"], f"{path}.title", limits["title"], required=True),
            "presenter": _line(data.get("presenter"), f"{path}.presenter", limits["presenter"]),
            "description": _text(data.get("description"), f"{path}.description", limits["description"]),
            "planned_minutes": _int(data.get("planned_minutes", agenda_rules.DEFAULT_MINUTES),
                                    f"{path}.planned_minutes", *agenda_input.PLANNED_MINUTES),
            "status": _enum(data.get("status", "upcoming"), f"{path}.status", ITEM_STATUSES),
            "started_at": _time(data.get("started_at"), f"{path}.started_at"),
            "ended_at": _time(data.get("ended_at"), f"{path}.ended_at"),
            "elapsed_seconds": _int(data.get("elapsed_seconds", 0), f"{path}.elapsed_seconds"),
            "notes": _long(data.get("notes"), f"{path}.notes", records_input.NOTES_MAX_LENGTH),
            "decisions": [_decision(d, f"{path}.decisions[{j}]") for j, d in
                          enumerate(_list(data.get("decisions"), f"{path}.decisions", MAX_RECORDS_PER_ITEM))],
            "actions": [_action(a, f"{path}.actions[{j}]") for j, a in
                        enumerate(_list(data.get("actions"), f"{path}.actions", MAX_RECORDS_PER_ITEM))],
        })
    seen = {}
    for i, item in enumerate(items):
        if item["position"] in seen:
            fail(f"agenda[{i}].position", f"agenda[{i}] and agenda[{seen[item['position']]}] have the same "
                                          f"position {item['position']}.")
        seen[item["position"]] = i
    _at_most_one(items, "status", {"running", "paused"}, "agenda")
    return sorted(items, key=lambda item: item["position"])


def _questions(value, positions: int) -> list[dict]:
    rows = _list(value, "questions", MAX_QUESTIONS)
    text_max = max(QUESTION_TEXT_MAX, current_app.config["QUESTION_MAX_LENGTH"])
    name_max = current_app.config["NAME_MAX_LENGTH"]
    questions, refs = [], {}
    for i, row in enumerate(rows):
        path = f"questions[{i}]"
        data = _object(row, path, required=("ref", "text"),
                       optional=("item", "original_text", "author_name", "is_anonymous", "status", "progress",
                                 "vote_count", "answer_text", "next_step", "moderation_reason", "merged_into",
                                 "created_at", "published_at", "answered_at", "edited_at"))
        ref = _int(data["ref"], f"{path}.ref", 1)
        if ref in refs:
            fail(f"{path}.ref", f"questions[{refs[ref]}] and {path} have the same ref {ref}.")
        refs[ref] = i
        anonymous = _bool(data.get("is_anonymous", False), f"{path}.is_anonymous")
        author = _line(data.get("author_name"), f"{path}.author_name", name_max, nullable=True)
        if anonymous and author is not None:
            fail(f"{path}.author_name", f"{path} is anonymous: its author_name must be null.")
        status = _enum(data.get("status", "published"), f"{path}.status", QUESTION_STATUSES)
        reason = data.get("moderation_reason")
        questions.append({
            "ref": ref, "item": _item_ref(data.get("item"), f"{path}.item", positions),
            "text": _text(data["text"], f"{path}.text", text_max, required=True),
            "original_text": _text(data.get("original_text"), f"{path}.original_text", text_max, nullable=True),
            "author_name": author or None, "is_anonymous": anonymous, "status": status,
            "progress": _enum(data.get("progress", "open"), f"{path}.progress", QUESTION_PROGRESS),
            "vote_count": _int(data.get("vote_count", 0), f"{path}.vote_count"),
            "answer_text": _long(data.get("answer_text"), f"{path}.answer_text", ANSWER_MAX_LENGTH, nullable=True),
            "next_step": _long(data.get("next_step"), f"{path}.next_step", NEXT_STEP_MAX_LENGTH, nullable=True),
            "moderation_reason": None if reason is None else _enum(reason, f"{path}.moderation_reason",
                                                                   MODERATION_REASONS),
            "merged_into": _int(data.get("merged_into"), f"{path}.merged_into", 1, nullable=True),
            **{name: _time(data.get(name), f"{path}.{name}")
               for name in ("created_at", "published_at", "answered_at", "edited_at")},
        })
    for i, question in enumerate(questions):
        target = question["merged_into"]
        if target is None:
            continue
        path = f"questions[{i}].merged_into"
        if target not in refs:
            fail(path, f"{path} refers to question ref {target}, which is not in the archive.")
        if target == question["ref"]:
            fail(path, f"{path}: a question cannot be merged into itself.")
        if question["status"] != "merged":
            fail(path, f"{path} is only for a question whose status is merged.")
    _no_merge_cycles(questions, refs)
    _at_most_one(questions, "progress", {"answering"}, "questions")
    return questions


def _no_merge_cycles(questions: list[dict], refs: dict) -> None:
    target = {q["ref"]: q["merged_into"] for q in questions}
    settled = set()  # refs whose chain ends
    for i, question in enumerate(questions):
        chain, ref = set(), question["ref"]
        while ref is not None and ref not in settled:
            if ref in chain:
                fail(f"questions[{i}].merged_into", f"questions[{i}] is merged in a circle.")
            chain.add(ref)
            ref = target[ref]
        settled |= chain


def _speakers(value, positions: int) -> list[dict]:
    rows = _list(value, "speakers", MAX_SPEAKERS)
    speakers = []
    for i, row in enumerate(rows):
        path = f"speakers[{i}]"
        data = _object(row, path, required=("number",),
                       optional=("item", "name", "topic", "status", "requested_at", "called_at", "finished_at",
                                 "elapsed_seconds"))
        speakers.append({
            "item": _item_ref(data.get("item"), f"{path}.item", positions),
            "name": _line(data.get("name"), f"{path}.name", SPEAKER_NAME_MAX, nullable=True) or None,
            "number": _int(data["number"], f"{path}.number", 1),
            "topic": _line(data.get("topic"), f"{path}.topic", TOPIC_MAX),
            "status": _enum(data.get("status", "done"), f"{path}.status", SPEAKER_STATUSES),
            "requested_at": _time(data.get("requested_at"), f"{path}.requested_at"),
            "called_at": _time(data.get("called_at"), f"{path}.called_at"),
            "finished_at": _time(data.get("finished_at"), f"{path}.finished_at"),
            "elapsed_seconds": _int(data.get("elapsed_seconds", 0), f"{path}.elapsed_seconds"),
        })
    _at_most_one(speakers, "status", {"speaking"}, "speakers")
    return speakers


class _Shape:
    """What clean_answer needs to know of a poll."""

    def __init__(self, fields: dict):
        self.__dict__.update(fields)


def _answers(value, path: str, poll: dict) -> list[dict] | None:
    if value is None:
        return None
    rows = _list(value, path, MAX_BALLOTS_PER_POLL)
    shape, text = _Shape(poll), poll["kind"] == "text"
    answers = []
    for j, row in enumerate(rows):
        entry = f"{path}[{j}]"
        data = _object(row, entry, required=("answer",), optional=("hidden", "approved") if text else ())
        answers.append({
            "answer": _guarded(f"{entry}.answer", clean_answer, shape, data["answer"]),
            "hidden": _bool(data.get("hidden", False), f"{entry}.hidden"),
            "approved": _bool(data.get("approved", True), f"{entry}.approved"),
        })
    return answers


def _polls(value, positions: int) -> list[dict]:
    rows = _list(value, "polls", MAX_POLLS)
    polls, ballots = [], 0
    for i, row in enumerate(rows):
        path = f"polls[{i}]"
        data = _object(row, path, required=("kind", "question"),
                       optional=("item", *POLL_SETTINGS, "status", "revealed", "created_at", "opened_at",
                                 "closes_at", "closed_at", "revealed_at", "ballot_count", "answers"))
        kind = data["kind"]
        settings = {name: data[name] for name in POLL_SETTINGS if name in data
                    and (name not in KIND_FIELDS or (isinstance(kind, str) and kind in KIND_FIELDS[name]))}
        poll = _guarded(path, clean_poll, None, settings, inner=True)  # its agenda item: checked below, by position
        poll.pop("agenda_item_id")
        status = _enum(data.get("status", "draft"), f"{path}.status", POLL_STATUSES)
        poll.update(
            item=_item_ref(data.get("item"), f"{path}.item", positions), status=status,
            revealed=_bool(data.get("revealed", False), f"{path}.revealed"),
            ballot_count=_int(data.get("ballot_count", 0), f"{path}.ballot_count"),
            **{name: _time(data.get(name), f"{path}.{name}")
               for name in ("created_at", "opened_at", "closes_at", "closed_at", "revealed_at")},
        )
        poll["answers"] = _answers(data.get("answers"), f"{path}.answers", poll)
        count = len(poll["answers"] or ())
        if status == "draft" and (poll["ballot_count"] or count or poll["revealed"]):
            fail(f"{path}.status", f"{path} is a draft: it cannot have ballots or shown results.")
        if count > poll["ballot_count"]:
            fail(f"{path}.ballot_count", f"{path} has {count} answers but a ballot_count of {poll['ballot_count']}.")
        ballots += count
        if ballots > MAX_BALLOTS:
            fail(f"{path}.answers", f"The archive holds more than {MAX_BALLOTS} ballots.")
        polls.append(poll)
    return polls


def _minutes(value, positions: int) -> list[dict]:
    rows = _list(value, "minutes", MAX_MINUTES_VERSIONS)
    versions, seen = [], {}
    for i, row in enumerate(rows):
        path = f"minutes[{i}]"
        data = _object(row, path, required=("version",),
                       optional=("status", "summary", "item_notes", "chair", "note_taker", "next_steps",
                                 "include_hidden_text", "content", "finalized_at", "published_at"))
        version = _int(data["version"], f"{path}.version", 1)
        if version in seen:
            fail(f"{path}.version", f"minutes[{seen[version]}] and {path} are both version {version}.")
        seen[version] = i
        status = _enum(data.get("status", "draft"), f"{path}.status", ("draft", "final"))
        notes = data.get("item_notes") or {}
        if not isinstance(notes, dict):
            fail(f"{path}.item_notes", f"{path}.item_notes must be an object: {{\"<agenda position>\": \"notes\"}}.")
        item_notes = {}
        for key, text in notes.items():
            where = f"{path}.item_notes.{key}"
            if not (isinstance(key, str) and key.isascii() and key.isdigit() and int(key) < positions):
                fail(where, f"{where}: the keys of item_notes are agenda positions (0 to {positions - 1}).")
            item_notes[int(key)] = _long(text, where, minutes_input.ITEM_NOTES_MAX_LENGTH)
        content = data.get("content")
        if status == "final":
            if not isinstance(content, dict) or content.get("format") != "townhall-minutes":
                fail(f"{path}.content", f"{path} is final: its content must be the frozen minutes document "
                                        "(format townhall-minutes).")
            minutes_content.check(content, f"{path}.content", version=version)  # printed as is: its exact shape
        elif content is not None:
            fail(f"{path}.content", f"{path} is a draft: its content must be null (a draft is built fresh).")
        published_at = _time(data.get("published_at"), f"{path}.published_at")
        if published_at is not None and status != "final":
            fail(f"{path}.published_at", f"{path}: only a final version can be published.")
        versions.append({
            "version": version, "status": status,
            "summary": _long(data.get("summary"), f"{path}.summary", minutes_input.SUMMARY_MAX_LENGTH),
            "item_notes": item_notes,
            "chair": _line(data.get("chair"), f"{path}.chair", minutes_input.NAME_MAX_LENGTH),
            "note_taker": _line(data.get("note_taker"), f"{path}.note_taker", minutes_input.NAME_MAX_LENGTH),
            "next_steps": _long(data.get("next_steps"), f"{path}.next_steps", minutes_input.NEXT_STEPS_MAX_LENGTH),
            "include_hidden_text": _bool(data.get("include_hidden_text", False), f"{path}.include_hidden_text"),
            "content": content, "finalized_at": _time(data.get("finalized_at"), f"{path}.finalized_at"),
            "published_at": published_at,
        })
    _at_most_one(versions, "status", {"draft"}, "minutes")
    published = [i for i, v in enumerate(versions) if v["published_at"] is not None]
    if len(published) > 1:
        fail(f"minutes[{published[1]}].published_at", "Only one version of the minutes can be published.")
    return versions


def clean_archive(data) -> dict:
    """The archive, checked whole and cleaned; InvalidInput(invalid_archive, field=<path>) otherwise."""
    if not isinstance(data, dict):
        fail("archive", "The archive must be a JSON object.")
    if data.get("format") != FORMAT:
        fail("format", f"This is not a Townhall event archive (format must be \"{FORMAT}\").")
    if data.get("version") != VERSION or isinstance(data.get("version"), bool):
        fail("version", f"This archive has version {data.get('version')!r}; this server reads version {VERSION}.")
    _object(data, "", required=("event",), optional=TOP_LEVEL - {"event"})
    _time(data.get("exported_at"), "exported_at")
    agenda = _agenda(data.get("agenda"))
    positions = len(agenda)
    return {
        "event": _event(data["event"]),
        "agenda": agenda,
        "questions": _questions(data.get("questions"), positions),
        "speakers": _speakers(data.get("speakers"), positions),
        "polls": _polls(data.get("polls"), positions),
        "minutes": _minutes(data.get("minutes"), positions),
    }
