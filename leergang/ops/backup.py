"""SQLite backups with the online backup API: safe while the app is serving requests.

PostgreSQL installs use ``pg_dump``/``pg_restore`` instead (see the README).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class BackupError(RuntimeError):
    """A backup or restore that cannot be done, with what to do instead."""


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    with target:
        source.backup(target)


def backup_sqlite(*, database: Path, target: Path) -> None:
    """Copy the live database into ``target`` page by page (consistent, no lock-out)."""
    if not database.exists():
        raise BackupError(f"There is no database at {database}.")
    source = sqlite3.connect(database)
    copy = sqlite3.connect(target)
    try:
        _copy(source, copy)
    finally:
        copy.close()
        source.close()


def _check_backup(path: Path) -> None:
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = connection.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database ({error}).") from error
    if ok != "ok":
        raise BackupError(f"{path} is damaged: {ok}")
    if "alembic_version" not in tables:
        raise BackupError(f"{path} is not a Leergang database (no alembic_version table).")


def database_has_data(database: Path) -> bool:
    if not database.exists() or database.stat().st_size == 0:
        return False
    connection = sqlite3.connect(database)
    try:
        return connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    finally:
        connection.close()


def restore_sqlite(*, backup: Path, database: Path) -> None:
    """Replace the database's contents with the backup's, through the same backup API."""
    _check_backup(backup)
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    live = sqlite3.connect(database)
    try:
        _copy(source, live)
        # Leave no old pages behind in the write-ahead log.
        live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        live.close()
        source.close()
