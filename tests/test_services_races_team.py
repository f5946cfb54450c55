"""The team's one-time and ordered writes under real concurrency (threads, each in its own app context,
one database; run on PostgreSQL with TEST_DATABASE_URL=postgresql)."""
from helpers import PASSWORD
from records_helpers import run_together

from townhall.errors import DomainError
from townhall.extensions import db
from townhall.models import AgendaItem, User
from townhall.services import accounts, agenda, events


def outcomes(results) -> list[str]:
    for kind, value in results:
        assert kind == "ok" or isinstance(value, DomainError), value  # never a 500
    return sorted(kind if kind == "ok" else value.code for kind, value in results)


def test_the_setup_link_used_twice_at_once_makes_one_account(app):
    with app.app_context():
        token = accounts.issue_setup_token()
    results = run_together(app, [
        (lambda n=n: accounts.complete_setup(token=token, email=f"first{n}@example.com", name=f"First {n}",
                                             password=PASSWORD)) for n in range(4)
    ])
    assert outcomes(results) == ["ok"] + ["setup_link_invalid"] * 3
    with app.app_context():
        assert db.session.query(User).count() == 1


def test_agenda_items_added_at_once_take_distinct_positions(app, organizer, event):
    titles = [f"Item {i}" for i in range(8)]
    results = run_together(app, [
        (lambda t=t: agenda.add_item(code=event, user_id=organizer.id, title=t)) for t in titles
    ])
    assert outcomes(results) == ["ok"] * len(titles)
    with app.app_context():
        event_id = events.get_event(event).id
        positions = [p for (p,) in db.session.query(AgendaItem.position).filter_by(event_id=event_id)]
    assert sorted(positions) == list(range(len(titles)))
