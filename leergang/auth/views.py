"""Sign-in pages. Pupils: class code, then their name, then their picture password or PIN, or the
QR code on their login card. Staff: e-mail and password, or a school admin's invitation link."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from leergang.auth import invites
from leergang.auth.access import Capability, can, staff_required
from leergang.auth.forms import (
    ClassCodeForm,
    InviteForm,
    JoinForm,
    PictureForm,
    PinForm,
    StaffLoginForm,
)
from leergang.auth.pictures import BY_KEY, PICTURES, SECRET_LENGTH, parse_picked
from leergang.auth.services import (
    SignInResult,
    authenticate_staff,
    check_pupil_secret,
    find_classroom,
    find_pupil,
    format_class_code,
)
from leergang.classes.models import Classroom, SecretKind
from leergang.classes.services import pupil_for_card, pupils_of
from leergang.db import get_session
from leergang.extensions import limiter
from leergang.web import render

bp = Blueprint("auth", __name__)

# Where signed-in staff land: the first of these pages their capabilities open (a school admin
# starts at the lesson library, a teacher at their classes).
HOME_BY_CAPABILITY = (
    (Capability.SEE_LESSONS, "admin.lessons"),
    (Capability.TEACH, "classes.index"),
)


def _class_key() -> str:
    return "class:" + request.view_args.get("code", "").upper()


def _staff_key() -> str:
    return "staff:" + request.form.get("email", "").strip().lower()


def _secret_was_checked(_response) -> bool:
    return bool(g.get("secret_checked"))


@bp.get("/")
def home():
    """The start page: pupils and staff each find their way in; signed-in users go home."""
    if current_user.is_authenticated:
        if current_user.is_pupil:
            return redirect(url_for("learn.index"))
        home = next(
            (endpoint for capability, endpoint in HOME_BY_CAPABILITY if can(capability)), None
        )
        if home is None:
            abort(403)
        return redirect(url_for(home))
    return render("auth/home.html")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["STAFF_SIGNIN_LIMIT"],
    key_func=_staff_key,
    methods=["POST"],
    deduct_when=lambda response: response.status_code != 302,
)
def login():
    """Staff sign-in with e-mail and password."""
    form = StaffLoginForm()
    error = None
    if form.validate_on_submit():
        user = authenticate_staff(
            session=get_session(), email=form.email.data, password=form.password.data
        )
        if user is not None and user.is_demo and not current_app.config["ALLOW_DEMO_ACCOUNTS"]:
            user = None
        if user is None:
            error = _("This e-mail address and password do not match. Try again.")
        else:
            login_user(user)
            return redirect(url_for("auth.home"))
    return render("auth/login.html", form=form, error=error), 200 if error is None else 401


@bp.post("/logout")
def logout():
    """Sign out (by POST only, so a link preview cannot sign anyone out)."""
    was_pupil = current_user.is_authenticated and current_user.is_pupil
    logout_user()
    flash(_("You are signed out. See you next time!"), "success")
    return redirect(url_for("auth.pupil_start" if was_pupil else "auth.home"))


@bp.route("/pupil", methods=["GET", "POST"])
def pupil_start():
    """Step 1 for pupils: the class code from their card."""
    form = ClassCodeForm()
    if form.validate_on_submit():
        classroom = find_classroom(session=get_session(), code=form.code.data)
        if classroom is not None:
            return redirect(url_for("auth.pupil_names", code=classroom.code))
        form.code.errors.append(_("We cannot find this class code. Check the code on your card."))
    return render("auth/pupil_start.html", form=form)


def _classroom_or_404(code: str) -> Classroom:
    classroom = find_classroom(session=get_session(), code=code)
    if classroom is None:
        abort(404)
    return classroom


@bp.get("/pupil/<code>")
def pupil_names(code: str):
    """Step 2: tap your own name."""
    classroom = _classroom_or_404(code)
    return render(
        "auth/pupil_names.html",
        classroom=classroom,
        pupils=pupils_of(session=get_session(), classroom=classroom),
        class_code=format_class_code(classroom.code),
    )


@bp.route("/pupil/<code>/<public_id>", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["PUPIL_SIGNIN_LIMIT_PER_CLASS"],
    key_func=_class_key,
    methods=["POST"],
    deduct_when=_secret_was_checked,
)
def pupil_secret(code: str, public_id: str):
    """Step 3: the picture password (tap three pictures in order) or the PIN."""
    session = get_session()
    classroom = _classroom_or_404(code)
    pupil = find_pupil(session=session, classroom=classroom, public_id=public_id)
    if pupil is None:
        abort(404)
    uses_pin = classroom.secret_kind == SecretKind.PIN
    form = PinForm() if uses_pin else PictureForm()
    picked: list[str] = []
    message = None
    attempt = None

    if request.method == "POST" and not pupil.locked and form.validate_on_submit():
        if uses_pin:
            attempt = form.pin.data
        else:
            picked = parse_picked(form.picked.data or "")
            tapped = request.form.get("pick", "")
            if "clear" in request.form:
                picked = []
            elif tapped in BY_KEY and len(picked) < SECRET_LENGTH:
                picked.append(tapped)
            if len(picked) == SECRET_LENGTH:
                attempt = "-".join(picked)
                picked = []

    if attempt is not None:
        g.secret_checked = True
        outcome = check_pupil_secret(
            session=session,
            pupil=pupil,
            attempt=attempt,
            max_failed=current_app.config["PUPIL_MAX_FAILED_ATTEMPTS"],
        )
        if outcome.result is SignInResult.OK:
            login_user(pupil)
            if request.htmx:
                # A full page load after signing in, so the new page gets a fresh CSRF token.
                response = current_app.response_class(status=204)
                response.headers["HX-Redirect"] = url_for("learn.index")
                return response
            return redirect(url_for("learn.index"))
        if outcome.result is SignInResult.WRONG:
            message = ngettext(
                "That is not right. Try again. You have %(num)d more try.",
                "That is not right. Try again. You have %(num)d more tries.",
                outcome.tries_left,
            )

    if hasattr(form, "picked"):
        form.picked.data = "-".join(picked)
    status = 423 if pupil.locked else (401 if message else 200)
    return render(
        "auth/pupil_secret.html",
        "secret_panel",
        classroom=classroom,
        pupil=pupil,
        form=form,
        uses_pin=uses_pin,
        pictures=PICTURES,
        picked=[BY_KEY[key] for key in picked],
        secret_length=SECRET_LENGTH,
        message=message,
        class_code=format_class_code(classroom.code),
    ), status


@bp.get("/pupil/card/<token>")
def card_login(token: str):
    """The QR code on a login card: sign this pupil in and open Mijn opdrachten."""
    pupil = pupil_for_card(
        session=get_session(),
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


# --- School admin: inviting teachers ---------------------------------------------------------


@bp.route("/school/invites", methods=["GET", "POST"])
@staff_required(Capability.INVITE_TEACHERS)
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
            link = url_for("auth.join", token=token, _external=True)
            form.email.data = ""
    return render(
        "classes/invites.html",
        form=form,
        link=link,
        invites=invites.open_invites(session=session, school_id=current_user.school_id),
    ), 422 if form.errors else 200


@bp.route("/school/join/<token>", methods=["GET", "POST"])
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
