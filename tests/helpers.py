"""Helpers shared by test modules: import them from here, never from another test module.

``Actor`` is a test client that behaves like a browser; ``play`` and ``advance_to_first_question``
walk a module over HTTP; the browser helpers drive Chromium through Playwright (imported lazily, so
HTTP tests do not load it).
"""

from __future__ import annotations

import os
import re
import uuid
from contextlib import contextmanager
from functools import cache

from leergang.config import ROOT
from tests.answers import right_answer

LESSONS_DIR = ROOT / "lessons"
# With a server URL (e.g. postgresql://127.0.0.1:5432), database tests run on PostgreSQL.
POSTGRES = os.environ.get("LEERGANG_TEST_POSTGRES", "").rstrip("/")
# Module ids without loading the library: parametrised tests need them at collection time.
MODULE_IDS = sorted(path.parent.name for path in LESSONS_DIR.glob("*/module.yaml"))
# axe-core impact levels that fail a test.
BLOCKING_IMPACTS = {"serious", "critical"}


@cache
def shipped_library():
    """``lessons/`` parsed once per process (about a second): collection, fixtures and every
    app a test makes share it. Nothing may change it."""
    from leergang.content import load_library

    return load_library(LESSONS_DIR)


def bare_app(url: str = "sqlite://"):
    """An app on ``url`` with the shipped lessons, for what needs no request: the URL map, a
    migration. Dispose of its engine after use."""
    from leergang import create_app

    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "LESSONS_DIR": str(LESSONS_DIR),
            "PRELOADED_LIBRARIES": {str(LESSONS_DIR): shipped_library()},
        }
    )


@contextmanager
def throwaway_postgres_database(prefix: str, options: str = ""):
    """A new database on the ``LEERGANG_TEST_POSTGRES`` server, named ``<prefix>_<random>``
    and made with ``CREATE DATABASE … <options>``; yields its URL and drops it afterwards, even
    while connections to it are still open."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin_url = POSTGRES + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" {options}'.rstrip())
    try:
        yield f"{POSTGRES}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (``alembic upgrade``; the newest schema by
    default)."""
    from leergang.migrations.runner import upgrade

    app = bare_app(url)
    with app.app_context():
        upgrade(revision)
    app.extensions["leergang.engine"].dispose()


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CSRF_TOKENS = re.compile(r'name="csrf_token"[^>]*value="[^"]*"|"X-CSRFToken": "[^"]*"')


def without_csrf_tokens(html: str) -> str:
    """The page without its CSRF tokens, to look for a name in it: a token is masked afresh with
    random bytes in every response (leergang.csrf), and now and then one spells "Noor"."""
    return CSRF_TOKENS.sub("", html)


def csrf_from(response) -> str:
    match = CSRF_RE.search(response.get_data(as_text=True))
    assert match, "page has no CSRF token"
    return match.group(1)


class Actor:
    """A test client that behaves like a browser: it fetches a page before posting its form."""

    def __init__(self, client):
        self.client = client
        self._token = None

    def get(self, url, **kw):
        response = self.client.get(url, **kw)
        if (
            response.status_code == 200
            and response.headers.get("Content-Type", "").startswith("text/html")
            and "csrf_token" in response.get_data(as_text=True)
        ):
            self._token = csrf_from(response)
        return response

    def post(self, url, data=None, htmx=False, **kw):
        if self._token is None:
            self.get("/")
        data = dict(data or {})
        data.setdefault("csrf_token", self._token)
        headers = kw.pop("headers", {})
        if htmx:
            headers.update({"HX-Request": "true", "X-CSRFToken": self._token})
        return self.client.post(url, data=data, headers=headers, **kw)

    def sign_in_staff(self, email, password="leergang-demo"):
        self.get("/login")
        response = self.post("/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    def sign_in_pupil(self, classroom_code, pupil):
        self.get(f"/pupil/{classroom_code}/{pupil.public_id}")
        if pupil.secret.isdigit():
            return self.post(f"/pupil/{classroom_code}/{pupil.public_id}", {"pin": pupil.secret})
        picked = []
        response = None
        for key in pupil.secret.split("-"):
            response = self.post(
                f"/pupil/{classroom_code}/{pupil.public_id}",
                {"picked": "-".join(picked), "pick": key},
            )
            picked.append(key)
        return response


# --- walking a module over HTTP --------------------------------------------------------------


def play(actor, module, answer_for, htmx=False):
    """Play a module from its cover to the result page, answering each step with answer_for."""
    response = actor.post(f"/learn/{module.id}/start")
    assert response.status_code == 302
    for step in module.steps:
        url = f"/learn/{module.id}/{step.id}"
        assert response.headers["Location"].endswith(url), (response.headers["Location"], url)
        page = actor.get(url)
        assert page.status_code == 200
        if step.type != "explanation":
            data = answer_for(step) or right_answer(step)
            answered = actor.post(url + "/answer", data, htmx=htmx)
            assert answered.status_code == (200 if htmx else 302)
        response = actor.post(url + "/next")
        assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/learn/{module.id}/result")
    return actor.get(f"/learn/{module.id}/result")


def advance_to_first_question(actor, module, *, with_feedback=False):
    """Go to the first question, answering steps that wait for an answer (self-efficacy) first.
    ``with_feedback``: the first question that shows right or wrong (not a pre-test item)."""
    actor.post(f"/learn/{module.id}/start")
    for step in module.steps:
        if step.is_question and not (with_feedback and step.pre_test):
            return step
        if step.needs_answer:
            actor.post(f"/learn/{module.id}/{step.id}/answer", right_answer(step))
        actor.post(f"/learn/{module.id}/{step.id}/next")
    raise AssertionError("module has no question")


# --- playing a game over HTTP ---------------------------------------------------------------

FORM = re.compile(r'name="turn" value="(\d+)">\s*<input type="hidden" name="card" value="([^"]+)">')
ENABLED = re.compile(
    r'<button type="submit" name="option" value="([^"]+)" class="[^"]*"(?! disabled)'
)


def current_card(page: str) -> tuple[int, str, list[str]]:
    turn, card = FORM.search(page).groups()
    return int(turn), card, ENABLED.findall(page)


def start_game(actor: Actor, scenario_id="sparen-voor") -> str:
    """Start (or continue) a game run over HTTP; returns the URL of its current turn."""
    actor.get(f"/games/{scenario_id}/")
    response = actor.post(f"/games/{scenario_id}/start")
    assert response.status_code == 303
    response = actor.get(response.headers["Location"])
    assert response.status_code == 302
    return response.headers["Location"]


def play_turn(actor: Actor, turn_url: str, pick=0):
    page = actor.get(turn_url).get_data(as_text=True)
    turn, card, options = current_card(page)
    run_url = turn_url.split("/turn/")[0]
    response = actor.post(
        f"{run_url}/choose", {"turn": turn, "card": card, "option": options[pick]}
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return response.headers["Location"]


# --- the browser (Playwright) ----------------------------------------------------------------


def assert_accessible(page) -> None:
    """axe-core finds no serious or critical violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in blocking
    ]
    assert not blocking, f"{page.url}: " + "; ".join(details)


def fill_form(form, data: dict) -> None:
    """Fill a step's form the way a pupil would: tick, choose and type each field of ``data``."""
    for name, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            fields = form.locator(f'[name="{name}"]')
            kind = fields.first.get_attribute("type") or ""
            if kind in ("radio", "checkbox"):
                form.locator(f'[name="{name}"][value="{one}"]').check()
            elif fields.first.evaluate("e => e.tagName") == "SELECT":
                fields.first.select_option(str(one))
            else:
                fields.first.fill(str(one))


def sign_in_as_noor(page, live_server, check_a11y: bool) -> None:
    from playwright.sync_api import expect

    page.goto(live_server("/"))
    if check_a11y:
        assert_accessible(page)
    page.get_by_role("link", name=re.compile("Ik ben leerling")).click()
    page.get_by_label("Klascode").fill("ktr 947")
    if check_a11y:
        assert_accessible(page)
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("link", name="Noor").click()
    if check_a11y:
        assert_accessible(page)
    for done, picture in enumerate(("kat", "appel"), start=1):
        page.get_by_role("button", name=picture, exact=True).click()
        expect(page.locator(".picked")).to_contain_text(f"{done} van de 3 gekozen")
    page.get_by_role("button", name="ster", exact=True).click()
    expect(page.get_by_role("heading", name="Mijn opdrachten")).to_be_visible()


def play_module(page, module, *, answers, check_a11y: bool) -> None:
    """From the lesson list through every step to the result page."""
    from playwright.sync_api import expect

    if check_a11y:
        assert_accessible(page)
    page.get_by_role("link", name=module.title).click()
    expect(page.get_by_role("heading", name=module.title)).to_be_visible()
    if check_a11y:
        assert_accessible(page)
    page.get_by_role("button", name="Beginnen").click()
    for number, step in enumerate(module.steps, start=1):
        counter = f"Stap {number} van {len(module.steps)}"
        expect(page.locator("#step-count")).to_have_text(counter)
        expect(page).to_have_url(re.compile(f"/learn/{module.id}/{step.id}$"))
        if check_a11y:
            assert_accessible(page)
        if step.type != "explanation":
            form = page.locator("#step-panel form")
            fill_form(form, answers(step) or right_answer(step))
            form.locator("button[type=submit]").click()
            expect(page.locator("#feedback")).to_be_visible()
            if check_a11y:
                assert_accessible(page)
        page.get_by_role(
            "button", name="Afronden" if number == len(module.steps) else "Volgende"
        ).click()
    expect(page.get_by_role("heading", name=re.compile("afgerond"))).to_be_visible()
    if check_a11y:
        assert_accessible(page)


def sign_in_teacher(
    page, live_server, email: str = "leraar@demo.leergang.nl", password: str = "leergang-demo"
) -> None:
    """Sign in as a teacher (the demo's, unless told) on the staff sign-in page."""
    page.goto(live_server("/login"))
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def set_up_class(page, name: str, pupils: list[str], module_id: str) -> None:
    """A signed-in teacher makes a class, adds its pupils, assigns a module and opens the
    class's progress grid."""
    from playwright.sync_api import expect

    page.get_by_role("link", name="Nieuwe klas").click()
    page.get_by_label("Naam van de klas").fill(name)
    page.get_by_role("button", name="Klas maken").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    page.get_by_label("Voornamen of roepnamen, één per regel").fill("\n".join(pupils))
    page.get_by_role("button", name="Leerlingen toevoegen").click()
    expect(page.locator("table.pupils tbody tr")).to_have_count(len(pupils))
    page.get_by_role("link", name="Opdrachten").click()
    page.get_by_label("Wat geef je op?").select_option(f"module:{module_id}")
    page.get_by_role("button", name="Opgeven", exact=True).click()
    expect(page.locator("#flashes")).to_contain_text("is opgegeven.")
    page.get_by_role("link", name="Voortgang", exact=True).click()
    expect(page.locator("table.progress-grid tbody tr")).to_have_count(len(pupils))


# --- Budget games in the browser ------------------------------------------------------------

DEBRIEF = re.compile("Hoe ging het")


def open_game(page) -> None:
    from playwright.sync_api import expect

    page.get_by_role("link", name="Mijn spellen").click()
    expect(page.get_by_role("heading", name="Mijn spellen")).to_be_visible()
    page.get_by_role("link", name="Sparen voor …").click()
    expect(page.get_by_role("heading", name="Sparen voor …")).to_be_visible()


def play_to_debrief(page, *, check_a11y: bool, keyboard: bool) -> int:
    from playwright.sync_api import expect

    """Answer cards (first option that can be chosen) until the debrief; returns the turns seen."""
    seen = set()
    checked_kinds = set()
    for _ in range(80):
        form = page.locator(".game-options")
        if not form.count():
            break
        step = int(form.get_attribute("data-step"))
        label = page.locator("#turn-label").inner_text()
        seen.add(label)
        kind = "rest" if page.locator(".game-option").count() == 1 else "card"
        if check_a11y and kind not in checked_kinds:
            assert_accessible(page)
            checked_kinds.add(kind)
        option = page.locator(".game-options button:not([disabled])").first
        if keyboard:
            option.focus()
            page.keyboard.press("Enter")
        else:
            option.click()
        # The next card (one more choice made) or the debrief has replaced this page.
        page.locator(
            f'.game-options[data-step="{step + 1}"], h1:has-text("Hoe ging het")'
        ).wait_for()
    expect(page.get_by_role("heading", name=DEBRIEF)).to_be_visible()
    return len(seen)


def sign_in_as_noor_without_js(page, live_server) -> None:
    from playwright.sync_api import expect

    page.goto(live_server("/"))
    page.get_by_role("link", name=re.compile("Ik ben leerling")).click()
    page.get_by_label("Klascode").fill("ktr 947")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("link", name="Noor").click()
    for picture in ("kat", "appel", "ster"):
        page.get_by_role("button", name=picture, exact=True).click()
    expect(page.get_by_role("heading", name="Mijn opdrachten")).to_be_visible()


def app_routes():
    """Every URL rule of the app but Flask's own ``static``, sorted by endpoint."""
    app = bare_app()
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    app.extensions["leergang.engine"].dispose()
    return sorted(rules, key=lambda r: r.endpoint)


DEMO_AUTHOR = "auteur@demo.leergang.nl"
DRAFT_MODULE = "nodig-of-willen"


def demo_author_draft(app, content_id: str = DRAFT_MODULE) -> int:
    """The demo author, in an organisation, with an open draft of a shipped module (version 1.2
    of its text); returns the draft's id. Pages for drafts need one to open."""
    from sqlmodel import select

    from leergang.auth.models import StaffUser
    from leergang.authoring import services
    from leergang.authoring.models import Organisation
    from leergang.db import new_session

    text = (LESSONS_DIR / content_id / "module.yaml").read_text(encoding="utf-8")
    text = re.sub(r'^version: "[^"]+"', 'version: "1.2"', text, count=1, flags=re.MULTILINE)
    with app.app_context(), new_session(write=True) as session:
        author = session.exec(select(StaffUser).where(StaffUser.email == DEMO_AUTHOR)).one()
        if author.organisation_id is None:
            organisation = Organisation(name="Wijzer in Geldzaken (demo)")
            session.add(organisation)
            session.flush()
            author.organisation_id = organisation.id
            session.add(author)
            session.commit()
        draft = services.open_draft(session=session, kind="module", content_id=content_id)
        if draft is None:
            draft = services.save_draft(
                session=session, kind="module", content_id=content_id, yaml_text=text,
                author=author, expected_revision=None,
            )  # fmt: skip
        return draft.id


PARTNER_MODULE = "eigen-les"


def add_partner_content(app) -> dict:
    """The demo author's organisation (made if the author has none) published its own module
    "eigen-les" (a copy of nodig-of-willen, with its image) in the browser and opened a new draft
    of it. Returns sample URL values for the author's and the content routes."""
    import base64

    from sqlmodel import select

    from leergang.auth.models import Role, StaffUser
    from leergang.authoring import services
    from leergang.authoring.models import Organisation
    from leergang.db import new_session

    folder = LESSONS_DIR / "nodig-of-willen"
    text = (folder / "module.yaml").read_text(encoding="utf-8")
    text = text.replace("id: nodig-of-willen\n", f"id: {PARTNER_MODULE}\n", 1)
    image = base64.b64encode((folder / "nodig-of-willen.svg").read_bytes()).decode()
    with app.app_context(), new_session(write=True) as session:
        author = session.exec(
            select(StaffUser).where(StaffUser.email == "auteur@demo.leergang.nl")
        ).one()
        if author.organisation_id is None:
            organisation = Organisation(name="Wijzer in Geldzaken (test)")
            session.add(organisation)
            session.flush()
            author.organisation_id = organisation.id
            session.add(author)
        reviewer = StaffUser(
            email="redactie@partner.example", display_name="Redactie", role=Role.AUTHOR,
            password_hash="!", organisation_id=author.organisation_id,
        )  # fmt: skip
        session.add(reviewer)
        session.commit()
        draft = services.save_draft(
            session=session, kind="module", content_id=PARTNER_MODULE, yaml_text=text,
            author=author, expected_revision=None,
        )  # fmt: skip
        draft.assets = {"nodig-of-willen.svg": image}
        session.add(draft)
        session.commit()
        services.submit_for_review(session=session, draft=draft, author=author)
        services.approve(session=session, draft=draft, reviewer=reviewer)
        services.publish(session=session, draft=draft, by=reviewer)
        values = {"kind": "module", "content_id": PARTNER_MODULE, "version": draft.version,
                  "version_id": draft.id}  # fmt: skip
        # … and has a new draft open (version 1.2), as an author who edits it again would.
        text = re.sub(r'^version: "[^"]+"', 'version: "1.2"', text, count=1, flags=re.MULTILINE)
        services.save_draft(
            session=session, kind="module", content_id=PARTNER_MODULE, yaml_text=text,
            author=author, expected_revision=None,
        )  # fmt: skip
        return values


# --- authors of a partner organisation -------------------------------------------------------

AUTHOR_EMAIL = "auteur@demo.leergang.nl"


def author_of(app, organisation: str, email: str = AUTHOR_EMAIL) -> int:
    """Make ``email`` an author of ``organisation`` (created when new), adding the account when it
    does not exist (password "leergang-demo"); returns the organisation's id."""
    from sqlmodel import select

    from leergang.auth.models import Role, StaffUser
    from leergang.auth.services import hash_password
    from leergang.authoring.models import Organisation
    from leergang.db import new_session

    with app.app_context(), new_session(write=True) as session:
        org = session.exec(select(Organisation).where(Organisation.name == organisation)).first()
        if org is None:
            org = Organisation(name=organisation)
            session.add(org)
            session.flush()
        user = session.exec(select(StaffUser).where(StaffUser.email == email)).first()
        if user is None:
            user = StaffUser(
                email=email, display_name=email.split("@")[0], role=Role.AUTHOR,
                password_hash=hash_password("leergang-demo"), is_demo=True,
            )  # fmt: skip
        user.organisation_id = org.id
        session.add(user)
        session.commit()
        return org.id


def draft_game(session, content_id: str, text: str | None = None) -> None:
    """A draft game of the demo author's organisation (sparen-voor's text with another id)."""
    from sqlmodel import select

    from leergang.auth.models import StaffUser
    from leergang.authoring.services import save_draft

    if text is None:
        text = (LESSONS_DIR / "sparen-voor" / "scenario.yaml").read_text(encoding="utf-8")
        text = text.replace("id: sparen-voor", f"id: {content_id}", 1)
    user = session.exec(select(StaffUser).where(StaffUser.email == AUTHOR_EMAIL)).one()
    save_draft(session=session, kind="game", content_id=content_id, yaml_text=text, author=user,
               expected_revision=None)  # fmt: skip


class FormReader:
    """The fields a browser would send for the form with ``form_id`` (text, hidden, ticked boxes,
    textareas, selected options), read from the page's HTML."""

    def __init__(self, page: str, form_id: str):
        from html.parser import HTMLParser

        fields: list[tuple[str, str]] = []
        state: dict = {"in": False, "textarea": None, "select": None, "first": None}

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                if tag == "form":
                    state["in"] = a.get("id") == form_id
                if not state["in"] or "name" in a and a["name"] is None:
                    return
                if tag == "input" and a.get("name"):
                    kind = a.get("type", "text")
                    if kind in ("checkbox", "radio"):
                        if "checked" in a:
                            fields.append((a["name"], a.get("value", "on")))
                    elif kind not in ("submit", "button"):
                        fields.append((a["name"], a.get("value") or ""))
                elif tag == "textarea":
                    state["textarea"] = [a["name"], ""]
                elif tag == "select":
                    state["select"] = a.get("name")
                    state["first"] = None
                elif tag == "option" and state["select"]:
                    value = a.get("value", "")
                    if state["first"] is None:
                        state["first"] = value
                    if "selected" in a:
                        fields.append((state["select"], value))
                        state["first"] = False

            def handle_endtag(self, tag):
                if tag == "form":
                    state["in"] = False
                elif tag == "textarea" and state["textarea"]:
                    name, text = state["textarea"]
                    fields.append((name, text[1:] if text.startswith("\n") else text))
                    state["textarea"] = None
                elif tag == "select" and state["select"]:
                    if state["first"] not in (None, False):
                        fields.append((state["select"], state["first"]))
                    state["select"] = None

            def handle_data(self, data):
                if state["textarea"]:
                    state["textarea"][1] += data

        parser = Parser(convert_charrefs=True)
        parser.feed(page)
        self.fields = fields

    def data(self, **changes) -> list[tuple[str, str]]:
        """The fields with ``changes`` (a form name with dots written as ``__``) applied."""
        changed = {name.replace("__", "."): value for name, value in changes.items()}
        out = [(n, changed.get(n, v)) for n, v in self.fields]
        out += [(n, v) for n, v in changed.items() if n not in dict(self.fields)]
        return out


# --- sample values for every route ------------------------------------------------------------


def url_values(rule, values: dict) -> dict:
    """The sample values for ``rule``'s arguments. The game editor's ``content_id`` is a game's id
    (``values["game_content_id"]``); the review pages' is the demo draft in review
    (``values["review_content_id"]``); every other ``content_id`` is the partner's own module."""
    chosen = {k: v for k, v in values.items() if k in rule.arguments}
    for prefix, key in (("game_editor.", "game_content_id"), ("review.", "review_content_id")):
        if rule.endpoint.startswith(prefix) and key in values and "content_id" in chosen:
            chosen["content_id"] = values[key]
    return chosen
