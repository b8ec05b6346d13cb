"""Every route × every role × hostile ids and bodies, through a real gunicorn: never a 500.

Each route declares the form fields it reads (``FIELDS``); a new route without an entry fails
``test_every_route_has_a_rule``, so nothing escapes the hostile bodies.
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from sqlmodel import select

from leergang.assignments.models import Assignment
from leergang.classes.services import card_token
from leergang.db import new_session
from leergang.demo_authoring import DEMO_ORGANISATION, seed_demo_draft
from leergang.games.services import start_run
from leergang.metrics.models import Programme
from tests.helpers import (
    LESSONS_DIR,
    add_partner_content,
    author_of,
    bare_app,
    draft_game,
    url_values,
)
from tests.served import SECRET, serve_production

STEP = ("choice", "amount", "text", "position-a", "category-a", "rating-a")
EDITOR = ("revision", "action", "new_type", "m.title", "m.minutes", "s.0._", "s.0.type",
          "s.0.prompt", "s.0.options.0._")  # fmt: skip
FIELDS: dict[str, tuple[str, ...]] = {
    "web.set_language": ("lang", "next"),
    "web.set_reading": ("reading", "next"),
    "web.healthz": (),
    "auth.home": (),
    "auth.login": ("email", "password"),
    "auth.logout": (),
    "auth.pupil_start": ("code",),
    "auth.pupil_names": (),
    "auth.pupil_secret": ("picked", "pick", "pin", "clear"),
    "auth.pupil_resume": (),
    "admin.lessons": (),
    "classes.index": (),
    "classes.create": ("name", "school_year", "level", "secret_kind"),
    "classes.detail": (),
    "classes.new_code": (),
    "classes.settings": (),
    "classes.rename_class": ("name",),
    "classes.remove_teacher": (),
    "classes.add_teacher": ("teacher",),
    "classes.archive": (),
    "classes.restore": (),
    "classes.add_pupils": ("names",),
    "classes.rename": ("name",),
    "classes.remove": (),
    "classes.unlock": (),
    "classes.unlock_all": (),
    "classes.research_use": ("research_use",),
    "classes.new_secret": (),
    "classes.new_card": (),
    "classes.cards": (),
    "classes.card": (),
    "assignments.assignment_list": ("item", "who", "pupils", "starts_on", "due_on"),
    "assignments.remove_assignment": (),
    "assignments.move_assignment": ("direction",),
    "assignments.progress": (),
    "assignments.progress_csv": (),
    "classes.module": ("names",),
    "classes.pupil": (),
    "auth.card_login": (),
    "school.invite_teachers": ("email",),
    "school.join": ("display_name", "password", "confirm"),
    "learn.index": (),
    "learn.module": (),
    "learn.start": (),
    "learn.step": (),
    "learn.answer": STEP,
    "learn.next_step": STEP,
    "learn.result": (),
    "learn.asset": (),
    "games.index": (),
    "games.cover": (),
    "games.start": (),
    "games.run": (),
    "games.turn": (),
    "games.choose": ("turn", "card", "option", "amount"),
    "itemstats.item_statistics": (),
    "evaluate.dashboard": (),
    "evaluate.printable": (),
    "evaluate.export_csv": (),
    "evaluate.export_json": (),
    "evaluate.dictionary": (),
    "evaluate.classes": (),
    "evaluate.set_comparison": ("comparison",),
    "admin.programmes": (),
    "admin.create_programme": ("name",),
    "admin.programme": (),
    "admin.update_programme": (
        "action",
        "cost_euros",
        "criterion_id",
        "measure",
        "phase",
        "school_id",
        "staff_user_id",
        "threshold",
    ),
    "games.debrief_page": (),
    "translate.edit": ("revision", "text:title", "confirm"),
    "transfer.import_content": ("file", "replace"),
    "transfer.export": (),
    "transfer.export_version": (),
    "transfer.images": ("file", "alt"),
    "transfer.draft_image": (),
    "transfer.image": (),
    "game_editor.new": ("id", "title", "level", "unit", "count", "cash", "goal"),
    "game_editor.edit": (),
    "game_editor.save": (
        "revision",
        "op",
        "autosave",
        "yaml_text",
        "title",
        "cards.#",
        "cards.0.title",
        "cards.0.turn",
        "start.cash",
        "new-type:cards.0.options.0.effects",
    ),
    "game_editor.playtest": (),
    "game_editor.playtest_choose": ("seed", "moves", "turn", "card", "option", "amount"),
    "game_editor.balance": (),
    "author.dashboard": (),
    "author.new_module": ("id", "title", "description", "levels", "themes", "minutes"),
    "author.edit_module": EDITOR,
    "author.autosave": EDITOR,
    "author.submit_module": EDITOR,
    "author.new_draft": (),
    "author.step_preview": (*EDITOR, "step"),
    "author.markdown_preview": ("field", "text", "m.levels"),
    "review.versions": (),
    "review.diff": (),
    "review.review_page": (),
    "review.comment": ("step_id", "text"),
    "review.submit": (),
    "review.approve": (),
    "review.send_back": ("comment",),
    "review.publish": (),
    "review.preview": (),
    "review.preview_step": (),
    "review.preview_answer": STEP,
    "review.audit_log": (),
}
# Requests that end what later requests need run last (each for one role only, see below).
LAST = ("classes.new_secret", "classes.new_card", "classes.new_code", "classes.remove",
        "classes.archive", "auth.logout")  # fmt: skip

HOSTILE_IDS = ("x" * 1500, "%00", "..%2F..%2Fetc%2Fpasswd", "%C3%BC%E2%80%AE%F0%9F%98%80",
               "1%27%20OR%201%3D1--", "9" * 30, "%FF%FE", "-1")  # fmt: skip
HOSTILE_VALUES = ("x" * 5000, "9" * 5000, "1" + "0" * 400 + ",5", "-1e999", "nan",
                  "\r\nSet-Cookie: a=b", "\x00\x01", "\u202e\ufdfa😀 Ömer\u0301",
                  "//evil.example/%0d%0a", "/\r\nSet-Cookie: a=b", "")  # fmt: skip
ROLES = ("anonymous", "pupil", "teacher", "admin", "author", "evaluator")
EMAILS = {
    "teacher": "leraar@demo.leergang.nl",
    "admin": "admin@demo.leergang.nl",
    "author": "auteur@demo.leergang.nl",
    "evaluator": "evaluator@demo.leergang.nl",
}
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _rules():
    app = bare_app()
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    app.extensions["leergang.engine"].dispose()
    return sorted(rules, key=lambda r: (r.endpoint in LAST, LAST.index(r.endpoint)
                                        if r.endpoint in LAST else 0, r.endpoint))  # fmt: skip


RULES = _rules()


def test_every_route_has_a_rule():
    endpoints = {rule.endpoint for rule in RULES}
    assert endpoints == set(FIELDS), f"declare the form fields of: {endpoints ^ set(FIELDS)}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect
        )
        self.token = ""

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str]:
        body = None
        if method == "POST":
            body = urllib.parse.urlencode({"csrf_token": self.token, **(data or {})}).encode()
        request = urllib.request.Request(self.base + path, data=body, method=method)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode("utf-8", "replace")

    def refresh_token(self, path: str = "/") -> None:
        for _ in range(3):
            status, text = self.request("GET", path)
            match = CSRF_RE.search(text)
            if match:
                self.token = match.group(1)
                return
            path = {"/": "/login"}.get(path, "/")
        raise AssertionError(f"no CSRF token ({status})")


@pytest.fixture
def world(app, demo, noor, library):
    groep8 = demo.classes[0]
    with app.app_context(), new_session(write=True) as session:
        assignment = session.exec(
            select(Assignment).where(Assignment.classroom_id == groep8.id)
        ).first()
        run = start_run(session=session, pupil=noor, scenario=library.scenarios["sparen-voor"])
        run_id = run.public_id
        seed_demo_draft(session=session, lessons_dir=LESSONS_DIR)  # for the review pages
        programme_id = session.exec(select(Programme.id)).first()
    author_of(app, DEMO_ORGANISATION)
    with app.app_context(), new_session(write=True) as session:
        draft_game(session, "fiets")
    module = library.modules["nodig-of-willen"]
    partner = add_partner_content(app)
    values = {
        "class_id": groep8.public_id,
        "pupil_id": noor.public_id,
        "assignment_id": assignment.public_id,
        "module_id": module.id,
        "step_id": module.steps[0].id,
        "filename": "nodig-of-willen.svg",
        "token": card_token(pupil=noor, secret_key=SECRET),
        "teacher_id": 1,
        "scenario_id": "sparen-voor",
        "public_id": run_id,
        "turn": 1,
        "code": groep8.code,
        "programme_id": programme_id,
        "game_content_id": "fiets",
        **partner,
        "lang": "en",
        "review_content_id": module.id,  # the demo draft: version 1.2 of nodig-of-willen, in review
    }
    return values


def _sign_in(browser: Browser, role: str, card: str) -> None:
    if role == "pupil":
        assert browser.request("GET", f"/pupil/card/{card}")[0] == 302
    elif role != "anonymous":
        browser.refresh_token("/login")
        status, _text = browser.request(
            "POST", "/login", {"email": EMAILS[role], "password": "leergang-demo"}
        )
        assert status == 302, (role, status)
    browser.refresh_token("/")


def _urls(rule, values):
    """The route with good ids, then with each hostile id in every place an id goes."""
    good = rule.build(url_values(rule, values))[1]
    yield good
    for name in sorted(rule.arguments):
        for hostile in HOSTILE_IDS:
            numeric = ("teacher_id", "turn", "programme_id", "version_id")
            marker = "HOSTILEVALUE" if name not in numeric else 424242
            url = rule.build({**url_values(rule, values), name: marker})[1]
            yield url.replace(str(marker), hostile)


def _setup_hostile_state(browsers, values) -> None:
    """A class name outside Latin-1 (CSV download name) and a lesson in progress (answers)."""
    teacher, pupil = browsers["teacher"], browsers["pupil"]
    status, _text = teacher.request(
        "POST", f"/classes/{values['class_id']}/name", {"name": "Groep 8 Łódź ﷺ Класс"}
    )
    assert status in (302, 303), status
    status, _text = pupil.request("POST", f"/learn/{values['module_id']}/start")
    assert status in (302, 303), status


def test_no_route_answers_500_to_any_role_or_input(app, world, tmp_path):
    served = []
    failures = []
    with serve_production(
        app.config["DATABASE_URL"],
        tmp_path,
        LEERGANG_SESSION_COOKIE_SECURE="false",
        LEERGANG_ALLOW_DEMO_ACCOUNTS="true",
        LEERGANG_RATELIMIT_ENABLED="false",
    ) as base:
        browsers = {}
        for role in ROLES:
            browsers[role] = Browser(base)
            _sign_in(browsers[role], role, world["token"])
        _setup_hostile_state(browsers, world)
        for rule in RULES:
            roles = ROLES if rule.endpoint not in LAST else ("anonymous", "author")
            fields = FIELDS[rule.endpoint]
            for role in roles:
                browser = browsers[role]
                requests = []
                for number, url in enumerate(_urls(rule, world)):
                    requests += [(method, url, {}) for method in rule.methods & {"GET", "POST"}]
                    if number == 0 and "POST" in rule.methods and fields:
                        # Hostile bodies on the good URL, so they reach the form.
                        requests += [
                            ("POST", url, dict.fromkeys(fields, v)) for v in HOSTILE_VALUES
                        ]
                for method, url, body in requests:
                    status, _text = browser.request(method, url, body)
                    served.append(status)
                    if status >= 500:
                        body = {k: v[:20] for k, v in body.items()}
                        failures.append((rule.endpoint, role, method, url[:80], body, status))
    assert len(served) > 2000
    assert failures == [], "\n".join(map(str, failures))
