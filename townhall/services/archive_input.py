"""Checking an event archive before anything is stored (services/archive.py imports it).

``clean_archive(data)`` reads the archive's structure with the models (contracts/archive.py:
keys, types, enumerations, ranges, times, sizes), then checks what the models cannot see alone:
what refers to what (agenda positions, question refs, minutes versions), what depends on a
poll's kind, and what may be only one at a time. Each text is cleaned by the same rule as the use
case that writes it live, so a re-imported archive stores what the original event stored. It
returns the archive as plain data (datetimes, dates) ready to be stored. Any problem raises
InvalidInput(code="invalid_archive") whose ``field`` is the path of the offending value, e.g.
``questions[3].merged_into``.
"""
import base64
from types import SimpleNamespace
from typing import NoReturn

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..contracts import agenda as agenda_input
from ..contracts import minutes as minutes_input
from ..contracts import records as records_input
from ..contracts.archive import (
    MAX_BALLOTS,
    MAX_LEDGER,
    POLL_SETTINGS,
    QUESTION_TEXT_MAX,
    SPEAKER_NAME_MAX,
    TOPIC_MAX,
    ArchiveAction,
    ArchiveDecision,
    ArchiveEvent,
    ArchiveItem,
    ArchiveMinutes,
    ArchivePoll,
    ArchiveQuestion,
    ArchiveSpeaker,
    invalid,
    read,
)
from ..contracts.events import TEXT_LIMITS as EVENT_LIMITS
from ..errors import DomainError, InvalidInput
from . import branding, events, minutes_content
from .archive_ledger_input import ledger, organization
from .poll_input import KIND_FIELDS, clean_answer, clean_poll
from .questions import ANSWER_MAX_LENGTH, NEXT_STEP_MAX_LENGTH
from .text import clean_text, long_text, without_surrogates

POLL_TIMES = ("created_at", "opened_at", "closes_at", "closed_at", "revealed_at")


def fail(path: str, message) -> NoReturn:
    raise invalid(path, message)


# --- texts, cleaned as the live use cases clean them -------------------------------------

def _guarded(path: str, clean, *args, inner: bool = False, **kwargs):
    """Run a live use case's own cleaning rule, reporting its error at this path
    (inner: the rule names a field inside the object at path, e.g. a poll's options)."""
    try:
        return clean(*args, **kwargs)
    except InvalidInput as exc:
        where = f"{path}.{exc.field}" if inner and exc.field else path
        fail(where, _l("%(path)s: %(message)s", path=where, message=exc._text))


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
        fail(path, error._text)


def _event_text(value: str | None, path: str, limit: int, *, required: bool = False) -> str:
    """Event title, place, description: cleaned as the event settings form is."""
    value = without_surrogates(value or "").strip()
    if required and not value:
        fail(path, _l("%(path)s is empty: the event needs a title.", path=path))
    if len(value) > limit:
        fail(path, _l("%(path)s has %(length)s characters; the limit is %(limit)s.", path=path, length=len(value),
                      limit=limit))
    return value


# --- what refers to what ------------------------------------------------------------------

def _item_ref(value: int | None, path: str, positions: int) -> int | None:
    if value is not None and value >= positions:
        fail(path, _l("%(path)s must be the position of an agenda item in this archive (0 to %(last)s), or null.",
                      path=path, last=positions - 1) if positions
             else _l("%(path)s must be null: the archive has no agenda items.", path=path))
    return value


def _once(rows: list, key: str, section: str, what: str) -> None:
    """Each row's key is its own (positions, refs, versions)."""
    seen: dict = {}
    for i, row in enumerate(rows):
        value = getattr(row, key)
        if value in seen:
            first, second = f"{section}[{seen[value]}]", f"{section}[{i}]"
            fail(f"{second}.{key}", _l("%(first)s and %(second)s have the same %(what)s %(value)s.", first=first,
                                       second=second, what=what, value=value))
        seen[value] = i


def _at_most_one(rows: list[dict], key: str, values: set, section: str) -> None:
    seen = [i for i, row in enumerate(rows) if row[key] in values]
    if len(seen) > 1:
        first, second = f"{section}[{seen[0]}]", f"{section}[{seen[1]}]"
        fail(f"{second}.{key}", _l("%(first)s and %(second)s are both %(values)s: only one can be at a time.",
                                   first=first, second=second, values="/".join(sorted(values))))


# --- sections -----------------------------------------------------------------------------

def _event(event: ArchiveEvent) -> dict:
    texts = {name: _event_text(getattr(event, name), f"event.{name}", limit, required=name == "title")
             for name, limit in EVENT_LIMITS.items()}
    return {**event.model_dump(exclude={"settings"}), **texts, **event.settings.given(), **_look(event)}


def _look(event: ArchiveEvent) -> dict:
    """Time zone, language, accent colour and logo, checked by the rules of the settings page and the upload."""
    look = {"timezone": event.timezone and _guarded("event.timezone", events.check_timezone, event.timezone),
            "language": event.language and _guarded("event.language", events.check_language, event.language)}
    look["accent_color"] = _guarded("event.accent_color", branding.check_accent, event.accent_color)
    look["logo"] = None
    if event.logo is not None:
        try:
            data = base64.b64decode(event.logo, validate=True)
        except ValueError:
            fail("event.logo", "event.logo must be an image in base64.")
        try:
            look["logo"] = branding.reencode(data)
        except DomainError as exc:  # not an image, or too large (413 on upload)
            fail("event.logo", f"event.logo: {exc.message}")
    return look


def _decision(decision: ArchiveDecision, path: str) -> dict:
    return {**decision.model_dump(),
            "text": _text(decision.text, f"{path}.text", records_input.DECISION_MAX_LENGTH, required=True),
            "vote_result": _line(decision.vote_result, f"{path}.vote_result", records_input.VOTE_RESULT_MAX_LENGTH)}


def _action(action: ArchiveAction, path: str) -> dict:
    return {**action.model_dump(),
            "what": _text(action.what, f"{path}.what", records_input.ACTION_MAX_LENGTH, required=True),
            "owner": _line(action.owner, f"{path}.owner", records_input.OWNER_MAX_LENGTH)}


def _agenda(items: list[ArchiveItem]) -> list[dict]:
    limits = agenda_input.TEXT_LIMITS
    clean = []
    for i, item in enumerate(items):
        path = f"agenda[{i}]"
        if item.position >= len(items):
            fail(f"{path}.position", _l("%(path)s.position must be from 0 to %(last)s: the positions number the "
                                        "items of this archive.", path=path, last=len(items) - 1))
        clean.append({
            **item.model_dump(),
            "title": _line(item.title, f"{path}.title", limits["title"], required=True),
            "presenter": _line(item.presenter, f"{path}.presenter", limits["presenter"]),
            "description": _text(item.description, f"{path}.description", limits["description"]),
            "notes": _long(item.notes, f"{path}.notes", records_input.NOTES_MAX_LENGTH),
            "decisions": [_decision(d, f"{path}.decisions[{j}]") for j, d in enumerate(item.decisions or ())],
            "actions": [_action(a, f"{path}.actions[{j}]") for j, a in enumerate(item.actions or ())],
        })
    _once(items, "position", "agenda", "position")
    _at_most_one(clean, "status", {"running", "paused"}, "agenda")
    return sorted(clean, key=lambda item: item["position"])


def _questions(questions: list[ArchiveQuestion], positions: int) -> list[dict]:
    text_max = max(QUESTION_TEXT_MAX, current_app.config["QUESTION_MAX_LENGTH"])
    name_max = current_app.config["NAME_MAX_LENGTH"]
    _once(questions, "ref", "questions", "ref")
    clean = []
    for i, question in enumerate(questions):
        path = f"questions[{i}]"
        author = _line(question.author_name, f"{path}.author_name", name_max, nullable=True)
        if question.is_anonymous and author is not None:
            fail(f"{path}.author_name", _l("%(path)s is anonymous: its author_name must be null.", path=path))
        clean.append({
            **question.model_dump(),
            **ledger(question, path),
            "item": _item_ref(question.item, f"{path}.item", positions),
            "text": _text(question.text, f"{path}.text", text_max, required=True),
            "original_text": _text(question.original_text, f"{path}.original_text", text_max, nullable=True),
            "author_name": author or None,
            "answer_text": _long(question.answer_text, f"{path}.answer_text", ANSWER_MAX_LENGTH, nullable=True),
            "next_step": _long(question.next_step, f"{path}.next_step", NEXT_STEP_MAX_LENGTH, nullable=True),
        })
    refs = {question.ref for question in questions}
    for i, question in enumerate(questions):
        target, path = question.merged_into, f"questions[{i}].merged_into"
        if target is None:
            continue
        if target not in refs:
            fail(path, _l("%(path)s refers to question ref %(ref)s, which is not in the archive.", path=path,
                          ref=target))
        if target == question.ref:
            fail(path, _l("%(path)s: a question cannot be merged into itself.", path=path))
        if question.status != "merged":
            fail(path, _l("%(path)s is only for a question whose status is merged.", path=path))
    _no_merge_cycles(questions)
    _at_most_one(clean, "progress", {"answering"}, "questions")
    steps = 0
    for i, cleaned in enumerate(clean):
        steps += len(cleaned["ledger"])
        if steps > MAX_LEDGER:
            fail(f"questions[{i}].ledger", _l("The archive holds more than %(count)s ledger steps.", count=MAX_LEDGER))
    return clean


def _no_merge_cycles(questions: list[ArchiveQuestion]) -> None:
    target = {q.ref: q.merged_into for q in questions}
    settled: set[int] = set()  # refs whose chain ends
    for i, question in enumerate(questions):
        chain: set[int] = set()
        ref: int | None = question.ref
        while ref is not None and ref not in settled:
            if ref in chain:
                path = f"questions[{i}]"
                fail(f"{path}.merged_into", _l("%(path)s is merged in a circle.", path=path))
            chain.add(ref)
            ref = target[ref]
        settled |= chain


def _speakers(speakers: list[ArchiveSpeaker], positions: int) -> list[dict]:
    clean = [{
        **speaker.model_dump(),
        "item": _item_ref(speaker.item, f"speakers[{i}].item", positions),
        "name": _line(speaker.name, f"speakers[{i}].name", SPEAKER_NAME_MAX, nullable=True) or None,
        "topic": _line(speaker.topic, f"speakers[{i}].topic", TOPIC_MAX),
    } for i, speaker in enumerate(speakers)]
    _at_most_one(clean, "status", {"speaking"}, "speakers")
    return clean


def _answers(poll: ArchivePoll, path: str, settings: dict) -> list[dict] | None:
    """The ballots' answers, each checked as a phone's ballot for this poll is."""
    if poll.answers is None:
        return None
    shape = SimpleNamespace(**settings)  # what clean_answer needs to know of a poll
    answers = []
    for j, entry in enumerate(poll.answers):
        where = f"{path}[{j}]"
        flags = sorted(entry.model_fields_set & {"hidden", "approved"})
        if flags and poll.kind != "text":
            flagged = f"{where}.{flags[0]}"
            fail(flagged, _l("Unknown field: %(path)s (only a text poll's answers have it).", path=flagged))
        answers.append({"answer": _guarded(f"{where}.answer", clean_answer, shape, entry.answer),
                        "hidden": entry.hidden, "approved": entry.approved})
    return answers


def _polls(polls: list[ArchivePoll], positions: int) -> list[dict]:
    clean, ballots = [], 0
    for i, poll in enumerate(polls):
        path = f"polls[{i}]"
        sent = {name: getattr(poll, name) for name in POLL_SETTINGS if name in poll.model_fields_set
                and (name not in KIND_FIELDS or poll.kind in KIND_FIELDS[name])}  # another kind's: left out
        settings = _guarded(path, clean_poll, None, sent, inner=True)  # its agenda item: by position, below
        settings.pop("agenda_item_id")
        answers = _answers(poll, f"{path}.answers", settings)
        count = len(answers or ())
        if poll.status == "draft" and (poll.ballot_count or count or poll.revealed):
            fail(f"{path}.status", _l("%(path)s is a draft: it cannot have ballots or shown results.", path=path))
        if count > poll.ballot_count:
            fail(f"{path}.ballot_count", _l("%(path)s has %(count)s answers but a ballot_count of %(ballots)s.",
                                            path=path, count=count, ballots=poll.ballot_count))
        ballots += count
        if ballots > MAX_BALLOTS:
            fail(f"{path}.answers", _l("The archive holds more than %(count)s ballots.", count=MAX_BALLOTS))
        clean.append({**settings, **poll.model_dump(include={"status", "revealed", "ballot_count", *POLL_TIMES}),
                      "item": _item_ref(poll.item, f"{path}.item", positions), "answers": answers})
    return clean


def _item_notes(notes: dict, path: str, positions: int) -> dict[int, str | None]:
    clean = {}
    for key, text in notes.items():
        where = f"{path}.{key}"
        if not (key.isascii() and key.isdigit() and int(key) < positions):
            fail(where, _l("%(path)s: the keys of item_notes are agenda positions (0 to %(last)s).", path=where,
                           last=positions - 1))
        clean[int(key)] = _long(text, where, minutes_input.ITEM_NOTES_MAX_LENGTH)
    return clean


def _content(version: ArchiveMinutes, path: str) -> dict | None:
    """A final version's frozen document, printed as it is: its exact shape (minutes_content)."""
    content, where = version.content, f"{path}.content"
    if version.status == "final":
        if content is None or content.get("format") != "townhall-minutes":
            fail(where, _l("%(path)s is final: its content must be the frozen minutes document (format "
                           "townhall-minutes).", path=path))
        return minutes_content.check(content, where, version=version.version)
    if content is not None:
        fail(where, _l("%(path)s is a draft: its content must be null (a draft is built fresh).", path=path))
    return None


def _minutes(versions: list[ArchiveMinutes], positions: int) -> list[dict]:
    _once(versions, "version", "minutes", "version")
    clean = []
    for i, version in enumerate(versions):
        path = f"minutes[{i}]"
        item_notes = _item_notes(version.item_notes or {}, f"{path}.item_notes", positions)
        content = _content(version, path)
        if version.published_at is not None and version.status != "final":
            fail(f"{path}.published_at", _l("%(path)s: only a final version can be published.", path=path))
        clean.append({
            **version.model_dump(), "item_notes": item_notes, "content": content,
            "summary": _long(version.summary, f"{path}.summary", minutes_input.SUMMARY_MAX_LENGTH),
            "chair": _line(version.chair, f"{path}.chair", minutes_input.NAME_MAX_LENGTH),
            "note_taker": _line(version.note_taker, f"{path}.note_taker", minutes_input.NAME_MAX_LENGTH),
            "next_steps": _long(version.next_steps, f"{path}.next_steps", minutes_input.NEXT_STEPS_MAX_LENGTH),
        })
    _at_most_one(clean, "status", {"draft"}, "minutes")
    published = [i for i, v in enumerate(clean) if v["published_at"] is not None]
    if len(published) > 1:
        fail(f"minutes[{published[1]}].published_at", _l("Only one version of the minutes can be published."))
    return clean


def clean_archive(data) -> dict:
    """The archive, checked whole and cleaned; InvalidInput(invalid_archive, field=<path>) otherwise."""
    archive = read(data)
    agenda = _agenda(archive.agenda or [])
    positions = len(agenda)
    return {
        "event": _event(archive.event),
        "organization": organization(archive.organization),
        "agenda": agenda,
        "questions": _questions(archive.questions or [], positions),
        "speakers": _speakers(archive.speakers or [], positions),
        "polls": _polls(archive.polls or [], positions),
        "minutes": _minutes(archive.minutes or [], positions),
    }
