"""Organizer accounts, first-run setup links and API tokens, at the service level."""
from datetime import timedelta

import pytest
from helpers import PASSWORD

from townhall.errors import Conflict, Forbidden, InvalidInput, NotFound
from townhall.extensions import db
from townhall.models import ApiToken, SetupToken, User
from townhall.services import accounts
from townhall.services.secrets import token_hash


def test_create_organizer_normalizes_email_and_can_log_in(app):
    with app.app_context():
        user_id = accounts.create_organizer(email="  Olga@Example.COM ", name=" Olga ", password=PASSWORD)
        user = db.session.get(User, user_id)
        assert (user.email, user.name) == ("olga@example.com", "Olga")
        assert PASSWORD not in user.password_hash
        assert accounts.authenticate(email="OLGA@example.com", password=PASSWORD).id == user_id
        assert accounts.authenticate(email="olga@example.com", password=PASSWORD + "x") is None
        assert accounts.authenticate(email="nobody@example.com", password=PASSWORD) is None


def test_passwords_are_stored_with_a_slow_salted_hash(app, monkeypatch):
    from werkzeug import security

    monkeypatch.setattr(accounts, "generate_password_hash", security.generate_password_hash)  # undo the test speed-up
    with app.app_context():
        first = accounts.create_organizer(email="a@example.com", name="A", password=PASSWORD)
        second = accounts.create_organizer(email="b@example.com", name="B", password=PASSWORD)
        hashes = [db.session.get(User, uid).password_hash for uid in (first, second)]
    assert all(h.startswith("scrypt:") for h in hashes)
    assert hashes[0] != hashes[1]  # salted


def test_duplicate_email_is_a_conflict(app, make_organizer):
    make_organizer(email="olga@example.com")
    with app.app_context():
        with pytest.raises(Conflict) as caught:
            accounts.create_organizer(email="OLGA@example.com", name="Other", password=PASSWORD)
        assert caught.value.field == "email"
        assert accounts.organizer_count() == 1


@pytest.mark.parametrize(
    "email, name, password, field",
    [
        ("olga@example.com", "Olga", "short", "password"),
        ("olga@example.com", "Olga", "", "password"),
        ("not-an-address", "Olga", PASSWORD, "email"),
        ("olga@example.com", "   ", PASSWORD, "name"),
        ("olga@example.com", "x" * 121, PASSWORD, "name"),
    ],
)
def test_invalid_organizer_input_is_rejected_and_nothing_stored(app, email, name, password, field):
    with app.app_context():
        with pytest.raises(InvalidInput) as caught:
            accounts.create_organizer(email=email, name=name, password=password)
        assert caught.value.field == field
        assert accounts.organizer_count() == 0


def test_logout_everywhere_invalidates_the_session_id(app, make_organizer):
    user_id = make_organizer()
    with app.app_context():
        session_id = db.session.get(User, user_id).get_id()
        assert accounts.load_session_user(session_id).id == user_id
        accounts.end_sessions(user_id=user_id)
        assert accounts.load_session_user(session_id) is None
        assert accounts.load_session_user(db.session.get(User, user_id).get_id()).id == user_id
        assert accounts.load_session_user("garbage") is None


# --- first-run setup link ----------------------------------------------------

def test_setup_token_is_one_time(app):
    with app.app_context():
        token = accounts.issue_setup_token()
        assert accounts.setup_token_valid(token)
        assert not accounts.setup_token_valid(token + "x")
        user_id = accounts.complete_setup(token=token, email="first@example.com", name="First", password=PASSWORD)
        assert accounts.authenticate(email="first@example.com", password=PASSWORD).id == user_id
        assert not accounts.setup_token_valid(token)
        with pytest.raises(Forbidden) as caught:
            accounts.complete_setup(token=token, email="second@example.com", name="Second", password=PASSWORD)
        assert caught.value.code == "setup_link_invalid"
        assert accounts.organizer_count() == 1


def test_setup_token_stored_only_as_hash(app):
    with app.app_context():
        token = accounts.issue_setup_token()
        stored = db.session.query(SetupToken.token_hash).scalar()
        assert stored == token_hash(token) and token not in stored


def test_expired_setup_token_is_refused(app):
    with app.app_context():
        token = accounts.issue_setup_token()
        row = db.session.query(SetupToken).one()
        row.expires_at = row.created_at - timedelta(seconds=1)
        db.session.commit()
        assert not accounts.setup_token_valid(token)
        with pytest.raises(Forbidden):
            accounts.complete_setup(token=token, email="first@example.com", name="First", password=PASSWORD)
        assert accounts.organizer_count() == 0


def test_no_setup_token_once_an_organizer_exists(app, make_organizer):
    with app.app_context():
        early = accounts.issue_setup_token()
    make_organizer()
    with app.app_context():
        assert accounts.issue_setup_token() is None
        assert not accounts.setup_token_valid(early)
        with pytest.raises(Forbidden):
            accounts.complete_setup(token=early, email="late@example.com", name="Late", password=PASSWORD)
        assert accounts.organizer_count() == 1


def test_failed_setup_keeps_the_link_usable(app):
    with app.app_context():
        token = accounts.issue_setup_token()
        with pytest.raises(InvalidInput):
            accounts.complete_setup(token=token, email="first@example.com", name="First", password="short")
        assert accounts.setup_token_valid(token)


# --- API tokens ----------------------------------------------------------------

def test_api_token_is_stored_only_as_hash_and_identifies_its_owner(app, make_organizer):
    user_id = make_organizer()
    with app.app_context():
        row, secret = accounts.create_api_token(user_id=user_id, name="scoreboard")
        token_id = row.id
        assert secret.startswith("th_") and len(secret) > 30
        stored = db.session.get(ApiToken, token_id)
        assert stored.token_hash == token_hash(secret)
        assert secret not in (stored.token_hash, stored.prefix, stored.name)
        assert secret.startswith(stored.prefix)
        assert accounts.user_for_api_token(secret).id == user_id
        assert accounts.user_for_api_token(secret[:-1]) is None
        assert accounts.user_for_api_token("") is None


def test_revoked_api_token_no_longer_works(app, make_organizer):
    user_id = make_organizer()
    with app.app_context():
        row, secret = accounts.create_api_token(user_id=user_id, name="scoreboard")
        token_id = row.id
        _other, other_secret = accounts.create_api_token(user_id=user_id, name="kiosk")
        accounts.revoke_api_token(user_id=user_id, token_id=token_id)
        assert accounts.user_for_api_token(secret) is None
        assert accounts.user_for_api_token(other_secret).id == user_id
        listed = {t.name: t.revoked_at is not None for t in accounts.list_api_tokens(user_id=user_id)}
        assert listed == {"scoreboard": True, "kiosk": False}


def test_cannot_revoke_another_organizers_token(app, make_organizer):
    owner, other = make_organizer(), make_organizer()
    with app.app_context():
        row, secret = accounts.create_api_token(user_id=owner, name="scoreboard")
        token_id = row.id
        with pytest.raises(NotFound):
            accounts.revoke_api_token(user_id=other, token_id=token_id)
        with pytest.raises(NotFound):
            accounts.revoke_api_token(user_id=owner, token_id=token_id + 100)
        assert accounts.user_for_api_token(secret).id == owner


@pytest.mark.parametrize("name", ["", "   ", "x" * 81, None])
def test_api_token_needs_a_name(app, make_organizer, name):
    user_id = make_organizer()
    with app.app_context():
        with pytest.raises(InvalidInput):
            accounts.create_api_token(user_id=user_id, name=name)
        assert accounts.list_api_tokens(user_id=user_id) == []
