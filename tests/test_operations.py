"""The operation log: every moderation, team, minutes and archive action leaves one entry (who, what,
when), written with the action; only the event's owner and moderators read it; no attendee's token or
address is stored."""
import pytest
from helpers import api, assert_error
from records_helpers import give_role

from townhall.errors import Conflict
from townhall.extensions import db
from townhall.models import Attendee, Event, Operation
from townhall.services import archive, merge, minutes, operations, questions, roles
from townhall.services.transaction import use_case


def entries(app, code=None) -> list[tuple]:
    """(event code, actor id, actor name, action, targets, detail) of every stored entry, oldest first."""
    with app.app_context():
        rows = db.session.execute(
            db.select(Event.code, Operation).join(Event, Event.id == Operation.event_id).order_by(Operation.id)
        ).all()
        return [(c, r.actor_id, r.actor_name, r.action, r.targets, r.detail) for c, r in rows
                if code is None or c == code]


def last(app, code):
    found = entries(app, code)
    assert found, "no entry"
    return found[-1][1:]


@pytest.fixture
def nora(make_organizer):
    return make_organizer(email="nora@example.com", name="Nora Notes")


@pytest.fixture
def owner(organizer):
    return organizer.id


def test_moderation_actions_leave_one_entry_each_with_the_moderator_and_the_question(
        app, call, event, owner, nora, make_question):
    moderator = give_role(app, event, owner, "nora@example.com", "moderator")
    first, second = make_question(event, "One"), make_question(event, "Two")
    before = len(entries(app, event))  # giving the role is one entry
    call(questions.moderate, code=event, user_id=moderator, question_id=first, action="hide", reason="off_topic")
    assert last(app, event) == (nora, "Nora Notes", "hide", {"question_id": first}, "off_topic")
    call(questions.moderate, code=event, user_id=moderator, question_id=first, action="restore")
    assert last(app, event) == (nora, "Nora Notes", "restore", {"question_id": first}, "")
    call(questions.edit, code=event, user_id=owner, question_id=first, text="One, fixed")
    assert last(app, event) == (owner, "Olga Organizer", "edit", {"question_id": first}, "text")
    call(merge.merge, code=event, user_id=owner, question_id=second, into_id=first)
    assert last(app, event) == (owner, "Olga Organizer", "merge", {"question_id": second, "into_id": first}, "")
    call(questions.moderate, code=event, user_id=owner, question_id=first, action="answered", answer_text="Soon")
    assert last(app, event)[2:] == ("answered", {"question_id": first}, "")
    assert len(entries(app, event)) == before + 5


def test_a_refused_action_leaves_no_entry(app, call, event, owner, make_question):
    question = make_question(event)
    with pytest.raises(Conflict):  # published already: approve does not apply
        call(questions.moderate, code=event, user_id=owner, question_id=question, action="approve")
    assert entries(app, event) == []


def test_team_actions_leave_entries_naming_the_member_or_invitation(app, call, event, owner, nora, make_organizer):
    call(roles.add_member, code=event, user_id=owner, email="nora@example.com", role="presenter")
    assert last(app, event) == (owner, "Olga Organizer", "add_member", {"member_id": nora}, "presenter")
    call(roles.change_role, code=event, user_id=owner, member_id=nora, role="note_taker")
    assert last(app, event)[2:] == ("change_role", {"member_id": nora}, "note_taker")
    call(roles.change_role, code=event, user_id=owner, member_id=nora, role="note_taker")  # no change: no entry
    call(roles.revoke_member, code=event, user_id=owner, member_id=nora)
    assert last(app, event)[2:] == ("revoke_member", {"member_id": nora}, "note_taker")
    link = call(roles.create_invitation, code=event, user_id=owner, role="moderator")
    assert last(app, event)[2:] == ("create_invitation", {"invitation_id": link["id"]}, "moderator")
    call(roles.revoke_invitation, code=event, user_id=owner, invitation_id=link["id"])
    assert last(app, event)[2:] == ("revoke_invitation", {"invitation_id": link["id"]}, "moderator")
    second = call(roles.create_invitation, code=event, user_id=owner, role="moderator")
    token = second["url"].rsplit("/", 1)[1]
    call(roles.accept_invitation, token=token, user_id=nora)
    assert last(app, event) == (nora, "Nora Notes", "accept_invitation", {"invitation_id": second["id"]},
                                "moderator")
    assert [e[3] for e in entries(app, event)] == [
        "add_member", "change_role", "revoke_member", "create_invitation", "revoke_invitation",
        "create_invitation", "accept_invitation"]
    assert all(token not in repr(e) for e in entries(app, event))  # the link's secret is not logged


def test_minutes_actions_leave_entries(app, call, event, owner):
    state = call(minutes.save_draft, code=event, user_id=owner, base_revision=0, summary="We met.")
    (draft_entry,) = entries(app, event)
    assert draft_entry[1:4] == (owner, "Olga Organizer", "save_draft") and draft_entry[5] == "summary"
    minutes_id = draft_entry[4]["minutes_id"]
    revision = state["draft"]["revision"]
    call(minutes.save_draft, code=event, user_id=owner, base_revision=revision, summary="We met.")  # no change
    assert len(entries(app, event)) == 1
    call(minutes.finalize, code=event, user_id=owner, base_revision=revision)
    assert last(app, event)[2:] == ("finalize", {"minutes_id": minutes_id}, "")
    call(minutes.publish, code=event, user_id=owner, version=1)
    assert last(app, event)[2:] == ("publish", {"minutes_id": minutes_id}, "version 1")
    call(minutes.unpublish, code=event, user_id=owner)
    assert last(app, event)[2:] == ("unpublish", {"minutes_id": minutes_id}, "version 1")
    assert len(entries(app, event)) == 4


def test_archive_export_and_import_leave_entries_on_their_events(app, call, event, owner):
    data = call(archive.export_archive, code=event, user_id=owner)
    assert last(app, event) == (owner, "Olga Organizer", "archive_export", {}, "")
    copy = call(archive.import_archive, user_id=owner, data=data, mode="restore")
    assert entries(app, copy) == [(copy, owner, "Olga Organizer", "archive_import", {}, "restore")]


def test_the_entry_is_written_in_the_actions_transaction(app, event, owner):
    @use_case
    def failing():
        roles.create_invitation(code=event, user_id=owner, role="moderator")
        raise Conflict("changed my mind")

    with app.app_context(), pytest.raises(Conflict):
        failing()
    assert entries(app, event) == []
    with app.app_context(), pytest.raises(RuntimeError):
        operations.record(1, owner, "approve")  # outside a use case: refused, not written alone


def test_no_entry_holds_an_attendees_token_cookie_or_address(app, event, owner, moderator, join):
    phone, _attendee_id = join(event, name="Ana")
    cookie = phone.get_cookie("session")
    asked = api(phone, "POST", f"/api/events/{event}/questions", {"text": "Where is the park?"},
                environ_base={"REMOTE_ADDR": "198.51.100.23"}, headers={"User-Agent": "PhoneBrowser/9.9"})
    assert asked.status_code == 201, asked.get_data(as_text=True)
    question = asked.get_json()["question"]["id"]
    response = api(moderator, "POST", f"/api/events/{event}/questions/{question}/hide", {"reason": "spam"},
                   environ_base={"REMOTE_ADDR": "198.51.100.24"})
    assert response.status_code == 200, response.get_data(as_text=True)
    with app.app_context():
        tokens = [a.token_hash for a in db.session.query(Attendee).all()]
    stored = entries(app, event)
    assert [e[1:4] for e in stored] == [(owner, "Olga Organizer", "hide")]
    text = repr(stored)
    for secret in [*tokens, cookie.value if cookie else "no-cookie", "198.51.100", "PhoneBrowser", "Ana"]:
        assert secret not in text


# --- reading over HTTP ---------------------------------------------------------------------

def test_the_owner_and_a_moderator_read_the_log_newest_first_in_pages(app, call, event, owner, moderator, nora,
                                                                       login_client, make_question):
    give_role(app, event, owner, "nora@example.com", "moderator")
    ids = [make_question(event, f"Q{n}") for n in range(3)]
    for question in ids:
        call(questions.moderate, code=event, user_id=owner, question_id=question, action="hide")
    url = f"/api/events/{event}/operations"
    page = moderator.get(f"{url}?limit=2").get_json()
    assert [(o["action"], o["targets"]) for o in page["operations"]] == [
        ("hide", {"question_id": ids[2]}), ("hide", {"question_id": ids[1]})]
    assert page["operations"][0]["actor"] == {"id": owner, "name": "Olga Organizer"}
    assert page["operations"][0]["at"].endswith("Z")
    rest = moderator.get(f"{url}?limit=2&before={page['next_before']}").get_json()
    assert [o["action"] for o in rest["operations"]] == ["hide", "add_member"] and rest["next_before"] is None
    as_moderator = login_client("nora@example.com").get(url)
    assert as_moderator.status_code == 200 and len(as_moderator.get_json()["operations"]) == 4
    assert_error(moderator.get(f"{url}?limit=500"), 400)


@pytest.mark.parametrize("role", ["note_taker", "presenter"])
def test_other_roles_attendees_and_other_events_organizers_are_refused(app, event, owner, nora, login_client,
                                                                          attendee, make_organizer, make_event,
                                                                          role):
    url = f"/api/events/{event}/operations"
    give_role(app, event, owner, "nora@example.com", role)
    assert_error(login_client("nora@example.com").get(url), 403)
    phone, _ = attendee
    assert phone.get(url).status_code in (401, 403)
    stranger = make_organizer(email="sam@example.com", name="Sam")
    make_event(stranger)
    assert_error(login_client("sam@example.com").get(url), 403)
    assert_error(login_client("sam@example.com").get("/api/events/NOSUCH/operations"), 404)
