"""``flask --app leergang staff create``: make the first real admin or a partner account."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlmodel import select

from leergang.auth.models import Role, StaffUser
from leergang.auth.services import hash_password
from leergang.db import new_session

staff_cli = AppGroup("staff", help="Staff accounts.")


@staff_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option(
    "--school",
    default=None,
    help="The school's number or exact name (flask school list). Teachers and admins need one.",
)
@click.password_option()
def create(email: str, name: str, role: str, school: str | None, password: str) -> None:
    """Create a staff account (the password is asked twice, never echoed)."""
    if len(password) < 12:
        raise click.ClickException("Use a password of at least 12 characters.")
    if school is None and Role(role) in (Role.TEACHER, Role.ADMIN):
        raise click.ClickException(
            f"A {role} works in a school: add --school (create one with flask school create)."
        )
    with new_session(write=True) as session:
        school_id = _school_id(session, school)
        if session.exec(select(StaffUser).where(StaffUser.email == email.lower())).first():
            raise click.ClickException(f"{email} already has an account.")
        session.add(
            StaffUser(
                email=email.lower(),
                display_name=name,
                role=Role(role),
                password_hash=hash_password(password),
                school_id=school_id,
            )
        )
        session.commit()
    click.echo(f"Created {role} {email}.")


@staff_cli.command("set-school")
@click.option("--email", required=True)
@click.option("--school", required=True, help="The school's number or exact name.")
def set_school(email: str, school: str) -> None:
    """Link an existing staff account to a school (e.g. one created before --school existed)."""
    with new_session(write=True) as session:
        user = session.exec(select(StaffUser).where(StaffUser.email == email.lower())).first()
        if user is None:
            raise click.ClickException(f"No account for {email}.")
        user.school_id = _school_id(session, school)
        session.add(user)
        session.commit()
    click.echo(f"{email} now belongs to school {school}.")


def _school_id(session, ref: str | None) -> int | None:
    from leergang.ops.schools import SchoolNotFound, find_school

    if ref is None:
        return None
    try:
        return find_school(session=session, ref=ref).id
    except SchoolNotFound as error:
        raise click.ClickException(str(error)) from error


def register(app: Flask) -> None:
    app.cli.add_command(staff_cli)
