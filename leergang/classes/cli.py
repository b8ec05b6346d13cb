"""``flask --app leergang retention run``: delete the data of long-archived classes (for cron)."""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup

from leergang.db import new_session

retention = AppGroup("retention", help="Delete pupil data of archived classes after retention.")


@retention.command("run")
@click.option("--dry-run", is_flag=True, help="Only report what would be deleted.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Pretend it is this date (YYYY-MM-DD); for tests and checks.",
)
def run(dry_run: bool, today) -> None:
    """Delete archived classes whose retention period has passed, with all their pupils' data.

    Prints each class with how many pupils and answers went; never a pupil's name.
    """
    from leergang.classes.retention import run_retention
    from leergang.classes.schoolyear import school_today

    day: date = today.date() if today else school_today()
    with new_session(write=True) as session:
        report = run_retention(
            session=session,
            today=day,
            extra_years=current_app.config["RETENTION_EXTRA_SCHOOL_YEARS"],
            dry_run=dry_run,
        )
    verb = "Would delete" if dry_run else "Deleted"
    for item in report:
        click.echo(
            f"{verb} class {item.class_name!r} (archived {item.archived_on.isoformat()}): "
            f"{item.pupils} pupils, {item.answers} answers."
        )
    pupils = sum(item.pupils for item in report)
    click.echo(
        f"{verb} {len(report)} archived classes, {pupils} pupils (retention check of "
        f"{day.isoformat()})."
    )
