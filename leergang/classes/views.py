"""Teacher pages: my classes, a class's pupils, unlocking a pupil."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from leergang.auth.access import staff_required
from leergang.auth.models import Role
from leergang.auth.services import format_class_code, unlock_pupil
from leergang.classes import services
from leergang.db import get_session
from leergang.web import render

bp = Blueprint("classes", __name__, url_prefix="/classes")


def _class_or_404(code: str):
    classroom = services.visible_class(session=get_session(), user=current_user, code=code)
    if classroom is None:
        abort(404)
    return classroom


@bp.get("/")
@staff_required(Role.TEACHER, Role.ADMIN)
def index():
    """My classes, each with its class code."""
    classes = services.classes_for(session=get_session(), user=current_user)
    return render("classes/index.html", classes=classes, format_code=format_class_code)


@bp.get("/<code>")
@staff_required(Role.TEACHER, Role.ADMIN)
def detail(code: str):
    """A class's pupils, with their sign-in secret and whether they are locked out."""
    classroom = _class_or_404(code)
    pupils = services.pupils_of(session=get_session(), classroom=classroom)
    return render(
        "classes/detail.html",
        classroom=classroom,
        pupils=pupils,
        class_code=format_class_code(classroom.code),
    )


@bp.post("/<code>/pupils/<public_id>/unlock")
@staff_required(Role.TEACHER, Role.ADMIN)
def unlock(code: str, public_id: str):
    """Let a pupil who was locked out by wrong tries sign in again."""
    session = get_session()
    classroom = _class_or_404(code)
    pupil = next(
        (
            p
            for p in services.pupils_of(session=session, classroom=classroom)
            if p.public_id == public_id
        ),
        None,
    )
    if pupil is None:
        abort(404)
    unlock_pupil(session=session, pupil=pupil)
    flash(_("%(name)s can sign in again.", name=pupil.display_name), "success")
    return redirect(url_for("classes.detail", code=classroom.code))
