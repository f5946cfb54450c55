"""Security headers on every response: pages, the JSON API, downloads, static files, Socket.IO polling.

Two layers, because Flask sees only part of the traffic (static files are answered by WhiteNoise and
Socket.IO's polling by Engine.IO, both WSGI middleware in front of Flask):

- `SecurityHeaders`, the outermost WSGI middleware, adds to every response the headers it does not
  already carry: the locked-down policy of anything that is not a page (`default-src 'none'`, nothing
  may frame it), nosniff, X-Frame-Options DENY, Referrer-Policy same-origin (a join link carries the
  event's code: no other site learns it; our own requests keep the Referer the CSRF check wants over
  HTTPS), Permissions-Policy (no camera, microphone, location, payment...), and HSTS only when
  the request came over HTTPS (through the PROXY_HOPS trusted proxies' X-Forwarded-Proto, read by
  Werkzeug's ProxyFix as for Flask's own requests).
- A Flask `after_request` hook writes each page's Content-Security-Policy: scripts from our origin and
  the page's own import map, allowed by its SHA-256 (`allow_inline_script`, called by
  `module_script`: the hash of the very text written into the page), never 'unsafe-inline'; a
  downloaded document (Content-Disposition) gets no script at all. It marks what must never be kept
  in a cache (`Cache-Control: no-store`): the organizer's and log-in pages, every API answer that
  sets no caching of its own (snapshots, tokens, exports) and any response that sets a cookie.

Why not Flask-Talisman: it sees only Flask's responses (not WhiteNoise's or Engine.IO's), allows an
inline script only by a nonce (our import maps are written once at start-up, so a hash fits), and
its defaults (redirect to HTTPS, secure-only session cookie) would lock out a venue served over
plain HTTP on its own network. What we need is the few lines below.
"""
import base64
import hashlib

from flask import Flask, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

from .exports import html as minutes_html

HSTS = "max-age=31536000"
PERMISSIONS = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen",
    "geolocation", "gyroscope", "hid", "idle-detection", "magnetometer", "microphone", "midi", "payment",
    "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
    "xr-spatial-tracking",
))
# Anything that is not one of our pages: a JSON answer, a file, an image, a script, a Socket.IO packet.
LOCKED = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Our own requests keep their Referer: over HTTPS, Flask-WTF's CSRF check refuses a write without a
    # same-origin one (no-referrer would refuse every join, question and log-in). Other sites get none.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS,
}
NO_STORE_BLUEPRINTS = {"moderator", "auth", "offices"}


def digest(text: str) -> str:
    """A CSP hash source for an inline element whose content is `text`."""
    return "'sha256-{}'".format(base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii"))


def page_policy(script_hashes, style_hashes) -> str:
    """A page's policy: scripts, styles, images and connections (Socket.IO included) from our own
    origin; inline only the import maps and stylesheets named by hash."""
    scripts = " ".join(["'self'", *script_hashes])
    styles = " ".join(["'self'", *style_hashes])
    return (f"default-src 'self'; script-src {scripts}; style-src {styles}; img-src 'self' data:; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def document_policy(style_hashes) -> str:
    """A downloaded document (the minutes as HTML): its own stylesheet, inline images, no script."""
    return f"{LOCKED}; style-src {' '.join(style_hashes)}; img-src data:"


def allow_inline_script(source: str) -> None:
    """The page being rendered writes an inline script with this hash source (see `digest`)."""
    g.setdefault("csp_script_hashes", []).append(source)


def allow_inline_style(source: str) -> None:
    """The page being rendered writes an inline stylesheet with this hash source (see `digest`)."""
    g.setdefault("csp_style_hashes", []).append(source)


class SecurityHeaders:
    """WSGI middleware: ALWAYS and LOCKED (unless the response has its own policy) on every response;
    HSTS when the request came over HTTPS; no-store on a response that sets a cookie and says nothing
    of caching."""

    def __init__(self, app, proxy_hops: int = 0):
        self.app = app
        # The scheme as Flask's requests see it: ProxyFix trusts X-Forwarded-Proto from PROXY_HOPS proxies.
        self._scheme = ProxyFix(lambda environ, _start: environ["wsgi.url_scheme"], x_for=0, x_proto=proxy_hops,
                                x_host=0) if proxy_hops else None

    def scheme(self, environ) -> str:
        return self._scheme(dict(environ), None) if self._scheme else environ.get("wsgi.url_scheme", "http")

    def __call__(self, environ, start_response):
        secure = self.scheme(environ) == "https"

        def start(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            extra = [(name, value) for name, value in ALWAYS.items() if name.lower() not in present]
            if "content-security-policy" not in present:
                extra.append(("Content-Security-Policy", LOCKED))
            if secure and "strict-transport-security" not in present:
                extra.append(("Strict-Transport-Security", HSTS))
            if "set-cookie" in present and "cache-control" not in present:
                extra.append(("Cache-Control", "no-store"))  # Flask writes the session cookie after after_request
            return start_response(status, [*headers, *extra], exc_info)

        return self.app(environ, start)


def init_app(app: Flask) -> None:
    """After every other WSGI middleware (outermost): it must see static files and Socket.IO too."""
    with app.app_context():
        style_hashes = [digest(minutes_html.style())]  # the minutes' own stylesheet (preview, download)

    @app.after_request
    def _page_headers(response):
        if response.mimetype == "text/html" and "Content-Security-Policy" not in response.headers:
            styles = [*style_hashes, *g.get("csp_style_hashes", ())]
            if "Content-Disposition" in response.headers:
                response.headers["Content-Security-Policy"] = document_policy(styles)
            else:
                response.headers["Content-Security-Policy"] = page_policy(g.get("csp_script_hashes", ()), styles)
        if "Cache-Control" not in response.headers and (
                request.blueprint in NO_STORE_BLUEPRINTS or request.path.startswith("/api/")):
            response.headers["Cache-Control"] = "no-store"
        return response

    app.wsgi_app = SecurityHeaders(app.wsgi_app, app.config["PROXY_HOPS"])
