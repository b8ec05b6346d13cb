"""Command-line tasks: ``flask --app leergang db upgrade``, ``… demo`` (set up the demo school)."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from leergang.auth.services import format_class_code
from leergang.db import new_session

db_cli = AppGroup("db", help="Database schema (Alembic).")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Bring the database schema up to date."""
    from leergang.migrations.runner import upgrade

    upgrade(revision)
    click.echo(f"Database at {revision}.")


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    from leergang.migrations.runner import revision

    revision(message)


@click.command("demo")
def demo() -> None:
    """Migrate the database and create the demo school; print how to sign in."""
    from leergang.demo import DEMO_PASSWORD, seed_demo
    from leergang.migrations.runner import upgrade

    if not current_app.config["ALLOW_DEMO_ACCOUNTS"]:
        raise click.ClickException(
            "The demo school has published passwords: run it only with --debug."
        )
    upgrade()
    with new_session(write=True) as session:
        school = seed_demo(session=session)
    click.echo("\nLeergang demo school is ready. Open http://127.0.0.1:5000\n")
    click.echo(f"Staff (password for all: {DEMO_PASSWORD}):")
    for email, role in school.staff:
        click.echo(f"  {role:<10} {email}")
    for classroom in school.classes:
        kind = "PIN" if classroom.secret_kind == "pin" else "picture password"
        click.echo(
            f"\nPupils of {classroom.name} - class code {format_class_code(classroom.code)}"
            f" ({kind}):"
        )
        for pupil in school.pupils[classroom.code]:
            click.echo(f"  {pupil.display_name:<10} {pupil.secret}")
    click.echo("")


def register(app: Flask) -> None:
    app.cli.add_command(db_cli)
    app.cli.add_command(demo)
