"""Pages anyone with the join code may open: attendee page, projector, QR, poster."""
from flask import (
    Blueprint,
    Response,
    abort,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import text

from .. import identity, qr
from ..errors import NotFound
from ..extensions import db
from ..links import join_url
from ..services import events, minutes, moderation_log, retention
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
    event = _event_or_404(code)
    if code != event.code:
        return redirect(url_for("public.attendee", code=event.code))
    return render_template("public/attendee.html", event=event, join_url=join_url(event.code),
                           minutes=minutes.publication(event),
                           moderation=moderation_log.public_summary(code=event.code))


@bp.get("/e/<code>/privacy")
def privacy(code):
    """What the event stores about the people who join it, who sees what, and for how long."""
    event = _event_or_404(code)
    if code != event.code:
        return redirect(url_for("public.privacy", code=event.code))
    return render_template("public/privacy.html", event=event, retention=retention.schedule(event))


@bp.get("/e/<code>/projector")
def projector(code):
    event = _event_or_404(code)
    return render_template("public/projector.html", event=event, join_url=join_url(event.code))


@bp.get("/e/<code>/qr.svg")
def qr_svg(code):
    event = _event_or_404(code)
    response = Response(qr.svg(join_url(event.code)), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.get("/e/<code>/poster")
def poster(code):
    event = _event_or_404(code)
    return render_template("public/poster.html", event=event, join_url=join_url(event.code))


@bp.get("/e/<code>/minutes")
def published_minutes(code):
    """The published minutes as a page for attendees (404 page while none are published)."""
    event = _event_or_404(code)
    doc = minutes.published_document(code=event.code)
    return render_template("public/minutes.html", event=event, doc=doc,
                           minutes=minutes.publication(event))


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
    healthy = database == "ok"
    return jsonify({"app": "ok", "database": database, "status": "ok" if healthy else "degraded"}), (
        200 if healthy else 503
    )
