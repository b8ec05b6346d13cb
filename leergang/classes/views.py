"""Teacher pages: classes, pupils, login cards, assignments and progress.

Classes are addressed by their random ``public_id`` (never the class code or a sequential id).
Every page works with JavaScript off (POST-redirect-GET); htmx only refreshes the progress grid.
"""

from __future__ import annotations

from datetime import date

import segno
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    request,
    url_for,
)
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from wtforms.fields.choices import SelectChoice

from leergang.assignments import services as assignments
from leergang.assignments.kinds import KINDS, get_item
from leergang.auth.access import staff_required
from leergang.auth.models import Role
from leergang.auth.services import format_class_code, unlock_pupil
from leergang.classes import invites, reports, services
from leergang.classes.forms import (
    AssignmentForm,
    ClassForm,
    ClassNameForm,
    CoTeacherForm,
    InviteForm,
    JoinForm,
    PupilListForm,
    RenameForm,
)
from leergang.classes.models import Classroom, Pupil, SecretKind
from leergang.classes.schoolyear import current_school_year, school_today, school_year_choices
from leergang.db import get_session
from leergang.games.services import runs_for_pupil_page
from leergang.library import get_library, get_module, get_scenarios
from leergang.web import markdown_for, render

bp = Blueprint("classes", __name__, url_prefix="/classes")
# Pages outside /classes: school admin invites, the invite link, and the login-card QR link.
school_bp = Blueprint("school", __name__)

TEACHING = (Role.TEACHER, Role.ADMIN)


@bp.app_template_filter("format_date")
def _format_date(value: date, pattern: str = "d MMMM yyyy") -> str:
    return format_date(value, pattern)


@bp.app_template_filter("class_code")
def _class_code(code: str) -> str:
    return format_class_code(code)


def _class_or_404(class_id: str) -> Classroom:
    """The one access check for class pages: 404 for classes the user does not teach."""
    classroom = services.visible_class(session=get_session(), user=current_user, public_id=class_id)
    if classroom is None:
        abort(404)
    return classroom


def _pupil_or_404(classroom: Classroom, pupil_id: str) -> Pupil:
    pupil = services.find_pupil(session=get_session(), classroom=classroom, public_id=pupil_id)
    if pupil is None:
        abort(404)
    return pupil


def _to_class(classroom: Classroom, anchor: str = ""):
    return redirect(url_for("classes.detail", class_id=classroom.public_id) + anchor)


# --- Classes ---------------------------------------------------------------------------------


@bp.get("/")
@staff_required(*TEACHING)
def index():
    """My classes with their codes; archived classes below."""
    session = get_session()
    return render(
        "classes/index.html",
        classes=services.classes_for(session=session, user=current_user, archived=False),
        archived=services.classes_for(session=session, user=current_user, archived=True),
    )


@bp.route("/new", methods=["GET", "POST"])
@staff_required(Role.TEACHER)
def create():
    """Create a class: name, school year, level and how its pupils sign in."""
    form = ClassForm()
    form.school_year.choices = [SelectChoice(y) for y in school_year_choices()]
    if request.method == "GET":
        form.school_year.data = current_school_year()
    if form.validate_on_submit():
        classroom = services.create_class(
            session=get_session(),
            teacher=current_user,
            name=form.name.data,
            school_year=form.school_year.data,
            level=form.level.data,
            secret_kind=SecretKind(form.secret_kind.data),
        )
        flash(_("Class %(name)s is ready. Now add your pupils.", name=classroom.name), "success")
        return _to_class(classroom, "#add-pupils")
    return render("classes/new.html", form=form), 422 if form.errors else 200


@bp.get("/<class_id>/")
@staff_required(*TEACHING)
def detail(class_id: str):
    """A class: its code, its pupils with their picture password, and adding pupils."""
    classroom = _class_or_404(class_id)
    return _detail_page(classroom, PupilListForm())


def _detail_page(classroom: Classroom, pupil_form: PupilListForm, status: int = 200):
    session = get_session()
    return render(
        "classes/detail.html",
        classroom=classroom,
        pupils=services.pupils_of(session=session, classroom=classroom),
        pupil_form=pupil_form,
    ), status


@bp.post("/<class_id>/code")
@staff_required(*TEACHING)
def new_code(class_id: str):
    """Give the class a new code; the old code stops working at once."""
    classroom = _class_or_404(class_id)
    code = services.regenerate_code(session=get_session(), classroom=classroom)
    flash(
        _(
            "The new class code is %(code)s. The old code no longer works; print new cards.",
            code=format_class_code(code),
        ),
        "success",
    )
    return _to_class(classroom)


@bp.get("/<class_id>/settings")
@staff_required(*TEACHING)
def settings(class_id: str):
    """Co-teachers and archiving."""
    classroom = _class_or_404(class_id)
    return _settings_page(classroom, CoTeacherForm(), ClassNameForm(name=classroom.name))


def _settings_page(
    classroom: Classroom, form: CoTeacherForm, name_form: ClassNameForm, status: int = 200
):
    session = get_session()
    candidates = services.possible_co_teachers(session=session, classroom=classroom)
    form.teacher.choices = [SelectChoice(t.id, t.display_name) for t in candidates]
    return render(
        "classes/settings.html",
        classroom=classroom,
        teachers=services.teachers_of(session=session, classroom=classroom),
        form=form,
        name_form=name_form,
        candidates=candidates,
    ), status


@bp.post("/<class_id>/name")
@staff_required(*TEACHING)
def rename_class(class_id: str):
    """Give the class another name (the code, pupils and work stay)."""
    classroom = _class_or_404(class_id)
    form = ClassNameForm()
    if not form.validate_on_submit():
        return _settings_page(classroom, CoTeacherForm(), form, status=422)
    services.rename_class(session=get_session(), classroom=classroom, name=form.name.data)
    flash(_("The class is now called %(name)s.", name=classroom.name), "success")
    return redirect(url_for("classes.settings", class_id=classroom.public_id))


@bp.post("/<class_id>/teachers/<int:teacher_id>/remove")
@staff_required(*TEACHING)
def remove_teacher(class_id: str, teacher_id: int):
    """Take a (co-)teacher off the class; a class always keeps one teacher."""
    classroom = _class_or_404(class_id)
    teacher = services.remove_teacher(
        session=get_session(), classroom=classroom, teacher_id=teacher_id
    )
    if teacher is None:
        flash(_("A class always keeps at least one teacher."), "error")
    else:
        flash(_("%(name)s no longer teaches this class.", name=teacher.display_name), "success")
    if services.visible_class(session=get_session(), user=current_user, public_id=class_id):
        return redirect(url_for("classes.settings", class_id=classroom.public_id))
    return redirect(url_for("classes.index"))  # they took themselves off


@bp.post("/<class_id>/teachers")
@staff_required(*TEACHING)
def add_teacher(class_id: str):
    """Add a co-teacher of the same school."""
    classroom = _class_or_404(class_id)
    # The form's CSRF token is checked app-wide; only teachers of this school are accepted.
    teacher = services.add_co_teacher(
        session=get_session(),
        classroom=classroom,
        teacher_id=request.form.get("teacher", type=int) or 0,
    )
    if teacher is None:
        flash(_("Choose a teacher of your school."), "error")
        return redirect(url_for("classes.settings", class_id=classroom.public_id))
    flash(_("%(name)s now teaches this class too.", name=teacher.display_name), "success")
    return redirect(url_for("classes.settings", class_id=classroom.public_id))


@bp.post("/<class_id>/archive")
@staff_required(*TEACHING)
def archive(class_id: str):
    """End of the school year: pupils can no longer sign in."""
    classroom = _class_or_404(class_id)
    services.archive_class(session=get_session(), classroom=classroom, today=school_today())
    flash(_("%(name)s is archived. Its pupils can no longer sign in.", name=classroom.name))
    return redirect(url_for("classes.index"))


@bp.post("/<class_id>/restore")
@staff_required(*TEACHING)
def restore(class_id: str):
    """Bring an archived class back (before its data is deleted)."""
    classroom = _class_or_404(class_id)
    services.restore_class(session=get_session(), classroom=classroom)
    flash(_("%(name)s is active again.", name=classroom.name), "success")
    return _to_class(classroom)


# --- Pupils ----------------------------------------------------------------------------------


@bp.post("/<class_id>/pupils")
@staff_required(*TEACHING)
def add_pupils(class_id: str):
    """Add pupils from a pasted list of first names, one per line."""
    session = get_session()
    classroom = _class_or_404(class_id)
    form = PupilListForm()
    if not form.validate_on_submit():
        return _detail_page(classroom, form, 422)
    existing = [p.display_name for p in services.pupils_of(session=session, classroom=classroom)]
    parsed = services.parse_names(form.names.data, existing=existing)
    room = services.MAX_PUPILS - len(existing)
    if len(parsed.names) > room:
        form.names.errors.append(
            _(
                "A class has at most %(max)d pupils; there is room for %(room)d more.",
                max=services.MAX_PUPILS,
                room=room,
            )
        )
        return _detail_page(classroom, form, 422)
    if parsed.names:
        services.add_pupils(session=session, classroom=classroom, names=parsed.names)
        flash(
            ngettext("%(num)d pupil added.", "%(num)d pupils added.", len(parsed.names)),
            "success",
        )
    if parsed.duplicates:
        flash(
            _(
                "Skipped because the name is already in the class: %(names)s. "
                "Add a letter to tell them apart, for example Sem B.",
                names=", ".join(parsed.duplicates),
            ),
            "error",
        )
    if parsed.too_long:
        flash(
            _(
                "Skipped because the name is longer than %(max)d characters: %(names)s.",
                max=services.MAX_NAME_LENGTH,
                names=", ".join(parsed.too_long),
            ),
            "error",
        )
    if parsed.empty_lines:
        flash(
            ngettext(
                "%(num)d empty line was skipped.",
                "%(num)d empty lines were skipped.",
                parsed.empty_lines,
            )
        )
    return _to_class(classroom, "#pupils")


@bp.route("/<class_id>/pupils/<pupil_id>/rename", methods=["GET", "POST"])
@staff_required(*TEACHING)
def rename(class_id: str, pupil_id: str):
    """Change a pupil's name."""
    session = get_session()
    classroom = _class_or_404(class_id)
    pupil = _pupil_or_404(classroom, pupil_id)
    form = RenameForm()
    if request.method == "GET":
        form.name.data = pupil.display_name
    if form.validate_on_submit():
        name = " ".join(form.name.data.split())
        others = [
            p.display_name.casefold()
            for p in services.pupils_of(session=session, classroom=classroom)
            if p.id != pupil.id
        ]
        if name.casefold() in others:
            form.name.errors.append(_("Another pupil in this class already has this name."))
        else:
            old = pupil.display_name
            services.rename_pupil(session=session, pupil=pupil, name=name)
            flash(_("%(old)s is now called %(new)s.", old=old, new=name), "success")
            return _to_class(classroom, "#pupils")
    status = 422 if form.errors else 200
    return render("classes/rename.html", classroom=classroom, pupil=pupil, form=form), status


@bp.route("/<class_id>/pupils/<pupil_id>/remove", methods=["GET", "POST"])
@staff_required(*TEACHING)
def remove(class_id: str, pupil_id: str):
    """Delete a pupil and all their work, after asking."""
    classroom = _class_or_404(class_id)
    pupil = _pupil_or_404(classroom, pupil_id)
    if request.method == "POST":
        name = pupil.display_name
        services.delete_pupil(session=get_session(), pupil=pupil)
        flash(_("%(name)s and all their work are deleted.", name=name), "success")
        return _to_class(classroom, "#pupils")
    return render("classes/remove.html", classroom=classroom, pupil=pupil)


@bp.post("/<class_id>/pupils/<pupil_id>/unlock")
@staff_required(*TEACHING)
def unlock(class_id: str, pupil_id: str):
    """Let a pupil who was locked out by wrong tries sign in again."""
    classroom = _class_or_404(class_id)
    pupil = _pupil_or_404(classroom, pupil_id)
    unlock_pupil(session=get_session(), pupil=pupil)
    flash(_("%(name)s can sign in again.", name=pupil.display_name), "success")
    return _to_class(classroom, "#pupils")


@bp.post("/<class_id>/pupils/<pupil_id>/secret")
@staff_required(*TEACHING)
def new_secret(class_id: str, pupil_id: str):
    """A new picture password or PIN; the old one and the old card stop working."""
    classroom = _class_or_404(class_id)
    pupil = _pupil_or_404(classroom, pupil_id)
    services.give_new_secret(session=get_session(), pupil=pupil)
    flash(
        _("%(name)s has a new password. Print a new card for them.", name=pupil.display_name),
        "success",
    )
    return redirect(url_for("classes.card", class_id=classroom.public_id, pupil_id=pupil_id))


@bp.post("/<class_id>/pupils/<pupil_id>/card")
@staff_required(*TEACHING)
def new_card(class_id: str, pupil_id: str):
    """Reprint one pupil's card: the QR code on the old card stops working."""
    classroom = _class_or_404(class_id)
    pupil = _pupil_or_404(classroom, pupil_id)
    services.revoke_card(session=get_session(), pupil=pupil)
    flash(_("New card for %(name)s. The old card no longer works.", name=pupil.display_name))
    return redirect(url_for("classes.card", class_id=classroom.public_id, pupil_id=pupil_id))


# --- Login cards -----------------------------------------------------------------------------


def _card(pupil: Pupil) -> dict:
    token = services.card_token(pupil=pupil, secret_key=current_app.config["SECRET_KEY"])
    url = url_for("school.card_login", token=token, _external=True)
    return {
        "pupil": pupil,
        "qr": segno.make(url, error="m").svg_data_uri(scale=4, border=2),
        "url": url,
    }


@bp.get("/<class_id>/cards")
@staff_required(*TEACHING)
def cards(class_id: str):
    """Print page: 8 login cards per A4 with name, class code, picture password and QR code."""
    classroom = _class_or_404(class_id)
    pupils = services.pupils_of(session=get_session(), classroom=classroom)
    return render("classes/cards.html", classroom=classroom, cards=[_card(p) for p in pupils])


@bp.get("/<class_id>/pupils/<pupil_id>/card")
@staff_required(*TEACHING)
def card(class_id: str, pupil_id: str):
    """Print page with one pupil's card."""
    classroom = _class_or_404(class_id)
    pupil = _pupil_or_404(classroom, pupil_id)
    return render("classes/cards.html", classroom=classroom, cards=[_card(pupil)], single=pupil)


@school_bp.get("/pupil/card/<token>")
def card_login(token: str):
    """The QR code on a login card: sign this pupil in and open Mijn opdrachten."""
    session = get_session()
    pupil = services.pupil_for_card(
        session=session,
        token=token,
        secret_key=current_app.config["SECRET_KEY"],
        max_age=current_app.config["CARD_TOKEN_MAX_AGE"],
    )
    if pupil is None:
        return render(
            "error.html",
            title=_("This card does not work"),
            message=_(
                "Your teacher may have printed a new card. Sign in with your class code and "
                "your pictures, or ask your teacher."
            ),
        ), 404
    if current_user.is_authenticated:
        logout_user()
    login_user(pupil)
    return redirect(url_for("learn.index"))


# --- Assignments -----------------------------------------------------------------------------


def _item_choices(classroom: Classroom) -> list[SelectChoice]:
    """Grouped by kind; items for the class's level first, then the others."""
    groups = []
    for kind in KINDS.values():
        items = sorted(
            kind.items().values(), key=lambda i: (classroom.level not in i.levels, i.title)
        )
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


@bp.route("/<class_id>/assignments", methods=["GET", "POST"])
@staff_required(*TEACHING)
def assignment_list(class_id: str):
    """The class's assignments in order, and a form to assign something new."""
    session = get_session()
    classroom = _class_or_404(class_id)
    pupils = services.pupils_of(session=session, classroom=classroom)
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
            return redirect(url_for("classes.assignment_list", class_id=classroom.public_id))
    items = assignments.assignments_of(session=session, classroom=classroom)
    targets = assignments.targets_of(session=session, assignments=items)
    names = {p.id: p.display_name for p in pupils}
    rows = [
        {
            "assignment": a,
            "kind": KINDS.get(a.kind),
            "item": get_item(a.kind, a.item_id),
            "pupils": sorted(names[i] for i in targets.get(a.id, ()) if i in names),
        }
        for a in items
    ]
    status = 422 if form.errors else 200
    return render("classes/assignments.html", classroom=classroom, rows=rows, form=form), status


def _assignment_or_404(classroom: Classroom, assignment_id: str):
    found = assignments.find_assignment(
        session=get_session(), classroom=classroom, public_id=assignment_id
    )
    if found is None:
        abort(404)
    return found


@bp.post("/<class_id>/assignments/<assignment_id>/remove")
@staff_required(*TEACHING)
def remove_assignment(class_id: str, assignment_id: str):
    """Take an assignment back; what pupils did stays saved."""
    classroom = _class_or_404(class_id)
    assignment = _assignment_or_404(classroom, assignment_id)
    assignments.remove_assignment(session=get_session(), assignment=assignment)
    flash(_("The assignment is removed. What pupils did stays saved."))
    return redirect(url_for("classes.assignment_list", class_id=classroom.public_id))


@bp.post("/<class_id>/assignments/<assignment_id>/move")
@staff_required(*TEACHING)
def move_assignment(class_id: str, assignment_id: str):
    """Move an assignment up or down in the pupils' list."""
    classroom = _class_or_404(class_id)
    assignment = _assignment_or_404(classroom, assignment_id)
    direction = -1 if request.form.get("direction") == "up" else 1
    assignments.move_assignment(
        session=get_session(), classroom=classroom, assignment=assignment, direction=direction
    )
    return redirect(url_for("classes.assignment_list", class_id=classroom.public_id))


# --- Progress --------------------------------------------------------------------------------


def _grid(classroom: Classroom):
    session = get_session()
    pupils = services.pupils_of(session=session, classroom=classroom)
    return assignments.progress_grid(session=session, classroom=classroom, pupils=pupils)


@bp.get("/<class_id>/progress")
@staff_required(*TEACHING)
def progress(class_id: str):
    """Pupils × assignments; refreshes itself every few seconds while the page is visible."""
    classroom = _class_or_404(class_id)
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
@staff_required(*TEACHING)
def progress_csv(class_id: str):
    """The grid as a CSV file for Excel."""
    classroom = _class_or_404(class_id)
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


@bp.get("/<class_id>/modules/<module_id>")
@staff_required(*TEACHING)
def module(class_id: str, module_id: str):
    """A lesson for the teacher: guide, every step with the right answer, and (for the class
    discussion) the questions most pupils got wrong with the answers they chose."""
    classroom = _class_or_404(class_id)
    module = get_module(module_id)  # in the teacher's language, with that teacher guide
    if module is None:
        abort(404)
    show_names = request.args.get("names") == "1"
    return render(
        "classes/module.html",
        classroom=classroom,
        module=module,
        difficult=reports.difficult_questions(
            session=get_session(), classroom=classroom, module=module
        ),
        show_names=show_names,
        md=markdown_for(module),
        right_answer=reports.right_answer,
    )


@bp.get("/<class_id>/pupils/<pupil_id>/")
@staff_required(*TEACHING)
def pupil(class_id: str, pupil_id: str):
    """One pupil's answers and reflections."""
    classroom = _class_or_404(class_id)
    pupil = _pupil_or_404(classroom, pupil_id)
    return render(
        "classes/pupil.html",
        classroom=classroom,
        pupil=pupil,
        work=reports.pupil_work(session=get_session(), pupil=pupil, library=get_library()),
        describe=reports.describe_answer,
        games=runs_for_pupil_page(
            session=get_session(), classroom=classroom, pupil=pupil, scenarios=get_scenarios()
        ),
    )


# --- School admin: inviting teachers ---------------------------------------------------------


@school_bp.route("/school/invites", methods=["GET", "POST"])
@staff_required(Role.ADMIN)
def invite_teachers():
    """A school admin invites a teacher with a one-time link."""
    session = get_session()
    form = InviteForm()
    link = None
    if current_user.school_id is None:
        abort(403)
    if form.validate_on_submit():
        if invites.email_taken(session=session, email=form.email.data.strip()):
            form.email.errors.append(_("There is already an account with this e-mail address."))
        else:
            _invite, token = invites.create_invite(
                session=session,
                admin=current_user,
                email=form.email.data,
                valid_for=current_app.config["INVITE_VALID_FOR"],
            )
            link = url_for("school.join", token=token, _external=True)
            form.email.data = ""
    return render(
        "classes/invites.html",
        form=form,
        link=link,
        invites=invites.open_invites(session=session, school_id=current_user.school_id),
    ), 422 if form.errors else 200


@school_bp.route("/school/join/<token>", methods=["GET", "POST"])
def join(token: str):
    """The invite link: the new teacher chooses their name and password."""
    session = get_session()
    invite = invites.usable_invite(session=session, token=token)
    if invite is None:
        return render(
            "error.html",
            title=_("This invitation does not work"),
            message=_(
                "The link was used already or is more than a week old. Ask your school's "
                "admin for a new one."
            ),
        ), 404
    form = JoinForm()
    if form.validate_on_submit():
        if invites.email_taken(session=session, email=invite.email):
            abort(409)
        user = invites.accept_invite(
            session=session,
            invite=invite,
            display_name=form.display_name.data,
            password=form.password.data,
        )
        if current_user.is_authenticated:
            logout_user()
        login_user(user)
        flash(_("Welcome, %(name)s! Create your first class.", name=user.display_name), "success")
        return redirect(url_for("classes.index"))
    return render("classes/join.html", form=form, invite=invite), 422 if form.errors else 200
