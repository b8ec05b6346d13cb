"""Sign-in pages. Pupils: class code, then their name, then their picture password or PIN, or the
QR code on their login card. Staff: e-mail and password, or a school admin's invitation link."""

from __future__ import annotations

import json
import logging
import math
import time

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user

from leergang.auth.access import Capability, can
from leergang.auth.forms import (
    ClassCodeForm,
    PictureForm,
    PinForm,
    StaffLoginForm,
)
from leergang.auth.pictures import BY_KEY, PICTURES, parse_picked
from leergang.auth.services import (
    BackOff,
    SignInResult,
    authenticate_staff,
    check_pupil_secret,
    end_all_sessions,
    find_classroom,
    find_pupil,
    format_class_code,
)
from leergang.classes.models import Classroom, Pupil, SecretKind
from leergang.classes.services import pupil_for_card, pupils_of
from leergang.db import get_session, reads_first
from leergang.extensions import limiter
from leergang.timeutil import utcnow
from leergang.web import page_here, render

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__)

# Where signed-in staff land: the first of these pages their capabilities open (a school admin
# starts at the lesson library, a teacher at their classes).
HOME_BY_CAPABILITY = (
    (Capability.SEE_LESSONS, "admin.lessons"),
    (Capability.TEACH, "classes.index"),
)


def _class_for_code(code: str) -> Classroom | None:
    """The class with this code, looked up once per request: the rate limit's key and the view
    both need it on every sign-in."""
    found = g.setdefault("classes_by_code", {})
    if code not in found:
        found[code] = find_classroom(session=get_session(), code=code)
    return found[code]


def _class_key() -> str:
    """The class itself, however its code is spelled in the URL."""
    classroom = _class_for_code(request.view_args.get("code", ""))
    return f"class:{classroom.id if classroom else 'unknown'}"


def _staff_key() -> str:
    email = request.form.get("email", "").strip().lower()[:254]
    return f"staff:{email}:{get_remote_address()}"


def _client_key() -> str:
    return f"client:{get_remote_address()}"


def _global_key() -> str:
    return "everyone"


def _secret_was_checked(_response) -> bool:
    return bool(g.get("secret_checked"))


def _code_missed(_response) -> bool:
    return bool(g.get("code_missed"))


def _staff_failed(response) -> bool:
    return request.method == "POST" and response.status_code != 302


def _global_budget_spent(limit) -> None:
    log.warning("Global class-code miss budget spent (%s): someone may be guessing codes.", limit)


def _has_class_proof(classroom: Classroom) -> bool:
    """This browser typed the class's code itself, recently (or was just signed in to it)."""
    proof = session.get("class_proof") or {}
    age = time.time() - proof.get("at", 0)
    return proof.get("id") == classroom.id and age < current_app.config["CLASS_CODE_PROOF_SECONDS"]


def _give_class_proof(classroom: Classroom) -> None:
    session["class_proof"] = {"id": classroom.id, "at": int(time.time())}


def _local_path(path: object) -> str | None:
    """A path on this site, or None (no scheme, host, backslash or control character)."""
    if not isinstance(path, str) or not path.startswith("/") or path.startswith("//"):
        return None
    if "\\" in path or any(ord(ch) < 32 or ord(ch) == 127 for ch in path):
        return None
    return path


def _sign_in_pupil(pupil: Pupil) -> str:
    """Sign the pupil in for this browser session only; returns where to go next."""
    resume = session.pop("pupil_resume", None)
    login_user(pupil)
    session.permanent = False  # the cookie ends when the browser closes
    session["pupil_seen"] = int(time.time())
    _give_class_proof(pupil.classroom)
    if isinstance(resume, dict) and resume.get("pupil") == pupil.public_id:
        path = _local_path(resume.get("path"))
        if path and resume.get("form") is not None:
            session["pupil_replay"] = {"path": path, "form": resume["form"]}
            return url_for("auth.pupil_resume")
        if path:
            return path
    return url_for("learn.index")


def _redirect(url: str):
    """Where to go after signing in. For htmx, the next page replaces the body like a boosted
    link does (the browser keeps the CSS and scripts it has parsed: on a slow Chromebook a full
    page load costs about a second); without JavaScript, a plain redirect.

    Mijn opdrachten, where nearly every pupil goes, comes in this very answer (htmx swaps it
    into the body and shows its address): no second round trip. Any other page (going on where
    the pupil was) is fetched by htmx as a boosted page.

    The CSRF token in the body's ``hx-headers`` stays valid: it belongs to the session, which
    signing in keeps, and every form carries its own token anyway."""
    if not request.htmx:
        return redirect(url)
    if url == url_for("learn.index"):
        response = page_here("learn.index")
        response.headers["HX-Retarget"] = "body"
        response.headers["HX-Reswap"] = "innerHTML"
        response.headers["HX-Reselect"] = "unset"  # the whole page, not the form's hx-select
        return response
    response = current_app.response_class(status=204)
    response.headers["HX-Location"] = json.dumps(
        {"path": url, "target": "body", "swap": "innerHTML", "headers": {"HX-Boosted": "true"}}
    )
    return response


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
    deduct_when=_staff_failed,
)
@limiter.limit(
    lambda: current_app.config["STAFF_SIGNIN_LIMIT_PER_CLIENT"],
    key_func=_client_key,
    methods=["POST"],
    deduct_when=_staff_failed,
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
    """Sign out (by POST only, so a link preview cannot sign anyone out).

    The account's session version goes up, so a copied cookie stops working as well.
    """
    was_pupil = current_user.is_authenticated and current_user.is_pupil
    if current_user.is_authenticated:
        end_all_sessions(session=get_session(), principal=current_user._get_current_object())
    logout_user()
    session.pop("pupil_seen", None)
    flash(_("You are signed out. See you next time!"), "success")
    return redirect(url_for("auth.pupil_start" if was_pupil else "auth.home"))


@bp.route("/pupil", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["CLASS_CODE_MISSES_PER_CLIENT"],
    key_func=_client_key,
    methods=["POST"],
    deduct_when=_code_missed,
)
@limiter.limit(
    lambda: current_app.config["CLASS_CODE_MISSES_GLOBAL"],
    key_func=_global_key,
    methods=["POST"],
    deduct_when=_code_missed,
    on_breach=_global_budget_spent,
)
@reads_first
def pupil_start():
    """Step 1 for pupils: the class code from their card."""
    form = ClassCodeForm()
    if request.method == "GET" and not form.code.data:
        form.code.data = request.args.get("code", "")[:20]
    if form.validate_on_submit():
        classroom = find_classroom(session=get_session(), code=form.code.data)
        if classroom is not None:
            _give_class_proof(classroom)
            return redirect(url_for("auth.pupil_names", code=classroom.code))
        g.code_missed = True
        form.code.errors.append(_("We cannot find this class code. Check the code on your card."))
    return render("auth/pupil_start.html", form=form)


def _classroom_or_404(code: str) -> Classroom:
    classroom = _class_for_code(code)
    if classroom is None:
        abort(404)
    return classroom


@bp.get("/pupil/<code>")
def pupil_names(code: str):
    """Step 2: tap your own name. Only after this browser typed the class code (step 1), so
    walking through URLs shows no names and does not even tell which codes exist."""
    classroom = find_classroom(session=get_session(), code=code)
    if classroom is None or not _has_class_proof(classroom):
        return redirect(url_for("auth.pupil_start", code=code[:20]))
    response = current_app.make_response(
        render(
            "auth/pupil_names.html",
            classroom=classroom,
            pupils=pupils_of(session=get_session(), classroom=classroom),
            class_code=format_class_code(classroom.code),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/pupil/<code>/<public_id>", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["PUPIL_SIGNIN_LIMIT_PER_CLASS"],
    key_func=_class_key,
    methods=["POST"],
    deduct_when=_secret_was_checked,
)
@reads_first  # only a wrong secret writes (auth.services.check_pupil_secret)
def pupil_secret(code: str, public_id: str):
    """Step 3: the picture password (tap the pictures in order) or the PIN."""
    session_ = get_session()
    classroom = _classroom_or_404(code)
    pupil = find_pupil(session=session_, classroom=classroom, public_id=public_id)
    if pupil is None:
        abort(404)
    backoff = BackOff.from_config(current_app.config)
    uses_pin = classroom.secret_kind == SecretKind.PIN
    secret_length = len(pupil.secret.split("-"))
    form = PinForm() if uses_pin else PictureForm()
    picked: list[str] = []
    message = None
    attempt = None
    wait_until = backoff.wait_until(pupil)
    waiting = wait_until is not None and wait_until > utcnow()

    if request.method == "POST" and not waiting and form.validate_on_submit():
        if uses_pin:
            attempt = form.pin.data
        else:
            picked = parse_picked(form.picked.data or "", secret_length)
            tapped = request.form.get("pick", "")
            if "clear" in request.form:
                picked = []
            elif tapped in BY_KEY and len(picked) < secret_length:
                picked.append(tapped)
            if len(picked) == secret_length:
                attempt = "-".join(picked)
                picked = []

    if attempt is not None:
        g.secret_checked = True
        outcome = check_pupil_secret(
            session=session_, pupil=pupil, attempt=attempt, backoff=backoff
        )
        if outcome.result is SignInResult.OK:
            return _redirect(_sign_in_pupil(pupil))
        if outcome.result is SignInResult.WRONG:
            message = ngettext(
                "That is not right. Try again. You have %(num)d more try.",
                "That is not right. Try again. You have %(num)d more tries.",
                outcome.tries_left,
            )
        else:
            waiting, wait_until = True, outcome.wait_until

    wait_minutes = 0
    if waiting:
        wait_minutes = max(1, math.ceil((wait_until - utcnow()).total_seconds() / 60))
    if hasattr(form, "picked"):
        form.picked.data = "-".join(picked)
    status = 423 if waiting else (401 if message else 200)
    return render(
        "auth/pupil_secret.html",
        "secret_panel",
        classroom=classroom,
        pupil=pupil,
        form=form,
        uses_pin=uses_pin,
        pictures=PICTURES,
        picked=[BY_KEY[key] for key in picked],
        secret_length=secret_length,
        message=message,
        waiting=waiting,
        wait_minutes=wait_minutes,
        class_code=format_class_code(classroom.code),
    ), status


@bp.get("/pupil/resume")
def pupil_resume():
    """After an idle sign-out: the answer the pupil sent is not lost; one click sends it again."""
    replay = session.pop("pupil_replay", None)
    if not current_user.is_authenticated or not isinstance(replay, dict):
        return redirect(url_for("auth.home"))
    path = _local_path(replay.get("path"))
    if path is None:
        return redirect(url_for("auth.home"))
    fields = [
        (str(name), str(value))
        for name, values in replay.get("form") or []
        for value in values
        if name != "csrf_token"
    ]
    return render("auth/pupil_resume.html", action=path, fields=fields)


def card_sign_in(pupil: Pupil):
    """The QR code on a login card signs this pupil in. When someone else is signed in here,
    ask first (a link from another site must not swap who is signed in)."""
    if current_user.is_authenticated:
        if current_user.is_pupil and current_user.id == pupil.id:
            return redirect(url_for("learn.index"))
        if request.method != "POST":
            return render(
                "auth/card_switch.html",
                signed_in_as=current_user.display_name,
                pupil=pupil,
            )
        logout_user()
    return redirect(_sign_in_pupil(pupil))


@bp.route("/pupil/card/<token>", methods=["GET", "POST"])
def card_login(token: str):
    """The QR code on a login card: sign this pupil in (asking first when someone else is signed
    in here) and open Mijn opdrachten."""
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
    return card_sign_in(pupil)
