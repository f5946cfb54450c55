"""What a phone downloads: static files and pages gzipped when it accepts gzip, plain when it does
not, revalidated with an ETag, and the attendee page's whole first load within its budget."""
import gzip
import json
import re
from urllib.parse import urljoin

import pytest

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
FIRST_LOAD_BUDGET = 60 * 1024  # bytes on the wire, gzipped (issue 9)


def test_static_text_is_gzipped_once_and_revalidated(client):
    with client.get("/static/js/live.js") as plain:
        assert plain.headers.get("Content-Encoding") is None
        plain_data = plain.data
    with client.get("/static/js/live.js", headers=GZIP) as packed:  # a file WhiteNoise opened: closed after
        assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
        assert gzip.decompress(packed.data) == plain_data
        assert len(packed.data) < len(plain_data) / 2
    again = client.get("/static/js/live.js", headers={**GZIP, "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_a_missing_or_escaping_path_is_a_plain_404(client):
    for path in ("/static/js/nothing.js", "/static/../townhall/config.py", "/static/%2e%2e/wsgi.py"):
        with client.get(path, headers=GZIP) as response:
            assert response.status_code == 404, path


def test_pages_are_gzipped_for_phones_that_accept_it(client, event):
    page = client.get(f"/e/{event}", headers=GZIP)
    assert page.headers["Content-Encoding"] == "gzip"
    assert b'data-testid="attendee-page"' in gzip.decompress(page.data)
    assert b'data-testid="attendee-page"' in client.get(f"/e/{event}").data


def _wire_size(client, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    with client.get(path, headers={**GZIP, **(headers or {})}) as response:
        assert response.status_code == 200, path
        data = response.data
        packed = response.headers.get("Content-Encoding") == "gzip"
    return len(data), gzip.decompress(data) if packed else data


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_the_attendee_pages_first_load_fits_the_budget(client, event, language):
    """The page, its stylesheets and scripts, every module those scripts import, and (in Chinese) the
    catalogue the page preloads, fetched as a browser does: the versioned URLs the page names, and each
    import resolved through the page's import map. The figures are printed (pytest -s)."""
    headers = {"Accept-Language": language}
    total, html = _wire_size(client, f"/e/{event}", headers)
    figures = {"page": total}
    # nothing from another site (no third-party script, style or font to wait for)
    assert not re.search(rb'(?:src|href)="(?:https?:)?//', html)
    imports = json.loads(re.search(rb'<script type="importmap">(.*?)</script>', html).group(1))["imports"]
    queue = [url.decode() for url in re.findall(rb'(?:href|src)="(/static/[^"?]+\.(?:css|js)(?:\?v=\w+)?)"', html)]
    catalogues = [url.decode().replace("&amp;", "&")
                  for url in re.findall(rb'<link rel="preload" as="fetch" crossorigin href="([^"]+)"', html)]
    for url in catalogues:
        size, _body = _wire_size(client, url, headers)
        figures["catalogue"] = size
        total += size
    seen = set()
    while queue:
        url = queue.pop()
        path = url.split("?", 1)[0]
        if path in seen:
            continue
        seen.add(path)
        size, body = _wire_size(client, url, headers)
        figures["static"] = figures.get("static", 0) + size
        total += size
        if path.endswith(".js"):
            for specifier in re.findall(r'(?:from|import)\s*"(\.{1,2}/[\w./-]+\.js)"', body.decode()):
                resolved = urljoin(path, specifier)
                queue.append(imports.get(resolved, resolved))
    print(f"first load of /e/<code> in {language}: {total} bytes gzipped of {FIRST_LOAD_BUDGET} ({figures})")
    assert {"/static/js/attendee.js", "/static/js/live.js", "/static/js/pollvote.js"} <= seen
    if language == "en":
        assert not catalogues
    else:
        assert [url.split("?")[0] for url in catalogues] == ["/i18n/zh_Hans/js/attendee.js.json"]
    assert total <= FIRST_LOAD_BUDGET, f"{total} bytes"


def test_the_pages_catalogue_is_gzipped_for_a_browser_that_accepts_it(client, event):
    html = client.get(f"/e/{event}", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    url = re.search(r'href="(/i18n/zh_Hans/js/attendee\.js\.json[^"]*)"', html).group(1).replace("&amp;", "&")
    plain = client.get(url)
    assert plain.headers.get("Content-Encoding") is None and plain.get_json()["locale"] == "zh-Hans"
    packed = client.get(url, headers=GZIP)
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    again = client.get(url, headers={**GZIP, "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304
