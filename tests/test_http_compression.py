"""What a phone downloads: static files and pages gzipped when it accepts gzip, plain when it does
not, revalidated with an ETag, and the attendee page's whole first load within its budget."""
import gzip
import json
import re
from urllib.parse import urljoin

import pytest

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
FIRST_LOAD_BUDGET = 60 * 1024  # bytes on the wire, gzipped (issue 9)
# What the phone loads only when it needs it (with import(), or by a link its script adds): the room under the
# budget for the next feature. The organizers' stylesheet is for their pages only.
LOADED_LATER = {
    "/static/js/attendee/speak.js", "/static/js/attendee/similar.js", "/static/js/attendee/news.js",
    "/static/js/polls.js", "/static/js/polls/figures.js", "/static/js/polls/answers.js", "/static/js/pollvote/cards.js",
    "/static/js/pollvote/kinds.js",
    "/static/css/polls.css", "/static/css/attendee_news.css", "/static/css/organizer.css",
}


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


def _first_load(client, event, language: str) -> tuple[list[tuple[str, int]], list[str], set[str]]:
    """What a phone fetches to show /e/<code>, as a browser does: the page, the versioned URLs it names,
    each import resolved through the page's import map (static `import`/`from` only: a module loaded later
    with `import()` is not part of it) and (in Chinese) the catalogue the page preloads.
    ([(url, bytes gzipped)], catalogue URLs, static paths loaded)."""
    headers = {"Accept-Language": language}
    size, html = _wire_size(client, f"/e/{event}", headers)
    files = [(f"/e/{event}", size)]
    # nothing from another site (no third-party script, style or font to wait for)
    assert not re.search(rb'(?:src|href)="(?:https?:)?//', html)
    imports = json.loads(re.search(rb'<script type="importmap">(.*?)</script>', html).group(1))["imports"]
    queue = [url.decode() for url in re.findall(rb'(?:href|src)="(/static/[^"?]+\.(?:css|js)(?:\?v=\w+)?)"', html)]
    catalogues = [url.decode().replace("&amp;", "&")
                  for url in re.findall(rb'<link rel="preload" as="fetch" crossorigin href="([^"]+)"', html)]
    for url in catalogues:
        files.append((url.split("?")[0], _wire_size(client, url, headers)[0]))
    seen: set[str] = set()
    while queue:
        url = queue.pop(0)
        path = url.split("?", 1)[0]
        if path in seen:
            continue
        seen.add(path)
        size, body = _wire_size(client, url, headers)
        files.append((path, size))
        if path.endswith(".css"):  # its fonts
            queue.extend(urljoin(path, font) for font in re.findall(r'url\("?([^")]+\.woff2[^")]*)"?\)', body.decode()))
        if path.endswith(".js"):
            for specifier in re.findall(r'(?:from|import)\s*"(\.{1,2}/[\w./-]+\.js)"', body.decode()):
                resolved = urljoin(path, specifier)
                queue.append(imports.get(resolved, resolved))
    return files, catalogues, seen


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_the_attendee_pages_first_load_fits_the_budget(client, event, language):
    """The page, its stylesheets, fonts and scripts, every module those scripts import, and (in Chinese)
    the catalogue the page preloads. The figures, file by file, are printed (pytest -s)."""
    files, catalogues, seen = _first_load(client, event, language)
    total = sum(size for _url, size in files)
    rows = "\n".join(f"  {size:>6}  {url}" for url, size in sorted(files, key=lambda row: -row[1]))
    print(f"\nfirst load of /e/<code> in {language}: {total} bytes gzipped of {FIRST_LOAD_BUDGET}"
          f" ({FIRST_LOAD_BUDGET - total} to spare)\n{rows}")
    assert {"/static/js/attendee.js", "/static/js/live.js", "/static/js/pollvote.js"} <= seen
    assert not seen & LOADED_LATER, "loaded later, not in the first load"
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
