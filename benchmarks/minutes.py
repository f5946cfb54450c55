"""The minutes of a big event: 2,000 questions, 50,000 votes, 30 polls.

The event is bulk-inserted straight into a scratch SQLite file (executemany, not one
use case per vote): what is measured is the reading side. Prints how long
services/minutes_record.document() takes (reading the record and building the document)
and how many SQL statements it runs, then the time and size of every renderer present
(PDF, DOCX, Markdown, HTML, and the CSV tables read from the record).
"""
import importlib
import random
import secrets
import shutil
import statistics
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import event as sa_event
from sqlalchemy import insert

QUESTIONS, VOTES, POLLS, ATTENDEES, ITEMS, SPEAKERS = 2_000, 50_000, 30, 3_000, 12, 200
BALLOTS_PER_POLL = 400
START = datetime(2026, 11, 20, 18, 0)
LENGTH_MINUTES = 180
RUNS = 5
WORDS = ["trees", "park", "river", "green", "quiet", "bikes", "parking", "café", "playground", "shade", "benches",
         "lights", "dogs", "water", "flowers", "safety", "noise", "paths", "bridge", "garden"]


def _at(rng: random.Random, low: float = 0, high: float = LENGTH_MINUTES) -> datetime:
    return START + timedelta(seconds=rng.uniform(low, high) * 60)


def _rows(model, rows: list[dict]) -> None:
    from townhall.extensions import db

    for chunk in range(0, len(rows), 5_000):
        db.session.execute(insert(model), rows[chunk:chunk + 5_000])


def _answer(rng: random.Random, kind: str, options: int) -> dict:
    if kind in ("single", "yesno"):
        return {"choice": rng.randrange(options)}
    if kind == "multiple":
        return {"choices": sorted(rng.sample(range(options), rng.randint(1, 3)))}
    if kind == "rating":
        return {"rating": rng.randint(1, 5)}
    if kind == "ranking":
        return {"order": rng.sample(range(options), options)}
    return {"text": " ".join(rng.sample(WORDS, rng.randint(1, 3)))}


def populate() -> int:
    """Insert the big event; returns its id."""
    from townhall.extensions import db
    from townhall.models import (
        ActionItem,
        AgendaItem,
        Attendee,
        Ballot,
        Decision,
        Event,
        Participation,
        Poll,
        Question,
        SpeakerRequest,
        User,
        Vote,
    )

    rng = random.Random(5)
    user = User(email="bench@example.com", name="Bench Organizer", password_hash="x")
    db.session.add(user)
    db.session.flush()
    event = Event(code="BENCHMIN", owner_id=user.id, title="A very big town hall", place="Stadium",
                  starts_at=START, meeting_started_at=START, meeting_ended_at=START + timedelta(minutes=LENGTH_MINUTES),
                  peak_connected=2_400, is_open=False)
    db.session.add(event)
    db.session.flush()
    step = LENGTH_MINUTES // ITEMS
    items = [AgendaItem(event_id=event.id, position=i, title=f"Item {i + 1}", planned_minutes=step, status="done",
                        started_at=START + timedelta(minutes=i * step),
                        ended_at=START + timedelta(minutes=(i + 1) * step),
                        elapsed_seconds=step * 60 + rng.randint(-120, 300), notes=f"Notes of item {i + 1}.\n" * 5)
             for i in range(ITEMS)]
    db.session.add_all(items)
    db.session.flush()
    item_ids = [i.id for i in items] + [None]
    _rows(Decision, [{"agenda_item_id": i, "text": f"Decision {n}", "vote_result": "many for"}
                     for n, i in enumerate(item_ids[:-1] * 2)])
    _rows(ActionItem, [{"agenda_item_id": i, "what": f"Action {n}", "owner": "Someone", "due_date": date(2026, 12, 1)}
                       for n, i in enumerate(item_ids[:-1] * 2)])
    _rows(Attendee, [{"event_id": event.id, "token_hash": secrets.token_hex(32), "name": f"Person {n}",
                      "joined_at": _at(rng, -20, 60)} for n in range(ATTENDEES)])
    attendee_ids = [a for (a,) in db.session.query(Attendee.id).filter_by(event_id=event.id)]
    statuses = (["published"] * 85 + ["pending"] * 5 + ["hidden"] * 3 + ["rejected"] * 2 + ["archived"] * 2
                + ["merged"] * 3)
    questions = []
    for n in range(QUESTIONS):
        status, anonymous = rng.choice(statuses), rng.random() < 0.3
        answered = status == "published" and rng.random() < 0.4
        created = _at(rng)
        questions.append({
            "event_id": event.id, "attendee_id": None if anonymous else rng.choice(attendee_ids),
            "author_tag": secrets.token_hex(32), "author_name": None if anonymous else f"Person {n}",
            "is_anonymous": anonymous, "agenda_item_id": rng.choice(item_ids), "text": f"Question number {n}?",
            "status": status, "progress": "answered" if answered else "open", "vote_count": 0,
            "created_at": created, "answered_at": created + timedelta(minutes=5) if answered else None,
            "answer_text": "An answer." if answered and n % 2 else None,
            "moderation_reason": rng.choice(("offensive", "off_topic", "spam")) if status in ("hidden", "rejected")
            else None, "original_text": "Qestion?" if n % 50 == 0 else None,
        })
    _rows(Question, questions)
    published = [(q, c) for q, c in db.session.query(Question.id, Question.created_at)
                 .filter_by(event_id=event.id, status="published")]
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(published))]
    counts = [0] * len(published)
    for index in rng.choices(range(len(published)), weights=weights, k=VOTES):
        counts[index] += 1
    votes = []
    for (question_id, created), count in zip(published, counts):
        count = min(count, ATTENDEES)
        for attendee_id in rng.sample(attendee_ids, count):
            votes.append({"question_id": question_id, "attendee_id": attendee_id,
                          "created_at": created + timedelta(seconds=rng.uniform(0, 900))})
    _rows(Vote, votes)
    db.session.execute(Question.__table__.update().where(Question.event_id == event.id).values(
        vote_count=db.select(db.func.count(Vote.id)).where(Vote.question_id == Question.id).scalar_subquery()))
    kinds = ("single", "multiple", "yesno", "rating", "ranking", "text")
    for n in range(POLLS):
        kind = kinds[n % len(kinds)]
        options = {"single": 4, "multiple": 6, "yesno": 3, "ranking": 5}.get(kind, 0)
        ballots = 3 if n == POLLS - 1 else BALLOTS_PER_POLL  # the last: confidential, below k
        opened = _at(rng, 0, LENGTH_MINUTES - 5)
        poll = Poll(event_id=event.id, agenda_item_id=rng.choice(item_ids), kind=kind, question=f"Poll {n}?",
                    options=[f"Option {i}" for i in range(options)] if kind != "yesno" else ["Yes", "No", "Abstain"],
                    max_choices=3 if kind == "multiple" else None, scale_min=1 if kind == "rating" else None,
                    scale_max=5 if kind == "rating" else None, confidential=n % 5 == 4 or n == POLLS - 1,
                    status="closed", opened_at=opened, closed_at=opened + timedelta(minutes=3), ballot_count=ballots)
        db.session.add(poll)
        db.session.flush()
        voters = rng.sample(attendee_ids, ballots)
        _rows(Participation, [{"poll_id": poll.id, "attendee_id": a} for a in voters])
        _rows(Ballot, [{"id": secrets.token_hex(16), "poll_id": poll.id, "voter_tag": secrets.token_hex(32),
                        "attendee_id": None if poll.confidential else a, "answer": _answer(rng, kind, options),
                        "submitted_at": opened + timedelta(seconds=rng.uniform(0, 170)),
                        "hidden": kind == "text" and rng.random() < 0.05, "approved": True} for a in voters])
    _rows(SpeakerRequest, [{"event_id": event.id, "attendee_id": rng.choice(attendee_ids),
                            "agenda_item_id": rng.choice(item_ids), "name": f"Speaker {n}", "person_key": f"k{n}",
                            "number": n + 1, "topic": "A topic", "status": "done", "requested_at": _at(rng),
                            "called_at": _at(rng), "elapsed_seconds": rng.randint(30, 180)} for n in range(SPEAKERS)])
    db.session.commit()
    return event.id


def _timed(function, runs: int = RUNS):
    """(result of the last run, median seconds, min seconds)."""
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - began)
    return result, statistics.median(times), min(times)


def _statements(engine, function) -> int:
    seen, me = [], threading.get_ident()

    def count(*_args):
        if threading.get_ident() == me:
            seen.append(1)

    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        function()
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def _size(output) -> str:
    size = len(output.encode() if isinstance(output, str) else output)
    return f"{size / 1024:,.0f} KiB"


def _renderers(doc: dict, event_id: int) -> None:
    for name in ("pdf", "docx", "markdown", "html"):
        try:
            module = importlib.import_module(f"townhall.exports.{name}")
        except ImportError as exc:
            print(f"  {name:<14} not present yet ({exc})")
            continue
        output, median, best = _timed(lambda render=module.render: render(doc), runs=3)
        print(f"  {name:<14} {median * 1000:7.0f} ms median (best {best * 1000:.0f} ms), {_size(output)}")
    from townhall.services import minutes_record

    for name in ("questions_csv", "polls_csv"):
        function = getattr(minutes_record, name, None)
        if function is None:
            print(f"  {name:<14} not present yet")
            continue
        output, median, best = _timed(lambda table=function: table(event_id), runs=3)
        print(f"  {name:<14} {median * 1000:7.0f} ms median (best {best * 1000:.0f} ms), {_size(output)}")


def run() -> None:
    from townhall import create_app
    from townhall.config import DevelopmentConfig
    from townhall.extensions import db
    from townhall.services import minutes_record

    folder = Path(tempfile.mkdtemp(prefix="townhall-bench-minutes-"))
    try:
        app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'minutes.db'}",
                         SECRET_KEY="benchmark-" + secrets.token_hex(16), PUBLIC_URL="http://townhall.local")
        with app.app_context():
            db.create_all()
            began = time.perf_counter()
            event_id = populate()
            print(f"inserted {QUESTIONS:,} questions, {VOTES:,} votes, {POLLS} polls "
                  f"({(POLLS - 1) * BALLOTS_PER_POLL + 3:,} ballots), {ATTENDEES:,} attendees, {SPEAKERS} speakers "
                  f"in {time.perf_counter() - began:.1f} s (SQLite file)")

            def build():
                doc = minutes_record.document(event_id)
                db.session.rollback()  # end the read transaction, as a request would
                return doc

            build()  # warm up: imports, statement cache
            doc, median, best = _timed(build)
            statements = _statements(db.engine, build)
            print(f"minutes_record.document(): {median * 1000:.0f} ms median of {RUNS} (best {best * 1000:.0f} ms), "
                  f"{statements} SQL statements ({POLLS} of them one per poll's results)")
            print(f"document: {len(doc['items'])} items, {len(doc['unanswered']['questions']):,} unanswered, "
                  f"{doc['attendance']['votes']:,} votes, {len(doc['activity']['buckets'])} activity buckets "
                  f"of {doc['activity']['bucket_minutes']} min")
            print("renderers (the document above; the CSV tables read the record):")
            _renderers(doc, event_id)
            db.session.remove()
            db.engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    run()
