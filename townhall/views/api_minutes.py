"""JSON API for the minutes (see services/minutes.py) and the downloads of every format.

Downloads are attachments named like minutes-<code>-v3.pdf (a draft: minutes-<code>-v4-draft.pdf).
"""
from flask import Response, jsonify, request
from flask_babel import lazy_gettext as _l

from ..contracts import accepts, parse
from ..contracts.minutes import Finalize, MinutesDraftInput, Publish
from ..errors import InvalidInput
from ..exports import html as minutes_html
from ..exports import rendered
from ..models.statuses import MinutesStatus
from ..security_headers import allow_inline_style, digest
from ..services import minutes
from .api_common import api_blueprint, body, require_user

bp = api_blueprint("api_minutes", __name__)

MINUTES = "/events/<code>/minutes"
# extension -> content type
FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
CSV = "text/csv; charset=utf-8"


def _attachment(content, content_type: str, filename: str, *, inline: bool = False,
                cache: str = "private, no-store") -> Response:
    data = content.encode("utf-8") if isinstance(content, str) else content
    response = Response(data, content_type=content_type)
    response.headers["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response.headers["Cache-Control"] = cache
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _safe(code) -> str:
    return "".join(ch for ch in str(code) if ch.isascii() and ch.isalnum()).upper()


def document_download(doc: dict, fmt: str, *, inline: bool = False, cache: str = "private, no-store") -> Response:
    """The document rendered in one format (pdf, docx, md, html) as a download."""
    code = _safe(doc["event"]["code"])
    draft = "-draft" if doc.get("status") == MinutesStatus.DRAFT else ""
    filename = f"minutes-{code}-v{_safe(doc['version'])}{draft}.{fmt}"  # both from the document: header-safe
    brand = minutes_html.brand(doc) if fmt == "html" else ""
    if brand:
        allow_inline_style(digest(brand))  # the accent's <style>, allowed by its hash
    return _attachment(rendered.render(doc, fmt), FORMATS[fmt], filename, inline=inline, cache=cache)


def _flag(name: str) -> bool:
    value = request.args.get(name, "0").strip().lower()
    if value not in ("0", "1", "true", "false", ""):
        raise InvalidInput(_l("%(name)s must be 1 or 0.", name=name), field=name)
    return value in ("1", "true")


def _version_arg():
    value = request.args.get("version")
    if value is None or value == "":
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 10:
        raise InvalidInput(_l("version must be a version number (1, 2, ...)."), field="version")
    return int(value)


@bp.get(MINUTES)
def state(code):
    return jsonify(minutes.state(code=code, user_id=require_user()))


@bp.put(f"{MINUTES}/draft")
@accepts(MinutesDraftInput)
def save_draft(code):
    user_id, data = require_user(), parse(MinutesDraftInput, body()).given()
    base_revision = data.pop("base_revision", None)
    return jsonify(minutes.save_draft(code=code, user_id=user_id, base_revision=base_revision, **data))


@bp.post(f"{MINUTES}/finalize")
@accepts(Finalize)
def finalize(code):
    user_id, data = require_user(), parse(Finalize, body())
    return jsonify(minutes.finalize(code=code, user_id=user_id, base_revision=data.base_revision))


@bp.post(f"{MINUTES}/publish")
@accepts(Publish)
def publish(code):
    user_id, data = require_user(), parse(Publish, body())
    return jsonify(minutes.publish(code=code, user_id=user_id, version=data.version))


@bp.delete(f"{MINUTES}/publish")
def unpublish(code):
    return jsonify(minutes.unpublish(code=code, user_id=require_user()))


@bp.get(f"{MINUTES}/export.<any(pdf,docx,md,html):fmt>")
def export(code, fmt):
    user_id, version, inline = require_user(), _version_arg(), _flag("inline")
    doc = minutes.document_for(code=code, user_id=user_id, version=version)
    return document_download(doc, fmt, inline=inline)


@bp.get("/events/<code>/export/questions.csv")
def questions_csv(code):
    user_id, include_hidden = require_user(), _flag("include_hidden")
    text = minutes.questions_csv(code=code, user_id=user_id, include_hidden=include_hidden)
    return _attachment(text, CSV, f"questions-{_safe(code)}.csv")


@bp.get("/events/<code>/export/polls.csv")
def polls_csv(code):
    text = minutes.polls_csv(code=code, user_id=require_user())
    return _attachment(text, CSV, f"polls-{_safe(code)}.csv")
