"""Running Leergang for real: install (school + staff), deploy checks, backups, request limits.

``init_app`` adds the guard that explains to staff without a school why their pages are empty,
the "request too large" page, download names gunicorn accepts, and the ``school``,
``check-deploy``, ``backup`` and ``restore`` commands.
"""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from leergang.auth.models import Role

# Pages that only make sense inside a school: every teacher page and the admin's invitations.
SCHOOL_BLUEPRINTS = frozenset({"classes"})
SCHOOL_ENDPOINTS = frozenset({"school.invite_teachers"})


def _needs_school() -> bool:
    if request.blueprint not in SCHOOL_BLUEPRINTS and request.endpoint not in SCHOOL_ENDPOINTS:
        return False
    user = current_user
    return (
        user.is_authenticated
        and user.is_staff
        and user.role in (Role.TEACHER, Role.ADMIN)
        and user.school_id is None
    )


def no_school_page():
    """Staff made without a school (e.g. by ``staff create`` with no ``--school``) get this."""
    if not _needs_school():
        return None
    return render_template(
        "error.html",
        title=_("Your account is not linked to a school"),
        message=_(
            "Classes and invitations belong to a school. Ask the person who installed Leergang "
            "to link your account to your school, then open this page again."
        ),
    ), 403


def refuse_nul_characters():
    """A NUL character is never part of a name, code or answer, and PostgreSQL cannot store
    one in a text column (a 500 there): refuse it in the path, query or form up front."""
    values = [request.path, *request.args.values()]
    if request.method == "POST" and request.mimetype in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        values += request.form.values()
    if any("\x00" in value for value in values):
        return render_template(
            "error.html",
            title=_("This could not be read"),
            message=_("What was sent contains a character that cannot be used. Please retype it."),
        ), 400
    return None


def request_too_large(_error):
    return render_template(
        "error.html",
        title=_("That was too much at once"),
        message=_(
            "What you sent is larger than Leergang accepts. Send less at a time, for example "
            "fewer names per list."
        ),
    ), 413


def init_app(app: Flask) -> None:
    from leergang.ops.cli import register
    from leergang.ops.downloads import safe_download_name

    app.before_request(refuse_nul_characters)
    app.before_request(no_school_page)
    app.after_request(safe_download_name)
    app.register_error_handler(413, request_too_large)
    register(app)
