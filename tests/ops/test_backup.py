"""``flask backup`` / ``restore`` (SQLite online backup API): what was backed up comes back."""

from __future__ import annotations

import sqlite3

import pytest
from sqlmodel import select

from leergang.classes.models import Pupil
from leergang.db import new_session
from leergang.ops.checks import sqlite_path
from tests.conftest import POSTGRES

sqlite_only = pytest.mark.skipif(bool(POSTGRES), reason="SQLite backups; PostgreSQL: pg_dump")


def _dump(path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


@sqlite_only
def test_backup_change_restore_gives_back_the_same_database(app, demo, tmp_path):
    database = sqlite_path(app.config["DATABASE_URL"])
    before = _dump(database)
    backup = tmp_path / "backup.db"
    result = _cli(app, "backup", str(backup))
    assert result.exit_code == 0, result.output
    assert _dump(backup) == before

    # Change data while the app's engine holds connections (as a running server would).
    with app.app_context(), new_session(write=True) as session:
        noor = session.exec(select(Pupil).where(Pupil.display_name == "Noor")).one()
        session.delete(noor)
        session.commit()
    changed = _dump(database)
    assert changed != before

    refused = _cli(app, "restore", str(backup))
    assert refused.exit_code == 1 and "--yes" in refused.output
    assert _dump(database) == changed

    result = _cli(app, "restore", str(backup), "--yes")
    assert result.exit_code == 0, result.output
    assert _dump(database) == before
    with app.app_context(), new_session() as session:
        assert session.exec(select(Pupil).where(Pupil.display_name == "Noor")).one()


@sqlite_only
def test_backup_does_not_overwrite_a_file_without_yes(app, tmp_path):
    target = tmp_path / "old.db"
    target.write_text("keep me")
    result = _cli(app, "backup", str(target))
    assert result.exit_code == 1 and "--yes" in result.output
    assert target.read_text() == "keep me"
    assert _cli(app, "backup", str(target), "--yes").exit_code == 0
    assert any("alembic_version" in line for line in _dump(target))


@sqlite_only
def test_restore_refuses_what_is_not_a_leergang_backup(app, tmp_path):
    database = sqlite_path(app.config["DATABASE_URL"])
    before = _dump(database)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    for path, message in ((junk, "not a SQLite database"), (other, "not a Leergang database"),
                          (tmp_path / "missing.db", "no backup file")):  # fmt: skip
        result = _cli(app, "restore", str(path), "--yes")
        assert result.exit_code == 1 and message in result.output, result.output
    assert _dump(database) == before


def test_postgresql_is_pointed_at_pg_dump(tmp_path):
    from leergang import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": "postgresql://nowhere/leergang"})
    for command in ("backup", "restore"):
        result = _cli(app, command, str(tmp_path / "x"))
        assert result.exit_code == 1 and "pg_dump" in result.output
    app.extensions["leergang.engine"].dispose()
