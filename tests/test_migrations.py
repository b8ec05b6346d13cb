"""Alembic owns the schema: upgrade from empty works, and the models match the migrations."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import leergang.models  # noqa: F401
from leergang.db import get_engine, make_engine


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


# --- Every path through the history ends at the models' schema --------------------------------


def _revisions() -> list[str]:
    """Every revision, oldest first."""
    from alembic.script import ScriptDirectory

    from leergang.migrations.runner import alembic_config

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _migrate(url: str, *steps: tuple[str, str]) -> list:
    """Run ``(upgrade|downgrade, revision)`` steps; return the differences to the models."""
    from alembic import command

    from leergang.migrations.runner import alembic_config

    engine = make_engine(url)
    try:
        config = alembic_config(url)
        config.attributes["engine"] = engine
        for action, revision in steps:
            getattr(command, action)(config, revision)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            current = context.get_current_revision()
            diff = compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()
    assert current == _revisions()[-1]
    return diff


REVISIONS = _revisions()


@pytest.mark.db
@pytest.mark.parametrize("start", ["base", *REVISIONS[:-1]])
def test_upgrade_from_every_revision_reaches_the_models(empty_database, start):
    steps = [("upgrade", start)] if start != "base" else []
    assert _migrate(empty_database, *steps, ("upgrade", "head")) == []


@pytest.mark.db
def test_downgrade_one_step_and_upgrade_again(empty_database):
    steps = [("upgrade", "head"), ("downgrade", "-1"), ("upgrade", "head")]
    assert _migrate(empty_database, *steps) == []
