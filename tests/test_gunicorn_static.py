"""The production server as `make run` starts it (gunicorn, gevent-websocket's worker) serves static files
as the tests' client sees them: versioned URLs gzipped and cached for a year, plain ones revalidated,
pages gzipped."""
import re

import pytest
import requests
from helpers import STATIC

from benchmarks.server import Server
from townhall.static_files import IMMUTABLE, fingerprints

GZIP = {"Accept-Encoding": "gzip"}


@pytest.fixture(scope="module")
def server():
    server = Server()
    server.start()
    yield server
    server.close()


def test_gunicorn_serves_static_files_gzipped_and_cached_under_versioned_urls(server):
    page = requests.get(f"{server.base}/login", headers=GZIP, timeout=10)
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "gzip"
    stylesheet = re.search(r'href="(/static/css/app\.css\?v=\w+)"', page.text).group(1)
    module = f"/static/js/live.js?v={fingerprints(STATIC)['js/live.js']}"  # as the pages' import maps name it

    for url in (stylesheet, module):
        response = requests.get(server.base + url, headers=GZIP, timeout=10)
        assert response.status_code == 200, url
        assert response.headers["Content-Encoding"] == "gzip" and response.headers["Cache-Control"] == IMMUTABLE
        assert int(response.headers["Content-Length"]) < len(response.content) / 2  # sent gzipped, read plain

    plain = requests.get(f"{server.base}/static/js/live.js", headers={"Accept-Encoding": "identity"}, timeout=10)
    assert plain.headers["Cache-Control"] == "no-cache" and "Content-Encoding" not in plain.headers
    again = requests.get(f"{server.base}/static/js/live.js", headers={"If-None-Match": plain.headers["ETag"]},
                         timeout=10)
    assert again.status_code == 304
