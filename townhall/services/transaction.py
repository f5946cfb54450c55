"""One use case = one transaction, with side effects run only after commit.

On SQLite a use case's transaction starts with BEGIN IMMEDIATE, so a
read-then-write never fails half-way on a lock upgrade (see ARCHITECTURE.md).
"""
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ..extensions import db

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
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _writing.get() else "BEGIN")
