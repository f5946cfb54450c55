"""Static files (townhall/static_files.py): the URLs a page names carry their file's fingerprint and are
cached for a year; a module imported by another reaches its versioned URL through the page's import
map (the modules that page loads); plain and outdated URLs are revalidated; a changed file gets a new
URL while the others keep theirs; text is gzipped when the client accepts it."""
import gzip
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from helpers import static_modules
from werkzeug.test import Client
from werkzeug.wrappers import Response

from townhall.static_files import IMMUTABLE, StaticFiles, served_text

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
STATIC = Path(__file__).resolve().parent.parent / "static"


def _page_urls(client, path):
    html = client.get(path).data.decode()
    imports = json.loads(re.search(r'<script type="importmap">(.*?)</script>', html).group(1))["imports"]
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html), imports


def test_a_pages_static_urls_are_versioned_and_cached_for_a_year(client, event):
    urls, _ = _page_urls(client, f"/e/{event}")
    assert len(urls) >= 4 and all(re.search(r"\?v=[0-9a-f]{12}$", url) for url in urls), urls
    for url in urls:
        with client.get(url, headers=GZIP) as response:
            assert response.status_code == 200, url
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable", url
            assert response.headers["Content-Encoding"] == "gzip", url


def test_plain_and_outdated_urls_are_revalidated_not_cached(client):
    with client.get("/static/css/app.css?v=0123456789ab") as outdated:
        assert outdated.status_code == 200 and outdated.headers["Cache-Control"] == "no-cache"
    with client.get("/static/css/app.css") as plain:
        assert plain.headers["Cache-Control"] == "no-cache"
        etag = plain.headers["ETag"]
    again = client.get("/static/css/app.css", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["Cache-Control"] == "no-cache"


def test_every_module_a_page_loads_is_mapped_to_its_cached_url(client, event):
    _, imports = _page_urls(client, f"/e/{event}")
    loaded = {f"/static/js/{name}" for name in static_modules("attendee.js")}
    assert set(imports) == loaded and "/static/js/live.js" in loaded  # the page's modules, and only those
    assert "/static/js/dashboard.js" not in imports
    for plain, versioned in imports.items():
        assert versioned.startswith(plain + "?v=")
        with client.get(versioned) as response:
            assert response.headers["Cache-Control"] == IMMUTABLE
            assert response.data.decode() == served_text(STATIC, plain.removeprefix("/static/"))


def test_text_is_gzipped_only_for_clients_that_accept_it(client):
    for path in ("css/app.css", "js/live.js"):
        url = client.application.extensions["townhall_static"].url(path)
        with client.get(url) as plain, client.get(url, headers={"Accept-Encoding": "gzip"}) as packed:
            assert "Content-Encoding" not in plain.headers and plain.data.decode() == served_text(STATIC, path)
            assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
            assert gzip.decompress(packed.data) == plain.data and len(packed.data) < len(plain.data) / 2


# --- a restart after an upgrade, on a folder of its own ----------------------------------

def _files(tmp_path, source):
    def app(environ, start_response):
        return Response("not a static file", status=404)(environ, start_response)

    return StaticFiles(app, source, "/static", tmp_path / "builds")


def _write(folder, files):
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


def test_a_changed_file_gets_a_new_url_and_the_others_keep_theirs(tmp_path):
    source = tmp_path / "static"
    _write(source, {"js/page.js": 'import { show } from "./dashboard/panel.js";\nshow();\n'
                                  'button.onclick = () => import("./dashboard/later.js");\n',
                    "js/dashboard/panel.js": "export function show() { return 1; }\n" * 20,
                    "js/dashboard/later.js": "export const later = 1;\n",
                    "css/page.css": "body { margin: 0 }\n"})
    before = _files(tmp_path, source)
    assert before.import_map("js/page.js")["imports"] == {"/static/js/page.js": before.url("js/page.js"),
                                              "/static/js/dashboard/panel.js": before.url("js/dashboard/panel.js"),
                                              "/static/js/dashboard/later.js": before.url("js/dashboard/later.js")}

    _write(source, {"js/dashboard/panel.js": "export function show() { return 2; }\n" * 20})
    after = _files(tmp_path, source)  # the server restarted with the new file
    assert after.url("js/dashboard/panel.js") != before.url("js/dashboard/panel.js")
    for unchanged in ("js/page.js", "css/page.css"):
        assert after.url(unchanged) == before.url(unchanged)
    new_map = after.import_map("js/page.js")["imports"]
    assert new_map["/static/js/dashboard/panel.js"] == after.url("js/dashboard/panel.js")

    client = Client(after)
    with client.get(after.url("js/dashboard/panel.js"), headers=GZIP) as new:
        assert new.headers["Cache-Control"] == IMMUTABLE and b"return 2" in gzip.decompress(new.data)
    with client.get(before.url("js/dashboard/panel.js")) as old:  # a page from before the upgrade
        assert old.headers["Cache-Control"] == "no-cache" and b"return 2" in old.data
    with client.get("/static/js/nothing.js") as missing:
        assert missing.status_code == 404 and missing.data == b"not a static file"


def test_a_build_is_made_once_and_builds_unused_for_a_day_are_removed(tmp_path):
    source = tmp_path / "static"
    _write(source, {"js/page.js": "console.log('hello');\n" * 50})
    builds = tmp_path / "builds"
    (builds / "yesterday").mkdir(parents=True)
    (builds / "an-hour-ago").mkdir()
    os.utime(builds / "yesterday", (time.time() - 25 * 3600,) * 2)
    os.utime(builds / "an-hour-ago", (time.time() - 3600,) * 2)

    _files(tmp_path, source)
    built = [path for path in builds.iterdir() if path.name != "an-hour-ago"]
    assert len(built) == 1 and (built[0] / "js/page.js.gz").is_file()
    written = (built[0] / "js/page.js.gz").stat().st_ino  # a new build would write a new file
    _files(tmp_path, source)
    assert sorted(path.name for path in builds.iterdir()) == sorted([built[0].name, "an-hour-ago"])
    assert (built[0] / "js/page.js.gz").stat().st_ino == written


# --- without comments, and still the same program ------------------------------------------

SAMPLE = r"""
/** A header comment the phone does not need. */
const base = "/api/events/AB12";  // a line comment
const url = `${base}/questions // not a comment /* nor this */ ${`nested ${"}"} // kept`}`;
const slashes = /\/+$/g;  /* a block comment */
const ratio = 6 / 2 / 1;  // a division, not a regular expression
export function shown(items) {
  // keep the order, drop the empty ones
  return items.filter((item) => item.text !== "").map((item, index) => `${index + 1}. ${item.text}`);
}
const css = { "/*": "//" };
console.log(url.replace(slashes, ""), ratio, 'a /* string */ and // more', JSON.stringify(css),
  JSON.stringify(shown([{text: "x"}, {text: ""}])), typeof /x\/[/]y/.source);
"""

SAME_TOKENS = Path(__file__).resolve().parent / "js" / "same_tokens.mjs"


def _node(*args) -> subprocess.CompletedProcess:
    if shutil.which("node") is None:
        pytest.fail("node is not installed (make test installs nodejs as root)")
    return subprocess.run(["node", *map(str, args)], capture_output=True, text=True, timeout=60)


def test_comments_go_and_the_program_stays(tmp_path):
    (tmp_path / "sample.mjs").write_text(SAMPLE)
    served = served_text(tmp_path, "sample.mjs")
    assert "header comment" not in served and "keep the order" not in served and "a line comment" not in served
    (tmp_path / "served.mjs").write_text(served)
    original, stripped = _node(tmp_path / "sample.mjs"), _node(tmp_path / "served.mjs")
    assert original.returncode == 0 and stripped.stdout == original.stdout and "// kept" in original.stdout
    assert served_text(tmp_path, "vendor/lib.min.js") is None and served_text(tmp_path, "img/logo.svg") is None
    (tmp_path / "page.css").write_text('/* colours */ a::before { content: "/* not a comment */"; }\n')
    assert served_text(tmp_path, "page.css") == '  a::before { content: "/* not a comment */"; }\n'


def test_every_script_is_served_as_the_same_program_token_for_token(tmp_path):
    """Fails when the comment scanner misreads a script (a string, template or regular expression)."""
    if not (SAME_TOKENS.parents[2] / "node_modules" / "espree").is_dir():
        pytest.fail("espree (ESLint's parser) is not installed: make test runs npm ci first")
    for path in sorted((STATIC / "js").rglob("*.js")):
        name = path.relative_to(STATIC).as_posix()
        served = tmp_path / name.replace("/", "_")
        served.write_text(served_text(STATIC, name))
        compared = _node(SAME_TOKENS, path, served)
        assert compared.returncode == 0, f"{name}: {compared.stdout}{compared.stderr}"
        assert len(served.read_text()) < path.stat().st_size or "/*" not in path.read_text()
