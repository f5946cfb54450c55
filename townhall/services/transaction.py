"""One use case = one transaction, with side effects run only after commit.

On SQLite a use case's transaction starts with BEGIN IMMEDIATE, so a
read-then-write never fails half-way on a lock upgrade (see ARCHITECTURE.md).

On PostgreSQL (READ COMMITTED) writers run side by side: a use case that reads, decides and writes
takes row locks first (`get_event(code, lock=True)`, `SELECT ... FOR UPDATE` in a fixed order) or writes with a
conditional UPDATE. What the database still refuses is handled here, once for every use case:
- a deadlock or a serialization failure: the use case reruns from the start (ATTEMPTS in all), its
  after-commit side effects collected afresh, so they run once, for the attempt that committed;
- a unique violation that escapes the use case (two writers inserting the same thing at once), or a
  foreign-key violation (a row referred to was deleted meanwhile, or one being deleted is referred to):
  rerun too (the rerun sees the winner's rows and its own checks usually refuse clearly); if it
  persists, a 409 `conflict`, never a 500.

Waiting for SQLite's write lock (held by another process, or by another greenlet of this one) is done
here, in one place: SQLite's own busy handler sleeps inside the C call, which under gevent stalls every
phone of the process for as long as it waits (measured: a lock held 10 s elsewhere froze /healthz and
every socket for 10 s, then the command died on "database is locked" with no answer). So SQLite waits
only a moment itself (BUSY_TIMEOUT_MS), and BEGIN IMMEDIATE is tried again with a sleep that yields
(gevent patches time.sleep) until LOCK_WAIT_SECONDS have passed; then the command is refused with
DatabaseBusy (code "busy", 503 with Retry-After): nothing was written, the phone may try again.
"""
import random
import sqlite3
import time
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from ..errors import Conflict, DatabaseBusy
from ..extensions import db

BUSY_TIMEOUT_MS = 20  # SQLite's own wait inside one call: the longest a lock can stall the process
LOCK_WAIT_SECONDS = 5.0  # how long a use case waits for the write lock before it is refused "busy"
_RETRY_PAUSES = (0.005, 0.01, 0.02, 0.05, 0.1)  # then 0.1 s between tries

_writing: ContextVar[bool] = ContextVar("townhall_writing", default=False)
_after_commit: ContextVar[list | None] = ContextVar("townhall_after_commit", default=None)
P = ParamSpec("P")
R = TypeVar("R")

ATTEMPTS = 4  # runs of a use case that meets deadlocks, serialization failures or unique/foreign-key violations
RETRY_SQLSTATES = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected
CONFLICT_SQLSTATES = frozenset({"23505", "23503"})  # unique_violation, foreign_key_violation
SQLITE_CONFLICTS = frozenset({"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY",
                              "SQLITE_CONSTRAINT_FOREIGNKEY"})


def _sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None)


def retryable(exc: DBAPIError) -> bool:
    """A deadlock or serialization failure: the transaction lost a race and may simply run again."""
    return _sqlstate(exc) in RETRY_SQLSTATES


def unique_violation(exc: DBAPIError) -> bool:
    """A unique or foreign-key violation: what two writers racing on the same rows run into."""
    return isinstance(exc, IntegrityError) and (
        _sqlstate(exc) in CONFLICT_SQLSTATES or getattr(exc.orig, "sqlite_errorname", None) in SQLITE_CONFLICTS)


def conflict() -> Conflict:
    return Conflict(_l("Someone else changed this at the same moment. Reload and try again."), code="conflict")


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
        attempt = 1
        while True:
            try:
                result, callbacks = _attempt(fn, args, kwargs)
                break
            except DBAPIError as exc:
                again = retryable(exc) or unique_violation(exc)
                if not again or attempt >= ATTEMPTS:
                    if unique_violation(exc):
                        raise conflict() from exc
                    if again:  # still losing races after ATTEMPTS runs: nothing stored, say so
                        raise DatabaseBusy() from exc
                    raise
            attempt += 1
            time.sleep(random.uniform(0, 0.02 * attempt))  # noqa: S311 - jitter, not a secret
        for callback in callbacks:
            callback()
        return result

    return wrapper


def _attempt(fn: Callable[..., R], args, kwargs) -> tuple[R, list[Callable[[], object]]]:
    """One run of the use case in its own transaction: (its result, its after-commit callbacks)."""
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
    return result, callbacks


def lock_rows(model, ids) -> None:
    """Hold these rows until commit (SELECT ... FOR NO KEY UPDATE, ascending id: two use cases locking
    overlapping rows never wait for each other in a circle), and reload any already in the session,
    so that what is decided next is decided on the rows as committed. On SQLite the use case's
    BEGIN IMMEDIATE already holds the whole database: the statement reads, nothing more.

    NO KEY UPDATE is the lock an UPDATE of the row takes: it waits for other writers of the row, not
    for inserts of rows that refer to it (their foreign key check takes KEY SHARE), so a use case that
    inserts a child row first and then locks the parent does not deadlock with another doing the same."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return
    db.session.scalars(select(model).where(model.id.in_(wanted)).order_by(model.id)
                       .with_for_update(key_share=True).execution_options(populate_existing=True)).all()


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
