"""Access logs without personal data: no client address, no user agent or other header, no cookie,
no query string, and no token-like path segment (a setup or invitation link's token).

Beside wsgi.py, outside the townhall package: gunicorn's master process loads these classes, and
importing townhall there (before the worker's gevent monkey-patching) would create its locks unpatched.

- gunicorn (`make run`, gunicorn.conf.py): `Worker` is gevent-websocket's worker whose requests are
  logged through gunicorn's access log (gevent-websocket's own line carries the address and the query
  string); `Logger` fills every atom that could name a person with "-", whatever
  access_log_format an operator sets. The access log is off unless ACCESS_LOG names a file or "-".
- The development server (`python wsgi.py`): `DevRequestHandler` for werkzeug's.
"""
import re
from urllib.parse import urlsplit

from werkzeug.serving import WSGIRequestHandler

# A path segment this long of token characters is a secret (event codes are 8 characters).
_TOKEN_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_\-.~%]{20,}(?=/|$)")


def safe_path(raw: str) -> str:
    """The request's path for a log: no query string, token-like segments replaced."""
    return _TOKEN_SEGMENT.sub("[token]", urlsplit(raw or "").path or "/")


try:  # the production server's classes; the development server needs none of this
    from geventwebsocket.gunicorn.workers import GeventWebSocketWorker
    from geventwebsocket.handler import WebSocketHandler
    from gunicorn.glogging import Logger as GunicornLogger
    from gunicorn.workers.ggevent import PyWSGIHandler
except ImportError:  # pragma: no cover
    pass
else:

    class Logger(GunicornLogger):
        """gunicorn's logger whose access-log atoms carry no address, header, cookie or query."""

        def atoms(self, resp, req, environ, request_time):
            atoms = super().atoms(resp, req, environ, request_time)
            path = safe_path(environ.get("RAW_URI") or environ.get("PATH_INFO", ""))
            method = environ.get("REQUEST_METHOD", "-")
            protocol = environ.get("SERVER_PROTOCOL", "-")
            for key in [key for key in atoms if key.startswith("{")]:  # headers, environ variables
                del atoms[key]  # SafeAtoms answers "-" for a missing key
            atoms.update({"h": "-", "a": "-", "f": "-", "u": "-", "q": "", "U": path,
                          "r": f"{method} {path} {protocol}"})
            return atoms

    class Handler(WebSocketHandler):
        """gevent-websocket's handler, logging a request as gunicorn's gevent handler does."""

        def log_request(self):
            if "101" not in str(self.status):  # a WebSocket lives on; its upgrade is not a request
                PyWSGIHandler.log_request(self)

        def get_environ(self):  # as gunicorn's gevent handler's
            environ = super().get_environ()
            environ["gunicorn.sock"] = self.socket
            environ["RAW_URI"] = self.path
            return environ

    class Worker(GeventWebSocketWorker):
        wsgi_handler = Handler


class DevRequestHandler(WSGIRequestHandler):
    """werkzeug's development server, logging requests without the address or the query string."""

    def address_string(self) -> str:
        return "-"

    def log_request(self, code="-", size="-") -> None:
        self.log("info", '"%s %s %s" %s %s', self.command, safe_path(self.path), self.request_version, code, size)
