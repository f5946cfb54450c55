"""Pages anyone with the join code may open: attendee page, projector, QR, poster."""
import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import text

from .. import i18n, identity, qr
from ..errors import DomainError, NotFound
from ..exports import fmt as minutes_fmt
from ..extensions import db
from ..links import join_url
from ..realtime.message_queue import health as queue_health
from ..services import attendees, events, minutes, moderation_log, permissions, retention, room_check
from .api_minutes import document_download

bp = Blueprint("public", __name__)


def _event_or_404(code: str):
    try:
        return events.get_event(code)
    except NotFound:
        abort(404)


@bp.get("/")
def home():
    if identity.user_id() is not None:
        return redirect(url_for("moderator.dashboard"))
    return render_template("public/home.html")


@bp.get("/join")
def join_by_code():
    code = "".join(ch for ch in request.args.get("code", "").upper() if ch.isalnum())
    return redirect(url_for("public.attendee", code=code)) if code else redirect(url_for("public.home"))


@bp.get("/e/<code>")
def attendee(code):
    try:
        event = events.get_event(code)
    except NotFound:  # a mistyped code: say so, with the code as typed in a field to correct it
        typed = "".join(ch for ch in code.upper() if ch.isalnum())[:20]
        return render_template("public/no_event.html", typed=typed), 404
    key = request.args.get("key")
    if key:  # a slip's link: the code is kept for the join form, and taken off the address bar
        identity.hold_pending(event.id, "key", key)
    if code != event.code or key is not None:
        return redirect(url_for("public.attendee", code=event.code))
    return render_template("public/attendee.html", event=event, join_url=join_url(event.code),
                           minutes=minutes.publication(event), key=identity.pending(event.id, "key") or "",
                           moderation=moderation_log.summary_of(event.id))


@bp.get("/e/<code>/privacy")
def privacy(code):
    """What the event stores about the people who join it, who sees what, and for how long."""
    event = _event_or_404(code)
    if code != event.code:
        return redirect(url_for("public.privacy", code=event.code))
    return render_template("public/privacy.html", event=event, retention=retention.schedule(event))


@bp.get("/e/<code>/here")
def in_the_room(code):
    """The in-room QR's link: a joined phone is marked in the room; one that has not joined yet is
    marked when it joins (if the token is still current then)."""
    event = _event_or_404(code)
    token = request.args.get("t", "")
    try:
        room_check.check(event.code, token)
    except DomainError as exc:
        if request.accept_mimetypes.best == "application/json":
            return jsonify(exc.to_dict()), exc.status
        return render_template("error.html", message=exc.message, status=exc.status,
                               back=url_for("public.attendee", code=event.code)), exc.status
    attendee_id, attendee_token = identity.attendee_of(event.id)
    if attendees.known(event, attendee_id, attendee_token) is None:
        identity.hold_pending(event.id, "room", token)
        flash(_("Join below: you will be marked in the room as you join."), "info")
    else:
        room_check.mark(code=event.code, attendee_id=attendee_id, token=attendee_token, room_token=token)
        flash(_("You are marked in the room."), "success")
    return redirect(url_for("public.attendee", code=event.code))


@bp.get("/e/<code>/room-qr.svg")
def room_qr_svg(code):
    """The in-room QR of this minute, for the projector of a logged-in team member only."""
    event = _event_or_404(code)
    if not permissions.can(identity.user_id(), event, "view"):
        abort(403)
    try:
        current = room_check.current(code=event.code, user_id=identity.user_id())
    except DomainError as exc:
        abort(exc.status)
    token = request.args.get("t", "")
    url = room_check.link(event.code, token) if room_check.is_valid(event.id, token) else current["url"]
    response = Response(qr.svg(url), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/e/<code>/projector")
def projector(code):
    event = _event_or_404(code)
    # The in-room QR only for the team's own screen: a token anyone could fetch would prove nothing.
    team_viewer = permissions.can(identity.user_id(), event, "view")
    i18n.use_event(event, language=True)  # what the room reads: the event's language
    return render_template("public/projector.html", event=event, join_url=join_url(event.code),
                           team_viewer=team_viewer)


@bp.get("/e/<code>/manifest.webmanifest")
def manifest(code):
    """The attendee page as an app a phone can install: opens the event's page, full screen."""
    event = _event_or_404(code)
    body = {
        "name": event.title, "short_name": event.title[:30], "lang": i18n.html_lang(i18n.current_language()),
        "start_url": url_for("public.attendee", code=event.code), "scope": url_for("public.attendee", code=event.code),
        "display": "standalone", "background_color": "#f3f4f6", "theme_color": "#1b5bc7",
        "icons": [{"src": url_for("static", filename=f"icons/icon-{size}.png"), "sizes": f"{size}x{size}",
                   "type": "image/png", "purpose": "any maskable"} for size in (192, 512)],
    }
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/e/<code>/qr.svg")
def qr_svg(code):
    event = _event_or_404(code)
    response = Response(qr.svg(join_url(event.code)), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.get("/e/<code>/poster")
def poster(code):
    event = _event_or_404(code)
    i18n.use_event(event, language=True)
    return render_template("public/poster.html", event=event, join_url=join_url(event.code))


@bp.get("/e/<code>/minutes")
def published_minutes(code):
    """The published minutes as a page for attendees (404 page while none are published)."""
    event = _event_or_404(code)
    doc = minutes.published_document(code=event.code)
    i18n.use_event(event, language=True)
    with minutes_fmt.context(doc or {}):  # the document's times in the event's zone
        return render_template("public/minutes.html", event=event, doc=doc, minutes=minutes.publication(event))


@bp.get("/e/<code>/minutes.<any(pdf,docx,md):fmt>")
def published_minutes_file(code, fmt):
    doc = minutes.published_document(code=_event_or_404(code).code)
    return document_download(doc, fmt, cache="no-cache")


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # the point of a health check is to report, not raise
        database = f"error: {exc.__class__.__name__}"
    queue = queue_health(current_app.config["SOCKETIO_MESSAGE_QUEUE"])
    healthy = database == "ok" and queue in ("ok", "none")
    return jsonify({"app": "ok", "database": database, "queue": queue,
                    "status": "ok" if healthy else "degraded"}), (
        200 if healthy else 503
    )
