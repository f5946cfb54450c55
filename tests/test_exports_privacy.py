"""No export names a phone: every file an organizer or an attendee can download about a held meeting
(the minutes in each format and version, the public minutes, the CSV files, the archive, the operation
log) carries none of its attendees' token hashes, author tags, voter tags or ballot ids, nor a token."""
import pytest
from helpers import finish_flushes
from meeting_helpers import make_held_meeting
from readers import docx_parts, pdf_text

from townhall.extensions import db
from townhall.models import Attendee, Ballot, Event, Poll, Question


@pytest.fixture
def held(app, event, organizer, moderator, background_tasks):
    meeting = make_held_meeting(app, event, organizer.id)
    finish_flushes(background_tasks)
    with app.app_context():
        event_id = db.session.query(Event.id).filter_by(code=event).scalar()
        secrets = [t for (t,) in db.session.query(Attendee.token_hash).filter_by(event_id=event_id)]
        secrets += [t for (t,) in db.session.query(Question.author_tag)
                    .filter(Question.event_id == event_id, Question.author_tag.is_not(None))]
        ballots = db.session.query(Ballot.id, Ballot.voter_tag).join(Poll).filter(Poll.event_id == event_id)
        for ballot_id, tag in ballots:
            secrets += [ballot_id, tag]
    secrets += meeting["tokens"]  # the raw cookie tokens
    assert len(secrets) > 30
    return event, secrets


def downloads(client, code) -> dict[str, str]:
    urls = [f"/api/events/{code}/minutes/export.{fmt}?version={version}"
            for fmt in ("pdf", "docx", "md", "html") for version in (1, 2)]
    urls += [f"/api/events/{code}/export/questions.csv?include_hidden=1", f"/api/events/{code}/export/polls.csv",
             f"/api/events/{code}/archive.json", f"/api/events/{code}/operations?limit=50",
             f"/e/{code}/minutes", *(f"/e/{code}/minutes.{fmt}" for fmt in ("pdf", "docx", "md"))]
    files = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        data = response.data
        files[url] = docx_parts(data) if ".docx" in url else data.decode("latin-1")
        if ".pdf" in url:  # its text streams are compressed: their text too
            files[url] += pdf_text(data)
    return files


def test_no_export_carries_a_token_hash_tag_or_ballot_id(held, moderator):
    code, secrets = held
    for url, content in downloads(moderator, code).items():
        for secret in secrets:
            assert secret not in content, (url, secret)
