"""The lesson library page: modules that loaded, and (for admins and authors) the problems in
files that were skipped, each as ``file:line: message``."""

from __future__ import annotations

import os

from flask import Blueprint, current_app
from flask_babel import gettext
from flask_login import current_user

from leergang.auth.access import Capability, staff_required
from leergang.library import get_library, get_modules
from leergang.web import render

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/lessons")
@staff_required(Capability.SEE_LESSONS)
def lessons():
    """All modules and games, and the files the app had to skip with what to change in them."""
    library = get_library()
    show_problems = current_user.can(Capability.SEE_FILE_PROBLEMS)
    root = current_app.config["LESSONS_DIR"]
    problems = []
    if show_problems:
        for problem in library.problems:
            text = problem.format(gettext)
            problems.append(text.replace(os.path.dirname(root) + os.sep, "", 1))
    return render(
        "admin/lessons.html",
        modules=list(get_modules().values()),  # in the UI language
        scenarios=list(library.scenarios.values()),
        problems=problems,
        show_problems=show_problems,
    )
