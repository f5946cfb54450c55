"""The switch that runs the tests on PostgreSQL: TEST_DATABASE_URL.

- unset: every test app is on a SQLite file (the default);
- `TEST_DATABASE_URL=postgresql`: a throwaway PostgreSQL server is started for the run (in a temporary
  folder, on loopback; scripts/local_servers.py), and stopped at its end;
- `TEST_DATABASE_URL=postgresql+psycopg://user@host:port/db`: that server is used (the role needs CREATEDB).

Each test's database (one per file name a test asks for, so that two apps on one name share it, as
a restart does) is a copy of a template database whose tables are made once per run from the
models, dropped when the test ends. `make test` runs the service and socket suites this way too.
"""
import atexit
import itertools
import os
import re
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

from scripts import local_servers

SETTING = os.environ.get("TEST_DATABASE_URL", "").strip()
ENABLED = bool(SETTING)
TEMPLATE = "townhall_test_template"

_server: local_servers.Postgres | None = None
_databases: dict[Path, dict[str, str]] = {}  # test folder -> {file name: database}
_numbers = itertools.count(1)


def server() -> local_servers.Postgres:
    """The server for this run, started (and its template made) on first use."""
    global _server
    if _server is None:
        if SETTING == "postgresql":
            folder = Path(tempfile.mkdtemp(prefix="townhall-pg-"))
            _server = local_servers.start_postgres(folder, log=folder / "postgres.log")
            atexit.register(_server.stop)
        else:
            url = make_url(SETTING)
            _server = local_servers.Postgres(folder=Path("."), port=url.port or 5432, process=_Outside())
        _make_template(_server)
    return _server


class _Outside:
    """A server this run did not start: nothing to stop."""

    def poll(self):
        return 0


def _make_template(server: local_servers.Postgres) -> None:
    from townhall import create_app
    from townhall.config import TestConfig
    from townhall.extensions import db

    local_servers.create_database(server, TEMPLATE)
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=server.database_url(TEMPLATE))
    with app.app_context():
        db.create_all()
        db.session.remove()
        db.engine.dispose()


def database_for(db_path) -> str:
    """The URL of the PostgreSQL database standing for the SQLite file db_path in this test."""
    path = Path(db_path)
    names = _databases.setdefault(path.parent, {})
    if path.name not in names:
        label = re.sub(r"[^a-z0-9]+", "_", path.stem.lower())[:20]
        names[path.name] = f"t{os.getpid()}_{next(_numbers)}_{label}"
        local_servers.create_database(server(), names[path.name], template=TEMPLATE)
    return server().database_url(names[path.name])


def drop_databases(folder) -> None:
    """Drop the databases made for the test whose folder this is."""
    for name in _databases.pop(Path(folder), {}).values():
        local_servers.drop_database(server(), name)


def empty_database(name: str) -> str:
    """A new database with no tables (for migrations from nothing), dropped by drop_empty()."""
    return local_servers.create_database(server(), f"t{os.getpid()}_{name}")


def drop_empty(name: str) -> None:
    local_servers.drop_database(server(), f"t{os.getpid()}_{name}")
