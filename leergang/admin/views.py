"""The lesson library page: modules that loaded, and (for admins and authors) the problems in
files that were skipped, each as ``file:line: message``; and the evaluation programmes."""

from __future__ import annotations

import os

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user

from leergang.admin import programmes as programme_admin
from leergang.auth.access import Capability, staff_required
from leergang.db import get_session
from leergang.library import get_library, get_modules, get_store
from leergang.metrics.models import PHASES, Measure
from leergang.metrics.report import MEASURE_LABELS, PHASE_LABELS
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


# -- evaluation programmes (issue 10) -----------------------------------------------------------


def _programme_or_404(programme_id: int):
    from leergang.metrics.models import Programme

    if programme_id > 2**31 - 1:  # beyond any id the database holds (and beyond its integers)
        abort(404)
    programme = get_session().get(Programme, programme_id)
    if programme is None:
        abort(404)
    return programme


@bp.get("/programmes")
@staff_required(Capability.MANAGE_PROGRAMMES)
def programmes():
    """Evaluation programmes, and a form to start one."""
    return render("admin/programmes.html", programmes=programme_admin.all_programmes(
        session=get_session()))  # fmt: skip


@bp.post("/programmes")
@staff_required(Capability.MANAGE_PROGRAMMES)
def create_programme():
    """Start a programme; its name must be new and not empty."""
    name = request.form.get("name", "").strip()
    if not name or len(name) > 120:
        flash(gettext("Give the programme a name of at most 120 characters."), "error")
        return redirect(url_for("admin.programmes")), 303
    programme = programme_admin.create(session=get_session(), name=name)
    if programme is None:
        flash(gettext("A programme with that name already exists."), "error")
        return redirect(url_for("admin.programmes")), 303
    return redirect(url_for("admin.programme", programme_id=programme.id))


@bp.get("/programmes/<int:programme_id>")
@staff_required(Capability.MANAGE_PROGRAMMES)
def programme(programme_id: int):
    """One programme: its schools, evaluators, cost and Go/No-Go criteria."""
    programme = _programme_or_404(programme_id)
    session = get_session()
    return render(
        "admin/programme.html",
        programme=programme,
        **programme_admin.details(session=session, programme=programme),
        phases=PHASES,
        measures=Measure.ALL,
        phase_labels=PHASE_LABELS,
        measure_labels=MEASURE_LABELS,
    )


@bp.post("/programmes/<int:programme_id>")
@staff_required(Capability.MANAGE_PROGRAMMES)
def update_programme(programme_id: int):
    """Add a school, an evaluator or a criterion, remove a criterion, or set the cost."""
    programme = _programme_or_404(programme_id)
    try:
        programme_admin.apply(session=get_session(), programme=programme, form=request.form)
    except ValueError:
        abort(400, gettext("That change could not be made: check the form."))
    flash(gettext("Programme saved."), "success")
    return redirect(url_for("admin.programme", programme_id=programme.id))
