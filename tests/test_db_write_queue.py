"""SQLite writers queue on a file lock in front of ``BEGIN IMMEDIATE`` (leergang.db): a waiting
writer goes on the moment the one before it commits, instead of polling in SQLite's busy handler
(benchmarks/sqlite_writers.py shows the difference in waiting times)."""

from __future__ import annotations

import fcntl
import sqlite3
import threading
import time

import pytest
from sqlalchemy import text
from sqlmodel import Session

from leergang.db import (
    QueuedWriterConnection,
    ReadOnlySession,
    WriteLockHeld,
    make_engine,
    reads_only,
)


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "queue.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)")
    yield engine, tmp_path / "queue.db-writelock"
    engine.dispose()


def _writer(engine) -> Session:
    return Session(engine, execution_options={"sqlite_immediate": True})


def _free(lock_path) -> bool:
    """Whether another process could take the write queue's lock right now."""
    with open(lock_path, "a") as other:
        try:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(other, fcntl.LOCK_UN)
        return True


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_a_writer_holds_the_queue_from_its_first_query_until_its_transaction_ends(database, end):
    engine, lock_path = database
    session = _writer(engine)
    session.execute(text("INSERT INTO t (x) VALUES (1)"))
    assert not _free(lock_path)
    getattr(session, end)()
    assert _free(lock_path)
    with Session(engine) as reader:
        kept = reader.execute(text("SELECT count(*) FROM t")).scalar_one()
    assert kept == (1 if end == "commit" else 0)


def test_a_reader_does_not_queue(database):
    engine, lock_path = database
    with Session(engine) as reader:
        reader.execute(text("SELECT count(*) FROM t"))
        assert _free(lock_path)


def test_a_second_writer_waits_for_the_first_commit_and_then_writes(database):
    engine, _ = database
    first = _writer(engine)
    first.execute(text("INSERT INTO t (x) VALUES (1)"))
    asking = threading.Event()
    seen = {}

    def second_writer():
        with _writer(engine) as second:
            asking.set()
            seen["count"] = second.execute(text("SELECT count(*) FROM t")).scalar_one()
            seen["at"] = time.perf_counter()
            second.execute(text("INSERT INTO t (x) VALUES (2)"))
            second.commit()

    thread = threading.Thread(target=second_writer)
    thread.start()
    assert asking.wait(5)
    time.sleep(0.05)  # the second writer is now waiting; were the lock broken it would be in
    committed_at = time.perf_counter()
    first.commit()
    first.close()
    thread.join(5)
    assert not thread.is_alive()
    assert seen["at"] > committed_at
    assert seen["count"] == 1  # it saw the first writer's row: it began after that commit
    with Session(engine) as reader:
        assert reader.execute(text("SELECT x FROM t ORDER BY x")).scalars().all() == [1, 2]


def test_one_thread_writing_through_two_sessions_gets_an_error_not_a_hang(database):
    engine, lock_path = database
    with _writer(engine) as first:
        first.execute(text("INSERT INTO t (x) VALUES (1)"))
        with _writer(engine) as second, pytest.raises(WriteLockHeld):
            second.execute(text("INSERT INTO t (x) VALUES (2)"))
        first.commit()
    assert _free(lock_path)


def test_an_in_memory_database_needs_no_queue():
    engine = make_engine("sqlite://")
    with _writer(engine) as session:
        session.execute(text("CREATE TABLE t (x INTEGER)"))
        session.execute(text("INSERT INTO t (x) VALUES (1)"))
        session.commit()


def test_a_connection_closed_by_another_thread_frees_the_lock_for_its_first_thread(database):
    """The pool may close a connection in another thread than the one that wrote through it."""
    engine, lock_path = database
    database_file = str(lock_path)[: -len("-writelock")]
    first = sqlite3.connect(database_file, factory=QueuedWriterConnection, check_same_thread=False)
    first.take_write_lock()
    closer = threading.Thread(target=first.close)
    closer.start()
    closer.join(5)
    assert _free(lock_path)
    with _writer(engine) as again:  # this thread is not taken to hold the lock any more
        again.execute(text("INSERT INTO t (x) VALUES (1)"))
        again.commit()


def test_after_reads_only_a_request_reads_without_holding_the_queue(database):
    """A POST that renders a page after its write (leergang.db.reads_only) frees the queue for
    the next writer while it renders, and cannot write by mistake afterwards."""
    engine, lock_path = database
    session = _writer(engine)
    session.execute(text("INSERT INTO t (x) VALUES (1)"))
    assert not _free(lock_path)
    reads_only(session)
    assert _free(lock_path)  # committed: the next writer goes on
    assert session.execute(text("SELECT count(*) FROM t")).scalar_one() == 1
    assert _free(lock_path)  # and the read that follows does not queue
    with _writer(engine) as other:  # another request writes meanwhile
        other.execute(text("INSERT INTO t (x) VALUES (2)"))
        other.commit()
    session.close()
    with Session(engine) as reader:
        assert reader.execute(text("SELECT count(*) FROM t")).scalar_one() == 2


def test_a_write_after_reads_only_is_refused_before_it_reaches_the_database(database):
    from sqlalchemy import Integer
    from sqlalchemy.orm import DeclarativeBase, mapped_column

    class Base(DeclarativeBase):  # its own metadata: the app's models stay as they are
        pass

    class Row(Base):
        __tablename__ = "t"
        id = mapped_column(Integer, primary_key=True)
        x = mapped_column(Integer)

    engine, lock_path = database
    session = _writer(engine)
    reads_only(session)
    session.add(Row(x=3))
    with pytest.raises(ReadOnlySession):
        session.flush()
    session.rollback()
    assert _free(lock_path)
    with Session(engine) as reader:
        assert reader.execute(text("SELECT count(*) FROM t")).scalar_one() == 0
