"""Command-line tasks: ``flask --app leergang db upgrade``, ``… demo`` (set up the demo school)."""

from __future__ import annotations

import os

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
        school = seed_demo(session=session, history=True, draft=True)
    # The port `flask run` will use (./dev start sets it from PORT).
    port = os.environ.get("FLASK_RUN_PORT", "5000")
    click.echo(f"\nLeergang demo school is ready. Open http://127.0.0.1:{port}\n")
    if school.history is not None:
        click.echo(
            f"History: anonymous events of {len(school.history.classes)} earlier classes"
            " (one comparison class) for the evaluator's report and the item statistics.\n"
        )
    click.echo(f"Staff (password for all: {DEMO_PASSWORD}):")
    for email, role in school.staff:
        click.echo(f"  {role:<10} {email}")
    from leergang.demo_authoring import DEMO_DRAFT, DEMO_ORGANISATION, DEMO_REVIEWER

    click.echo(
        f"\nPartner organisation {DEMO_ORGANISATION}: auteur@demo.leergang.nl writes,"
        f" {DEMO_REVIEWER} reviews. A new version of {DEMO_DRAFT} waits for review at"
        f" /author/module/{DEMO_DRAFT}/review"
    )
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
    app.cli.add_command(translate_cli)


translate_cli = AppGroup("translate", help="Babel catalogs: extract, update, compile.")
TRANSLATIONS = "leergang/translations"
BABEL_ARGS = ["-F", "babel.cfg", "-k", "_l", "-k", "N_", "--no-location", "--sort-output"]


def _pybabel(*args: str) -> None:
    import subprocess
    import sys

    from leergang.config import ROOT

    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT, check=True)


@translate_cli.command("update")
def translate_update() -> None:
    """Extract messages from code and templates and merge them into every catalog."""
    _pybabel("extract", *BABEL_ARGS, "-o", "messages.pot", ".")
    _pybabel("update", "-i", "messages.pot", "-d", TRANSLATIONS, "--no-fuzzy-matching")


@translate_cli.command("compile")
def translate_compile() -> None:
    """Compile the catalogs into the .mo files the app reads (not committed)."""
    _pybabel("compile", "-d", TRANSLATIONS)


@translate_cli.command("init")
@click.argument("lang")
def translate_init(lang: str) -> None:
    """Start a catalog for a new language."""
    _pybabel("extract", *BABEL_ARGS, "-o", "messages.pot", ".")
    _pybabel("init", "-i", "messages.pot", "-d", TRANSLATIONS, "-l", lang)
