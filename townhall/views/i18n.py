"""The browser scripts' catalogues: /i18n/<language>/<page script>.json (townhall/i18n.py)."""
from flask import Blueprint, current_app, jsonify, request

bp = Blueprint("i18n", __name__)

IMMUTABLE = "public, max-age=31536000, immutable"


@bp.get("/i18n/<code>/<path:entry>.json")
def catalogue(code: str, entry: str):
    found = current_app.extensions["townhall_catalogues"].get(code, entry)
    if found is None:
        return jsonify({"error": {"code": "not_found", "message": "No such language or page script."}}), 404
    # Part of the phone page's first load (60 KB budget, tests/test_http_compression.py): gzipped ahead of
    # time, like the static files, for a browser that accepts it.
    packed = "gzip" in request.headers.get("Accept-Encoding", "") and len(found.packed) < len(found.body)
    response = current_app.response_class(found.packed if packed else found.body, mimetype="application/json")
    response.headers["Cache-Control"] = IMMUTABLE if request.args.get("v") == found.version else "no-cache"
    response.headers.add("Vary", "Accept-Encoding")
    if packed:
        response.headers["Content-Encoding"] = "gzip"
    response.set_etag(f"{found.version}-gzip" if packed else found.version)
    return response.make_conditional(request)
