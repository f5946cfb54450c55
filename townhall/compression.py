"""Responses compressed for phones on a venue's network, without a proxy in front.

gunicorn serves static/ as it is: 196 KB for the phone's first load instead of ~56 KB gzipped.
- Static text files are gzipped once, in memory, the first time they are asked for (and again when
  they change on disk): a hall loading the page at once costs one compression per file, not one
  per phone. Anything else (images, a client that does not accept gzip) goes through Flask's view.
- HTML pages are gzipped per response (a few KB, a fraction of a millisecond).
JSON is left alone: a storm of snapshots should not pay for compression on the one worker.
"""
import gzip
import hashlib
import threading
from pathlib import Path

from flask import Flask, Response, request
from werkzeug.security import safe_join

COMPRESSIBLE = {".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript", ".map": "application/json",
                ".svg": "image/svg+xml", ".json": "application/json", ".txt": "text/plain", ".md": "text/markdown"}


HTML_MIN_BYTES = 1024


class Gzipped:
    """{path: (mtime_ns, size, etag, gzipped bytes)}, filled on first use."""

    def __init__(self, folder: str):
        self.folder = Path(folder).resolve()
        self.lock = threading.Lock()
        self.files: dict[str, tuple] = {}

    def get(self, filename: str) -> tuple | None:
        joined = safe_join(str(self.folder), filename)  # None for a path leaving the folder
        path = Path(joined) if joined else None
        if path is None or path.suffix not in COMPRESSIBLE or not path.is_file():
            return None
        stat = path.stat()
        with self.lock:
            entry = self.files.get(filename)
        if entry is None or entry[0] != stat.st_mtime_ns or entry[1] != stat.st_size:
            data = path.read_bytes()
            entry = (stat.st_mtime_ns, stat.st_size, hashlib.sha256(data).hexdigest()[:32],
                     gzip.compress(data, compresslevel=9, mtime=0))
            with self.lock:
                self.files[filename] = entry
        return entry


def init_app(app: Flask) -> None:
    files = Gzipped(app.static_folder)
    plain = app.view_functions["static"]

    def static(filename):
        if "gzip" not in request.headers.get("Accept-Encoding", "") or request.method not in ("GET", "HEAD"):
            return plain(filename=filename)
        entry = files.get(filename)
        if entry is None:
            return plain(filename=filename)
        _mtime, _size, etag, body = entry
        response = Response(body, mimetype=COMPRESSIBLE[Path(filename).suffix])
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Vary"] = "Accept-Encoding"
        response.headers["Cache-Control"] = "no-cache"  # revalidated (304) on every load: file names carry no version
        response.set_etag(f"{etag}-gz")
        return response.make_conditional(request)

    app.view_functions["static"] = static

    @app.after_request
    def _gzip_html(response):
        if (response.mimetype == "text/html" and response.status_code == 200 and not response.direct_passthrough
                and "Content-Encoding" not in response.headers
                and "gzip" in request.headers.get("Accept-Encoding", "")):
            body = response.get_data()
            if len(body) >= HTML_MIN_BYTES:
                response.set_data(gzip.compress(body, compresslevel=6))
                response.headers["Content-Encoding"] = "gzip"
                response.headers.add("Vary", "Accept-Encoding")
        return response
