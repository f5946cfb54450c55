"""Flask CLI commands, run the way an operator runs them."""
import re
from datetime import timedelta

from helpers import PASSWORD, login

from townhall.extensions import db
from townhall.models import Event, Question, User, Vote, utcnow
from townhall.services import accounts


def run(app, *args, **kwargs):
    result = app.test_cli_runner().invoke(args=list(args), **kwargs)
    return result


def test_demo_prints_working_links_and_credentials(app):
    result = run(app, "demo")
    assert result.exit_code == 0, result.output
    email, password = re.search(r"Demo organizer: (\S+) / password: (\S+)", result.output).groups()
    code = re.search(r"Attendee join URL:\s+http://townhall\.test/e/(\w+)", result.output).group(1)
    assert f"http://townhall.test/dashboard/e/{code}" in result.output
    assert f"http://townhall.test/e/{code}/projector" in result.output
    with app.app_context():
        event_id = db.session.query(Event.id).filter_by(code=code).scalar()
        assert db.session.query(Question).filter_by(event_id=event_id).count() == 5
        votes = db.session.query(Vote).join(Question).filter(Question.event_id == event_id).count()
        counted = db.session.query(db.func.sum(Question.vote_count)).filter_by(event_id=event_id).scalar()
        assert votes == counted > 0
    moderator = app.test_client()
    assert login(moderator, email, password).status_code == 302
    dashboard = moderator.get(f"/api/events/{code}/snapshot?view=moderator")
    assert dashboard.status_code == 200 and len(dashboard.get_json()["questions"]) == 5
    public = app.test_client().get(f"/api/events/{code}/snapshot").get_json()
    assert any(q["anonymous"] and q["author"] is None for q in public["questions"])
    assert [item["title"] for item in public["agenda"]["items"]][0] == "Welcome and purpose of the evening"
    assert len(public["agenda"]["items"]) == 4 and public["agenda"]["meeting"]["state"] == "not_started"
    assert [s["name"] for s in public["speakers"]["queue"]] == ["Ana", "Jonas"]


def test_demo_also_creates_a_meeting_held_yesterday_with_its_minutes(app):
    result = run(app, "demo")
    assert result.exit_code == 0, result.output
    email, password = re.search(r"Demo organizer: (\S+) / password: (\S+)", result.output).groups()
    code = re.search(r"its minutes: http://townhall\.test/dashboard/e/(\w+)/minutes", result.output).group(1)
    tracker = re.search(r"Its follow-up, in public: http://townhall\.test(/e/\w+/followup)", result.output).group(1)
    assert tracker == f"/e/{code}/followup" and app.test_client().get(tracker).status_code == 200
    with app.app_context():
        event = db.session.query(Event).filter_by(code=code).one()
        assert event.meeting_started_at.date() == utcnow().date() - timedelta(days=1)
        assert not event.is_open and event.meeting_ended_at is not None
    moderator = app.test_client()
    assert login(moderator, email, password).status_code == 302
    agenda = moderator.get(f"/api/events/{code}/snapshot?view=moderator").get_json()["agenda"]
    assert agenda["meeting"]["state"] == "ended" and {i["status"] for i in agenda["items"]} == {"done"}


def test_demo_twice_keeps_the_password_and_the_events_unless_asked(app):
    """An organizer who runs the demo again (to find its links) keeps the login it wrote down and the events
    it already shared; --new-password only changes the password."""
    first, second = run(app, "demo").output, run(app, "demo").output
    password = re.search(r"password: (\S+)", first).group(1)
    assert "password unchanged" in second and password not in second
    links = [re.findall(r"http://townhall\.test/\S+", output) for output in (first, second)]
    assert links[0] == links[1] and len(links[0]) == 5  # the same events, at the address the server runs on
    assert login(app.test_client(), "demo@townhall.example", password).status_code == 302
    with app.app_context():
        # one live and one finished event; the organizer and the finished meeting's team, once
        assert db.session.query(Event).count() == 2 and db.session.query(User).count() == 3
    third = run(app, "demo", "--new-password").output
    new_password = re.search(r"password: (\S+)", third).group(1)
    assert new_password != password and re.findall(r"http://townhall\.test/\S+", third) == links[0]
    assert login(app.test_client(), "demo@townhall.example", password).status_code == 401
    assert login(app.test_client(), "demo@townhall.example", new_password).status_code == 302
    with app.app_context():
        assert db.session.query(Event).count() == 2


def test_setup_link_only_while_no_organizer_exists(app, client):
    result = run(app, "setup-link")
    assert result.exit_code == 0
    link = re.search(r"http://townhall\.test(/setup/\S+)", result.output).group(1)
    assert client.get(link).status_code == 200
    run(app, "create-organizer", "--email", "olga@example.com", "--name", "Olga", "--password", PASSWORD)
    again = run(app, "setup-link")
    assert again.exit_code == 0 and "/setup/" not in again.output
    assert "Organizers exist already" in again.output
    assert client.get(link).status_code == 403


def test_create_organizer(app, client):
    result = run(app, "create-organizer", "--email", "Olga@Example.com", "--name", "Olga", "--password", PASSWORD)
    assert result.exit_code == 0, result.output
    assert "created" in result.output and "http://townhall.test/login" in result.output
    assert login(client, "olga@example.com").status_code == 302


def test_create_organizer_with_prompts(app, client):
    result = run(app, "create-organizer", input=f"olga@example.com\nOlga\n{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert login(client, "olga@example.com").status_code == 302


def test_create_organizer_errors_are_reported_not_raised(app):
    run(app, "create-organizer", "--email", "olga@example.com", "--name", "Olga", "--password", PASSWORD)
    duplicate = run(app, "create-organizer", "--email", "olga@example.com", "--name", "O", "--password", PASSWORD)
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
    short = run(app, "create-organizer", "--email", "piet@example.com", "--name", "Piet", "--password", "short")
    assert short.exit_code != 0 and "at least" in short.output
    with app.app_context():
        assert accounts.organizer_count() == 1
