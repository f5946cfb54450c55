"""A poll closed while its ballots pour in (threads, each in its own app context, one database; run on
PostgreSQL with TEST_DATABASE_URL=postgresql): every acknowledged ballot is stored and counted, every
refused one is neither, and no counted ballot is stamped after the poll's closed_at."""
from polls_helpers import make_open
from records_helpers import run_together

from townhall.errors import Conflict
from townhall.extensions import db
from townhall.models import Ballot, Poll
from townhall.services import polls

PHONES = 40


def test_a_close_racing_ballots_counts_exactly_the_acknowledged_ones_all_before_closed_at(
        app, organizer, event, make_attendee):
    poll_id = make_open(app, event, organizer.id)
    phones = [make_attendee(event) for _ in range(PHONES)]
    calls = [(lambda a=a, t=t: polls.vote(code=event, attendee_id=a, token=t, poll_id=poll_id,
                                          answer={"choice": 0})) for a, t in phones]
    calls.insert(PHONES // 2, lambda: polls.close_poll(code=event, user_id=organizer.id, poll_id=poll_id))
    results = run_together(app, calls)
    closing = results.pop(PHONES // 2)
    assert closing[0] == "ok", closing
    acknowledged = [value for kind, value in results if kind == "ok"]
    refused = [value for kind, value in results if kind == "error"]
    assert all(isinstance(value, Conflict) and value.code == "poll_closed" for value in refused), refused
    with app.app_context():
        poll = db.session.get(Poll, poll_id)
        stamps = db.session.scalars(db.select(Ballot.submitted_at).filter_by(poll_id=poll_id)).all()
        assert poll.status == "closed"
        assert poll.ballot_count == len(stamps) == len(acknowledged)
        assert all(stamp <= poll.closed_at for stamp in stamps), (max(stamps), poll.closed_at)
    # What each phone was told is a count that existed: 1..N, each once.
    assert sorted(value["ballots"] for value in acknowledged) == list(range(1, len(acknowledged) + 1))
