"""axe-core over every page of every role (issue 13), in real Chromium.

The pages come from ``app.url_map``: every GET route, built with the sample values below, is
opened by each role (anonymous, a pupil with pictures, a pupil with a PIN, a teacher, a school
admin, an author, an evaluator). Whatever page the role lands on (the page itself, the sign-in
page it is sent to, or an error page) must be axe-clean, and pupils' pages (and the sign-in pages
pupils use) must not scroll sideways at 320 CSS pixels. New routes are picked up by themselves; a
route with an argument that has no sample value fails ``test_every_get_route_has_sample_values``.
One browser context per role, one test for all roles: the failures of all roles are listed together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import expect

from leergang.db import new_session
from leergang.demo_authoring import DEMO_ORGANISATION, seed_demo_draft
from tests.answers import right_answer
from tests.helpers import (
    LESSONS_DIR,
    Actor,
    add_partner_content,
    advance_to_first_question,
    assert_accessible,
    author_of,
    bare_app,
    current_card,
    draft_game,
    play,
    sign_in_teacher,
    start_game,
    url_values,
)

PUPIL_ROLES = ("pupil_pictures", "pupil_pin")
STAFF = {
    "teacher": "leraar@demo.leergang.nl",
    "admin": "admin@demo.leergang.nl",
    "author": "auteur@demo.leergang.nl",
    "evaluator": "evaluator@demo.leergang.nl",
}
ROLES = ("anonymous", *PUPIL_ROLES, *STAFF)
NARROW = {"width": 320, "height": 640}
# URL arguments that get sample values (see ``_values``). A route with any other argument fails.
ARGUMENTS = {
    "class_id", "pupil_id", "module_id", "step_id", "filename", "token", "code", "public_id",
    "scenario_id", "turn", "programme_id", "kind", "content_id", "version", "version_id", "lang",
}  # fmt: skip
# Pages no role opens with sample values, by design: a made-up token opens nothing (the 404 page
# is checked), a run's own URL always sends on to its turn or debrief, and "resume" without an
# answer to send again goes back to the start page.
NOT_OPENED = {"auth.card_login", "school.join", "games.run", "auth.pupil_resume"}
FINISHED_MODULE = "nodig-of-willen"
GAME = "sparen-voor"


def _get_rules():
    app = bare_app()
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static" and "GET" in r.methods]
    app.extensions["leergang.engine"].dispose()
    return sorted(rules, key=lambda r: r.endpoint)


GET_RULES = _get_rules()


def test_every_get_route_has_sample_values():
    missing = {r.endpoint: sorted(r.arguments - ARGUMENTS) for r in GET_RULES}
    missing = {endpoint: args for endpoint, args in missing.items() if args}
    assert not missing, f"give these URL arguments sample values in ARGUMENTS/_values: {missing}"


@dataclass
class Seen:
    problems: list[str] = field(default_factory=list)
    checked: set[tuple[str, str]] = field(default_factory=set)
    opened: set[str] = field(default_factory=set)  # endpoints some role saw with status 200


def _modules_of(actor: Actor) -> list[str]:
    page = actor.get("/learn/").get_data(as_text=True)
    return list(dict.fromkeys(re.findall(r'href="/learn/([^/"]+)/"', page)))


def _play_game_to_the_end(actor: Actor) -> str:
    url = start_game(actor, GAME)
    for _ in range(80):
        if "/debrief" in url:
            return url.split("/games/run/")[1].split("/")[0]
        page = actor.get(url)
        if page.status_code in (302, 303):
            url = page.headers["Location"]
            continue
        run_url = url.split("/turn/")[0]
        turn, card, options = current_card(page.get_data(as_text=True))
        response = actor.post(
            f"{run_url}/choose", {"turn": turn, "card": card, "option": options[0]}
        )
        url = response.headers["Location"]
    raise AssertionError("the game did not end")


def _demo_programme_id(app) -> int:
    from sqlmodel import select

    from leergang.metrics.models import Programme

    with app.app_context(), new_session() as session:
        return session.exec(select(Programme.id)).first()


def _draft_game(app) -> str:
    """A draft game of the demo author, who becomes an author of a partner organisation."""
    author_of(app, DEMO_ORGANISATION)
    with app.app_context(), new_session(write=True) as session:
        draft_game(session, "fiets")
    return "fiets"


def _author_draft(app) -> str:
    """A draft module of the demo author's organisation (made here if the demo has none), so
    the editor opens with every step type of a shipped module."""
    from sqlmodel import select

    from leergang.auth.models import StaffUser
    from leergang.authoring import services
    from leergang.authoring.models import Organisation
    from tests.helpers import LESSONS_DIR

    draft_id = "editor-voorbeeld"
    text = (LESSONS_DIR / FINISHED_MODULE / "module.yaml").read_text(encoding="utf-8")
    with app.app_context(), new_session(write=True) as session:
        author = session.exec(select(StaffUser).where(StaffUser.email == STAFF["author"])).one()
        if author.organisation_id is None:
            organisation = Organisation(name="Axe-organisatie")
            session.add(organisation)
            session.flush()
            author.organisation_id = organisation.id
            session.add(author)
            session.commit()
        services.save_draft(
            session=session, kind="module", content_id=draft_id, author=author,
            yaml_text=text.replace(f"id: {FINISHED_MODULE}", f"id: {draft_id}", 1),
            expected_revision=None,
        )  # fmt: skip
    return draft_id


def _values(live_server, library) -> dict[str, dict]:
    """Sample URL values per role, with the demo pupils part-way through their work: Noor has
    finished a lesson and a game, answered a question in another lesson and has a game open."""
    app, demo = live_server.app, live_server.demo
    groep8, vmbo = demo.classes[0], demo.classes[1]
    noor = next(p for p in demo.pupils[groep8.code] if p.display_name == "Noor")
    yara = next(p for p in demo.pupils[vmbo.code] if p.display_name == "Yara")

    noor_http = Actor(app.test_client())
    noor_http.sign_in_pupil(groep8.code, noor)
    play(noor_http, library.modules[FINISHED_MODULE], lambda step: None)
    started = next(m for m in _modules_of(noor_http) if m != FINISHED_MODULE)
    module = library.modules[started]
    question = advance_to_first_question(noor_http, module)
    noor_http.post(f"/learn/{started}/{question.id}/answer", right_answer(question))
    finished_run = _play_game_to_the_end(noor_http)
    open_run = start_game(noor_http, GAME).split("/games/run/")[1].split("/")[0]

    with app.app_context(), new_session(write=True) as session:
        seed_demo_draft(session=session, lessons_dir=LESSONS_DIR)  # for the review pages

    yara_http = Actor(app.test_client())
    yara_http.sign_in_pupil(vmbo.code, yara)
    yara_module = _modules_of(yara_http)[0]

    base = {
        "class_id": groep8.public_id,
        "pupil_id": noor.public_id,
        "module_id": started,
        "step_id": question.id,
        "filename": f"{FINISHED_MODULE}.svg",
        "token": "made-up-token",
        "code": groep8.code,
        "public_id": open_run,
        "scenario_id": GAME,
        "turn": 1,
        "programme_id": _demo_programme_id(app),
        # The demo author's organisation has a game draft, published its own module and has a
        # new draft of that open, which the author translates into English; the review pages
        # show the demo draft (a new version of the finished lesson).
        "game_content_id": _draft_game(app),
        **add_partner_content(app),
        "lang": "en",
        "review_content_id": FINISHED_MODULE,
    }
    noor_pages = {
        **base,
        "review.preview_step": {"step_id": library.modules[FINISHED_MODULE].steps[1].id},
        "learn.result": {"module_id": FINISHED_MODULE},
        "learn.asset": {"module_id": FINISHED_MODULE},
        "games.debrief_page": {"public_id": finished_run},
        "games.turn": {"turn": 1},
        "auth.pupil_secret": {"public_id": noor.public_id},
    }
    yara_pages = {
        **noor_pages,
        "module_id": yara_module,
        "step_id": library.modules[yara_module].steps[0].id,
        "code": vmbo.code,
        "pupil_id": yara.public_id,
        "learn.result": {"module_id": yara_module},
        "auth.pupil_secret": {"public_id": yara.public_id},
    }
    values = {role: noor_pages for role in ROLES}
    values["author"] = {
        **noor_pages,
        "author.edit_module": {"module_id": _author_draft(app)},
    }
    values["pupil_pin"] = yara_pages
    return values


def _url(rule, values: dict) -> str:
    args = url_values(rule, values)
    args.update(values.get(rule.endpoint, {}))
    return rule.build(args)[1]


def _no_sideways_scroll(page) -> str | None:
    wide, room = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return None if wide <= room else f"{page.url}: {wide} px wide in {room} px"


def _check_page(page, role: str, where: str, seen: Seen, *, narrow: bool) -> None:
    try:
        assert_accessible(page)
    except AssertionError as error:
        seen.problems.append(f"{role} {where}: {error}")
    if narrow and (problem := _no_sideways_scroll(page)):
        seen.problems.append(f"{role} {where}: scrolls sideways: {problem}")


def _sign_in(page, live_server, role: str, seen: Seen) -> None:
    """Sign in the way the role does, checking the sign-in pages pupils see on the way."""
    narrow = role in PUPIL_ROLES
    if role == "anonymous":
        # Type the class code, so the class's names page opens for this browser too.
        page.goto(live_server("/pupil"))
        page.get_by_label("Klascode").fill("ktr 947")
        page.get_by_role("button", name="Volgende").click()
        expect(page.get_by_role("link", name="Noor")).to_be_visible()
    elif role in PUPIL_ROLES:
        code, name = ("hmw 374", "Yara") if role == "pupil_pin" else ("ktr 947", "Noor")
        page.goto(live_server("/pupil"))
        page.get_by_label("Klascode").fill(code)
        page.get_by_role("button", name="Volgende").click()
        page.get_by_role("link", name=name).click()
        if role == "pupil_pin":
            _check_page(page, role, "PIN form", seen, narrow=narrow)
            page.get_by_label("PIN").fill("2580")
            page.get_by_role("button", name="Inloggen").click()
        else:
            page.get_by_role("button", name="kat", exact=True).click()
            expect(page.locator(".picked")).to_contain_text("1 van de 3 gekozen")
            _check_page(page, role, "picture form, one picture tapped", seen, narrow=narrow)
            page.get_by_role("button", name="appel", exact=True).click()
            page.get_by_role("button", name="ster", exact=True).click()
        expect(page.get_by_role("heading", name="Mijn opdrachten")).to_be_visible()
    else:
        sign_in_teacher(page, live_server, STAFF[role])
        expect(page).not_to_have_url(re.compile(r"/login"))


def _visit_every_page(page, live_server, role: str, values: dict, seen: Seen) -> None:
    narrow = role in (*PUPIL_ROLES, "anonymous")
    for rule in GET_RULES:
        url = _url(rule, values)
        where = f"{rule.endpoint} ({url})"
        # Ask first what the URL answers: a CSV download or an image is not a page.
        answer = page.context.request.get(live_server(url))
        kind = answer.headers.get("content-type", "")
        if answer.status >= 500:
            seen.problems.append(f"{role} {where}: status {answer.status}")
            continue
        if not kind.startswith("text/html"):
            if answer.status == 200:
                seen.opened.add(rule.endpoint)  # a download or an image: nothing for axe
            continue
        response = page.goto(live_server(url))
        status = response.status if response else 0
        landed = urlsplit(page.url).path
        if status == 200 and landed == urlsplit(live_server(url)).path:
            seen.opened.add(rule.endpoint)
        key = (role, landed if status < 400 else f"error {status}")
        if key in seen.checked:
            continue
        seen.checked.add(key)
        _check_page(page, role, where, seen, narrow=narrow)


def test_every_page_of_every_role_is_accessible(new_context, live_server, library):
    values = _values(live_server, library)
    seen = Seen()
    for role in ROLES:
        narrow = role in (*PUPIL_ROLES, "anonymous")
        context = new_context(**({"viewport": NARROW} if narrow else {}))
        page = context.new_page()
        _sign_in(page, live_server, role, seen)
        _visit_every_page(page, live_server, role, values[role], seen)
        context.close()
    every = {rule.endpoint for rule in GET_RULES}
    unopened = every - seen.opened - NOT_OPENED
    assert not unopened, f"no role opened these pages with the sample values: {sorted(unopened)}"
    assert not seen.problems, "\n".join(seen.problems)
