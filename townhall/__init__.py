"""Application factory: wiring only, in a fixed order."""
import logging

from flask import Flask, abort, jsonify, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from . import brand, compression, i18n, security_headers, static_files
from .config import BASE_DIR, config_from_env
from .errors import DomainError
from .extensions import csrf, db, limiter, login_manager, migrate, socketio
from .realtime import lifecycle
from .realtime.session import SessionInterface


class JSONProvider(DefaultJSONProvider):
    """A body nested too deeply for the decoder is invalid JSON (400 via get_json), not a 500."""

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply.") from None


def create_app(config_class=None, **overrides) -> Flask:
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    app.json = JSONProvider(app)
    app.session_interface = SessionInterface()
    config_class = config_class or config_from_env()
    app.config.from_object(config_class)
    app.config.update(overrides)
    config_class.finalize(app)
    if app.config["PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    # Its "ratelimit ... exceeded" line (INFO) names the key: a client's address. Never logged.
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)
    _init_login(app)
    _init_database(app)
    _init_realtime(app)
    _register_blueprints(app)
    _register_errors(app)
    _init_templates(app)
    compression.init_app(app)
    static_files.init_app(app)
    brand.init_app(app)
    i18n.init_app(app)  # after static_files: each page script's catalogue follows its imports
    lifecycle.init_app(app)
    security_headers.init_app(app)  # outermost: its headers reach static files and Socket.IO too

    from . import cli

    cli.init_app(app)
    return app


def _init_login(app):
    from .services import accounts

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # "basic": a session whose address or browser changed is no longer "fresh" (nothing here asks for
    # a fresh one). Not "strong", which would log a moderator out when their phone moves from the
    # venue's Wi-Fi to mobile data in the middle of a meeting. What guards the organizer's cookie:
    # signed and HttpOnly, a new session at log in and log out (identity.fresh_session), and log out
    # ending every session of the account on the server (accounts.end_sessions).
    login_manager.session_protection = "basic"
    login_manager.user_loader(accounts.load_session_user)

    @login_manager.request_loader
    def _from_bearer(req):
        header = req.headers.get("Authorization", "")
        return accounts.user_for_api_token(header[7:]) if header.startswith("Bearer ") else None

    @login_manager.unauthorized_handler
    def _unauthorized():
        if request.path.startswith("/api/"):
            return jsonify({"error": {"code": "not_authenticated", "message": _("Log in or send an API token.")}}), 401
        from flask import redirect, url_for

        return redirect(url_for("auth.login", next=request.path))


def _init_templates(app):
    # The minutes' HTML words times and durations, and wraps chart labels, as every other format does.
    from .exports import fairness, fmt, followup_text, svg_text

    app.add_template_global(fmt, "minutes_fmt")
    app.add_template_global(fairness, "minutes_fairness")
    app.add_template_global(followup_text, "minutes_followup")
    app.add_template_global(svg_text, "minutes_svg")


def _init_database(app):
    from .services.transaction import install_sqlite_pragmas

    with app.app_context():
        install_sqlite_pragmas(db.engine)


def _init_realtime(app):
    # handlers and commands register before init_app
    from .realtime import (  # noqa: F401
        broadcast,
        commands_agenda,
        commands_followups,
        commands_moderation,
        commands_polls,
        commands_records,
        commands_roles,
        commands_speakers,
        deadlines,
        fanout,
        handlers,
        origins,
        polling_guard,
    )
    from .services import poll_results, polls, room_view, snapshots

    queue = app.config["SOCKETIO_MESSAGE_QUEUE"]
    manager = fanout.client_manager(queue)  # room messages written straight to each WebSocket
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        # the app's own pages only, as the phones reach it (realtime/origins.py: behind a proxy too)
        cors_allowed_origins=origins.checker(app.config["PUBLIC_URL"], app.config["PROXY_HOPS"]),
        # A socket's commands run one after another in its own reader greenlet, not each in a new
        # one: a greenlet per command was a twentieth of the CPU of 1,000 votes a second, and a
        # phone's commands keep the order it sent them in.
        async_handlers=False,
        max_http_buffer_size=app.config["SOCKETIO_MAX_MESSAGE_BYTES"],
        transports=list(app.config["SOCKETIO_TRANSPORTS"]),
        ping_interval=app.config["SOCKETIO_PING_INTERVAL"],
        ping_timeout=app.config["SOCKETIO_PING_TIMEOUT"],
        **({"client_manager": manager} if manager is not None else {"message_queue": queue}),
    )
    fanout.track(socketio.server.eio)
    # In front of Socket.IO's own middleware: a bad long-polling POST is refused before Engine.IO reads it.
    app.wsgi_app = polling_guard.PollingGuard(app.wsgi_app, eio_server=socketio.server.eio,
                                              max_bytes=app.config["SOCKETIO_MAX_MESSAGE_BYTES"])
    # Flask-SocketIO runs every event in a request context made from the socket's handshake
    # (/socket.io/). With no rule for that path, each context kept a NotFound and its traceback:
    # some 60 objects in reference cycles per command (900 votes left 53,535), freed only by the
    # garbage collector, whose pauses then held the loop. The rule is never served: the Socket.IO
    # middleware answers that path before Flask sees it. Two rules: a socket opened as a WebSocket
    # carries `Upgrade: websocket`, and a rule for plain HTTP would answer its events with a
    # WebsocketMismatch (and a traceback) instead.
    for websocket in (False, True):
        app.add_url_rule("/socket.io/", endpoint="socketio_handshake", view_func=_socketio_handshake,
                         strict_slashes=False, websocket=websocket)
    broadcast.init_app(app, load_tallies=snapshots.tallies, load_stats=snapshots.stats,
                       load_poll_tallies=poll_results.tallies, mark_tallied=room_view.mark_tallied)
    deadlines.init_app(app, arm_open_polls=polls.arm_open_polls)  # the closes of timed polls, at start-up


def _socketio_handshake():
    abort(404)


def _register_blueprints(app):
    from werkzeug.routing import IntegerConverter

    from .services.ids import MAX_ID
    from .views import (
        api,
        api_agenda,
        api_archive,
        api_branding,
        api_followups,
        api_joining,
        api_minutes,
        api_moderation,
        api_offices,
        api_polls,
        api_receipts,
        api_records,
        api_roles,
        api_speakers,
        auth,
        moderator,
        offices,
        public,
        receipts,
        tracker,
    )

    class IdConverter(IntegerConverter):
        """<int:...> in a URL: an id larger than the id columns can hold is read as 0, which names no row,
        so the view answers its own 404. (Refusing it here made Werkzeug answer 405 wherever the same path
        has a rule for another method, a status the API document does not list; the database, never a 500.)"""

        def to_python(self, value: str) -> int:
            number = int(value)
            return number if number <= MAX_ID else 0

    app.url_map.converters["int"] = IdConverter  # before the blueprints' rules are bound

    for module in (public, auth, moderator, api, api_agenda, api_speakers, api_records, api_roles, api_polls,
                   api_minutes, api_archive, api_moderation, api_joining, receipts, api_receipts, api_followups,
                   tracker, api_offices, offices, api_branding):
        app.register_blueprint(module.bp)
    app.register_blueprint(tracker.api)
    app.register_blueprint(api_branding.images)


def _register_errors(app):
    def wants_json() -> bool:
        return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"

    @app.errorhandler(DomainError)
    def _domain(exc):
        headers = exc.headers()
        if wants_json():
            return jsonify(exc.to_dict()), exc.status, headers
        return render_template("error.html", message=exc.message, status=exc.status), exc.status, headers

    @app.errorhandler(CSRFError)
    def _csrf(exc):  # Flask-WTF's reasons are English only; the reader gets one sentence in their language
        message = _("The page's security token is missing or out of date: nothing was changed. "
                    "Reload the page and try again.")
        if wants_json():
            return jsonify({"error": {"code": "csrf_failed", "message": message}}), 400
        return render_template("error.html", message=message, status=400), 400

    from flask_babel import lazy_gettext as _l

    # The server's own words for its HTTP errors, in the reader's language (werkzeug's are English only).
    said = {400: _l("The request could not be understood."), 403: _l("You may not open this."),
            404: _l("There is nothing at this address. Check the link, or the code you typed."),
            405: _l("This address does not take this kind of request."),
            413: _l("What was sent is too large."), 500: _l("Something went wrong on the server.")}

    for status in (400, 403, 404, 405, 413, 429, 500):
        @app.errorhandler(status)
        def _http(exc, status=status):
            description = getattr(exc, "description", None)
            default = getattr(type(exc), "description", None)  # werkzeug's generic text, not a message of ours
            message = str(said[status]) if status in said and (not description or description == default) \
                else description or _l("Something went wrong.")
            if wants_json():
                code = {429: "rate_limited", 404: "not_found", 405: "method_not_allowed"}.get(status, "http_error")
                return jsonify({"error": {"code": code, "message": str(message)}}), status
            return render_template("error.html", message=message, status=status), status
