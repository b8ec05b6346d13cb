"""The database engine and one SQLModel session per request.

SQLite is the embedded default: WAL, foreign keys and a busy timeout are switched on for every
connection, and requests that write open their transaction with ``BEGIN IMMEDIATE`` so that two
writers queue up instead of failing with "database is locked". ``DATABASE_URL`` switches to
PostgreSQL (psycopg 3) with no code change.
"""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def normalise_url(url: str) -> str:
    """Accept the common ``postgres://`` spellings and always use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, decide when a transaction begins (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows (children's names) are overwritten, not left in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Read-then-write transactions must take the write lock up front, or two writers that
        # both read first deadlock and one of them gets "database is locked".
        if conn.get_execution_options().get("sqlite_immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def init_app(app: Flask) -> None:
    app.extensions["leergang.engine"] = make_engine(app.config["DATABASE_URL"])
    app.teardown_appcontext(close_session)


def get_engine() -> Engine:
    return current_app.extensions["leergang.engine"]


def new_session(*, write: bool = False) -> Session:
    """A session outside a request (CLI commands, tests); ``write`` takes the SQLite write lock."""
    return Session(
        get_engine(), expire_on_commit=False, execution_options={"sqlite_immediate": write}
    )


def get_session() -> Session:
    """The request's session, created on first use and closed at teardown."""
    if "db" not in g:
        write = has_request_context() and request.method in WRITE_METHODS
        g.db = new_session(write=write)
    return g.db


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.close()


def checkpoint_deletions(session) -> None:
    """After deleting personal data on SQLite, move the write-ahead log into the database file
    and empty it, so deleted names leave both files now rather than at some later checkpoint.

    Call it after the commit: a checkpoint cannot run inside a transaction. Readers still busy
    elsewhere make it partial (it never waits); the next deletion or checkpoint finishes it."""
    engine = session.get_bind()
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()
