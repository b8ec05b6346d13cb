"""App-wide web concerns: language, security headers, template helpers, error pages.

``render`` answers htmx with just the fragment it asked for and everyone else with the page, so
each URL works with JavaScript off.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from babel.numbers import format_currency
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_date, get_locale, get_translations
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from jinja2 import FileSystemBytecodeCache, pass_context
from jinja2_fragments.flask import render_block
from markupsafe import Markup
from werkzeug.wrappers import Response

from leergang.content import render_markdown
from leergang.content.local_help import HelpDirectory, expand_placeholders, load_help
from leergang.db import get_session, reads_only
from leergang.extensions import babel

bp = Blueprint("web", __name__)

LANG_COOKIE = "leergang_lang"

LEVEL_NAMES = {
    "po-7": _l("groep 7"),
    "po-8": _l("groep 8"),
    "vmbo-bb": _l("vmbo basic"),
    "vmbo-kb": _l("vmbo kader"),
    "vmbo-gt": _l("vmbo gemengd/theoretisch"),
}

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def select_locale() -> str:
    """Dutch first; a language someone chose is remembered in a cookie."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def render(template: str, block: str | None = None, **context) -> Response | str:
    """The whole page, or only ``block`` when htmx asked for it (hx-boost asks for pages)."""
    if block and request.htmx and not request.htmx.boosted:
        return render_block(template, block, **context)
    return render_template(template, **context)


def page_after_post(endpoint: str, code: int = 302, **values) -> Response:
    """Where a form goes after its POST has done its work: the page at ``endpoint``.

    A boosted form (htmx) gets that page in this very answer, swapped into the body like any
    boosted page, with its address pushed into the browser's history: one round trip on slow
    school wifi instead of a redirect and a second request, and on the server one request's
    worth of work less. The write is committed first and the page is read without holding
    SQLite's write lock (``reads_only``). Without JavaScript the browser gets the redirect
    (POST-redirect-GET), so reloading never posts again."""
    if not (request.htmx and request.htmx.boosted):
        return redirect(url_for(endpoint, **values), code)
    return page_here(endpoint, **values)


def page_here(endpoint: str, **values) -> Response:
    """The page at ``endpoint`` as the answer to this POST, for htmx: its view runs here, after
    the write is committed and without SQLite's write lock (``reads_only``), and its address
    goes into the browser's history (``HX-Push-Url``)."""
    url = url_for(endpoint, **values)
    reads_only(get_session())
    g.page_path = url  # the page's language and reading switches return to it, as on a GET
    response = current_app.make_response(current_app.view_functions[endpoint](**values))
    if response.status_code == 200:
        response.headers["HX-Push-Url"] = url
    return response


def help_directory() -> HelpDirectory:
    """This installation's local help (``lessons/local-help.yaml``) and the national fall-backs,
    read once per app."""
    directory = current_app.extensions.get("leergang.local_help")
    if directory is None:
        directory = load_help(Path(current_app.config["LESSONS_DIR"]))
        for problem in directory.problems:  # the national help is shown meanwhile
            current_app.logger.warning("local help left out: %s", problem.format())
        current_app.extensions["leergang.local_help"] = directory
    return directory


def markdown_for(module, draft_id: int | None = None) -> Callable[[str | None], Markup]:
    """A Jinja helper that renders a module's Markdown safely, its images served beside it and
    each ``[[lokale-hulp]]`` line turned into the help for the module's levels. For a draft
    (``draft_id``, a ``content_version`` id) the images are the draft's own, shown to its
    organisation's authors only."""
    directory = help_directory()
    # Where the module's images are served from: with the text, all the rendered HTML depends on.
    stored = module.folder is None  # a version published in the browser: its images are stored
    images = (draft_id, module.id, module.version if stored else None, request.script_root)

    def md(text: str | None) -> Markup:
        if not text:
            return Markup("")
        text = expand_placeholders(text, directory, module.levels, _)
        return Markup(_markdown_html(text, *images))

    return md


@functools.lru_cache(maxsize=2048)
def _markdown_html(
    text: str, draft_id: int | None, module_id: str, version: str | None, _script_root: str
) -> str:
    """A step's text as HTML, rendered once per process: parsing and cleaning it took about a
    sixth of a lesson step's server time, and the texts of the published lessons are few."""

    def asset_url(name: str) -> str:
        if draft_id is not None:
            return url_for("transfer.draft_image", version_id=draft_id, filename=name)
        if version is not None:
            return url_for(
                "transfer.image", kind="module", content_id=module_id, version=version,
                filename=name,
            )  # fmt: skip
        return url_for("learn.asset", module_id=module_id, filename=name)

    return render_markdown(text, asset_url=asset_url)


def money(cents: int) -> str:
    """Euros the Dutch way (€ 1.234,56), or the English way when English is chosen."""
    return _money(cents, str(get_locale()))


@functools.lru_cache(maxsize=4096)
def _money(cents: int, locale: str) -> str:
    """A game turn shows a dozen amounts, and Babel formats each from its pattern anew; the
    amounts of the games are few, so each is formatted once per language."""
    return format_currency(Decimal(cents) / 100, "EUR", locale=locale)


def _security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if not current_app.debug and request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.method == "GET" and response.mimetype == "text/html":
        # Pages depend on htmx headers and on who is signed in: never cache them publicly.
        response.vary.add("HX-Request")
        headers.setdefault("Cache-Control", "no-store")
    return response


@bp.app_errorhandler(CSRFError)
def csrf_error(error):
    """An expired or missing token: explain, and keep the pupil on the page they were on."""
    return render_template(
        "error.html",
        title=_("This page was open too long"),
        message=_("Please go back, reload the page and try again. Nothing you saved is lost."),
    ), 400


@bp.app_errorhandler(403)
def forbidden(_error):
    return render_template(
        "error.html",
        title=_("No access"),
        message=_("This page is not for your account."),
    ), 403


@bp.app_errorhandler(404)
def not_found(_error):
    return render_template(
        "error.html",
        title=_("Page not found"),
        message=_("This page does not exist (any more). Check the address or go to the start."),
    ), 404


@bp.app_errorhandler(429)
def too_many(_error):
    return render_template(
        "error.html",
        title=_("Slow down a little"),
        message=_("There were too many tries in a short time. Wait a minute and try again."),
    ), 429


@bp.post("/language")
def set_language():
    """Switch between Dutch and English and remember the choice."""
    lang = request.form.get("lang", "")
    response = redirect(_back_to(request.form.get("next", "")))
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LANG_COOKIE,
            lang,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
        )
    return response


def is_local_path(target: str) -> bool:
    """A path on this site, judged as a browser reads it: no control characters (a newline
    would end the Location header), no backslash (read as ``/``), no scheme or host."""
    if len(target) > 2000 or not target.startswith("/"):
        return False
    if any(ord(c) < 32 or ord(c) == 127 or c == "\\" for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and not target.startswith("//")


def _back_to(target: str) -> str:
    """A local path to go back to after a setting changed; the start page otherwise."""
    return target if is_local_path(target) else url_for("auth.home")


@bp.post("/reading")
def set_reading():
    """A pupil turns easy reading (larger text, more space, a legible font) on or off."""
    if not current_user.is_authenticated or not current_user.is_pupil:
        abort(403)
    from leergang.classes.services import set_reading_friendly

    set_reading_friendly(
        session=get_session(), pupil=current_user, on=request.form.get("reading") == "on"
    )
    return redirect(_back_to(request.form.get("next", "")))


@bp.get("/healthz")
def healthz():
    """For load balancers and uptime checks: "ok" from a worker that answers. It touches no
    database and no session (no cookie is set), and gunicorn's access log leaves it out
    (leergang/ops/gunicorn_logging.py), so a probe every few seconds costs next to nothing."""
    response = current_app.response_class("ok", mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


def _format_date(value, pattern: str = "d MMMM yyyy") -> str:
    return format_date(value, pattern)


def _class_code(code: str) -> str:
    """A class code as printed on the cards: KTR-947-XQ."""
    from leergang.auth.services import format_class_code

    return format_class_code(code)


def _keep_compiled_templates(app: Flask) -> None:
    """Compiled templates are kept on disk, in Jinja's own folder for this user in the temp
    directory: each new worker renders its first pages without compiling them again (84
    templates: 700 ms compiled, 20 ms loaded). Jinja checks every entry against the template's
    source and the Python version, and refuses a folder another user could write to; then
    templates are compiled in memory, as before."""
    try:
        app.jinja_env.bytecode_cache = FileSystemBytecodeCache()
    except (RuntimeError, OSError) as error:
        app.logger.warning("compiled templates are not kept on disk: %s", error)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.register_blueprint(bp)
    app.after_request(_security_headers)
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["level_name"] = lambda level: LEVEL_NAMES.get(level, level)
    app.jinja_env.filters["format_date"] = _format_date
    app.jinja_env.filters["class_code"] = _class_code
    app.jinja_env.globals["current_user"] = current_user
    _keep_compiled_templates(app)

    @app.context_processor
    def _globals():
        return {
            **_template_gettext(),
            # Where the language and reading switches return to: this page (the sign-in answer
            # that brings Mijn opdrachten along names it in g.page_path).
            "page_path": g.get("page_path")
            or (request.full_path if request.method == "GET" else "/"),
            "lang": str(get_locale()),
            "languages": app.config["LANGUAGES"],
            "picture_names": picture_names,
            "reading": bool(
                current_user.is_authenticated
                and current_user.is_pupil
                and current_user.reading_friendly
            ),
        }

    @app.before_request
    def _permanent_session():
        # Set only when it changes: a changed session sends a new cookie. /healthz keeps none.
        # Pupils get a cookie for this browser session only (auth.login._pupil_idle_check).
        if request.endpoint in ("web.healthz", "static") or session.permanent:
            return
        if not (current_user.is_authenticated and current_user.is_pupil):
            session.permanent = True


def _template_gettext() -> dict:
    """``_``/``gettext``/``ngettext`` for one rendering, bound to this request's catalogue.

    Flask-Babel's template callables look the catalogue up again on every call (a page makes
    dozens); these do it once per render and otherwise behave exactly like them (Jinja's
    "newstyle" gettext: escaped under autoescape, always %-formatted with the keywords)."""
    translations = get_translations()

    @pass_context
    def gettext(context, string: str, /, **variables) -> str:
        text = translations.ugettext(string)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables

    @pass_context
    def ngettext(context, singular: str, plural: str, num: int, /, **variables) -> str:
        variables.setdefault("num", num)
        text = translations.ungettext(singular, plural, num)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables

    return {"gettext": gettext, "ngettext": ngettext}


def picture_names(secret: str) -> str:
    from leergang.auth.pictures import BY_KEY

    translations = get_translations()  # once: a class list names four pictures per pupil
    return ", ".join(
        translations.ugettext(BY_KEY[key].msgid) for key in secret.split("-") if key in BY_KEY
    )
