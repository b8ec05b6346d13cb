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
@click.password_option()
def create(email: str, name: str, role: str, password: str) -> None:
    """Create a staff account (the password is asked twice, never echoed)."""
    if len(password) < 12:
        raise click.ClickException("Use a password of at least 12 characters.")
    with new_session(write=True) as session:
        if session.exec(select(StaffUser).where(StaffUser.email == email.lower())).first():
            raise click.ClickException(f"{email} already has an account.")
        session.add(
            StaffUser(
                email=email.lower(),
                display_name=name,
                role=Role(role),
                password_hash=hash_password(password),
            )
        )
        session.commit()
    click.echo(f"Created {role} {email}.")


def register(app: Flask) -> None:
    app.cli.add_command(staff_cli)
