"""The public follow-up tracker: the event's (/e/<code>/followup) and the organization's (/o/<slug>/followup),
pages anyone may open, and the same data as JSON (GET /api/events/<code>/followups,
GET /api/organizations/<slug>/followups). Filters come in the query string: ?office=<name or id>&status=."""
from pathlib import Path

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, url_for

from ..errors import NotFound
from ..exports import fmt
from ..exports.followup_chart import geometry
from ..i18n import current_language
from ..serializers.followups import STEP_WORDS
from ..services import events, tracker
from .api_common import api_blueprint

bp = Blueprint("tracker", __name__)
DOC = Path(__file__).resolve().parents[2] / "docs" / "followup.md"
api = api_blueprint("api_tracker", __name__)


def _filters() -> dict:
    return {"office": request.args.get("office"), "status": request.args.get("status")}


def _page_or_404(read, **key):
    try:
        return read(**key, **_filters())
    except NotFound:
        abort(404)


@bp.get("/e/<code>/followup")
def event_page(code):
    view = _page_or_404(tracker.event_tracker, code=code)
    if code != view["event"]["code"]:
        return redirect(url_for("tracker.event_page", code=view["event"]["code"], **request.args))
    with fmt.place(events.get_event(code).timezone, current_language()):  # dates as the reader writes them
        return render_template("public/followup.html", view=view, chart=geometry(view["chart"]),
                               here=url_for("tracker.event_page", code=view["event"]["code"]),
                               docs_url=url_for("tracker.how_we_count"), step_words=STEP_WORDS)


@bp.get("/o/<slug>/followup")
def organization_page(slug):
    view = _page_or_404(tracker.organization_tracker, slug=slug)
    with fmt.place("UTC", current_language()):  # several meetings, maybe in several zones: days in UTC
        return render_template("public/followup.html", view=view, chart=geometry(view["chart"]),
                               here=url_for("tracker.organization_page", slug=view["organization"]["slug"]),
                               docs_url=url_for("tracker.how_we_count"), step_words=STEP_WORDS)


@bp.get("/followup/how-we-count")
def how_we_count():
    """How the tracker's figures are computed, for anyone, in the reader's language (the tracker's link)."""
    return render_template("public/how_we_count.html")


@bp.get("/followup/how-we-count.md")
def how_we_count_rules():
    """docs/followup.md as it is in the repository, as plain text: the complete rules, in English."""
    try:
        text = DOC.read_text(encoding="utf-8")
    except OSError:
        abort(404)
    return Response(text, mimetype="text/plain")


@api.get("/events/<code>/followups")
def event_followups(code):
    return jsonify(tracker.event_tracker(code=code, **_filters()))


@api.get("/organizations/<slug>/followups")
def organization_followups(slug):
    return jsonify(tracker.organization_tracker(slug=slug, **_filters()))
