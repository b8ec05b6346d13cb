"""Access rules in one place: who may open which page."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from leergang.auth.models import Role
from leergang.auth.services import load_principal
from leergang.db import get_session
from leergang.extensions import login_manager


def init_login(app) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.blueprint_login_views = {"learn": "auth.pupil_start", "games": "auth.pupil_start"}
    login_manager.login_message = _l("Please sign in first.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def _load(session_id: str):
        return load_principal(session=get_session(), session_id=session_id)


def staff_required(*roles: Role):
    """Signed-in staff with one of ``roles`` (any staff role when none are named)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_staff or (roles and current_user.role not in roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def pupil_required(view):
    @login_required
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_pupil:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
