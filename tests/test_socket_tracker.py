"""The tracker's socket audience: anyone may follow an event's follow-ups live, and hears nothing else."""
import pytest
from tracker_helpers import ask, days_ago, organization, step

from townhall.models.base import today


@pytest.fixture
def premoderated(organizer, make_event):
    return make_event(organizer.id, premoderation=True)


def test_the_tracker_hears_followup_changed_and_nothing_from_the_moderators_or_the_room(
        app, organizer, premoderated, client, join, connect, moderator):
    code = premoderated
    _, offices = organization(app, organizer.id, [code])
    phone, _ = join(code)
    tracker = connect(client, code, "tracker")
    phones_tracker = connect(phone, code, "tracker")  # a phone's cookie gives the tracker no more
    watcher = connect(moderator, code, "moderator")
    assert tracker.connected and phones_tracker.connected

    asked = connect(phone, code).emit("question:ask", {"text": "Pending: who pays for the bridge?"})
    assert asked["ok"] and asked["data"]["status"] == "pending"
    assert watcher.wait_for("questions:changed")
    question = ask(app, code, "Will the park get lights?", at=days_ago(3))
    step(app, question, "refer", at=days_ago(2), office_id=offices["Parks"], due_on=today(), note="By spring")

    for socket in (tracker, phones_tracker):
        [changed] = socket.messages("followup:changed")
        assert changed["followup"]["question_id"] == question and changed["followup"]["office"] == "Parks"
        assert "mine" not in changed
        assert [m["name"] for m in socket.log] == ["followup:changed"]  # no questions:changed, stats, seq
        assert socket.hello == []
    assert watcher.messages("followup:changed")  # the moderators get it too, in their own room


def test_a_tracker_connection_takes_no_command(app, event, join, connect, organizer):
    phone, _ = join(event)
    tracker = connect(phone, event, "tracker")
    ack = tracker.emit("question:ask", {"text": "Sneaking a question in"})
    assert ack == {"ok": False, "error": {"code": "read_only", "message": "This connection only follows the tracker."}}
    from townhall.extensions import db
    from townhall.models import Question

    with app.app_context():
        assert db.session.query(Question).count() == 0


def test_the_tracker_needs_a_real_event(client, connect):
    assert not connect(client, "NOSUCHCODE1", "tracker").connected
