"""Leergang: money lessons and games for Dutch pupils. ``create_app`` builds the Flask app."""

from __future__ import annotations

import os

from flask import Flask

from leergang.config import ROOT, check_secrets, defaults


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(defaults(app.instance_path))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("LEERGANG")
    else:
        app.config.from_mapping(test_config)
    if app.debug or app.testing:
        # Plain http on localhost in development and tests; settings a test passes still win.
        explicit = test_config or {}
        relaxed = {
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
            "LESSONS_AUTO_RELOAD": app.debug,
            "ALLOW_DEMO_ACCOUNTS": True,
        }
        app.config.update({k: v for k, v in relaxed.items() if k not in explicit})
    check_secrets(app)
    if app.config["TRUSTED_PROXIES"]:
        # Reverse proxies (Caddy in compose.yaml) set X-Forwarded-*: trust exactly that many
        # hops, so HTTPS, client addresses (per-client limits) and external links are right.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from leergang import assets, db, extensions, web
    from leergang.auth.login import init_login
    from leergang.library import init_app as init_content

    db.init_app(app)
    extensions.csrf.init_app(app)
    extensions.compress.init_app(app)
    assets.init_app(app)
    extensions.htmx.init_app(app)
    extensions.limiter.init_app(app)
    web.init_app(app)
    init_login(app)
    init_content(app)
    _register_assignable_kinds()
    from leergang.ops import init_app as init_ops

    init_ops(app)

    from leergang.admin.views import bp as admin_bp
    from leergang.assignments.views import bp as assignments_bp
    from leergang.auth.cli import register as register_auth_cli
    from leergang.auth.invite_views import bp as school_bp
    from leergang.auth.views import bp as auth_bp
    from leergang.authoring.cli import lessons
    from leergang.authoring.game_play import bp as game_editor_bp
    from leergang.authoring.review_views import bp as review_bp
    from leergang.authoring.transfer_views import bp as transfer_bp
    from leergang.authoring.translate_views import bp as translate_bp
    from leergang.authoring.views import bp as author_bp
    from leergang.classes.cli import retention
    from leergang.classes.views import bp as classes_bp
    from leergang.cli import register as register_cli
    from leergang.games.views import bp as games_bp
    from leergang.learn.views import bp as learn_bp
    from leergang.metrics.author_views import bp as itemstats_bp
    from leergang.metrics.views import bp as evaluate_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(school_bp)
    app.register_blueprint(learn_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(classes_bp)
    app.register_blueprint(assignments_bp)
    app.register_blueprint(games_bp)
    app.register_blueprint(game_editor_bp)
    app.register_blueprint(itemstats_bp)
    app.register_blueprint(evaluate_bp)
    app.register_blueprint(translate_bp)
    app.register_blueprint(transfer_bp)
    app.register_blueprint(author_bp)
    app.register_blueprint(review_bp)
    app.cli.add_command(lessons)
    app.cli.add_command(retention)
    register_cli(app)
    register_auth_cli(app)
    return app


def _register_assignable_kinds() -> None:
    """What a teacher can assign: lessons and games, registered here (no import side effects)."""
    from leergang.assignments.kinds import register_kind
    from leergang.games.assignable import GameKind
    from leergang.learn.assignable import ModuleKind

    register_kind(ModuleKind())
    register_kind(GameKind())
