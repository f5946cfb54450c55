"""The team of an event: roles by account, one-time invitation links, revocation; the owner alone manages it."""
import hashlib
from datetime import timedelta

import pytest
from helpers import PASSWORD

from townhall.errors import Conflict, Forbidden, InvalidInput, NotFound
from townhall.extensions import db
from townhall.models import Connection, EventRole, Invitation, User
from townhall.services import events, permissions, roles


def role_of(app, code, user_id):
    with app.app_context():
        return permissions.role_of(user_id, events.get_event(code))


def token_of(invitation) -> str:
    return invitation["url"].rsplit("/invite/", 1)[1]


@pytest.fixture
def nora(make_organizer):
    return make_organizer(email="nora@example.com", name="Nora Notes")


# --- by account --------------------------------------------------------------------

def test_an_existing_account_gets_the_role_directly(app, call, organizer, event, nora):
    member = call(roles.add_member, code=event, user_id=organizer.id, email=" Nora@Example.com ", role="note_taker")
    assert (member["user_id"], member["name"], member["role"]) == (nora, "Nora Notes", "note_taker")
    assert role_of(app, event, nora) == "note_taker"
    team = call(roles.team, code=event, user_id=organizer.id)
    assert team["owner"]["user_id"] == organizer.id and team["owner"]["role"] == "owner"
    assert [(m["user_id"], m["role"]) for m in team["members"]] == [(nora, "note_taker")]


def test_unknown_email_is_404_with_a_clear_message(app, call, organizer, event):
    with pytest.raises(NotFound) as caught:
        call(roles.add_member, code=event, user_id=organizer.id, email="ghost@example.com", role="moderator")
    assert caught.value.code == "account_not_found" and "invitation link" in caught.value.message
    with app.app_context():
        assert db.session.query(EventRole).count() == 0


def test_the_owner_cannot_be_given_a_role_on_their_own_event(app, call, organizer, event):
    with pytest.raises(Conflict) as caught:
        call(roles.add_member, code=event, user_id=organizer.id, email=organizer.email, role="presenter")
    assert caught.value.code == "owner_has_all_rights"
    assert role_of(app, event, organizer.id) == "owner"


def test_adding_a_member_twice_or_with_a_bad_role_is_refused(app, call, organizer, event, nora):
    call(roles.add_member, code=event, user_id=organizer.id, email="nora@example.com", role="presenter")
    with pytest.raises(Conflict) as caught:
        call(roles.add_member, code=event, user_id=organizer.id, email="nora@example.com", role="moderator")
    assert caught.value.code == "already_member"
    for bad in ("owner", "admin", "", None, ["moderator"]):
        with pytest.raises(InvalidInput) as caught:
            call(roles.create_invitation, code=event, user_id=organizer.id, role=bad)
        assert caught.value.code == "invalid_role"
    assert role_of(app, event, nora) == "presenter"


def test_changing_a_role_changes_what_the_member_may_do(app, call, organizer, event, nora):
    call(roles.add_member, code=event, user_id=organizer.id, email="nora@example.com", role="moderator")
    with app.app_context():
        assert permissions.can(nora, events.get_event(event), "questions")
    changed = call(roles.change_role, code=event, user_id=organizer.id, member_id=nora, role="presenter")
    assert changed["role"] == "presenter"
    with app.app_context():
        ev = events.get_event(event)
        assert not permissions.can(nora, ev, "questions") and permissions.can(nora, ev, "view")
    with pytest.raises(NotFound):
        call(roles.change_role, code=event, user_id=organizer.id, member_id=organizer.id, role="presenter")


# --- revocation ------------------------------------------------------------------------

def test_revoking_removes_access_and_ends_the_members_sockets_of_this_event(app, call, organizer, event, nora,
                                                                            make_event, monkeypatch):
    from townhall.realtime import broadcast

    other = make_event(nora, title="Nora's own event")
    call(roles.add_member, code=event, user_id=organizer.id, email="nora@example.com", role="note_taker")
    with app.app_context():
        db.session.add_all([
            Connection(sid="nora-here", event_id=events.get_event(event).id, audience="moderator", user_id=nora),
            Connection(sid="nora-own", event_id=events.get_event(other).id, audience="moderator", user_id=nora),
            Connection(sid="olga-here", event_id=events.get_event(event).id, audience="moderator",
                       user_id=organizer.id),
        ])
        db.session.commit()
    ended = []
    monkeypatch.setattr(broadcast, "end_sockets", lambda sids: ended.extend(sids))
    call(roles.revoke_member, code=event, user_id=organizer.id, member_id=nora)
    assert ended == ["nora-here"]
    assert role_of(app, event, nora) is None
    with pytest.raises(Forbidden):
        call(roles.team, code=event, user_id=nora)
    with pytest.raises(NotFound):
        call(roles.revoke_member, code=event, user_id=organizer.id, member_id=nora)


def test_only_the_owner_manages_the_team(app, call, organizer, event, make_organizer):
    members = {}
    for role in ("moderator", "note_taker", "presenter"):
        members[role] = make_organizer(email=f"{role}@example.com")
        call(roles.add_member, code=event, user_id=organizer.id, email=f"{role}@example.com", role=role)
    invitation = call(roles.create_invitation, code=event, user_id=organizer.id, role="presenter")
    stranger = make_organizer(email="stranger@example.com")
    target = members["presenter"]
    attempts = [
        (roles.add_member, {"email": "stranger@example.com", "role": "moderator"}),
        (roles.change_role, {"member_id": target, "role": "moderator"}),
        (roles.revoke_member, {"member_id": target}),
        (roles.create_invitation, {"role": "moderator"}),
        (roles.revoke_invitation, {"invitation_id": invitation["id"]}),
    ]
    for user_id in (*members.values(), stranger, None):
        for fn, kwargs in attempts:
            with pytest.raises(Forbidden):
                call(fn, code=event, user_id=user_id, **kwargs)
    assert role_of(app, event, target) == "presenter" and role_of(app, event, stranger) is None
    with app.app_context():
        assert db.session.get(Invitation, invitation["id"]).revoked_at is None
    # members read the team, without the invitations; strangers cannot
    seen = call(roles.team, code=event, user_id=members["note_taker"])
    assert seen["can_manage"] is False and "invitations" not in seen and len(seen["members"]) == 3
    assert len(call(roles.team, code=event, user_id=organizer.id)["invitations"]) == 1
    with pytest.raises(Forbidden):
        call(roles.team, code=event, user_id=stranger)


# --- invitation links ----------------------------------------------------------------

def test_an_invitation_link_works_once(app, call, organizer, event, nora, make_organizer):
    invitation = call(roles.create_invitation, code=event, user_id=organizer.id, role="moderator")
    assert invitation["url"].startswith("http://townhall.test/invite/") and invitation["status"] == "open"
    token = token_of(invitation)
    with app.app_context():  # only the hash is stored
        row = db.session.get(Invitation, invitation["id"])
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in repr([getattr(row, c.name) for c in Invitation.__table__.columns])
        assert timedelta(days=6, hours=23) < row.expires_at - row.created_at <= timedelta(days=7, minutes=1)
    shown = call(roles.check_invitation, token=token)
    assert (shown["event_code"], shown["role"], shown["owner_name"]) == (event, "moderator", "Olga Organizer")
    assert call(roles.accept_invitation, token=token, user_id=nora) == event
    assert role_of(app, event, nora) == "moderator"
    late = make_organizer(email="late@example.com")
    with pytest.raises(Forbidden) as caught:
        call(roles.accept_invitation, token=token, user_id=late)
    assert caught.value.code == "invitation_used"
    assert role_of(app, event, late) is None
    with app.app_context():
        row = db.session.get(Invitation, invitation["id"])
        assert (row.accepted_by, row.accepted_at is not None) == (nora, True)
    assert call(roles.team, code=event, user_id=organizer.id)["invitations"] == []


def test_expired_revoked_and_unknown_links_are_refused(app, call, organizer, event, nora):
    expired = call(roles.create_invitation, code=event, user_id=organizer.id, role="presenter")
    revoked = call(roles.create_invitation, code=event, user_id=organizer.id, role="presenter")
    with app.app_context():
        row = db.session.get(Invitation, expired["id"])
        row.expires_at = row.created_at - timedelta(seconds=1)
        db.session.commit()
    call(roles.revoke_invitation, code=event, user_id=organizer.id, invitation_id=revoked["id"])
    cases = [(token_of(expired), "invitation_expired"), (token_of(revoked), "invitation_revoked"),
             ("not-a-real-token", "invitation_invalid"), ("", "invitation_invalid")]
    for token, code in cases:
        for fn, kwargs in [(roles.check_invitation, {}), (roles.accept_invitation, {"user_id": nora})]:
            with pytest.raises(Forbidden) as caught:
                call(fn, token=token, **kwargs)
            assert caught.value.code == code
    assert role_of(app, event, nora) is None
    assert call(roles.team, code=event, user_id=organizer.id)["invitations"] == []


def test_the_owner_cannot_accept_their_own_invitation(app, call, organizer, event, nora):
    invitation = call(roles.create_invitation, code=event, user_id=organizer.id, role="presenter")
    with pytest.raises(Conflict) as caught:
        call(roles.accept_invitation, token=token_of(invitation), user_id=organizer.id)
    assert caught.value.code == "owner_has_all_rights"
    assert role_of(app, event, organizer.id) == "owner"
    assert call(roles.accept_invitation, token=token_of(invitation), user_id=nora) == event  # still usable


def test_a_member_accepting_a_new_link_takes_its_role(app, call, organizer, event, nora):
    call(roles.add_member, code=event, user_id=organizer.id, email="nora@example.com", role="presenter")
    invitation = call(roles.create_invitation, code=event, user_id=organizer.id, role="note_taker")
    call(roles.accept_invitation, token=token_of(invitation), user_id=nora)
    assert role_of(app, event, nora) == "note_taker"
    with app.app_context():
        assert db.session.query(EventRole).count() == 1


def test_revoking_an_invitation(app, call, organizer, event, nora, make_event):
    used = call(roles.create_invitation, code=event, user_id=organizer.id, role="presenter")
    call(roles.accept_invitation, token=token_of(used), user_id=nora)
    with pytest.raises(Conflict):
        call(roles.revoke_invitation, code=event, user_id=organizer.id, invitation_id=used["id"])
    theirs = call(roles.create_invitation, code=make_event(organizer.id), user_id=organizer.id, role="presenter")
    with pytest.raises(NotFound):
        call(roles.revoke_invitation, code=event, user_id=organizer.id, invitation_id=theirs["id"])
    with pytest.raises(NotFound):
        call(roles.revoke_invitation, code=event, user_id=organizer.id, invitation_id=999)


def test_accepting_with_a_new_account(app, call, organizer, event):
    invitation = call(roles.create_invitation, code=event, user_id=organizer.id, role="note_taker")
    user_id = call(roles.accept_with_new_account, token=token_of(invitation), name="Nina New",
                   email="nina@example.com", password=PASSWORD)
    assert role_of(app, event, user_id) == "note_taker"
    with app.app_context():
        assert db.session.get(User, user_id).email == "nina@example.com"


def test_a_dead_link_or_a_taken_email_creates_no_account_and_uses_no_link(app, call, organizer, event, nora):
    used = call(roles.create_invitation, code=event, user_id=organizer.id, role="presenter")
    call(roles.accept_invitation, token=token_of(used), user_id=nora)
    with pytest.raises(Forbidden):
        call(roles.accept_with_new_account, token=token_of(used), name="Nina", email="nina@example.com",
             password=PASSWORD)
    fresh = call(roles.create_invitation, code=event, user_id=organizer.id, role="presenter")
    with pytest.raises(Conflict):
        call(roles.accept_with_new_account, token=token_of(fresh), name="Nora again", email="nora@example.com",
             password=PASSWORD)
    with pytest.raises(InvalidInput):
        call(roles.accept_with_new_account, token=token_of(fresh), name="Nina", email="nina@example.com",
             password="short")
    with app.app_context():
        assert db.session.query(User).filter_by(email="nina@example.com").count() == 0
    assert call(roles.check_invitation, token=token_of(fresh))["role"] == "presenter"  # still open


def test_a_co_organizer_finds_the_event_in_their_list_with_their_role(app, call, organizer, event, nora,
                                                                      make_event):
    make_event(organizer.id, title="Not Nora's")
    own = make_event(nora, title="Nora's own")
    call(roles.add_member, code=event, user_id=organizer.id, email="nora@example.com", role="presenter")
    with app.app_context():
        assert [(e.code, role) for e, role in events.events_for(nora)] == [(own, "owner"), (event, "presenter")]


def test_one_link_accepted_at_the_same_moment_by_many_gives_one_role(app, call, organizer, event, make_organizer):
    import records_helpers

    invitation = call(roles.create_invitation, code=event, user_id=organizer.id, role="moderator")
    people = [make_organizer(email=f"rush{i}@example.com") for i in range(6)]
    results = records_helpers.run_together(app, [
        (lambda u=u: roles.accept_invitation(token=token_of(invitation), user_id=u)) for u in people
    ])
    assert [kind for kind, _ in results].count("ok") == 1
    assert all(isinstance(v, Forbidden) and v.code == "invitation_used" for kind, v in results if kind == "error")
    with app.app_context():
        assert db.session.query(EventRole).count() == 1
