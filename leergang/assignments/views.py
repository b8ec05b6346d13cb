"""Teacher pages for a class's work: assigning lessons and games, and the live progress grid.

Same URLs as the class pages (``/classes/<class_id>/...``) and the same access check; every page
works with JavaScript off (POST-redirect-GET), htmx only refreshes the progress grid.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from leergang.assignments import reports
from leergang.assignments import services as assignments
from leergang.assignments.kinds import KINDS, get_item
from leergang.auth.access import Capability, staff_required
from leergang.classes import services as classes
from leergang.classes.forms import AssignmentForm
from leergang.classes.models import Classroom, Pupil
from leergang.classes.pages import class_or_404
from leergang.classes.schoolyear import school_today
from leergang.content import curriculum_key
from leergang.db import get_session
from leergang.library import get_modules
from leergang.web import render

bp = Blueprint("assignments", __name__, url_prefix="/classes")


# --- Assignments -----------------------------------------------------------------------------


def _item_choices(classroom: Classroom) -> list[SelectChoice]:
    """Grouped by kind; items for the class's level first, in curriculum order, then the others."""
    # An empty first choice, so an early click on "Assign" assigns nothing by accident.
    groups = [SelectChoice("", _("Choose a lesson or game"))]
    for kind in KINDS.values():
        items = sorted(kind.items().values(), key=lambda i: curriculum_key(i, classroom.level))
        options = []
        for item in items:
            label = item.title
            if classroom.level not in item.levels:
                label = _("%(title)s (other level)", title=item.title)
            options.append(SelectChoice(f"{kind.name}:{item.id}", label, optgroup=str(kind.label)))
        groups.extend(options)
    return groups


def _assignment_form(classroom: Classroom, pupils: list[Pupil]) -> AssignmentForm:
    form = AssignmentForm()
    form.item.choices = _item_choices(classroom)
    form.pupils.choices = [SelectChoice(p.public_id, p.display_name) for p in pupils]
    return form


def _to_list(classroom: Classroom):
    return redirect(url_for("assignments.assignment_list", class_id=classroom.public_id))


@bp.route("/<class_id>/assignments", methods=["GET", "POST"])
@staff_required(Capability.TEACH)
def assignment_list(class_id: str):
    """The class's assignments in order, and a form to assign something new."""
    session = get_session()
    classroom = class_or_404(class_id)
    pupils = classes.pupils_of(session=session, classroom=classroom)
    form = _assignment_form(classroom, pupils)
    if request.method == "GET" and "item" in request.args:
        form.item.data = request.args["item"]
    if form.validate_on_submit():
        kind, _sep, item_id = form.item.data.partition(":")
        item = get_item(kind, item_id)
        if item is None:
            form.item.errors = [_("Choose something from the list.")]
        else:
            chosen = None
            if form.who.data == "pupils":
                by_id = {p.public_id: p for p in pupils}
                chosen = [by_id[pid] for pid in form.pupils.data if pid in by_id]
            assignments.create_assignment(
                session=session,
                classroom=classroom,
                kind=kind,
                item_id=item_id,
                pupils=chosen,
                starts_on=form.starts_on.data,
                due_on=form.due_on.data,
            )
            flash(_("%(title)s is assigned.", title=item.title), "success")
            return _to_list(classroom)
    items = assignments.assignments_of(session=session, classroom=classroom)
    targets = assignments.targets_of(session=session, assignments=items)
    names = {p.id: p.display_name for p in pupils}
    rows = [
        {
            "assignment": a,
            "kind": KINDS.get(a.kind),
            "item": get_item(a.kind, a.item_id),
            "pupils": sorted(
                (names[i] for i in targets.get(a.id, ()) if i in names), key=classes.name_key
            ),
        }
        for a in items
    ]
    lessons = sorted(
        (m for m in get_modules().values() if classroom.level in m.levels),
        key=lambda m: curriculum_key(m, classroom.level),
    )
    status = 422 if form.errors else 200
    return render(
        "classes/assignments.html", classroom=classroom, rows=rows, form=form, lessons=lessons
    ), status


def _assignment_or_404(classroom: Classroom, assignment_id: str):
    found = assignments.find_assignment(
        session=get_session(), classroom=classroom, public_id=assignment_id
    )
    if found is None:
        abort(404)
    return found


@bp.post("/<class_id>/assignments/<assignment_id>/remove")
@staff_required(Capability.TEACH)
def remove_assignment(class_id: str, assignment_id: str):
    """Take an assignment back; what pupils did stays saved."""
    classroom = class_or_404(class_id)
    assignment = _assignment_or_404(classroom, assignment_id)
    assignments.remove_assignment(session=get_session(), assignment=assignment)
    flash(_("The assignment is removed. What pupils did stays saved."))
    return _to_list(classroom)


@bp.post("/<class_id>/assignments/<assignment_id>/move")
@staff_required(Capability.TEACH)
def move_assignment(class_id: str, assignment_id: str):
    """Move an assignment up or down in the pupils' list."""
    classroom = class_or_404(class_id)
    assignment = _assignment_or_404(classroom, assignment_id)
    direction = -1 if request.form.get("direction") == "up" else 1
    assignments.move_assignment(
        session=get_session(), classroom=classroom, assignment=assignment, direction=direction
    )
    return _to_list(classroom)


# --- Progress --------------------------------------------------------------------------------


def _grid(classroom: Classroom):
    session = get_session()
    pupils = classes.pupils_of(session=session, classroom=classroom)
    return assignments.progress_grid(session=session, classroom=classroom, pupils=pupils)


@bp.get("/<class_id>/progress")
@staff_required(Capability.TEACH)
def progress(class_id: str):
    """Pupils × assignments; refreshes itself every few seconds while the page is visible."""
    classroom = class_or_404(class_id)
    return render(
        "classes/progress.html",
        "grid",
        classroom=classroom,
        grid=_grid(classroom),
        poll_seconds=current_app.config["PROGRESS_POLL_SECONDS"],
        minutes=reports.minutes,
        state_label=reports.state_label,
        done_count=reports.done_count,
    )


@bp.get("/<class_id>/progress.csv")
@staff_required(Capability.TEACH)
def progress_csv(class_id: str):
    """The grid as a CSV file for Excel."""
    classroom = class_or_404(class_id)
    body = reports.grid_csv(_grid(classroom))
    safe = "".join(c if c.isalnum() else "-" for c in classroom.name).strip("-")
    filename = f"{safe}-{school_today().isoformat()}.csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
