"""The event archive: export it, import it to restore an event or to reuse it as a template.

- ``export_archive``: the owner downloads the whole event (archive_record.py reads it,
  exports/archive.py shapes it).
- ``import_archive``: any organizer turns an archive into a new event of their own.
  The whole archive is checked first (archive_input.py); on any problem nothing is stored.
  ``restore``: everything, as it was, in a new event that is **closed** (is_open False), so
  the restored record is not changed by accident; reopen it in the settings to use it again.
  People are not restored: questions, speakers and ballots belong to no attendee; a
  question keeps its vote count but not the votes; ballots get new random ids and voter
  tags and the time the poll closed, to the minute (their original order is not in the
  archive either). Each question's ledger comes back step for step, and its ledger_state with it
  (an archive made before the ledger: read from status and progress). Offices are matched by
  name: the restored event joins the importer's own organization of the archive's organization
  name, if they have one, and a step or follow-up naming one of its offices points at it. A step
  whose office is not found keeps the name in its note ("Office: <name>"); a follow-up whose
  office is not found is not restored (its steps are). ``template``: only the plan, in a new open
  event: details, settings, agenda items (upcoming, no times, no notes) and polls as drafts. Both keep the
  event's time zone, language, accent colour and logo (checked again as on the settings page).
- ``copy_event``: "Reuse as template" on the settings page: export and import in one step.
"""
import secrets

from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, insert, select, update

from ..errors import InvalidInput, NotAuthenticated
from ..exports import archive as archive_export
from ..extensions import db
from ..locales import DEFAULT
from ..models import (
    ActionItem,
    AgendaItem,
    Ballot,
    Decision,
    Event,
    Followup,
    LedgerEntry,
    Minutes,
    Office,
    Organization,
    Poll,
    Question,
    SpeakerRequest,
    User,
    utcnow,
)
from ..models.statuses import ItemStatus, MinutesStatus, PollStatus
from . import archive_record, branding, operations, permissions
from .archive_input import clean_archive
from .events import get_event
from .secrets import join_code
from .text import clean_text
from .transaction import use_case

MODES = ("restore", "template")
TITLE_MAX = 200
PLAN_SETTINGS = ("allow_anonymous", "names_required", "premoderation", "speaker_time_limit",
                 "first_time_speakers_first", "anonymous_speakers", "allow_ballot_change",
                 "show_trusted_counts", "show_text_answers", "auto_start_speaker_timer")


def export_archive(*, code: str, user_id: int | None) -> dict:
    """The event's archive, for its owner (capability "settings"). Reads only."""
    event = get_event(code)
    permissions.require(user_id, event, "settings")
    archive = archive_export.export(archive_record.read(event.id), now=utcnow())
    operations.record_alone(event.id, user_id, "archive_export")
    return archive


def _new_code() -> str:
    for _ in range(10):
        code = join_code()
        if db.session.execute(select(Event.id).filter_by(code=code).limit(1)).first() is None:
            return code
    raise RuntimeError("no free join code")  # 31^8 codes: practically unreachable


def copy_title(title: str, language: str | None) -> str:
    """A template's title: "<title> (copy)", worded in the event's language ("<title>（副本）"), within TITLE_MAX."""
    with force_locale(language or DEFAULT):
        words = gettext("%(title)s (copy)", title="\0")
    return words.replace("\0", title[:TITLE_MAX - len(words) + 1].rstrip())


def _title(source: dict, mode: str, title) -> str:
    """The title given, else the archive's (a template's with " (copy)" in its language)."""
    if title is not None:
        return clean_text(title, field="title", max_length=TITLE_MAX, single_line=True)
    if mode == "template":
        return copy_title(source["title"], source.get("language"))
    return source["title"]


def _event(owner_id: int, clean: dict, mode: str, title: str) -> Event:
    source = clean["event"]
    settings = {name: source[name] for name in PLAN_SETTINGS if name in source}
    look = {name: source[name] for name in ("timezone", "language", "accent_color") if source.get(name)}
    event = Event(owner_id=owner_id, code=_new_code(), title=title, place=source["place"],
                  description=source["description"], created_at=utcnow(), **settings, **look)
    if mode == "restore":
        event.is_open = False  # a restored record is read-only until its owner reopens it
        event.starts_at = source["starts_at"]
        event.meeting_started_at, event.meeting_ended_at = source["meeting_started_at"], source["meeting_ended_at"]
        event.peak_connected = source["peak_connected"]
    db.session.add(event)
    db.session.flush()
    if source.get("logo"):
        branding.attach(event, source["logo"])
    return event


def _agenda(event: Event, items: list[dict], restore: bool) -> dict[int, int]:
    """Store the items; returns position -> new item id."""
    rows = []
    for item in items:
        row = AgendaItem(event_id=event.id, position=item["position"], title=item["title"],
                         description=item["description"], presenter=item["presenter"],
                         planned_minutes=item["planned_minutes"], status=ItemStatus.UPCOMING, elapsed_seconds=0,
                         notes="")
        if restore:
            # A running item is restored paused: its clock stopped when the archive was made.
            row.status = ItemStatus.PAUSED if item["status"] == ItemStatus.RUNNING else item["status"]
            row.started_at, row.ended_at = item["started_at"], item["ended_at"]
            row.elapsed_seconds, row.notes = item["elapsed_seconds"], item["notes"]
        rows.append(row)
    db.session.add_all(rows)
    db.session.flush()
    ids = {item["position"]: row.id for item, row in zip(items, rows, strict=True)}
    if restore:
        now = utcnow()
        for item, row in zip(items, rows, strict=True):
            db.session.add_all(Decision(agenda_item_id=row.id, text=d["text"], vote_result=d["vote_result"],
                                        created_at=d["created_at"] or now) for d in item["decisions"])
            db.session.add_all(ActionItem(agenda_item_id=row.id, what=a["what"], owner=a["owner"],
                                          due_date=a["due_date"], created_at=a["created_at"] or now)
                               for a in item["actions"])
            if row.status in (ItemStatus.RUNNING, ItemStatus.PAUSED):
                event.current_item_id = row.id
    return ids


def _questions(event: Event, questions: list[dict], items: dict[int, int]) -> dict[int, int]:
    """In one statement (an archive may hold 20,000 questions); then the merged ones re-pointed.
    Returns ref -> new question id."""
    if not questions:
        return {}
    now = utcnow()
    rows = [{
        "event_id": event.id, "attendee_id": None, "author_tag": None, "author_name": q["author_name"],
        "is_anonymous": q["is_anonymous"], "agenda_item_id": items.get(q["item"]), "text": q["text"],
        "original_text": q["original_text"], "edited_at": q["edited_at"], "status": q["status"],
        "progress": q["progress"], "vote_count": q["vote_count"], "created_at": q["created_at"] or now,
        "published_at": q["published_at"], "answered_at": q["answered_at"], "answer_text": q["answer_text"],
        "next_step": q["next_step"], "moderation_reason": q["moderation_reason"], "ledger_state": q["ledger_state"],
    } for q in questions]
    ids = db.session.execute(
        insert(Question.__table__).returning(Question.__table__.c.id, sort_by_parameter_order=True), rows
    ).scalars().all()
    new_id = {q["ref"]: row_id for q, row_id in zip(questions, ids, strict=True)}
    merged = [{"row_id": new_id[q["ref"]], "into": new_id[q["merged_into"]]}
              for q in questions if q["merged_into"] is not None]
    if merged:
        table = Question.__table__
        db.session.execute(update(table).where(table.c.id == bindparam("row_id"))
                           .values(merged_into_id=bindparam("into")), merged)
    return new_id


def _offices(event: Event, owner_id: int, organization: dict | None) -> dict[str, int]:
    """Office name -> id in the importer's own organization named as the archive's, which the restored
    event joins; {} when they have none of that name."""
    if not organization or not organization["name"]:
        return {}
    found = db.session.execute(select(Organization.id).where(Organization.owner_id == owner_id,
                                                             Organization.name == organization["name"])
                               .order_by(Organization.id).limit(1)).scalar()
    if found is None:
        return {}
    event.organization_id = found
    return dict(db.session.execute(select(Office.name, Office.id).where(Office.organization_id == found)).all())


def _office_note(office: str | None, note: str | None, offices: dict[str, int]) -> str | None:
    """A step's note; with the office's name first when the office is not found here."""
    if office is None or office in offices:
        return note
    return f"Office: {office}" + (f"\n{note}" if note else "")


def _ledgers(event: Event, questions: list[dict], new_id: dict[int, int], offices: dict[str, int]) -> None:
    """Every question's ledger, step for step in its order, and the follow-ups whose office is found."""
    by_ref = {q["ref"]: q for q in questions}
    steps = [{
        "question_id": new_id[ref], "event_id": event.id, "at": step["at"] or by_ref[ref]["created_at"] or utcnow(),
        "kind": step["kind"], "state": step["state"], "actor": step["actor"], "user_id": None,
        # as ledger.record names them: staff by their name then, an asker never
        "actor_name": step["actor_name"] if step["actor"] != "asker" else None,
        "office_id": offices.get(step["office"]) if step["office"] else None, "due_on": step["due_on"],
        "note": _office_note(step["office"], step["note"], offices),
    } for ref, q in by_ref.items() for step in q["ledger"]]
    if steps:
        db.session.execute(insert(LedgerEntry.__table__), steps)
    db.session.add_all(Followup(
        question_id=new_id[q["ref"]], event_id=event.id, office_id=offices[f["office"]],
        referred_at=f["referred_at"] or q["created_at"] or utcnow(), first_due_on=f["first_due_on"],
        due_on=f["due_on"], note=f["note"], answer_text=f["answer_text"], answered_at=f["answered_at"],
        feedback=f["feedback"], feedback_text=f["feedback_text"], feedback_at=f["feedback_at"],
    ) for q in questions if (f := q["followup"]) is not None and f["office"] in offices)


def _person_key(speaker: dict) -> str:
    """Who this is across requests: by name, else by their number ("Speaker 7" stays one person)."""
    if speaker["name"]:
        return f"name:{speaker['name'].lower()}"[:80]
    return f"restored:{speaker['number']}"


def _speakers(event: Event, speakers: list[dict], items: dict[int, int]) -> None:
    now = utcnow()
    rows = [{
        "event_id": event.id, "attendee_id": None, "agenda_item_id": items.get(s["item"]), "name": s["name"],
        "person_key": _person_key(s), "number": s["number"], "topic": s["topic"], "status": s["status"],
        "requested_at": s["requested_at"] or now, "called_at": s["called_at"], "finished_at": s["finished_at"],
        "elapsed_seconds": s["elapsed_seconds"], "running_since": None,
    } for s in speakers]
    if rows:
        db.session.execute(insert(SpeakerRequest.__table__), rows)


def _ballot_time(poll: dict, now):
    """Every restored ballot of a poll gets one time: when the poll closed, to the minute."""
    at = poll["closed_at"] or poll["closes_at"] or poll["opened_at"] or now
    return at.replace(second=0, microsecond=0)


def _polls(event: Event, polls: list[dict], items: dict[int, int], restore: bool) -> None:
    now = utcnow()
    settings = archive_export.POLL_SETTINGS
    rows = []
    for p in polls:
        row = Poll(event_id=event.id, agenda_item_id=items.get(p["item"]), status=PollStatus.DRAFT, created_at=now,
                   ballot_count=0, revealed=False, **{name: p[name] for name in settings})
        if restore:
            row.status, row.revealed, row.ballot_count = p["status"], p["revealed"], p["ballot_count"]
            row.created_at = p["created_at"] or now
            row.opened_at, row.closes_at, row.closed_at = p["opened_at"], p["closes_at"], p["closed_at"]
            row.revealed_at = p["revealed_at"]
        rows.append(row)
    db.session.add_all(rows)
    db.session.flush()
    if not restore:
        return
    ballots = [
        {"id": secrets.token_hex(16), "poll_id": row.id, "attendee_id": None, "voter_tag": secrets.token_hex(32),
         "answer": a["answer"], "submitted_at": _ballot_time(p, now), "hidden": a["hidden"],
         "approved": a["approved"]}
        for p, row in zip(polls, rows, strict=True) for a in p["answers"] or ()
    ]
    if ballots:
        db.session.execute(insert(Ballot.__table__), ballots)  # Core: many rows, no objects


def _minutes(event: Event, versions: list[dict], items: dict[int, int]) -> None:
    now = utcnow()
    db.session.add_all(Minutes(
        event_id=event.id, version=v["version"], status=v["status"], revision=1, summary=v["summary"],
        item_notes={str(items[position]): text for position, text in v["item_notes"].items()},
        chair=v["chair"], note_taker=v["note_taker"], next_steps=v["next_steps"],
        include_hidden_text=v["include_hidden_text"], content=v["content"], created_at=now, updated_at=now,
        finalized_at=v["finalized_at"] if v["status"] == MinutesStatus.FINAL else None, published_at=v["published_at"],
    ) for v in versions)


@use_case
def import_archive(*, user_id: int | None, data, mode, title=None) -> str:
    """A new event from an archive, owned by the importing organizer; returns its join code.

    mode "restore": everything, in a closed event; "template": the plan only, in an open
    event titled "<title> (copy)" unless a title is given.
    """
    if user_id is None or db.session.get(User, user_id) is None:
        raise NotAuthenticated(_l("Log in as an organizer to import an event."))
    if mode not in MODES:  # also refuses a mode that is not text
        raise InvalidInput(_l("mode must be restore or template."), code="invalid_mode", field="mode")
    clean = clean_archive(data)
    restore = mode == "restore"
    event = _event(user_id, clean, mode, _title(clean["event"], mode, title))
    items = _agenda(event, clean["agenda"], restore)
    _polls(event, clean["polls"], items, restore)
    if restore:
        new_ids = _questions(event, clean["questions"], items)
        _ledgers(event, clean["questions"], new_ids, _offices(event, user_id, clean["organization"]))
        _speakers(event, clean["speakers"], items)
        _minutes(event, clean["minutes"], items)
    db.session.flush()
    operations.record(event.id, user_id, "archive_import", mode)
    return event.code


@use_case
def copy_event(*, code: str, user_id: int | None, title=None) -> str:
    """Reuse an event as a template: its plan in a new open event of the same owner."""
    return import_archive(user_id=user_id, data=export_archive(code=code, user_id=user_id), mode="template",
                          title=title)
