"""The lesson library page: modules that loaded, and (for admins and authors) the problems in
files that were skipped, each as ``file:line: message``."""

from __future__ import annotations

import os

from flask import Blueprint, current_app
from flask_babel import gettext
from flask_login import current_user

from leergang.auth.access import Capability, staff_required
from leergang.library import get_library, get_modules, get_store
from leergang.web import render

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/lessons")
@staff_required(Capability.SEE_LESSONS)
def lessons():
    """All modules and games with where each comes from (lessons folder or published in the
    browser), the files the app had to skip, and ids whose folder and database versions clash."""
    library = get_library()
    show_problems = current_user.can(Capability.SEE_FILE_PROBLEMS)
    root = current_app.config["LESSONS_DIR"]
    problems = []
    if show_problems:
        for problem in library.problems:
            text = problem.format(gettext)
            problems.append(text.replace(os.path.dirname(root) + os.sep, "", 1))
    store = get_store()
    conflicts = store.conflicts() if show_problems else []
    sources = {key: store.source_of(*key) for key in _content_keys(library)}
    return render(
        "admin/lessons.html",
        conflicts=conflicts,
        sources=sources,
        modules=list(get_modules().values()),  # in the UI language
        scenarios=list(library.scenarios.values()),
        problems=problems,
        show_problems=show_problems,
    )


def _content_keys(library) -> list[tuple[str, str]]:
    return [("module", i) for i in library.modules] + [("game", i) for i in library.scenarios]
