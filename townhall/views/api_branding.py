"""An event's logo: upload and removal (/api), and the image itself for every page (/e/<code>/logo)."""
from flask import Blueprint, Response, jsonify, request

from ..errors import DomainError
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
