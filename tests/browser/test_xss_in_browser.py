"""The XSS corpus in real Chromium: every payload goes through every text field of the game
editor, the translate page and the module import, and is rendered in the editor, the play-test,
the translate page and (published) the pupil player. Nothing runs, no dialog opens, and no page
carries live markup (``xss_tools.AUDIT``). Uploaded SVG with script is refused, and an SVG served
from the app cannot run script even when opened on its own.

Pages are rendered with the CSP bypassed (``bypass_csp``): the escaping and sanitising alone must
hold. Only the SVG test keeps the CSP, because the served SVG's own policy is what it tests.

To add an editor, add its fields to ``EDITORS`` below (page, field locator): the test fills
every payload batch into those fields, saves, and audits the page after the save.
"""

from __future__ import annotations

import re

import yaml
from playwright.sync_api import expect

from tests.answers import right_answer
from tests.browser.xss_tools import (
    ALL,
    MARKDOWN_OK,
    PLAIN_OK,
    Tripwire,
    batches,
    first_of_each_shape,
    rotated,
)
from tests.helpers import (
    AUTHOR_EMAIL,
    LESSONS_DIR,
    author_of,
    demo_author_draft,
    draft_game,
    fill_form,
    sign_in_as_noor,
    sign_in_teacher,
)

# (page, locator of its text fields, its save button, what shows the save's outcome). ``{id}`` is
# the content's id. The module editor and the review/preview pages add a row here (e.g.
# "/author/modules/{id}/edit") and their pages to RENDERERS.
EDITORS = [
    ("/author/games/{id}/edit",
     "#game-form input[type=text]:not([readonly]):not([inputmode]), #game-form textarea",
     "Opslaan", "#problems-title"),
    ("/author/module/{id}/translate/en", ".translate-form textarea", "Vertaling opslaan",
     "#save-status:not(:empty), [role=alert]"),
]  # fmt: skip
# Pages that show the saved texts (after each save): the editor itself, the play-test, previews.
RENDERERS = {
    "/author/games/{id}/edit": ["/author/games/{id}/edit", "/author/games/{id}/playtest"],
    "/author/module/{id}/translate/en": ["/author/module/{id}/translate/en"],
}
# How a page says that it refused a text (each editor shows its reasons at the fields).
REFUSED = "[role=alert], .flash-error, .field-error"
MARKDOWN_KEYS = {"prompt", "hint", "feedback", "body", "correct", "incorrect"}
PLAIN_KEYS = {"title", "description", "text", "label"}
GAME = "xss-spel"
MODULE = "xss-les"


def _fill(page, locator: str, texts: list[str]) -> int:
    """Put ``texts`` into the fields as typed text (no autosave in between); returns how many."""
    fields = page.locator(locator)
    count = fields.count()
    fields.evaluate_all(
        """(els, texts) => els.forEach((el, i) => {
             el.value = texts[i % texts.length]; })""",
        texts,
    )
    return count


def _joined(batch: list[str], textarea: bool) -> str:
    return ("\n\n" if textarea else " · ").join(batch)


def _save(page, url: str, button: str) -> int:
    """Press the save button; returns the POST's status once its page or fragment is shown."""
    page.evaluate("() => { document.querySelector('main').dataset.unsaved = '1'; }")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name=button).first.click()
    status = posted.value.status
    assert status < 500, f"{url}: {status}"
    if 300 <= status < 400:  # the form posted and redirected: wait for the new page
        expect(page.locator("main[data-unsaved]")).to_have_count(0)
    page.wait_for_load_state("load")
    return status


def _through_editor(page, wire, live_server, editor, content_id: str) -> int:
    """Every payload into every field of ``editor``, saved and rendered.

    Two rounds: the corpus is cut in two halves that change fields between the rounds, and a
    field gets its half in reading order in one round and reversed in the other (so a payload that
    leaves a tag open never hides the payloads after it in every field)."""
    url, locator, button, outcome = editor
    chunks = batches(ALL, len(ALL) // 2 + 1)
    saved = 0
    for round_ in range(len(chunks)):
        page.goto(live_server(url.format(id=content_id)))
        fields = page.locator(locator).evaluate_all(
            "els => els.map(el => [el.name, el.tagName === 'TEXTAREA', el.value])"
        )
        chosen = first_of_each_shape([name for name, _textarea, _value in fields])
        texts = [value for _name, _textarea, value in fields]
        for n, position in enumerate(chosen):
            batch = rotated(chunks, n, round_)
            batch = batch if (n + round_) % 2 else batch[::-1]
            texts[position] = _joined(batch, fields[position][1])
        _fill(page, locator, texts)
        status = _save(page, url, button)
        expect(page.locator(outcome).first).to_be_visible()
        wire.check(f"{url} round {round_} after saving")
        if status >= 400:  # refused: the page without JavaScript shows the texts and why
            _fill(page, locator, texts)
            page.evaluate("() => { document.querySelector('main').dataset.unsaved = '1'; }")
            page.locator(locator).first.evaluate("el => el.form.submit()")
            expect(page.locator("main[data-unsaved]")).to_have_count(0)
            expect(page.locator(REFUSED).first).to_be_visible()
            values = page.locator(locator).evaluate_all("els => els.map(el => el.value)")
            assert any("__pwned(" in value for value in values), values[:3]
            wire.check(f"{url} round {round_} refused, without JavaScript")
        else:  # saved: the author's text is back in the fields, as text
            page.goto(live_server(url.format(id=content_id)))
            values = page.locator(locator).evaluate_all("els => els.map(el => el.value)")
            assert any("__pwned(" in value for value in values), values[:3]
        saved += len(chosen)
        for shown in RENDERERS[url]:
            page.goto(live_server(shown.format(id=content_id)))
            wire.check(f"{shown} round {round_}")
    return saved


def test_every_payload_through_the_game_editor_and_translate_page_runs_nothing(
    new_context, live_server
):
    app = live_server.app
    author_of(app, "Wijzer in Geldzaken")
    from leergang.db import new_session

    with app.app_context(), new_session(write=True) as session:
        draft_game(session, GAME)
    demo_author_draft(app)
    page = new_context(bypass_csp=True).new_page()
    wire = Tripwire(page)
    sign_in_teacher(page, live_server, email=AUTHOR_EMAIL)
    expect(page).not_to_have_url(re.compile("/login"))
    ids = {"/author/games/{id}/edit": GAME, "/author/module/{id}/translate/en": "nodig-of-willen"}
    for editor in EDITORS:
        filled = _through_editor(page, wire, live_server, editor, ids[editor[0]])
        assert filled >= 10, f"{editor[0]}: only {filled} fields"
    page.goto(live_server(f"/author/games/{GAME}/edit"))
    # The editor shows the author's text as text: a payload is visible, not markup.
    expect(page.locator("#game-form")).to_contain_text("<script>")


PROSE = ("title", "description", "text", "explanation", "label", "learning_goals")


def test_what_the_game_check_lets_through_is_played_as_text(new_context, live_server):
    """Texts without tags pass the game's check; the play-test shows them, turn by turn, as text."""
    from leergang.db import new_session

    author_of(live_server.app, "Wijzer in Geldzaken")
    with live_server.app.app_context(), new_session(write=True) as session:
        draft_game(session, GAME)
    page = new_context(bypass_csp=True).new_page()
    wire = Tripwire(page)
    sign_in_teacher(page, live_server, email=AUTHOR_EMAIL)
    expect(page).not_to_have_url(re.compile("/login"))
    url, locator = EDITORS[0][0].format(id=GAME), EDITORS[0][1]
    page.goto(live_server(url))
    fields = page.locator(locator).evaluate_all(
        "els => els.map(el => [el.name, el.tagName === 'TEXTAREA', el.value])"
    )
    chunks = batches(PLAIN_OK, 6)
    texts = [
        _joined(chunks[n % len(chunks)], False) if re.split(r"[.]", name)[-1] in PROSE else value
        for n, (name, _textarea, value) in enumerate(fields)
    ]
    _fill(page, locator, texts)
    _save(page, url, "Opslaan")
    expect(page.locator("#problems-title")).to_have_text("Geen problemen")
    wire.check("the game editor")
    page.goto(live_server(f"/author/games/{GAME}/playtest"))
    shown = set()
    for _ in range(40):
        wire.check(f"play-test at {page.url}")
        text = page.locator("main").inner_text()
        shown |= {payload for payload in PLAIN_OK if payload in text}
        options = page.locator(".game-options button:not([disabled])")
        if not options.count():
            break
        step = page.locator(".game-options").get_attribute("data-step")
        options.first.click()
        page.locator(f'.game-options:not([data-step="{step}"]), h1:has-text("Hoe ging het")')\
            .first.wait_for()  # fmt: skip
    expect(page.get_by_role("heading", name="Hoe ging het?")).to_be_visible()
    assert len(shown) >= 10, shown  # the payloads, shown as the text they are


# --- the module import, published, and the pupil player ----------------------------------------


def _module_text(plain, markdown) -> str:
    """nodig-of-willen as module ``MODULE`` with ``plain(n)`` in its n-th plain text and
    ``markdown(n)`` in its n-th Markdown text (titles, options, prompts, feedback, bodies)."""
    data = yaml.safe_load((LESSONS_DIR / "nodig-of-willen" / "module.yaml").read_text("utf-8"))
    data.update(id=MODULE, version="1.0")
    count = [0]

    def walk(node, key=""):
        if isinstance(node, dict):
            return {k: walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, key) for v in node]
        if isinstance(node, str) and key in PLAIN_KEYS | MARKDOWN_KEYS | {"learning_goals"}:
            count[0] += 1
            return (markdown if key in MARKDOWN_KEYS else plain)(count[0])
        return node

    return yaml.safe_dump(walk(data), allow_unicode=True, sort_keys=False, width=10_000)


def _import(page, live_server, text: str) -> None:
    page.goto(live_server("/author/import"))
    page.get_by_label("Vervang het concept als er al een is").check()
    page.get_by_label(re.compile("Bestand")).set_input_files(
        {"name": "module.yaml", "mimeType": "text/yaml", "buffer": text.encode("utf-8")}
    )
    page.get_by_role("button", name="Importeren").click()
    page.wait_for_load_state("load")


def _publish_and_assign(app) -> None:
    """A second author of the organisation reviews and publishes the draft; Noor's class gets it."""
    from sqlmodel import select

    from leergang.assignments.services import create_assignment
    from leergang.auth.models import Role, StaffUser
    from leergang.authoring import services
    from leergang.classes.models import Classroom
    from leergang.db import new_session

    with app.app_context(), new_session(write=True) as session:
        author = session.exec(select(StaffUser).where(StaffUser.email == AUTHOR_EMAIL)).one()
        reviewer = StaffUser(email="redactie@xss.example", display_name="Redactie",
                             role=Role.AUTHOR, password_hash="!",
                             organisation_id=author.organisation_id)  # fmt: skip
        session.add(reviewer)
        session.commit()
        draft = services.open_draft(session=session, kind="module", content_id=MODULE)
        services.submit_for_review(session=session, draft=draft, author=author)
        services.approve(session=session, draft=draft, reviewer=reviewer)
        services.publish(session=session, draft=draft, by=reviewer)
        classroom = session.exec(select(Classroom).where(Classroom.code == "KTR947")).one()
        create_assignment(session=session, classroom=classroom, kind="module", item_id=MODULE)


def test_payloads_in_an_imported_module_run_nowhere_not_even_for_the_pupil(
    new_context, live_server
):
    from leergang.content import parse_module_text

    app = live_server.app
    author_of(app, "Wijzer in Geldzaken")
    page = new_context(bypass_csp=True).new_page()
    wire = Tripwire(page)
    sign_in_teacher(page, live_server, email=AUTHOR_EMAIL)
    expect(page).not_to_have_url(re.compile("/login"))
    # Every payload in every text of the file (two rounds, as in the editors): refused, with the
    # problems listed as text.
    chunks = batches(ALL, len(ALL) // 2 + 1)
    for round_ in range(len(chunks)):
        text = _module_text(
            lambda n, r=round_: " · ".join(rotated(chunks, n, r)),
            lambda n, r=round_: "\n\n".join(rotated(chunks, n, r)[:: -1 if n % 2 else 1]),
        )
        _import(page, live_server, text)
        expect(page.get_by_role("alert")).to_contain_text("Er is niets geïmporteerd")
        expect(page.locator(".problems li").first).to_be_visible()
        wire.check(f"import round {round_} (refused)")
    # What the checks let through (text without tags, harmless Markdown) is imported, published,
    # and shown to a pupil: in the editor's pages and in the player, all of it as text.
    text = _module_text(lambda n: " · ".join(PLAIN_OK), lambda n: "\n\n".join(MARKDOWN_OK))
    module, problems = parse_module_text(text)
    assert problems == [], problems[:3]
    _import(page, live_server, text)
    expect(page.locator(".flash-success")).to_contain_text(f"{MODULE} versie 1.0")
    wire.check("images page of the imported draft")
    page.goto(live_server(f"/author/module/{MODULE}/translate/en"))
    wire.check("translate page of the imported draft")
    _publish_and_assign(app)

    pupil = new_context(bypass_csp=True).new_page()
    wire = Tripwire(pupil)
    sign_in_as_noor(pupil, live_server, check_a11y=False)
    wire.check("the pupil's list")
    pupil.goto(live_server(f"/learn/{MODULE}/"))
    expect(pupil.locator("main")).to_contain_text("{{ 7*7 }}")  # the payloads, as text
    wire.check("the module's cover")
    pupil.get_by_role("button", name="Beginnen").click()
    for number, step in enumerate(module.steps, start=1):
        expect(pupil.locator("#step-count")).to_have_text(f"Stap {number} van {len(module.steps)}")
        wire.check(f"step {step.id}")
        if step.type != "explanation":
            form = pupil.locator("#step-panel form")
            fill_form(form, right_answer(step))
            form.locator("button[type=submit]").click()
            expect(pupil.locator("#feedback")).to_be_visible()
            wire.check(f"feedback of {step.id}")
        last = number == len(module.steps)
        pupil.get_by_role("button", name="Afronden" if last else "Volgende").click()
    expect(pupil.get_by_role("heading", name=re.compile("afgerond"))).to_be_visible()
    wire.check("the result page")


# --- SVG uploads ------------------------------------------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">{}</svg>'
# SVGs with script, in the forms an attacker tries; each one is refused or cannot run.
HOSTILE_SVGS = {
    "script.svg": SVG.format("<script>__pwned(101)</script>"),
    "onload.svg": SVG.replace("<svg ", '<svg onload="__pwned(102)" ').format(""),
    "cdata.svg": SVG.format("<script><![CDATA[__pwned(103)]]></script>"),
    "link.svg": SVG.format('<a href="javascript:__pwned(104)"><text y="20">klik</text></a>'),
    "foreign.svg": SVG.format('<foreignObject><iframe srcdoc="x"></iframe></foreignObject>'),
    "prefixed.svg": SVG.replace("<svg ", '<svg xmlns:s="http://www.w3.org/2000/svg" ').format(
        "<s:script>__pwned(105)</s:script>"
    ),
    "xhtml.svg": SVG.format(
        '<h:script xmlns:h="http://www.w3.org/1999/xhtml">__pwned(106)</h:script>'
    ),
    "animate.svg": SVG.format(
        '<a><animate attributeName="href" values="&#106;avascript:__pwned(107)"/>'
        '<text y="20">klik</text></a>'
    ),
    "entity.svg": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "&#60;script&#62;">]>'
    + SVG.format("&x;__pwned(108)"),
}
CLEAN_SVG = SVG.format('<circle cx="20" cy="20" r="18" fill="#2a7"/>')


def _upload(page, live_server, name: str, data: str) -> None:
    page.goto(live_server(f"/author/module/{MODULE}/images"))
    page.get_by_label(re.compile("Afbeelding")).set_input_files(
        {"name": name, "mimeType": "image/svg+xml", "buffer": data.encode("utf-8")}
    )
    page.get_by_label(re.compile("alt-tekst")).fill("Een groene cirkel")
    page.get_by_role("button", name="Uploaden").click()
    outcome = page.locator(".flash, [role=alert]").filter(has_text=name)
    expect(outcome.first).to_be_visible()


def test_svg_with_script_is_refused_and_a_served_svg_runs_nothing(new_context, live_server):
    from sqlmodel import select

    from leergang.authoring.models import ContentVersion
    from leergang.db import new_session

    author_of(live_server.app, "Wijzer in Geldzaken")
    page = new_context().new_page()  # with the CSP: the image's own policy is under test
    wire = Tripwire(page)
    sign_in_teacher(page, live_server, email=AUTHOR_EMAIL)
    expect(page).not_to_have_url(re.compile("/login"))
    _import(page, live_server, _module_text(lambda n: f"Tekst {n}", lambda n: f"Tekst {n}."))
    expect(page.locator(".flash-success")).to_contain_text(f"{MODULE} versie 1.0")
    for name, data in HOSTILE_SVGS.items():
        _upload(page, live_server, name, data)
        expect(page.get_by_role("alert")).to_contain_text(f'Afbeelding "{name}" bevat')
        wire.check(f"upload of {name}")
    _upload(page, live_server, "cirkel.svg", CLEAN_SVG)
    expect(page.locator(".flash-success")).to_contain_text("cirkel.svg is bewaard")
    with live_server.app.app_context(), new_session() as session:
        version_id = session.exec(
            select(ContentVersion.id).where(ContentVersion.content_id == MODULE)
        ).one()
    url = live_server(f"/author/versions/{version_id}/images/cirkel.svg")

    # Served so that nothing in it can run: an opaque origin without script.
    response = page.goto(url)
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.headers["x-content-type-options"] == "nosniff"
    policy = response.headers["content-security-policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy, policy
    wire.ran_nothing("the SVG opened on its own")
    # Those headers alone stop script: the same response with each hostile SVG as its body
    # (as if one had slipped past the check) runs nothing in Chromium, even when clicked.
    for name, data in HOSTILE_SVGS.items():
        page.route(url, _with_body(data))
        page.goto(url)
        page.locator("svg").first.click(position={"x": 5, "y": 15}, force=True)
        wire.ran_nothing(f"{name} served with the image headers")
        page.unroute(url)
    # (Without those headers the same file does run: the check above can fail.)
    page.route(url, lambda route: route.fulfill(
        body=HOSTILE_SVGS["prefixed.svg"], content_type="image/svg+xml"))  # fmt: skip
    page.goto(url)
    expect(page.locator("svg")).to_have_count(1)
    assert page.evaluate("() => Array.from(window.__xss)") == ["__pwned(105)"]
    page.unroute(url)

    # An SVG with script that got into the database some other way (stored before the rules) is
    # not served at all.
    with live_server.app.app_context(), new_session(write=True) as session:
        row = session.get(ContentVersion, version_id)
        row.assets = {**row.assets, **{n: _b64(d) for n, d in HOSTILE_SVGS.items()}}
        session.add(row)
        session.commit()
    for name in HOSTILE_SVGS:
        response = page.goto(live_server(f"/author/versions/{version_id}/images/{name}"))
        assert response.status == 404, name
        wire.check(f"{name} opened on its own")


def _with_body(body: str):
    """A route handler: the server's real response (its headers) with another body."""

    def handle(route) -> None:
        route.fulfill(response=route.fetch(), body=body)

    return handle


def _b64(text: str) -> str:
    import base64

    return base64.b64encode(text.encode("utf-8")).decode()


def test_the_tripwire_sees_a_payload_that_runs_and_live_markup(new_context):
    """The guard of the tests above can fail: script that runs, and markup that could."""
    def show(html: str):
        page = new_context(bypass_csp=True).new_page()
        page.route("http://tripwire.test/", lambda route: route.fulfill(
            body=html, content_type="text/html"))  # fmt: skip
        wire = Tripwire(page)
        page.goto("http://tripwire.test/")
        return wire

    wire = show('<main><img src="data:," onerror="__pwned(1)"></main>')
    try:
        wire.check("a page with a payload")
    except AssertionError as error:
        assert "__pwned(1)" in str(error)
    else:
        raise AssertionError("the tripwire missed a payload that ran")
    for markup in ('<div hx-get="/admin/lessons">x</div>', '<a href="javascript:void(0)">x</a>',
                   "<iframe srcdoc='x'></iframe>", "<p onclick='x'>x</p>"):  # fmt: skip
        wire = show(f"<main>{markup}</main>")
        try:
            wire.check(markup)
        except AssertionError as error:
            assert "live markup" in str(error), error
        else:
            raise AssertionError(f"the audit missed {markup}")
