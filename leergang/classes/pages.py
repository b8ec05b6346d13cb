"""What every teacher page about one class starts with: the one access check (404 for a class the
user may not see, and for a pupil of another class)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from leergang.classes import services
from leergang.classes.models import Classroom, Pupil
from leergang.db import get_session


def class_or_404(class_id: str) -> Classroom:
    """The class behind ``class_id`` if the signed-in user may see it; 404 otherwise."""
    classroom = services.visible_class(session=get_session(), user=current_user, public_id=class_id)
    if classroom is None:
        abort(404)
    return classroom


def pupil_or_404(classroom: Classroom, pupil_id: str) -> Pupil:
    pupil = services.find_pupil(session=get_session(), classroom=classroom, public_id=pupil_id)
    if pupil is None:
        abort(404)
    return pupil
