"""Organizer pages: event list, live moderator dashboard, settings, API tokens.

The pages are shells; their scripts read and write through the JSON API.
"""
from flask import Blueprint, abort, make_response, render_template
from flask_login import login_required

from .. import identity, qr
from ..errors import NotFound
from ..links import join_url
from ..services import archive, attendee_codes, events, office_permissions, organizations, permissions
from .api_joining import code_link

bp = Blueprint("moderator", __name__, url_prefix="/dashboard")


def _moderated_event(code: str):
    try:
        event = events.get_event(code)
    except NotFound:
        abort(404)
    if not permissions.can(identity.user_id(), event, "view"):
        abort(403)
    return event


@bp.get("/")
@login_required
def dashboard():
    user_id = identity.user_id()
    return render_template("moderator/events.html", events=events.events_for(user_id),  # (event, role)
                           office_member=office_permissions.is_office_member(user_id))


@bp.get("/e/<code>")
@login_required
def event(code):
    event = _moderated_event(code)
    return render_template("moderator/dashboard.html", event=event, join_url=join_url(event.code))


@bp.get("/e/<code>/settings")
@login_required
def settings(code):
    event = _moderated_event(code)
    user_id = identity.user_id()
    choices = organizations.owned_choices(user_id=user_id) if user_id == event.owner_id else []
    return render_template("moderator/settings.html", event=event, join_url=join_url(event.code),
                           organizations=choices, copy_title=archive.copy_title(event.title, event.language))


@bp.get("/e/<code>/codes")
@login_required
def codes(code):
    event = _moderated_event(code)
    return render_template("moderator/codes.html", event=event, join_url=join_url(event.code),
                           can_manage=permissions.can(identity.user_id(), event, "settings"))


@bp.get("/e/<code>/codes/sheet")
@login_required
def codes_sheet(code):
    """The unused codes, one per cut-out slip with the event's title, the link and its QR: to print."""
    event = _moderated_event(code)
    if not permissions.can(identity.user_id(), event, "settings"):
        abort(403)
    event, rows = attendee_codes.unused(code=event.code, user_id=identity.user_id())
    slips = [{"number": number, "code": text, "url": code_link(event.code, text),
              "qr": qr.svg(code_link(event.code, text))} for number, text in rows]
    response = make_response(render_template("moderator/codes_sheet.html", event=event, slips=slips,
                                             join_url=join_url(event.code)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/tokens")
@login_required
def tokens():
    return render_template("moderator/tokens.html")


def _event_page(template: str):
    """A page of one event for its team; the page's script checks capabilities via the snapshot."""

    @login_required
    def page(code):
        event = _moderated_event(code)
        return render_template(template, event=event, join_url=join_url(event.code),
                               role=permissions.role_of(identity.user_id(), event),
                               capabilities=permissions.capabilities(identity.user_id(), event))

    page.__name__ = template.rsplit("/", 1)[-1].removesuffix(".html")
    return page


bp.get("/e/<code>/agenda")(_event_page("moderator/agenda.html"))
bp.get("/e/<code>/notes")(_event_page("moderator/notes.html"))
bp.get("/e/<code>/team")(_event_page("moderator/team.html"))
bp.get("/e/<code>/polls")(_event_page("moderator/polls.html"))
bp.get("/e/<code>/minutes")(_event_page("moderator/minutes.html"))
