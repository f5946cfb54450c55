"""Organizer log in / log out, the first-run setup link and invitations to an event's team."""
import hashlib

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from .. import identity
from ..errors import DomainError, Forbidden
from ..extensions import limiter
from ..realtime import broadcast
from ..services import accounts, presence, roles
from . import protect_browser_write

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class SetupForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email()])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=accounts.MIN_PASSWORD)])
    confirm = PasswordField(_l("Repeat password"), validators=[EqualTo("password", _l("The passwords differ."))])


def _log_in(user) -> None:
    """A new session (identity.fresh_session), then the organizer in it."""
    identity.fresh_session()
    login_user(user)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("moderator.dashboard")


def _failed(response) -> bool:
    return response.status_code == 401


def _named_account() -> str:
    """The failed log-ins' key for the account the form names (hashed: any length of text comes in)."""
    return "login:" + hashlib.sha256(accounts.login_key(request.form.get("email", "")).encode()).hexdigest()


TOO_MANY_FAILURES = _l("Too many failed log-ins. Wait a few minutes, then try again.")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_CLIENT_RATE_LIMIT"], methods=["POST"], deduct_when=_failed,
               error_message=lambda: str(TOO_MANY_FAILURES))
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], key_func=_named_account, methods=["POST"],
               deduct_when=_failed, error_message=lambda: str(TOO_MANY_FAILURES))
def login():
    form = LoginForm()
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        user = accounts.authenticate(email=form.email.data, password=form.password.data)
        if user:
            _log_in(user)
            return redirect(_safe_next(request.args.get("next")))
        flash(_("Wrong e-mail or password."), "error")
        status = 401
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    protect_browser_write()
    if current_user.is_authenticated:
        user_id = current_user.id
        accounts.end_sessions(user_id=user_id)
        broadcast.end_sockets(presence.sockets_of_user(user_id))
    identity.fresh_session()
    logout_user()
    return redirect(url_for("auth.login"))


@bp.route("/setup/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def setup(token):
    if not accounts.setup_token_valid(token):
        return render_template("auth/setup_invalid.html"), 403
    form = SetupForm()
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            accounts.complete_setup(token=token, email=form.email.data, name=form.name.data,
                                    password=form.password.data)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            _log_in(accounts.authenticate(email=form.email.data, password=form.password.data))
            return redirect(url_for("moderator.dashboard"))
    return render_template("auth/setup.html", form=form), status


class AcceptForm(FlaskForm):
    """Accepting an invitation: nothing to fill in but the CSRF token."""


@bp.route("/invite/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def invite(token):
    """An invitation link: accept (logged in), or log in / create an account right here."""
    user_id = identity.user_id()
    try:
        invitation = roles.check_invitation(token=token, user_id=user_id)
    except DomainError as exc:
        return render_template("auth/invite.html", invalid=exc.message), 403
    form = AcceptForm() if user_id is not None else SetupForm()
    status = 400 if request.method == "POST" else 200
    if invitation["your_role"] == "owner":
        status = 409 if request.method == "POST" else 200
    elif form.validate_on_submit():
        try:
            if user_id is not None:
                code = roles.accept_invitation(token=token, user_id=user_id)
            else:
                roles.accept_with_new_account(token=token, name=form.name.data, email=form.email.data,
                                              password=form.password.data)
                _log_in(accounts.authenticate(email=form.email.data, password=form.password.data))
                code = invitation["event_code"]
        except Forbidden as exc:  # used or withdrawn in the meantime
            return render_template("auth/invite.html", invalid=exc.message), 403
        except DomainError as exc:
            flash(exc.message, "error")
            status = exc.status
        else:
            flash(_("Welcome to the team of “%(title)s”, as %(role)s.", title=invitation["event_title"],
                    role=invitation["role_label"].lower()), "info")
            return redirect(url_for("moderator.event", code=code))
    return render_template("auth/invite.html", invitation=invitation, form=form,
                           role_labels=roles.ROLE_LABELS, login_url=url_for("auth.login", next=request.path)), status
