"""Retention (services/retention.py, `flask retention`): attendee identities of an event past its
retention are deleted; what the meeting said (questions, counts, ballots, minutes) is kept; events
not yet due are untouched, and a dry run changes nothing."""
import re
from datetime import timedelta

import pytest
from helpers import finish_flushes
from meeting_helpers import CHINESE_NAME, make_held_meeting
from sqlalchemy import update

from townhall.extensions import db
from townhall.models import Attendee, Ballot, Ban, Event, Poll, Question, SpeakerRequest, Vote, utcnow
from townhall.services import minutes_record, poll_results

PHONE_NAMES = ("Ana", "Jonas", CHINESE_NAME)


def run(app, *args):
    result = app.test_cli_runner().invoke(args=["retention", *args])
    assert result.exit_code == 0, result.output
    return result.output


def dump(app) -> str:
    """Every row of every table, as SQL text."""
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            return "\n".join(connection.driver_connection.iterdump())
        finally:
            connection.close()


def ended(app, code, *, days_ago: float, retention_days: int | None = 30) -> None:
    change(app, code, meeting_ended_at=utcnow() - timedelta(days=days_ago), retention_days=retention_days)


def change(app, code, **values) -> None:
    with app.app_context():  # one UPDATE: it waits for a writer still at work instead of failing
        db.session.execute(update(Event).where(Event.code == code).values(**values))
        db.session.commit()


def state(app, code) -> dict:
    """What the meeting said, as stored and as the minutes and results show it."""
    with app.app_context():
        event_id = db.session.query(Event.id).filter_by(code=code).scalar()
        questions = db.session.query(Question).filter_by(event_id=event_id).order_by(Question.id).all()
        polls = db.session.query(Poll).filter_by(event_id=event_id).order_by(Poll.id).all()
        return {
            "questions": [(q.text, q.status, q.progress, q.vote_count, q.answer_text, q.is_anonymous)
                          for q in questions],
            "votes": db.session.query(Vote).join(Question).filter(Question.event_id == event_id).count(),
            "polls": [(p.ballot_count, poll_results.results(p), poll_results.results(p, moderator=True))
                      for p in polls],
            "ballots": sorted((b.poll_id, str(b.answer), b.hidden) for b in db.session.query(Ballot).join(Poll)
                              .filter(Poll.event_id == event_id)),
            "attendance": minutes_record.document(event_id)["attendance"],
        }


def secrets_of(app, code) -> dict:
    with app.app_context():
        event_id = db.session.query(Event.id).filter_by(code=code).scalar()
        return {
            "token_hashes": [t for (t,) in db.session.query(Attendee.token_hash).filter_by(event_id=event_id)],
            "author_tags": [t for (t,) in db.session.query(Question.author_tag)
                            .filter(Question.event_id == event_id, Question.author_tag.is_not(None))],
            "voter_tags": [t for (t,) in db.session.query(Ballot.voter_tag).join(Poll)
                           .filter(Poll.event_id == event_id)],
        }


def markdown(client, code, version=None) -> str:
    url = f"/api/events/{code}/minutes/export.md" + (f"?version={version}" if version else "")
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


@pytest.fixture
def meetings(app, make_event, organizer, moderator, background_tasks):
    """Three held meetings: one past its 30 days, one that ended yesterday, one kept forever."""
    codes = {}
    for label, days_ago, days in (("due", 31, 30), ("recent", 1, 30), ("kept", 400, None)):
        code = make_event(organizer.id, title=f"Meeting {label}")
        make_held_meeting(app, code, organizer.id)
        ended(app, code, days_ago=days_ago, retention_days=days)
        codes[label] = code
    finish_flushes(background_tasks)  # the tallies' flushes bump tally_seq: done before any comparison
    return codes


def test_a_dry_run_prints_what_would_go_and_changes_nothing(app, meetings):
    before = dump(app)
    output = run(app, "--dry-run")
    assert re.search(rf"{meetings['due']}\s+Meeting due .*to delete 7 attendee identities", output), output
    assert meetings["recent"] not in output and meetings["kept"] not in output
    assert "Dry run: 1 event(s) due, 7 attendee identities to delete" in output
    assert dump(app) == before


def test_retention_deletes_identities_and_keeps_what_the_meeting_said(app, meetings, moderator):
    code = meetings["due"]
    said = state(app, code)
    published = markdown(moderator, code, version=1)
    draft = markdown(moderator, code)
    secrets = secrets_of(app, code)
    assert secrets["token_hashes"] and secrets["author_tags"] and secrets["voter_tags"]
    assert any(name in draft for name in PHONE_NAMES)

    output = run(app)
    assert re.search(rf"{code}\s+Meeting due .*deleted 7 attendee identities", output), output

    everything = dump(app)
    for values in secrets.values():
        for secret in values:
            assert secret not in everything
    with app.app_context():
        event = db.session.query(Event).filter_by(code=code).one()
        assert db.session.query(Attendee).filter_by(event_id=event.id).count() == 0
        assert event.forgotten_attendees == 7 and event.identities_deleted_at is not None
        assert all(q.attendee_id is None and q.author_name is None
                   for q in db.session.query(Question).filter_by(event_id=event.id))
        speakers = db.session.query(SpeakerRequest).filter_by(event_id=event.id).all()
        assert {s.name for s in speakers} == {None, "Mr. Brown"}  # typed in by the moderator: the record's
        assert not any(s.person_key.startswith("attendee:") for s in speakers)

    assert state(app, code) == said  # texts, counts, results, ballots, attendance
    assert markdown(moderator, code, version=1) == published  # the published minutes, as published
    now_draft = markdown(moderator, code)
    assert not any(name in now_draft for name in ("Ana", "Jonas"))
    assert "Speaker 1" in now_draft or "Speaker 2" in now_draft
    # The draft differs only where a phone's name was: the same lines, the names gone.
    assert len(now_draft.splitlines()) == len(draft.splitlines())


def test_events_not_yet_due_or_kept_are_untouched(app, meetings):
    recent, kept = (state(app, meetings[label]) | secrets_of(app, meetings[label]) for label in ("recent", "kept"))
    run(app)
    assert state(app, meetings["recent"]) | secrets_of(app, meetings["recent"]) == recent
    assert state(app, meetings["kept"]) | secrets_of(app, meetings["kept"]) == kept
    assert len(recent["token_hashes"]) == len(kept["token_hashes"]) == 7


def test_a_second_run_finds_nothing_and_the_room_reads_the_questions_without_names(app, meetings, client):
    url = f"/api/events/{meetings['due']}/snapshot"
    before = client.get(url).get_json()
    assert "Ana" in [q["author"] for q in before["questions"]]
    run(app)
    assert "0 event(s) due" in run(app)
    after = client.get(url).get_json()
    assert [(q["id"], q["text"], q["votes"]) for q in after["questions"]] == \
        [(q["id"], q["text"], q["votes"]) for q in before["questions"]]
    assert all(q["author"] is None for q in after["questions"])
    assert after["seq"] > before["seq"]


@pytest.mark.parametrize(("ended_days_ago", "starts_days_ago", "days", "due"), [
    (None, None, 0, False),  # no end, no date: never due
    (None, 32, 30, True),  # no run of show: the day after its date
    (None, 30.5, 30, False),
    (0.01, None, 0, True),  # 0: right after the end
    (29, None, 30, False),
])
def test_when_an_event_is_due(app, make_event, organizer, make_attendee, ended_days_ago, starts_days_ago, days,
                              due):
    code = make_event(organizer.id)
    make_attendee(code, name="Ana")
    now = utcnow()
    change(app, code, retention_days=days,
           meeting_ended_at=None if ended_days_ago is None else now - timedelta(days=ended_days_ago),
           starts_at=None if starts_days_ago is None else now - timedelta(days=starts_days_ago))
    output = run(app, "--dry-run")
    assert (code in output) is due, output


def test_bans_keep_counting_after_retention_but_name_no_phone(app, meetings, organizer):
    from townhall.services import bans, moderation_log

    code = meetings["due"]
    with app.app_context():
        event_id = db.session.query(Event.id).filter_by(code=code).scalar()
        askers = db.session.query(Question).filter_by(event_id=event_id).order_by(Question.id).all()
        named = next(q for q in askers if not q.is_anonymous and q.attendee_id)
        anonymous = next(q for q in askers if q.is_anonymous and q.author_tag)
        for question in (named, anonymous):
            bans.ban(code=code, user_id=organizer.id, question_id=question.id, reason="spam")
        before = moderation_log.public_summary(code=code)
        tags = {t for (t,) in db.session.query(Ban.author_tag).filter_by(event_id=event_id)}
    assert before["counts"]["banned"] == 2

    run(app)
    everything = dump(app)
    with app.app_context():
        assert moderation_log.public_summary(code=code) == before
        rows = db.session.query(Ban).filter_by(event_id=event_id).all()
        assert len(rows) == 2 and all(b.attendee_id is None for b in rows)
        assert all(b.author_tag == f"forgotten:{b.id}" for b in rows)
    assert not any(tag and tag in everything for tag in tags)
