"""JSON API for event archives (see services/archive.py): download, import, reuse as a template."""
import json

from flask import Blueprint, current_app, jsonify, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import RequestEntityTooLarge

from ..contracts import accepts
from ..contracts.archive import Archive
from ..contracts.events import CopyEvent
from ..errors import InvalidInput
from ..services import archive
from . import protect_browser_write
from .api_common import optional_body, require_user

bp = Blueprint("api_archive", __name__, url_prefix="/api")


@bp.before_request
def _archive_body_limit():
    """An archive may be far larger than any other body (MAX_CONTENT_LENGTH): this route
    gets its own limit, set before anything (the CSRF check included) reads the body."""
    if request.endpoint == "api_archive.import_event":
        limit = current_app.config["ARCHIVE_MAX_BYTES"]
        request.max_content_length = limit
        request.max_form_memory_size = limit  # the archive sent as a plain form field


bp.before_request(protect_browser_write)  # after the limit: the CSRF check may parse a form body


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_exc):
    megabytes = format(current_app.config["ARCHIVE_MAX_BYTES"] / (1024 * 1024), "g")
    return jsonify({"error": {"code": "too_large",
                              "message": str(_l("This archive is too large: the limit is %(size)s MB.",
                                                 size=megabytes))}}), 413


def _archive_data():
    """The archive from a JSON body, or from the multipart field ``archive`` (a file or text)."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("archive")
        raw = upload.read() if upload is not None else request.form.get("archive")
        if not raw:
            raise InvalidInput(_l("Choose an archive file to import."), code="invalid_archive", field="archive")
        try:
            return current_app.json.loads(raw)
        except ValueError:  # also bad UTF-8 and nesting too deep
            raise InvalidInput(_l("This file is not valid JSON: it may be truncated or not an archive."),
                               code="invalid_json", field="archive") from None
    data = request.get_json(silent=True)
    if data is None:
        raise InvalidInput(_l("Send the archive as a JSON body (application/json) or as the file field 'archive'; "
                           "this body is not valid JSON."), code="invalid_json")
    return data


def _created(code: str):
    return jsonify({"code": code, "dashboard_url": url_for("moderator.event", code=code)}), 201


@bp.get("/events/<code>/archive.json")
def export_event(code):
    data = archive.export_archive(code=code, user_id=require_user())
    filename = f"townhall-{code.upper()}-archive.json"  # the code is a checked join code here
    response = current_app.response_class(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                                          mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/events/import")
@accepts(Archive)  # read by the service (services/archive_input.py), as JSON or as the uploaded file
def import_event():
    user_id = require_user()
    code = archive.import_archive(user_id=user_id, data=_archive_data(), mode=request.args.get("mode"),
                                  title=request.args.get("title"))
    return _created(code)


@bp.post("/events/<code>/copy")
@accepts(CopyEvent)
def copy_event(code):
    user_id = require_user()
    data = optional_body(CopyEvent)
    return _created(archive.copy_event(code=code, user_id=user_id, title=data.title))
