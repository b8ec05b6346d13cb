"""flask-login set-up: where to send users who must sign in, and how a session finds its user."""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user

from leergang.auth.access import can
from leergang.auth.services import load_principal
from leergang.db import get_session
from leergang.extensions import login_manager


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.blueprint_login_views = {"learn": "auth.pupil_start", "games": "auth.pupil_start"}
    login_manager.login_message = _l("Please sign in first.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.jinja_env.globals["can"] = can

    @login_manager.user_loader
    def _load(session_id: str):
        return load_principal(session=get_session(), session_id=session_id)

    app.before_request(_pupil_idle_check)
    app.before_request(_pupil_session_ended)


# Form fields kept from an answer sent after the idle sign-out, so it can be sent again.
_MAX_KEPT_FORM_CHARS = 3000


def _pupil_idle_check():
    """Pupils: a cookie for this browser session only, ended after PUPIL_IDLE_MINUTES idle.

    The page they were on (and an answer they were sending) is kept in the session, so after
    signing in again they return there (auth.views._sign_in_pupil).
    """
    if request.endpoint in ("static", "web.healthz") or not current_user.is_authenticated:
        return None  # /healthz touches no database and no session
    if not current_user.is_pupil:
        return None
    if session.permanent:  # set only when it changes: a changed session sends a new cookie
        session.permanent = False
    now = int(time.time())
    seen = session.get("pupil_seen", now)
    if now - seen <= current_app.config["PUPIL_IDLE_MINUTES"] * 60:
        if now - seen >= 30:  # fewer cookie writes
            session["pupil_seen"] = now
        session.setdefault("pupil_seen", now)
        return None
    pupil = current_user._get_current_object()
    if request.blueprint == "auth":  # signing out or in: nothing to come back to
        logout_user()
        session.pop("pupil_seen", None)
        return None
    return _to_sign_in_again(
        pupil, _("You were away for a while. Sign in again to go on where you were.")
    )


def _pupil_session_ended():
    """A pupil whose session ended while a lesson or game page was open (signed out on another
    Chromebook, a new picture password): what they send now is kept for after they sign in
    again, like after the idle time. Only their own cookie names them, so nobody else gets it."""
    if request.method != "POST" or request.blueprint not in ("learn", "games"):
        return None
    if current_user.is_authenticated:
        return None
    kind, _sep, rest = str(session.get("_user_id") or "").partition(":")
    public_id = rest.partition(":")[0]
    if kind != "pupil" or not public_id:
        return None
    from sqlmodel import select

    from leergang.classes.models import Pupil

    pupil = get_session().exec(select(Pupil).where(Pupil.public_id == public_id)).first()
    if pupil is None or pupil.classroom.archived:
        return None
    return _to_sign_in_again(pupil, _("You were signed out. Sign in again: your answer is kept."))


def _to_sign_in_again(pupil, message: str):
    """Sign out, keep the page (and a sent answer) for after signing in, go to the names page."""
    resume: dict = {"pupil": pupil.public_id, "path": request.full_path.rstrip("?")}
    if request.method == "POST":
        form = [[k, v] for k, v in request.form.lists() if k != "csrf_token"]
        resume["path"] = request.path
        if sum(len(k) + sum(map(len, v)) for k, v in form) <= _MAX_KEPT_FORM_CHARS:
            resume["form"] = form
        else:
            resume["path"] = None  # too big to keep in the cookie: start at Mijn opdrachten
    logout_user()
    session.pop("pupil_seen", None)
    session["pupil_resume"] = resume
    session["class_proof"] = {"id": pupil.classroom_id, "at": int(time.time())}
    flash(message, "info")
    target = url_for("auth.pupil_names", code=pupil.classroom.code)
    if request.headers.get("HX-Request"):
        response = current_app.response_class(status=204)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)
