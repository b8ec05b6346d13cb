"""The database engine and one SQLModel session per request.

SQLite is the embedded default: WAL, foreign keys and a busy timeout are switched on for every
connection, and requests that write open their transaction with ``BEGIN IMMEDIATE`` so that two
writers queue up instead of failing with "database is locked". ``DATABASE_URL`` switches to
PostgreSQL (psycopg 3) with no code change.

Writers queue on a file lock (``<database>-writelock``) before ``BEGIN IMMEDIATE``. SQLite's own
busy handler polls, sleeping 1, 2, 5 … 100 ms between tries: a writer that keeps coming back gets
the lock again and again while another one sleeps, for seconds at worst
(``benchmarks/sqlite_writers.py``). A waiter on the file lock wakes the moment it is released. The
wait has no timeout of its own: every holder is a request or a CLI command that ends, and
gunicorn's worker timeout bounds a request.
"""

from __future__ import annotations

import fcntl
import sqlite3
import threading

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


class WriteLockHeld(RuntimeError):
    """A thread asked for the SQLite write lock while holding it through another connection:
    waiting would never end."""


_held = threading.local()


class QueuedWriterConnection(sqlite3.Connection):
    """A SQLite connection whose write transactions queue on a file lock shared by every
    process using the same database file. The lock is taken just before ``BEGIN IMMEDIATE``
    and released after the ``COMMIT`` or ``ROLLBACK`` (or when the connection closes)."""

    def __init__(self, database, *args, **kwargs):
        super().__init__(database, *args, **kwargs)
        name = str(database)
        in_memory = name in ("", ":memory:") or "mode=memory" in name
        path = name.removeprefix("file:").split("?")[0]
        self._lock_path = None if in_memory else path + "-writelock"
        self._lock_file = None
        self._held_by: set[str] | None = None  # the holding thread's set of held locks

    def take_write_lock(self) -> None:
        if self._lock_path is None or self._held_by is not None:
            return
        held = getattr(_held, "paths", None)
        if held is None:
            held = _held.paths = set()
        if self._lock_path in held:
            raise WriteLockHeld(f"this thread already writes to {self._lock_path[:-10]}")
        if self._lock_file is None:
            self._lock_file = open(self._lock_path, "a")  # noqa: SIM115 - closed in close()
        fcntl.flock(self._lock_file, fcntl.LOCK_EX)
        self._held_by = held
        held.add(self._lock_path)

    def release_write_lock(self) -> None:
        """Release the lock; safe from any thread (the pool may close a connection elsewhere)."""
        if self._held_by is not None:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._held_by.discard(self._lock_path)
            self._held_by = None

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.release_write_lock()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.release_write_lock()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.release_write_lock()
            if self._lock_file is not None:
                self._lock_file.close()
                self._lock_file = None


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={
                "check_same_thread": False,
                "timeout": 15,
                "factory": QueuedWriterConnection,
            },
        )
        _configure_sqlite(engine)
        return engine
    engine = create_engine(url, pool_pre_ping=True, connect_args={"client_encoding": "utf8"})
    _require_utf8(engine)
    return engine


class DatabaseEncodingError(RuntimeError):
    """The PostgreSQL database does not store text as UTF-8."""


def _require_utf8(engine: Engine) -> None:
    """Refuse, with a message that says what to do, a database that is not UTF-8. A cluster made
    without a UTF-8 locale (``initdb`` with LANG unset) creates SQL_ASCII databases: psycopg hands
    their text over as bytes, and the app failed at start with a TypeError from deep inside
    SQLAlchemy. Connections ask for UTF-8, so the check itself can run."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Sent by the server at every start-up; a pooler that did not pass it on is trusted.
        encoding = dbapi_connection.info.parameter_status("server_encoding")
        if encoding is not None and encoding != "UTF8":
            name = dbapi_connection.info.dbname
            raise DatabaseEncodingError(
                f"PostgreSQL database {name!r} stores text as {encoding}; Leergang needs UTF8 "
                "(names such as Chloë, amounts in €). Create it with: "
                f"createdb --encoding=UTF8 --template=template0 {name}"
            )


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
            dbapi_connection = conn.connection.dbapi_connection
            dbapi_connection.take_write_lock()
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            except BaseException:
                dbapi_connection.release_write_lock()
                raise
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


class ReadOnlySession(RuntimeError):
    """A request wrote through its session after ``reads_only``: a programming error."""


def reads_only(session: Session) -> None:
    """Commit the session's writes and let the rest of the request only read.

    A POST that answers with a page (an answer's feedback, the next step, Mijn opdrachten after
    signing in) renders it after its write. On SQLite the session's next transaction would take
    the write lock again and hold it through the rendering, while every other writer waits; from
    here on it begins a plain read transaction instead. Writing after this raises
    ``ReadOnlySession`` at the flush, before anything reaches the database."""
    if session.in_transaction():
        session.commit()
    session.execution_options = session.execution_options.union(
        {"sqlite_immediate": False, "leergang_reads_only": True}
    )


@event.listens_for(Session, "before_flush")
def _refuse_writes_after_reads_only(session, _context, _instances) -> None:
    if session.execution_options.get("leergang_reads_only"):
        raise ReadOnlySession("this request's session only reads now (leergang.db.reads_only)")


def reads_first(view):
    """Mark a POST view that reads and seldom writes, such as a sign-in: its session begins
    without SQLite's write lock, so a class signing in at once is not served one pupil at a
    time. A write in it must come after ``write_from_here``; an ORM write before that raises
    ``ReadOnlySession``."""
    view.leergang_reads_first = True
    return view


def write_from_here(session: Session) -> None:
    """End the session's read transaction and take the write lock for the next one (a
    ``reads_first`` view about to write). What was read before may have changed meanwhile, as
    between two statements on PostgreSQL: write with one statement that needs no earlier read
    (``UPDATE … SET n = n + 1``), or read again after this."""
    if session.in_transaction():
        session.commit()
    session.execution_options = session.execution_options.union(
        {"sqlite_immediate": True, "leergang_reads_only": False}
    )


def _view_reads_first() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "leergang_reads_first", False))


def get_session() -> Session:
    """The request's session, created on first use and closed at teardown. A request that may
    write (POST, PUT, PATCH, DELETE) takes SQLite's write lock with its first query, unless its
    view is marked ``reads_first``."""
    if "db" not in g:
        write = has_request_context() and request.method in WRITE_METHODS
        g.db = new_session(write=write)
        if write and _view_reads_first():
            reads_only(g.db)  # nothing to commit yet: it only reads from the start
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
