"""Configuration classes. The only module that reads os.environ."""
import os
import secrets
import socket
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("TOWNHALL_INSTANCE", BASE_DIR / "instance"))


def _persistent_secret() -> str:
    """A random secret kept in instance/secret_key, created on first start."""
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


# Seconds a rate limit storage (Redis) may take to connect or answer before it counts as out of reach.
STORAGE_TIMEOUTS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'townhall.db'}"
    )
    # hide_parameters: a failed statement's error (and any log of it) never shows the values it carried,
    # such as an attendee's token hash.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
    # Several processes share one Redis: Socket.IO's message queue, presence (services/presence_shared.py)
    # and, unless RATELIMIT_STORAGE_URI names another storage, the HTTP and socket rate limits.
    REDIS_URL = os.environ.get("REDIS_URL") or None
    SOCKETIO_MESSAGE_QUEUE = REDIS_URL
    SOCKETIO_ASYNC_MODE = os.environ.get("ASYNC_MODE", "threading")
    # Engine.IO limits (create_app passes them to Socket.IO; realtime/polling_guard.py checks
    # long-polling POSTs against the first). The largest message a client sends is notes:save with
    # 20,000 characters of notes (contracts/records.NOTES_MAX_LENGTH), at most 6 bytes each once
    # JSON-escaped: 128 KiB holds it with room to spare; a WebSocket message or polling POST over it
    # is refused. WebSocket first, long-polling where a network blocks WebSocket. A phone that
    # answers no ping for interval + timeout seconds (45) is taken for gone.
    SOCKETIO_MAX_MESSAGE_BYTES = 128 * 1024
    SOCKETIO_TRANSPORTS = ("websocket", "polling")
    SOCKETIO_PING_INTERVAL = int(os.environ.get("SOCKETIO_PING_INTERVAL", "25"))
    SOCKETIO_PING_TIMEOUT = int(os.environ.get("SOCKETIO_PING_TIMEOUT", "20"))
    HOST = os.environ.get("HOST", "127.0.0.1")
    PORT = int(os.environ.get("PORT", "5000"))
    PUBLIC_URL = (os.environ.get("PUBLIC_URL") or "").rstrip("/")
    # This process's name among the processes sharing the database and Redis: stable across its
    # restarts ("app1", "app2": one per slot), so a restart clears what this process left, and only that.
    PROCESS_NAME = os.environ.get("TOWNHALL_PROCESS") or f"{socket.gethostname()}:{PORT}"
    # With REDIS_URL: each process publishes its phones to Redis every PRESENCE_HEARTBEAT_SECONDS (sooner
    # when they change), kept PRESENCE_TTL_SECONDS; a process silent that long (crashed) is no longer counted.
    PRESENCE_HEARTBEAT_SECONDS = 3.0
    PRESENCE_TTL_SECONDS = 15.0
    # Votes inside this window become one tally message.
    TALLY_WINDOW_SECONDS = float(os.environ.get("TALLY_WINDOW_SECONDS", "0.2"))
    # Votes are written behind in batches (one transaction each): a vote arriving when few others wait
    # waits at most this long for company. Under load batches form without waiting.
    VOTE_BATCH_SECONDS = float(os.environ.get("VOTE_BATCH_SECONDS", "0.02"))
    QUESTION_MAX_LENGTH = int(os.environ.get("QUESTION_MAX_LENGTH", "300"))
    # Events whose room part of the public snapshot a process keeps (services/room_view.py).
    SNAPSHOT_CACHE_EVENTS = int(os.environ.get("SNAPSHOT_CACHE_EVENTS", "32"))
    NAME_MAX_LENGTH = 60
    # Where static/ is copied with gzipped versions of its files, once per build (townhall/static_files.py).
    STATIC_BUILD_FOLDER = str(INSTANCE_DIR / "static")
    # None: REDIS_URL when set (every process counts each limit once), else each process's memory (finalize).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or None
    # A storage out of reach (Redis down) does not turn requests into errors: Flask-Limiter logs it once
    # and counts in this process's memory until the storage answers again; socket commands are let
    # through (realtime/throttle.py). A frozen Redis costs a request at most the timeout below.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = True
    # Per IP address. A whole venue may reach the server through one NAT address, so a full hall
    # must get in within its first minute; a script joining without end is still stopped.
    JOIN_RATE_LIMIT = os.environ.get("JOIN_RATE_LIMIT", "12000 per minute;30000 per hour")
    # Failed organizer log-ins (wrong password or no such account, answered alike): per account (the
    # e-mail typed, whether or not an account has it) and per client address. Past either, every
    # log-in there is refused with 429 and Retry-After until the window has room again.
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per 15 minutes")
    LOGIN_CLIENT_RATE_LIMIT = os.environ.get("LOGIN_CLIENT_RATE_LIMIT", "30 per 15 minutes")
    # Refused guesses per address (a wrong passcode or attendee code, an expired in-room token), then 429:
    # generous enough for a venue behind one NAT address mistyping, far too few to guess a code.
    JOIN_FAILURE_LIMIT = os.environ.get("JOIN_FAILURE_LIMIT", "20 per minute;100 per hour")
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers to trust.
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS", "0"))
    # socket commands per connection: "N per seconds"
    SOCKET_RATE_LIMIT = os.environ.get("SOCKET_RATE_LIMIT", "30/10")
    MAX_CONTENT_LENGTH = 1024 * 1024  # no request body of ours comes near 1 MB
    # Except an event archive being imported (POST /api/events/import): its own limit.
    ARCHIVE_MAX_BYTES = int(os.environ.get("ARCHIVE_MAX_BYTES", str(20 * 1024 * 1024)))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    WTF_CSRF_CHECK_DEFAULT = False  # the api blueprint decides (bearer tokens skip it)
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 30
    TESTING = False

    # PostgreSQL's connection pool, per process. One gevent worker runs many greenlets, each holding a
    # connection only for its transaction (a command's use case, or a batch of votes); 10 kept open and
    # 10 more under a burst serve a process, and two processes' 40 stay well inside the server's default
    # max_connections (100). A greenlet waits at most POOL_TIMEOUT seconds for one, then fails cleanly
    # rather than piling up behind a stuck database.
    DB_POOL_SIZE = int(os.environ.get("DB_POOL_SIZE", "10"))
    DB_MAX_OVERFLOW = int(os.environ.get("DB_MAX_OVERFLOW", "10"))
    DB_POOL_TIMEOUT = float(os.environ.get("DB_POOL_TIMEOUT", "10"))

    @classmethod
    def finalize(cls, app):
        if not app.config.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = _persistent_secret()
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
            app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
                **app.config["SQLALCHEMY_ENGINE_OPTIONS"], "pool_size": app.config["DB_POOL_SIZE"],
                "max_overflow": app.config["DB_MAX_OVERFLOW"], "pool_timeout": app.config["DB_POOL_TIMEOUT"]}
        storage = app.config["RATELIMIT_STORAGE_URI"] or app.config["REDIS_URL"] or "memory://"
        app.config["RATELIMIT_STORAGE_URI"] = storage
        if storage.startswith(("redis://", "rediss://")):
            app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", STORAGE_TIMEOUTS)


class DevelopmentConfig(Config):
    pass


class ProductionConfig(Config):
    SOCKETIO_ASYNC_MODE = os.environ.get("ASYNC_MODE", "gevent")
    SESSION_COOKIE_SECURE = os.environ.get("SECURE_COOKIES", "0") == "1"

    @classmethod
    def finalize(cls, app):
        super().finalize(app)
        key = app.config["SECRET_KEY"]
        if len(key) < 32 or key in {"dev", "change-me", "secret"}:
            raise RuntimeError("Refusing to start: SECRET_KEY is missing or too short (32+ chars).")


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key-that-is-long-enough-for-tests"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SOCKETIO_ASYNC_MODE = "threading"
    REDIS_URL = None
    SOCKETIO_MESSAGE_QUEUE = None
    RATELIMIT_STORAGE_URI = None
    PROCESS_NAME = "test"
    TALLY_WINDOW_SECONDS = 0.05
    VOTE_BATCH_SECONDS = 0.005
    RATELIMIT_ENABLED = False
    PUBLIC_URL = "http://townhall.test"


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestConfig,
}


def config_from_env():
    return CONFIGS[os.environ.get("TOWNHALL_CONFIG", "development")]
