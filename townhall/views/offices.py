"""Pages for organizations and their offices: the organizer's "My organizations" and one page per
organization (its offices, members and invitation links), the office workspace (/offices) where members
answer, transfer and ask for more time, and the office invitation link (/office-invite/<token>).

The pages are drawn on the server; their scripts write through the JSON API (views/api_offices.py).
"""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from .. import identity
from ..errors import DomainError, Forbidden, NotFound
from ..extensions import limiter
from ..models.base import today
from ..services import accounts, office_invitations, office_work, organizations
from .auth import AcceptForm, SetupForm, _log_in

bp = Blueprint("offices", __name__)


@bp.get("/organizations")
@login_required
def my_organizations():
    return render_template("offices/organizations.html",
                           organizations=organizations.mine(user_id=identity.user_id()))


@bp.get("/organizations/<int:organization_id>")
@login_required
def organization(organization_id):
    try:
        detail = organizations.detail(user_id=identity.user_id(), organization_id=organization_id)
    except NotFound:
        abort(404)
    except Forbidden:
        abort(403)
    return render_template("offices/organization.html", **detail)


@bp.get("/offices")
@login_required
def workspace():
    return render_template("offices/workspace.html", today=today().isoformat(),
                           **office_work.workspace(user_id=identity.user_id()))


@bp.route("/office-invite/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def invite(token):
    """An office invitation: accept (logged in), or create an account right here."""
    user_id = identity.user_id()
    try:
        invitation = office_invitations.check_invitation(token=token, user_id=user_id)
    except DomainError as exc:
        return render_template("offices/invite.html", invalid=exc.message), 403
    form = AcceptForm() if user_id is not None else SetupForm()
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            if user_id is not None:
                office_invitations.accept_invitation(token=token, user_id=user_id)
            else:
                office_invitations.accept_with_new_account(token=token, name=form.name.data, email=form.email.data,
                                                           password=form.password.data)
                _log_in(accounts.authenticate(email=form.email.data, password=form.password.data))
        except Forbidden as exc:  # used or withdrawn in the meantime
            return render_template("offices/invite.html", invalid=exc.message), 403
        except DomainError as exc:
            flash(exc.message, "error")
            status = exc.status
        else:
            flash(_("Welcome to %(office)s (%(organization)s).", office=invitation["office_name"],
                    organization=invitation["organization_name"]), "info")
            return redirect(url_for("offices.workspace"))
    return render_template("offices/invite.html", invitation=invitation, form=form,
                           login_url=url_for("auth.login", next=request.path)), status
