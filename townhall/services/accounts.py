"""Organizer accounts, first-run setup links and personal API tokens."""
import functools
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import Conflict, Forbidden, InvalidInput, NotFound
from ..extensions import db
from ..models import ApiToken, SetupToken, User, utcnow
from .secrets import new_token, token_hash
from .text import without_surrogates
from .transaction import flush_unique, use_case

MIN_PASSWORD = 10
SETUP_LINK_HOURS = 24


def _clean_email(email: str) -> str:
    try:
        return validate_email((email or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidInput(_l("Invalid e-mail address: %(reason)s", reason=str(exc)), field="email") from None


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise InvalidInput(_l("The password needs at least %(count)s characters.", count=MIN_PASSWORD),
                           field="password")


def organizer_count() -> int:
    return db.session.execute(select(func.count()).select_from(User)).scalar_one()


@use_case
def create_organizer(*, email: str, name: str, password: str) -> int:
    email = _clean_email(email)
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise InvalidInput(_l("A name of 1 to 120 characters is required."), field="name")
    _check_password(password)
    user = User(email=email, name=name, password_hash=generate_password_hash(password))
    flush_unique(user, Conflict(_l("An account with this e-mail already exists."), field="email"))
    return user.id


def login_key(email: str) -> str:
    """The account a log-in names, for counting failed attempts: the same whether or not it exists."""
    return (email or "").strip().lower()


@functools.cache
def _no_account_hash() -> str:
    """A hash made as an account's is, of a password nobody knows: checked for an unknown e-mail."""
    return generate_password_hash(new_token())


def authenticate(*, email: str, password: str) -> User | None:
    """The account, if the password is its own. An unknown e-mail costs one password check too, so
    how long the answer takes does not tell whether an account exists."""
    user = db.session.scalars(select(User).filter_by(email=login_key(email)).limit(1)).first()
    stored = user.password_hash if user else _no_account_hash()
    if check_password_hash(stored, password or "") and user:
        return user
    return None


def load_session_user(session_id: str) -> User | None:
    """Flask-Login id is 'user_id:session_version'; a bumped version logs the session out."""
    try:
        user_id, version = (int(part) for part in session_id.split(":"))
    except (ValueError, AttributeError):
        return None
    user = db.session.get(User, user_id)
    return user if user and user.session_version == version else None


@use_case
def end_sessions(*, user_id: int) -> None:
    db.session.execute(update(User).where(User.id == user_id).values(session_version=User.session_version + 1))


# --- first run -------------------------------------------------------------

@use_case
def issue_setup_token() -> str | None:
    """A one-time setup token, only while no organizer exists."""
    if organizer_count():
        return None
    token = new_token()
    db.session.add(SetupToken(token_hash=token_hash(token), expires_at=utcnow() + timedelta(hours=SETUP_LINK_HOURS)))
    return token


def _setup_token(token: str) -> SetupToken | None:
    return db.session.scalars(select(SetupToken).filter_by(token_hash=token_hash(token or "")).limit(1)).first()


def setup_token_valid(token: str) -> bool:
    row = _setup_token(token)
    return bool(row and row.used_at is None and row.expires_at > utcnow() and not organizer_count())


@use_case
def complete_setup(*, token: str, email: str, name: str, password: str) -> int:
    row = _setup_token(token)
    if not row or row.used_at is not None or row.expires_at <= utcnow() or organizer_count():
        raise Forbidden(_l("This setup link is invalid, expired or already used."), code="setup_link_invalid")
    # Claim the link in SQL: of two people completing the setup at once, one makes the first account.
    claimed = db.session.execute(update(SetupToken).where(SetupToken.id == row.id, SetupToken.used_at.is_(None))
                                 .values(used_at=utcnow()).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise Forbidden(_l("This setup link is invalid, expired or already used."), code="setup_link_invalid")
    return create_organizer(email=email, name=name, password=password)


# --- API tokens -------------------------------------------------------------

@use_case
def create_api_token(*, user_id: int, name: str | None) -> tuple[ApiToken, str]:
    """name: text or None, as contracts.people.TokenName guarantees (the view parses the body with it)."""
    name = without_surrogates(name or "").strip()
    if not name or len(name) > 80:
        raise InvalidInput(_l("A token name of 1 to 80 characters is required."), field="name")
    secret = "th_" + new_token(30)
    row = ApiToken(user_id=user_id, name=name, prefix=secret[:10], token_hash=token_hash(secret))
    db.session.add(row)
    db.session.flush()
    return row, secret


def list_api_tokens(*, user_id: int) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).filter_by(user_id=user_id).order_by(ApiToken.id)))


@use_case
def revoke_api_token(*, user_id: int, token_id: int) -> None:
    row = db.session.get(ApiToken, token_id)
    if not row or row.user_id != user_id:
        raise NotFound(_l("No such token."))
    row.revoked_at = row.revoked_at or utcnow()


def user_for_api_token(secret: str) -> User | None:
    row = db.session.scalars(select(ApiToken).filter_by(token_hash=token_hash(secret or "")).limit(1)).first()
    if not row or row.revoked_at is not None:
        return None
    return db.session.get(User, row.user_id)
