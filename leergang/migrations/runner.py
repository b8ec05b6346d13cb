"""Run Alembic from the app: ``flask --app leergang db upgrade`` and friends."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from flask import current_app

HERE = Path(__file__).resolve().parent


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    # Date-prefixed revision files, so the history reads in order.
    config.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    config.set_main_option("sqlalchemy.url", url or current_app.config["DATABASE_URL"])
    return config


def upgrade(revision: str = "head") -> None:
    from leergang.db import get_engine

    config = alembic_config()
    config.attributes["engine"] = get_engine()
    command.upgrade(config, revision)


def revision(message: str, autogenerate: bool = True) -> None:
    command.revision(alembic_config(), message=message, autogenerate=autogenerate)
