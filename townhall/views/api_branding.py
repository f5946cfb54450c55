"""An event's logo: upload and removal (/api), and the image itself for every page (/e/<code>/logo); the
stylesheet of an accent colour (/brand/<rrggbb>.css), which an open page takes up when the organizer changes it."""
from flask import Blueprint, Response, jsonify, request
from flask_babel import lazy_gettext as _l

from ..colors import style
from ..errors import DomainError, NotFound
from ..services import branding
from .api_common import api_blueprint, require_user

bp = api_blueprint("api_branding", __name__)
images = Blueprint("logos", __name__)


def _upload() -> bytes:
    """The image: the multipart field ``logo`` (a form's file input) or the raw body."""
    sent = request.files.get("logo")
    if sent is None:
        return request.get_data()
    try:
        return sent.read()
    finally:
        sent.close()  # a large upload was spooled to a temporary file


@bp.put("/events/<code>/logo")
def put_logo(code):
    url = branding.set_logo(code=code, user_id=require_user(), data=_upload())
    return jsonify({"logo_url": url})


@bp.delete("/events/<code>/logo")
def delete_logo(code):
    branding.remove_logo(code=code, user_id=require_user())
    return "", 204


@images.errorhandler(DomainError)
def _image_error(exc):
    """An image's address answers JSON when wrong, whatever the browser asked for: no page to show."""
    return jsonify(exc.to_dict()), exc.status


@images.get("/e/<code>/logo/<digest>.png")
def logo(code, digest):
    response = Response(branding.logo(code, digest), mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"  # the digest names the bytes
    return response


@images.get("/brand/<accent>.css")
def accent_stylesheet(accent):
    """The accent's palette as a stylesheet: only for a colour the organizer could set (checked as on save)."""
    try:
        color = branding.check_accent(f"#{accent}") if accent == accent.lower() else None
    except DomainError:
        color = None
    if not color:
        raise NotFound(_l("No such accent colour."), code="accent_not_found")
    response = Response(style(color), mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"  # the address names the colour
    return response
