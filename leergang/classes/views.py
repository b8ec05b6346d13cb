"""Teacher pages: classes, pupils, login cards, a lesson's teacher view and one pupil's work.

Assigning work and the progress grid are in ``assignments/views.py``; the login card's QR link and
school invitations in ``auth/views.py``.

Classes are addressed by their random ``public_id`` (never the class code or a sequential id).
Every page works with JavaScript off (POST-redirect-GET); htmx only refreshes the progress grid.
"""

from __future__ import annotations

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from leergang.auth.access import Capability, staff_required
from leergang.auth.services import format_class_code, unlock_class, unlock_pupil
from leergang.classes import reports, services, versions
from leergang.classes.forms import (
    ClassForm,
    ClassNameForm,
    CoTeacherForm,
    PupilListForm,
    RenameForm,
)
from leergang.classes.models import Classroom, Pupil, SecretKind
from leergang.classes.pages import class_or_404, pupil_or_404
from leergang.classes.schoolyear import current_school_year, school_today, school_year_choices
from leergang.db import get_session
from leergang.games.services import runs_for_pupil_page
from leergang.library import get_library, get_module, get_scenarios
from leergang.metrics import record
from leergang.web import markdown_for, render

bp = Blueprint("classes", __name__, url_prefix="/classes")


def _to_class(classroom: Classroom, anchor: str = ""):
    return redirect(url_for("classes.detail", class_id=classroom.public_id) + anchor)


# --- Classes ---------------------------------------------------------------------------------


@bp.get("/")
@staff_required(Capability.TEACH)
def index():
    """My classes with their codes; archived classes below."""
    session = get_session()
    return render(
        "classes/index.html",
        classes=services.classes_for(session=session, user=current_user, archived=False),
        archived=services.classes_for(session=session, user=current_user, archived=True),
    )


@bp.route("/new", methods=["GET", "POST"])
@staff_required(Capability.CREATE_CLASS)
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
@staff_required(Capability.TEACH)
def detail(class_id: str):
    """A class: its code, its pupils with their picture password, and adding pupils."""
    classroom = class_or_404(class_id)
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
@staff_required(Capability.TEACH)
def new_code(class_id: str):
    """Give the class a new code; the old code stops working at once."""
    classroom = class_or_404(class_id)
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
@staff_required(Capability.TEACH)
def settings(class_id: str):
    """Co-teachers and archiving."""
    classroom = class_or_404(class_id)
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
@staff_required(Capability.TEACH)
def rename_class(class_id: str):
    """Give the class another name (the code, pupils and work stay)."""
    classroom = class_or_404(class_id)
    form = ClassNameForm()
    if not form.validate_on_submit():
        return _settings_page(classroom, CoTeacherForm(), form, status=422)
    services.rename_class(session=get_session(), classroom=classroom, name=form.name.data)
    flash(_("The class is now called %(name)s.", name=classroom.name), "success")
    return redirect(url_for("classes.settings", class_id=classroom.public_id))


@bp.post("/<class_id>/teachers/<int:teacher_id>/remove")
@staff_required(Capability.TEACH)
def remove_teacher(class_id: str, teacher_id: int):
    """Take a (co-)teacher off the class; a class always keeps one teacher."""
    classroom = class_or_404(class_id)
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
@staff_required(Capability.TEACH)
def add_teacher(class_id: str):
    """Add a co-teacher of the same school."""
    classroom = class_or_404(class_id)
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
@staff_required(Capability.TEACH)
def archive(class_id: str):
    """End of the school year: pupils can no longer sign in."""
    classroom = class_or_404(class_id)
    services.archive_class(session=get_session(), classroom=classroom, today=school_today())
    flash(_("%(name)s is archived. Its pupils can no longer sign in.", name=classroom.name))
    return redirect(url_for("classes.index"))


@bp.post("/<class_id>/restore")
@staff_required(Capability.TEACH)
def restore(class_id: str):
    """Bring an archived class back (before its data is deleted)."""
    classroom = class_or_404(class_id)
    services.restore_class(session=get_session(), classroom=classroom)
    flash(_("%(name)s is active again.", name=classroom.name), "success")
    return _to_class(classroom)


# --- Pupils ----------------------------------------------------------------------------------


@bp.post("/<class_id>/pupils")
@staff_required(Capability.TEACH)
def add_pupils(class_id: str):
    """Add pupils from a pasted list of first names, one per line."""
    session = get_session()
    classroom = class_or_404(class_id)
    form = PupilListForm()
    if not form.validate_on_submit():
        return _detail_page(classroom, form, 422)
    existing = [p.display_name for p in services.pupils_of(session=session, classroom=classroom)]
    parsed = services.parse_names(form.names.data, existing=existing)
    try:
        services.add_pupils(session=session, classroom=classroom, names=parsed.names)
    except services.ClassFull as full:
        form.names.errors.append(
            _(
                "A class has at most %(max)d pupils; there is room for %(room)d more.",
                max=services.MAX_PUPILS,
                room=full.room,
            )
        )
        return _detail_page(classroom, form, 422)
    if parsed.names:
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
@staff_required(Capability.TEACH)
def rename(class_id: str, pupil_id: str):
    """Change a pupil's name."""
    session = get_session()
    classroom = class_or_404(class_id)
    pupil = pupil_or_404(classroom, pupil_id)
    form = RenameForm()
    if request.method == "GET":
        form.name.data = pupil.display_name
    if form.validate_on_submit():
        old = pupil.display_name
        try:
            name = services.rename_pupil(session=session, pupil=pupil, name=form.name.data)
        except services.NameTaken:
            form.name.errors.append(_("Another pupil in this class already has this name."))
        else:
            flash(_("%(old)s is now called %(new)s.", old=old, new=name), "success")
            return _to_class(classroom, "#pupils")
    status = 422 if form.errors else 200
    return render("classes/rename.html", classroom=classroom, pupil=pupil, form=form), status


@bp.route("/<class_id>/pupils/<pupil_id>/remove", methods=["GET", "POST"])
@staff_required(Capability.TEACH)
def remove(class_id: str, pupil_id: str):
    """Delete a pupil and all their work, after asking."""
    classroom = class_or_404(class_id)
    pupil = pupil_or_404(classroom, pupil_id)
    if request.method == "POST":
        name = pupil.display_name
        services.delete_pupil(session=get_session(), pupil=pupil)
        flash(_("%(name)s and all their work are deleted.", name=name), "success")
        return _to_class(classroom, "#pupils")
    return render("classes/remove.html", classroom=classroom, pupil=pupil)


@bp.post("/<class_id>/pupils/<pupil_id>/unlock")
@staff_required(Capability.TEACH)
def unlock(class_id: str, pupil_id: str):
    """Reset one pupil's wrong tries (and any wait they cause)."""
    classroom = class_or_404(class_id)
    pupil = pupil_or_404(classroom, pupil_id)
    unlock_pupil(session=get_session(), pupil=pupil)
    flash(_("%(name)s can sign in again.", name=pupil.display_name), "success")
    return _to_class(classroom, "#pupils")


@bp.post("/<class_id>/unlock")
@staff_required(Capability.TEACH)
def unlock_all(class_id: str):
    """Reset the wrong tries of every pupil in the class (after someone guessed at them)."""
    classroom = class_or_404(class_id)
    count = unlock_class(session=get_session(), classroom=classroom)
    flash(ngettext("%(num)d pupil can sign in again.", "%(num)d pupils can sign in again.", count))
    return _to_class(classroom, "#pupils")


@bp.post("/<class_id>/pupils/<pupil_id>/research")
@staff_required(Capability.TEACH)
def research_use(class_id: str, pupil_id: str):
    """Keep a pupil's anonymous data out of research (a parent objected), or allow it again."""
    classroom = class_or_404(class_id)
    pupil = pupil_or_404(classroom, pupil_id)
    choice = request.form.get("research_use")
    if choice not in ("yes", "no"):
        abort(400)
    record.set_research_use(session=get_session(), pupil=pupil, allowed=choice == "yes")
    if choice == "no":
        message = _("%(name)s's data is no longer used for research.", name=pupil.display_name)
    else:
        message = _("%(name)s's data may be used for research again.", name=pupil.display_name)
    flash(message, "success")
    return redirect(url_for("classes.pupil", class_id=classroom.public_id, pupil_id=pupil_id))


@bp.post("/<class_id>/pupils/<pupil_id>/secret")
@staff_required(Capability.TEACH)
def new_secret(class_id: str, pupil_id: str):
    """A new picture password or PIN; the old one and the old card stop working."""
    classroom = class_or_404(class_id)
    pupil = pupil_or_404(classroom, pupil_id)
    services.give_new_secret(session=get_session(), pupil=pupil)
    flash(
        _("%(name)s has a new password. Print a new card for them.", name=pupil.display_name),
        "success",
    )
    return redirect(url_for("classes.card", class_id=classroom.public_id, pupil_id=pupil_id))


@bp.post("/<class_id>/pupils/<pupil_id>/card")
@staff_required(Capability.TEACH)
def new_card(class_id: str, pupil_id: str):
    """Reprint one pupil's card: the QR code on the old card stops working."""
    classroom = class_or_404(class_id)
    pupil = pupil_or_404(classroom, pupil_id)
    services.revoke_card(session=get_session(), pupil=pupil)
    flash(_("New card for %(name)s. The old card no longer works.", name=pupil.display_name))
    return redirect(url_for("classes.card", class_id=classroom.public_id, pupil_id=pupil_id))


# --- Login cards -----------------------------------------------------------------------------


def _card(pupil: Pupil) -> dict:
    token = services.card_token(pupil=pupil, secret_key=current_app.config["SECRET_KEY"])
    url = url_for("auth.card_login", token=token, _external=True)
    return {
        "pupil": pupil,
        "qr": segno.make(url, error="m").svg_data_uri(scale=4, border=2),
        "url": url,
    }


@bp.get("/<class_id>/cards")
@staff_required(Capability.TEACH)
def cards(class_id: str):
    """Print page: 8 login cards per A4 with name, class code, picture password and QR code."""
    classroom = class_or_404(class_id)
    pupils = services.pupils_of(session=get_session(), classroom=classroom)
    return render("classes/cards.html", classroom=classroom, cards=[_card(p) for p in pupils])


@bp.get("/<class_id>/pupils/<pupil_id>/card")
@staff_required(Capability.TEACH)
def card(class_id: str, pupil_id: str):
    """Print page with one pupil's card."""
    classroom = class_or_404(class_id)
    pupil = pupil_or_404(classroom, pupil_id)
    return render("classes/cards.html", classroom=classroom, cards=[_card(pupil)], single=pupil)


@bp.get("/<class_id>/modules/<module_id>")
@staff_required(Capability.TEACH)
def module(class_id: str, module_id: str):
    """A lesson for the teacher: guide, every step with the right answer, and (for the class
    discussion) the questions most pupils got wrong with the answers they chose."""
    classroom = class_or_404(class_id)
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
        versions=versions.module_versions(
            session=get_session(), classroom=classroom, module_id=module.id
        ),
    )


@bp.get("/<class_id>/pupils/<pupil_id>/")
@staff_required(Capability.TEACH)
def pupil(class_id: str, pupil_id: str):
    """One pupil's answers and reflections."""
    classroom = class_or_404(class_id)
    pupil = pupil_or_404(classroom, pupil_id)
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
