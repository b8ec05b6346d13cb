"""flask-login set-up: where to send users who must sign in, and how a session finds its user."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

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
