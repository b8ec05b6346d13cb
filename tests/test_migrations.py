"""Alembic owns the schema: upgrade from empty works, and the models match the migrations."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import leergang.models  # noqa: F401
from leergang.db import get_engine


def test_upgrade_head_from_empty_creates_every_table(app):
    # The per-test database was made by `alembic upgrade head` from an empty database.
    with app.app_context():
        tables = set(inspect(get_engine()).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_models_and_migrations_agree(app):
    with app.app_context(), get_engine().connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == [], f"write a migration: flask --app leergang db revision -m '…' ({diff})"


def test_revision_files_are_date_prefixed():
    from leergang.migrations.runner import HERE

    names = [p.name for p in (HERE / "versions").glob("*.py")]
    assert names and all(name[:8].isdigit() and name[8] == "_" for name in names)
