"""HTML pages gzipped per response for phones on a venue's network, without a proxy in front.

A page is a few KB: compressing it costs a fraction of a millisecond. JSON is left alone: a storm of
snapshots should not pay for compression on the one worker. Static files are gzipped ahead of time
and served by WhiteNoise (townhall/static_files.py).
"""
import gzip

from flask import Flask, request

HTML_MIN_BYTES = 1024


def init_app(app: Flask) -> None:
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
