"""Organizations and offices (services/organizations.py), invitations to an office
(services/office_invitations.py): who may, every refusal, nothing changed on a refusal."""
from datetime import timedelta

import pytest
from office_helpers import make_office_member, make_organization, make_referred
from sqlalchemy import select

from townhall.errors import Conflict, Forbidden, InvalidInput, NotFound
from townhall.extensions import db
from townhall.models import Office, OfficeInvitation, OfficeMember, Organization, utcnow
from townhall.services import office_invitations as invitations
from townhall.services import organizations as orgs


def refused(call, fn, error, code, **kwargs):
    with pytest.raises(error) as caught:
        call(fn, **kwargs)
    assert caught.value.code == code
    return caught.value


def count(app, model) -> int:
    with app.app_context():
        return db.session.query(model).count()


def test_an_organizer_creates_an_organization_and_owns_it(call, organizer, make_organizer):
    org = call(orgs.create_organization, user_id=organizer.id, name="  City of Riverton ", slug="city-of-riverton")
    assert (org["name"], org["slug"]) == ("City of Riverton", "city-of-riverton")
    assert call(orgs.mine, user_id=organizer.id) == [org]
    assert call(orgs.mine, user_id=make_organizer()) == []


@pytest.mark.parametrize("slug", ["ab", "x" * 41, "City", "has space", "-lead", "trail-", "dou--ble", "é-town", 3,
                                  None])
def test_a_slug_outside_the_rules_is_refused(app, call, organizer, slug):
    error = refused(call, orgs.create_organization, InvalidInput, "invalid_slug", user_id=organizer.id, name="X",
                    slug=slug)
    assert error.field == "slug"
    assert count(app, Organization) == 0


def test_a_taken_slug_is_refused_with_409(app, call, organizer, make_organizer):
    call(orgs.create_organization, user_id=organizer.id, name="Riverton", slug="riverton")
    refused(call, orgs.create_organization, Conflict, "slug_taken", user_id=make_organizer(), name="Other",
            slug="riverton")
    assert count(app, Organization) == 1


def test_an_empty_name_is_refused(app, call, organizer):
    refused(call, orgs.create_organization, InvalidInput, "empty", user_id=organizer.id, name="  ", slug="abc")
    assert count(app, Organization) == 0


def test_only_the_owner_renames_and_manages_offices(app, call, organizer, make_organizer):
    org_id, parks, _roads = make_organization(app, organizer.id)
    other = make_organizer()
    refused(call, orgs.rename_organization, Forbidden, "forbidden", user_id=other, organization_id=org_id, name="X")
    refused(call, orgs.rename_organization, NotFound, "organization_not_found", user_id=organizer.id,
            organization_id=999, name="X")
    refused(call, orgs.detail, Forbidden, "forbidden", user_id=other, organization_id=org_id)
    refused(call, orgs.create_office, Forbidden, "forbidden", user_id=other, organization_id=org_id, name="X")
    refused(call, orgs.rename_office, Forbidden, "forbidden", user_id=other, office_id=parks, name="X")
    refused(call, orgs.delete_office, Forbidden, "forbidden", user_id=other, office_id=parks)
    refused(call, orgs.rename_office, NotFound, "office_not_found", user_id=organizer.id, office_id=999, name="X")
    # An office member is not an owner either.
    make_office_member(app, parks, other)
    refused(call, orgs.create_office, Forbidden, "forbidden", user_id=other, organization_id=org_id, name="X")
    assert count(app, Office) == 2
    assert call(orgs.rename_organization, user_id=organizer.id, organization_id=org_id, name="Riverton")["name"] \
        == "Riverton"


def test_office_names_are_unique_within_an_organization(app, call, organizer, make_organizer):
    org_id, parks, roads = make_organization(app, organizer.id)
    refused(call, orgs.create_office, Conflict, "office_name_taken", user_id=organizer.id, organization_id=org_id,
            name="Parks")
    refused(call, orgs.rename_office, Conflict, "office_name_taken", user_id=organizer.id, office_id=roads,
            name="Parks")
    assert count(app, Office) == 2
    # Another organization may have its own Parks.
    other_org, *_ = make_organization(app, make_organizer(), slug="hillside", offices=())
    assert count(app, Office) == 2
    with app.app_context():
        owner = db.session.get(Organization, other_org).owner_id
    assert call(orgs.create_office, user_id=owner, organization_id=other_org, name="Parks")["name"] == "Parks"
    assert call(orgs.rename_office, user_id=organizer.id, office_id=parks, name="Parks and gardens")["name"] \
        == "Parks and gardens"


def test_an_office_with_follow_ups_is_not_deleted(app, call, organizer, event, make_question):
    _org, parks, roads = make_organization(app, organizer.id)
    make_referred(app, make_question(event), parks)
    refused(call, orgs.delete_office, Conflict, "office_in_use", user_id=organizer.id, office_id=parks)
    assert count(app, Office) == 2
    call(orgs.delete_office, user_id=organizer.id, office_id=roads)
    with app.app_context():
        assert [o.name for o in db.session.scalars(select(Office))] == ["Parks"]


def test_the_owner_removes_a_member(app, call, organizer, make_organizer):
    _org, parks, roads = make_organization(app, organizer.id)
    member = make_organizer()
    make_office_member(app, parks, member)
    refused(call, orgs.remove_member, NotFound, "member_not_found", user_id=organizer.id, office_id=roads,
            member_id=member)
    refused(call, orgs.remove_member, Forbidden, "forbidden", user_id=member, office_id=parks, member_id=member)
    assert count(app, OfficeMember) == 1
    call(orgs.remove_member, user_id=organizer.id, office_id=parks, member_id=member)
    assert count(app, OfficeMember) == 0


# --- invitations ---------------------------------------------------------------------------

@pytest.fixture
def office(app, organizer):
    return make_organization(app, organizer.id)[1]


def token_of(url: str) -> str:
    assert "/office-invite/" in url
    return url.rsplit("/", 1)[1]


def test_an_invitation_makes_its_first_user_a_member_once(app, call, organizer, office, make_organizer):
    created = call(invitations.create_invitation, user_id=organizer.id, office_id=office)
    token = token_of(created["url"])
    with app.app_context():
        stored = db.session.get(OfficeInvitation, created["id"])
        assert token not in (stored.token_hash,) and len(stored.token_hash) == 64  # only the hash is kept
    first, second = make_organizer(), make_organizer()
    assert call(invitations.check_invitation, token=token, user_id=first)["office_name"] == "Parks"
    assert call(invitations.accept_invitation, token=token, user_id=first) == "Parks"
    refused(call, invitations.accept_invitation, Forbidden, "invitation_used", token=token, user_id=second)
    with app.app_context():
        assert [m.user_id for m in db.session.scalars(select(OfficeMember))] == [first]


def test_an_expired_or_withdrawn_invitation_makes_no_member(app, call, organizer, office, make_organizer):
    expired = call(invitations.create_invitation, user_id=organizer.id, office_id=office)
    withdrawn = call(invitations.create_invitation, user_id=organizer.id, office_id=office)
    with app.app_context():
        db.session.get(OfficeInvitation, expired["id"]).expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    call(invitations.revoke_invitation, user_id=organizer.id, invitation_id=withdrawn["id"])
    user = make_organizer()
    refused(call, invitations.accept_invitation, Forbidden, "invitation_expired", token=token_of(expired["url"]),
            user_id=user)
    refused(call, invitations.accept_invitation, Forbidden, "invitation_revoked", token=token_of(withdrawn["url"]),
            user_id=user)
    refused(call, invitations.accept_invitation, Forbidden, "invitation_invalid", token="not-a-token", user_id=user)
    # A dead link creates no account either.
    refused(call, invitations.accept_with_new_account, Forbidden, "invitation_expired",
            token=token_of(expired["url"]), name="Eve", email="eve@example.com", password="long enough password")
    assert count(app, OfficeMember) == 0
    with app.app_context():
        from townhall.models import User
        assert db.session.scalars(select(User).filter_by(email="eve@example.com")).first() is None


def test_only_the_owner_makes_and_withdraws_invitations(app, call, organizer, office, make_organizer):
    other = make_organizer()
    make_office_member(app, office, other)  # a member cannot invite
    refused(call, invitations.create_invitation, Forbidden, "forbidden", user_id=other, office_id=office)
    created = call(invitations.create_invitation, user_id=organizer.id, office_id=office)
    refused(call, invitations.revoke_invitation, Forbidden, "forbidden", user_id=other, invitation_id=created["id"])
    refused(call, invitations.revoke_invitation, NotFound, "invitation_not_found", user_id=organizer.id,
            invitation_id=999)
    call(invitations.accept_invitation, token=token_of(created["url"]), user_id=make_organizer())
    refused(call, invitations.revoke_invitation, Conflict, "invitation_used", user_id=organizer.id,
            invitation_id=created["id"])


def test_a_new_account_accepts_in_one_step(app, call, organizer, office):
    created = call(invitations.create_invitation, user_id=organizer.id, office_id=office)
    user_id = call(invitations.accept_with_new_account, token=token_of(created["url"]), name="Pat Parks",
                   email="pat@example.com", password="long enough password")
    with app.app_context():
        assert [(m.office_id, m.user_id) for m in db.session.scalars(select(OfficeMember))] == [(office, user_id)]


def test_a_user_may_be_a_member_of_several_offices(app, call, organizer, make_organizer):
    _org, parks, roads = make_organization(app, organizer.id)
    user = make_organizer()
    for office_id in (parks, roads):
        created = call(invitations.create_invitation, user_id=organizer.id, office_id=office_id)
        call(invitations.accept_invitation, token=token_of(created["url"]), user_id=user)
    detail = call(orgs.detail, user_id=organizer.id, organization_id=_org)
    assert [[m["user_id"] for m in o["members"]] for o in detail["offices"]] == [[user], [user]]
