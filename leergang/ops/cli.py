"""Commands for whoever runs the server: ``school``, ``check-deploy``, ``backup``, ``restore``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlmodel import select

from leergang.db import new_session
from leergang.ops import backup as backups
from leergang.ops.checks import deploy_problems, sqlite_path, worker_count

school_cli = AppGroup("school", help="Schools: every class and teacher belongs to one.")


@school_cli.command("create")
@click.option("--name", required=True, help='The school\'s name, e.g. "OBS De Regenboog".')
def school_create(name: str) -> None:
    """Create a school; then create its admin with ``staff create --school``."""
    from leergang.ops.schools import create_school

    with new_session(write=True) as session:
        try:
            school = create_school(session=session, name=name)
        except ValueError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"Created school {school.id}: {school.name}")


@school_cli.command("list")
def school_list() -> None:
    """Every school with its number."""
    from leergang.classes.models import School

    with new_session() as session:
        for school in session.exec(select(School).order_by(School.id)):
            click.echo(f"{school.id:>4}  {school.name}")


@click.command("check-deploy")
@with_appcontext
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="gunicorn workers (default: WEB_CONCURRENCY, else -w in GUNICORN_CMD_ARGS, else 1).",
)
def check_deploy(workers: int | None) -> None:
    """List insecure or fragile settings; exit 1 when there is any."""
    app = current_app
    problems = deploy_problems(app.config, debug=app.debug, workers=worker_count(workers))
    for problem in problems:
        click.echo(f"PROBLEM: {problem}")
    if problems:
        raise SystemExit(1)
    click.echo("OK")


def _sqlite_database(action: str) -> Path:
    path = sqlite_path(current_app.config["DATABASE_URL"])
    if path is None:
        raise click.ClickException(
            f"{action} handles SQLite databases. For PostgreSQL use pg_dump / pg_restore "
            "(see 'Backups' in the README)."
        )
    return path


@click.command("backup")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Overwrite FILE if it exists.")
def backup(file: Path, yes: bool) -> None:
    """Copy the SQLite database to FILE while the app keeps running."""
    database = _sqlite_database("backup")
    if file.exists() and not yes:
        raise click.ClickException(f"{file} exists; add --yes to overwrite it.")
    if file.exists():
        file.unlink()
    try:
        backups.backup_sqlite(database=database, target=file)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up {database} to {file}.")


@click.command("restore")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the current database's contents.")
def restore(file: Path, yes: bool) -> None:
    """Replace the SQLite database with the backup in FILE (asks for --yes)."""
    database = _sqlite_database("restore")
    if backups.database_has_data(database) and not yes:
        raise click.ClickException(
            f"This replaces everything in {database} with {file}. Add --yes to do it."
        )
    try:
        backups.restore_sqlite(backup=file, database=database)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {database} from {file}. Restart the app's workers.")


def register(app: Flask) -> None:
    app.cli.add_command(school_cli)
    app.cli.add_command(check_deploy)
    app.cli.add_command(backup)
    app.cli.add_command(restore)
