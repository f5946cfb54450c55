"""Security headers on every kind of response (townhall/security_headers.py): pages, the JSON API,
snapshots, downloads, static files, Socket.IO polling, errors. A page's Content-Security-Policy allows
no inline script but its own import map, by hash; HSTS only over HTTPS; no-store where a cache must
not keep the answer, and public static files keep their caching."""
import base64
import hashlib
import re
from pathlib import Path

import pytest
from helpers import api
from records_helpers import invitation_link
from test_http_minutes import final_version, url

from townhall import security_headers
from townhall.static_files import IMMUTABLE

ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
LOCKED = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S)


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy as {directive: [sources]}."""
    directives = [part.split() for part in response.headers["Content-Security-Policy"].split(";")]
    return {words[0]: words[1:] for words in directives if words}


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def assert_always(response, what):
    for name, value in ALWAYS.items():
        assert response.headers.get(name) == value, (what, name)
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions, (what, feature)
    assert policy(response)["frame-ancestors"] == ["'none'"], what
    assert "Strict-Transport-Security" not in response.headers, what  # plain HTTP


# --- every kind of response --------------------------------------------------------------------

@pytest.fixture
def published(moderator, event):
    final_version(moderator, event)
    assert api(moderator, "POST", url(event, "/publish"), {"version": 1}).status_code == 200
    return event


def organizer_pages(code) -> list[str]:
    return ["/dashboard/", f"/dashboard/e/{code}", f"/dashboard/e/{code}/settings", f"/dashboard/e/{code}/agenda",
            f"/dashboard/e/{code}/polls", f"/dashboard/e/{code}/notes", f"/dashboard/e/{code}/team",
            f"/dashboard/e/{code}/minutes", "/dashboard/tokens"]


def public_pages(code) -> list[str]:
    return ["/", "/login", f"/e/{code}", f"/e/{code}/projector", f"/e/{code}/poster", f"/e/{code}/minutes",
            f"/e/{code}/privacy"]


def test_every_page_allows_only_its_own_import_map_as_inline_script(app, moderator, client, published, organizer):
    invite = invitation_link(app, published, organizer.id, "moderator")
    pages = [(moderator, path) for path in organizer_pages(published)]
    pages += [(client, path) for path in [*public_pages(published), invite]]
    with_maps = 0
    for who, path in pages:
        response = who.get(path)
        assert response.status_code == 200 and response.mimetype == "text/html", path
        assert_always(response, path)
        csp = policy(response)
        html = response.get_data(as_text=True)
        scripts = SCRIPT.findall(html)
        maps = [body for attrs, body in scripts if 'type="importmap"' in attrs]
        inline = [body for attrs, body in scripts if "src=" not in attrs and 'type="importmap"' not in attrs]
        assert inline == [], path  # no inline script but the import map
        assert not re.search(r"\son[a-z]+\s*=", html, re.I) and "javascript:" not in html, path
        assert csp["script-src"] == ["'self'", *map(sha256, maps)], path  # exactly this page's map
        with_maps += bool(maps)
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"], path
        assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"], path
        assert csp["default-src"] == ["'self'"] and csp["connect-src"] == ["'self'"], path
        assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"], path
        assert csp["form-action"] == ["'self'"] and csp["img-src"] == ["'self'", "data:"], path
        assert csp["style-src"][0] == "'self'", path
    assert with_maps >= 12  # the live pages all load a module through their map


def test_a_page_script_that_is_not_ours_would_not_match(client, event):
    """The hash is of the map's text: a map with one byte more is not allowed."""
    response = client.get(f"/e/{event}")
    text = [body for attrs, body in SCRIPT.findall(response.get_data(as_text=True)) if "importmap" in attrs][0]
    script_src = policy(response)["script-src"]
    assert sha256(text) in script_src and sha256(text + " ") not in script_src


def test_api_json_snapshots_and_errors_are_locked_down_and_not_stored(app, moderator, client, attendee, event):
    phone, _ = attendee
    responses = {
        "event": client.get(f"/api/events/{event}"),
        "phone snapshot": phone.get(f"/api/events/{event}/snapshot"),
        "moderator snapshot": moderator.get(f"/api/events/{event}/snapshot?view=moderator"),
        "stats": moderator.get(f"/api/events/{event}/stats"),
        "join": api(app.test_client(), "POST", f"/api/events/{event}/join", {}),
        "new api token": api(moderator, "POST", "/api/tokens", {"name": "laptop"}),
        "404 json": client.get("/api/events/NOSUCH22"),
        "401 json": client.get("/api/me"),
        "405 json": client.put("/api/openapi.json"),
        "openapi": client.get("/api/openapi.json"),
    }
    statuses = {what: r.status_code for what, r in responses.items()}
    assert statuses == {"event": 200, "phone snapshot": 200, "moderator snapshot": 200, "stats": 200, "join": 201,
                        "new api token": 201, "404 json": 404, "401 json": 401, "405 json": 405, "openapi": 200}
    for what, response in responses.items():
        assert response.mimetype == "application/json", what
        assert_always(response, what)
        assert response.headers["Content-Security-Policy"] == LOCKED, what
        assert response.headers["Cache-Control"] == "no-store", what
    assert responses["404 json"].get_json()["error"]["code"] == "event_not_found"


@pytest.mark.parametrize("fmt", ["pdf", "docx", "md", "html"])
def test_minutes_downloads_are_not_stored(moderator, event, fmt):
    response = moderator.get(url(event, f"/export.{fmt}"))
    assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment")
    assert_always(response, fmt)
    assert "no-store" in response.headers["Cache-Control"]
    if fmt != "html":
        assert response.headers["Content-Security-Policy"] == LOCKED


def test_the_minutes_html_file_may_style_itself_and_run_nothing(moderator, event):
    """The download and the organizer's preview (same bytes, shown in a frame of the minutes page)."""
    for path in (url(event, "/export.html"), url(event, "/export.html?inline=1")):
        response = moderator.get(path)
        html = response.get_data(as_text=True)
        styles = re.findall(r"<style>(.*?)</style>", html, re.S)
        assert len(styles) == 1 and "<script" not in html
        csp = policy(response)
        assert csp["default-src"] == ["'none'"] and "script-src" not in csp  # no script at all
        assert csp["style-src"] == [sha256(styles[0])] and csp["frame-ancestors"] == ["'none'"]
    # the organizer's minutes page allows the same stylesheet: its preview frame inherits the page's policy
    assert sha256(styles[0]) in policy(moderator.get(f"/dashboard/e/{event}/minutes"))["style-src"]


def test_other_downloads_are_not_stored(moderator, event):
    for path in (f"/api/events/{event}/export/questions.csv", f"/api/events/{event}/export/polls.csv",
                 f"/api/events/{event}/archive.json"):
        response = moderator.get(path)
        assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"], path
        assert_always(response, path)
        assert "no-store" in response.headers["Cache-Control"], path
        assert response.headers["Content-Security-Policy"] == LOCKED, path


def test_organizer_and_login_pages_are_not_stored(app, moderator, client, event, organizer):
    for path in organizer_pages(event):
        assert moderator.get(path).headers["Cache-Control"] == "no-store", path
    for path in ("/login", invitation_link(app, event, organizer.id, "moderator")):
        assert app.test_client().get(path).headers["Cache-Control"] == "no-store", path
    failed = client.post("/login", data={"email": "x@example.com", "password": "nope"})
    assert failed.status_code == 400 and failed.headers["Cache-Control"] == "no-store"


def test_public_files_keep_their_caching(client, published):
    page = client.get(f"/e/{published}").get_data(as_text=True)
    stylesheet = re.search(r'href="(/static/css/app\.css\?v=\w+)"', page)
    with client.get(stylesheet.group(1)) as versioned, client.get("/static/js/attendee.js") as plain:
        assert versioned.headers["Cache-Control"] == IMMUTABLE  # /static/css/app.css?v=...
        assert plain.headers["Cache-Control"] == "no-cache"
        responses = {"css": versioned, "js": plain}
    qr = client.get(f"/e/{published}/qr.svg")
    assert qr.headers["Cache-Control"] == "public, max-age=3600"
    minutes_file = client.get(f"/e/{published}/minutes.pdf")
    assert minutes_file.status_code == 200 and minutes_file.headers["Cache-Control"] == "no-cache"
    for what, response in {**responses, "qr": qr, "published pdf": minutes_file}.items():
        assert_always(response, what)
        assert response.headers["Content-Security-Policy"] == LOCKED, what


def test_socket_io_polling_and_health_carry_the_headers(client):
    for path in ("/socket.io/?EIO=4&transport=polling", "/healthz"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_always(response, path)
        assert response.headers["Content-Security-Policy"] == LOCKED, path


def test_error_pages_carry_the_page_policy(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert_always(response, "404 page")
    assert policy(response)["script-src"] == ["'self'"]


def test_a_response_that_sets_a_cookie_is_not_stored(client, event):
    response = client.get(f"/e/{event}")  # a first visit: the session cookie with its CSRF token
    assert "Set-Cookie" in response.headers and response.headers["Cache-Control"] == "no-store"


# --- HSTS: only over HTTPS -------------------------------------------------------------------

def hsts(client, path, **headers):
    with client.get(path, headers=headers) as response:
        return response.headers.get("Strict-Transport-Security")


@pytest.mark.parametrize("path", ["/", "/api/openapi.json", "/static/css/app.css", "/healthz", "/nope"])
def test_hsts_over_https_only(client, path):
    assert hsts(client, path) is None
    assert hsts(client, path, **{"X-Forwarded-Proto": "https"}) is None  # no proxy is trusted: a forged header
    with client.get(path, base_url="https://localhost") as response:
        assert response.headers["Strict-Transport-Security"] == security_headers.HSTS


@pytest.mark.app_config(PROXY_HOPS=1)
@pytest.mark.parametrize("path", ["/", "/api/openapi.json", "/static/css/app.css",
                                  "/socket.io/?EIO=4&transport=polling"])
def test_hsts_behind_a_trusted_proxy_that_speaks_https(client, path):
    assert hsts(client, path, **{"X-Forwarded-Proto": "https"}) == security_headers.HSTS
    assert hsts(client, path, **{"X-Forwarded-Proto": "http"}) is None
    assert hsts(client, path) is None


@pytest.mark.app_config(PROXY_HOPS=1)
def test_hsts_trusts_only_the_configured_number_of_proxies(client):
    # The client wrote "https" itself; the one trusted proxy appended what it saw: http.
    assert hsts(client, "/", **{"X-Forwarded-Proto": "https, http"}) is None
    assert hsts(client, "/", **{"X-Forwarded-Proto": "http, https"}) == security_headers.HSTS


# --- the templates themselves (pages the sweep above does not open: set-up, errors...) ----------

def test_no_template_writes_inline_script_handlers_or_style_attributes():
    templates = Path(__file__).resolve().parents[1] / "templates"
    for path in sorted(templates.rglob("*.html")):
        text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)  # Jinja comments
        name = path.relative_to(templates).as_posix()
        for tag in re.findall(r"<script\b[^>]*>", text, re.I):
            assert "src=" in tag, (name, tag)  # inline scripts only through module_script (hashed)
        assert not re.search(r"\son[a-z]+\s*=", text, re.I), name
        assert "javascript:" not in text.lower(), name
        assert not re.search(r"\sstyle\s*=", text, re.I), name
        # the one <style> element: the minutes file's, written from exports/html.style() and allowed by hash
        assert "<style" not in text or (name == "minutes/standalone.html" and "<style>{{ style }}</style>" in text)
