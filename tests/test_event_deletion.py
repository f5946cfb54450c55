"""Deleting an event (DELETE /api/events/<code>): the owner only, confirmed with the event's code or
title; every row of the event goes (by the database's cascades), another event keeps all of its rows;
live phones, the projector and the organizers are told and leave the event's rooms."""
import pytest
from helpers import api, assert_error, finish_flushes
from meeting_helpers import make_held_meeting
from sqlalchemy import func, select

from townhall.extensions import db, socketio
from townhall.models import Event
from townhall.realtime import rooms
from townhall.services import roles

ACCOUNT_TABLES = {"users", "api_tokens", "setup_tokens", "agenda_templates", "alembic_version"}


def counts(app) -> dict:
    """Rows per table, every table but the accounts' (the event's owner and team keep their accounts)."""
    with app.app_context():
        return {table.name: db.session.execute(select(func.count()).select_from(table)).scalar_one()
                for table in db.metadata.sorted_tables if table.name not in ACCOUNT_TABLES}


def delete(client, code, body=None, **kwargs):
    return api(client, "DELETE", f"/api/events/{code}", json=body, **kwargs)


@pytest.fixture
def two_meetings(app, make_event, make_organizer, organizer, moderator, background_tasks):
    """(the code to delete, the other event's code, rows per table with the other event alone)."""
    other = make_event(make_organizer(name="Other Owner"), title="Another town's meeting")
    make_held_meeting(app, other, owner_id=_owner(app, other), close=False)
    finish_flushes(background_tasks)
    alone = counts(app)
    code = make_event(organizer.id, title="River park meeting")
    make_held_meeting(app, code, organizer.id)
    member = make_organizer(email="mod@example.com", name="Mo Moderator")
    with app.app_context():
        roles.add_member(code=code, user_id=organizer.id, email="mod@example.com", role="moderator")
        roles.create_invitation(code=code, user_id=organizer.id, role="note_taker")
    finish_flushes(background_tasks)
    assert all(counts(app)[table] > alone[table] for table in ("attendees", "questions", "votes", "ballots",
                                                                 "poll_participations", "minutes", "operations",
                                                                 "event_roles", "invitations", "agenda_items",
                                                                 "decisions", "action_items", "speaker_requests"))
    return code, other, alone, member


def _owner(app, code) -> int:
    with app.app_context():
        return db.session.query(Event.owner_id).filter_by(code=code).scalar()


def test_the_owner_deletes_an_event_and_every_row_of_it_goes(app, moderator, two_meetings):
    code, other, alone, _member = two_meetings
    response = delete(moderator, code, {"confirm": code.lower()})
    assert response.status_code == 204, response.get_data(as_text=True)
    assert counts(app) == alone  # the other event keeps every row; nothing of this one is left
    assert_error(moderator.get(f"/api/events/{code}"), 404, "event_not_found")
    assert_error(api(app.test_client(), "POST", f"/api/events/{code}/join", json={}), 404, "event_not_found")
    assert app.test_client().get(f"/e/{code}").status_code == 404
    assert moderator.get(f"/api/events/{other}").status_code == 200


def test_the_title_confirms_too_whatever_its_case_and_spacing(app, moderator, event):
    assert delete(moderator, event, {"confirm": "  town HALL on the   river park "}).status_code == 204
    with app.app_context():
        assert db.session.query(Event).filter_by(code=event).count() == 0


@pytest.mark.parametrize("body", [None, {}, {"confirm": ""}, {"confirm": "WRONGCODE"}, {"confirm": None},
                                  {"confirm": "Town hall"}])
def test_without_the_right_confirmation_nothing_is_deleted(app, moderator, event, body):
    before = counts(app)
    assert_error(delete(moderator, event, body), 400, "confirmation_required")
    assert counts(app) == before


def test_a_confirmation_that_is_not_text_is_refused(app, moderator, event):
    error = assert_error(delete(moderator, event, {"confirm": 42}), 400, "confirmation_required")
    assert error["field"] == "confirm"
    assert_error(delete(moderator, event, {"confirm": event, "force": True}), 400, "invalid_input")
    assert moderator.get(f"/api/events/{event}").status_code == 200


def test_only_the_owner_may_delete(app, two_meetings, login_client, make_organizer):
    code, _other, _alone, _member = two_meetings
    before = counts(app)
    assert_error(delete(login_client("mod@example.com"), code, {"confirm": code}), 403, "forbidden")
    make_organizer(email="stranger@example.com")
    assert_error(delete(login_client("stranger@example.com"), code, {"confirm": code}), 403, "forbidden")
    assert_error(delete(app.test_client(), code, {"confirm": code}), 401, "not_authenticated")
    assert counts(app) == before


def test_phones_the_projector_and_organizers_are_told_and_leave_the_rooms(app, room, event, moderator):
    with app.app_context():
        event_id = db.session.query(Event.id).filter_by(code=event).scalar()
    assert delete(moderator, event, {"confirm": event}).status_code == 204
    for socket in (room.phone_socket, room.projector, room.moderators):
        assert socket.messages("event:deleted") == [{"code": event}]
        socket.clear()
    for name in (rooms.public(event_id), rooms.moderators(event_id), rooms.projector(event_id)):
        socketio.emit("probe", {}, to=name)
    for socket in (room.phone_socket, room.projector, room.moderators):
        assert socket.messages("probe") == []


def test_on_a_migrated_database_retention_keeps_the_votes_and_deletion_empties_every_table(tmp_path,
                                                                                         background_tasks):
    """The cascades and SET NULLs the two rely on come from the migrations too, not only create_all()."""
    import flask_migrate

    from townhall import create_app
    from townhall.config import TestConfig
    from townhall.models import Vote
    from townhall.services import accounts, event_deletion, events, retention

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/migrated.db")
    with app.app_context():
        flask_migrate.upgrade()
        owner = accounts.create_organizer(email="olga@example.com", name="Olga", password="x" * 16)
        code = events.create_event(owner_id=owner, title="Migrated meeting")
    try:
        make_held_meeting(app, code, owner)
        finish_flushes(background_tasks)
        with app.app_context():
            event_id = db.session.query(Event.id).filter_by(code=code).scalar()
            votes = db.session.query(Vote).count()
            assert retention.forget(event_id=event_id) == 7
            assert db.session.query(Vote).count() == votes > 0
            assert db.session.query(Vote).filter(Vote.attendee_id.is_not(None)).count() == 0
            event_deletion.delete_event(code=code, user_id=owner, confirm=code)
        left = {table: n for table, n in counts(app).items() if n}
        assert left == {}, left
        with app.app_context():  # AUTOINCREMENT: the deleted event's id is never given again
            new = events.create_event(owner_id=owner, title="Next meeting")
            assert db.session.query(Event.id).filter_by(code=new).scalar() > event_id
    finally:
        with app.app_context():
            db.engine.dispose()


def test_a_deleted_events_id_is_never_given_again_and_its_room_is_not_served(app, client, moderator, make_event,
                                                                               organizer, make_question):
    code = make_event(organizer.id, title="Secret agenda")
    make_question(code, text="A question of the deleted event")
    assert client.get(f"/api/events/{code}/snapshot").get_json()["questions"]  # its room is now kept
    with app.app_context():
        deleted_id = db.session.query(Event.id).filter_by(code=code).scalar()
    assert delete(moderator, code, {"confirm": code}).status_code == 204
    new = make_event(organizer.id, title="Fresh meeting")
    with app.app_context():
        assert db.session.query(Event.id).filter_by(code=new).scalar() > deleted_id
    snapshot = client.get(f"/api/events/{new}/snapshot").get_json()
    assert snapshot["event"]["title"] == "Fresh meeting" and snapshot["questions"] == []
