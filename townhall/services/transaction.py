"""One use case = one transaction, with side effects run only after commit.

On SQLite a use case's transaction starts with BEGIN IMMEDIATE, so a
read-then-write never fails half-way on a lock upgrade (see ARCHITECTURE.md).

Waiting for SQLite's write lock (held by another process, or by another greenlet of this one) is done
here, in one place: SQLite's own busy handler sleeps inside the C call, which under gevent stalls every
phone of the process for as long as it waits (measured: a lock held 10 s elsewhere froze /healthz and
every socket for 10 s, then the command died on "database is locked" with no answer). So SQLite waits
only a moment itself (BUSY_TIMEOUT_MS), and BEGIN IMMEDIATE is tried again with a sleep that yields
(gevent patches time.sleep) until LOCK_WAIT_SECONDS have passed; then the command is refused with
DatabaseBusy (code "busy", 503 with Retry-After): nothing was written, the phone may try again.
"""
import sqlite3
import time
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ..errors import DatabaseBusy
from ..extensions import db

BUSY_TIMEOUT_MS = 20  # SQLite's own wait inside one call: the longest a lock can stall the process
LOCK_WAIT_SECONDS = 5.0  # how long a use case waits for the write lock before it is refused "busy"
_RETRY_PAUSES = (0.005, 0.01, 0.02, 0.05, 0.1)  # then 0.1 s between tries

_writing: ContextVar[bool] = ContextVar("townhall_writing", default=False)
_after_commit: ContextVar[list | None] = ContextVar("townhall_after_commit", default=None)
P = ParamSpec("P")
R = TypeVar("R")


def on_commit(callback: Callable[[], object]) -> None:
    """Run callback after the current use case commits; dropped on rollback."""
    pending = _after_commit.get()
    if pending is None:
        raise RuntimeError("on_commit() called outside a use case")
    pending.append(callback)


def in_use_case() -> bool:
    """True inside a use case's transaction (SQLite: holding the write lock)."""
    return _writing.get()


def use_case(fn: Callable[P, R]) -> Callable[P, R]:
    """Wrap a service function: one transaction, commit once, then side effects."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if _writing.get():  # nested use case: part of the outer transaction
            return fn(*args, **kwargs)
        db.session.rollback()  # end any read transaction the caller had open
        callbacks: list[Callable[[], object]] = []
        tokens = (_writing.set(True), _after_commit.set(callbacks))
        try:
            result = fn(*args, **kwargs)
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
        finally:
            _writing.reset(tokens[0])
            _after_commit.reset(tokens[1])
        for callback in callbacks:
            callback()
        return result

    return wrapper


def flush_unique(obj: object, error: Exception) -> None:
    """Add obj and flush now, turning a unique-constraint violation into error."""
    try:
        with db.session.begin_nested():
            db.session.add(obj)
            db.session.flush()
    except IntegrityError:
        raise error from None


def install_sqlite_pragmas(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        if _writing.get():
            _begin_immediate(conn.connection.driver_connection)
        else:
            conn.exec_driver_sql("BEGIN")


def _begin_immediate(dbapi_connection, wait: float | None = None) -> None:
    """BEGIN IMMEDIATE, tried again with a yielding sleep while another connection holds the write lock;
    DatabaseBusy once `wait` seconds (LOCK_WAIT_SECONDS) have passed."""
    deadline = time.monotonic() + (LOCK_WAIT_SECONDS if wait is None else wait)
    for attempt in range(1_000_000):
        try:
            dbapi_connection.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() >= deadline:
                raise DatabaseBusy() from None
        time.sleep(_RETRY_PAUSES[min(attempt, len(_RETRY_PAUSES) - 1)])
