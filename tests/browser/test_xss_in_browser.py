"""The XSS corpus in real Chromium: every payload goes through every text field of the game
editor, the translate page and the module import, and is rendered in the editor, the play-test,
the translate page and (published) the pupil player. Nothing runs, no dialog opens, and no page
carries live markup (``xss_tools.AUDIT``). SVG uploads: ``test_svg_in_browser.py``.

Pages are rendered with the CSP bypassed (``bypass_csp``): the escaping and sanitising alone must
hold, the CSP is a second wall.

To add an editor (the module editor, a review page), add a row to ``EDITORS`` (page, locator of
its text fields, save button, what shows the outcome) and the pages that show its saved texts
(preview, review) to ``RENDERERS``; the test fills every payload into every field shape, saves,
and audits each page.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from leergang.content import parse_module_text
from tests.answers import right_answer
from tests.browser.xss_tools import (
    ALL,
    MARKDOWN_KEYS,
    MARKDOWN_OK,
    MODULE,
    PLAIN_OK,
    Tripwire,
    batches,
    fill,
    import_file,
    joined,
    module_text,
    rotated,
    save,
    through_editor,
)
from tests.helpers import (
    AUTHOR_EMAIL,
    DRAFT_MODULE,
    author_of,
    demo_author_draft,
    draft_game,
    fill_form,
    sign_in_as_noor,
    sign_in_teacher,
)

GAME = "xss-spel"
# (page, content id, locator of its text fields, its save button, what shows the save's outcome);
# ``{id}`` in the page is the content id. The game is a draft copy of sparen-voor, the module the
# demo author's draft of nodig-of-willen. The module editor's row, with its steps of every type
# added first and its live previews, is in ``test_xss_module_editor.py``.
EDITORS = [
    ("/author/games/{id}/edit", GAME,
     "#game-form input[type=text]:not([readonly]):not([inputmode]), #game-form textarea",
     "Opslaan", "#problems-title"),
    ("/author/module/{id}/translate/en", DRAFT_MODULE, ".translate-form textarea",
     "Vertaling opslaan", "#save-status:not(:empty), [role=alert]"),
]  # fmt: skip
# Pages that show an editor's saved texts, audited after each save: the editor itself, the
# play-test.
RENDERERS = {
    "/author/games/{id}/edit": ["/author/games/{id}/edit", "/author/games/{id}/playtest"],
    "/author/module/{id}/translate/en": ["/author/module/{id}/translate/en"],
}


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
    for editor in EDITORS:
        filled = through_editor(page, wire, live_server, editor, RENDERERS[editor[0]])
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
    url, locator = EDITORS[0][0].format(id=GAME), EDITORS[0][2]
    page.goto(live_server(url))
    fields = page.locator(locator).evaluate_all(
        "els => els.map(el => [el.name, el.tagName === 'TEXTAREA', el.value])"
    )
    chunks = batches(PLAIN_OK, 6)
    texts = [
        joined(chunks[n % len(chunks)], False) if re.split(r"[.]", name)[-1] in PROSE else value
        for n, (name, _textarea, value) in enumerate(fields)
    ]
    fill(page, locator, texts)
    save(page, url, "Opslaan")
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


# --- the module import, published, and the pupil player -------------------------------------


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
        text = module_text(
            lambda n, r=round_: " · ".join(rotated(chunks, n, r)),
            lambda n, r=round_: "\n\n".join(rotated(chunks, n, r)[:: -1 if n % 2 else 1]),
        )
        import_file(page, live_server, text)
        expect(page.get_by_role("alert")).to_contain_text("Er is niets geïmporteerd")
        expect(page.locator(".problems li").first).to_be_visible()
        wire.check(f"import round {round_} (refused)")
    # What the checks let through (text without tags, harmless Markdown) is imported, published,
    # and shown to a pupil: in the editor's pages and in the player, all of it as text.
    text = module_text(lambda n: " · ".join(PLAIN_OK), lambda n: "\n\n".join(MARKDOWN_OK))
    module, problems = parse_module_text(text)
    assert problems == [], problems[:3]
    import_file(page, live_server, text)
    expect(page.locator(".flash-success")).to_contain_text(f"{MODULE} versie 1.0")
    wire.check("images page of the imported draft")
    # The translation gets the texts both checks let through (a translation's plain texts are
    # checked as Markdown too, so "[klik](javascript:…)" is refused there), saved on the page.
    page.goto(live_server(f"/author/module/{MODULE}/translate/en"))
    locator = ".translate-form textarea"
    names = page.locator(locator).evaluate_all("els => els.map(el => el.name)")
    fill(page, locator, [
        "\n\n".join(MARKDOWN_OK) if re.split("[/:]", name)[-1] in MARKDOWN_KEYS
        else " · ".join(MARKDOWN_OK) for name in names
    ])  # fmt: skip
    assert save(page, "translate", "Vertaling opslaan") == 200
    expect(page.locator("#save-status")).to_have_text("Opgeslagen.")
    page.reload()
    expect(page.locator(locator).first).to_have_value(" · ".join(MARKDOWN_OK))
    wire.check("translate page of the imported draft, translated")
    _publish_and_assign(app)

    pupil = new_context(bypass_csp=True).new_page()
    wire = Tripwire(pupil)
    sign_in_as_noor(pupil, live_server, check_a11y=False)
    wire.check("the pupil's list")
    pupil.goto(live_server(f"/learn/{MODULE}/"))
    expect(pupil.locator("main")).to_contain_text("{{ 7*7 }}")  # the payloads, as text
    wire.check("the module's cover")
    _walk(pupil, wire, module, DUTCH)
    # In English, for Daan: the translation saved through the translate page.
    pupil = new_context(bypass_csp=True).new_page()
    wire = Tripwire(pupil)
    _sign_in_daan(pupil, live_server)
    pupil.get_by_role("button", name="English").click()
    expect(pupil.get_by_role("heading", name="My assignments")).to_be_visible()
    wire.check("Daan's list in English")
    pupil.goto(live_server(f"/learn/{MODULE}/"))
    title = pupil.get_by_role("heading", level=1)
    expect(title).to_contain_text("{{ 7*7 }}")
    expect(title).not_to_contain_text("javascript")  # the English title, not the Dutch one
    wire.check("the module's cover in English")
    _walk(pupil, wire, module, ENGLISH)


def _sign_in_daan(page, live_server) -> None:
    page.goto(live_server("/"))
    page.get_by_role("link", name=re.compile("Ik ben leerling")).click()
    page.get_by_label("Klascode").fill("ktr 947")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("link", name="Daan").click()
    for picture in ("zon", "vis", "huis"):
        page.get_by_role("button", name=picture, exact=True).click()
    expect(page.get_by_role("heading", name="Mijn opdrachten")).to_be_visible()


DUTCH = {"start": "Beginnen", "step": "Stap {} van {}", "next": "Volgende", "finish": "Afronden",
         "done": "afgerond"}  # fmt: skip
ENGLISH = {"start": "Start", "step": "Step {} of {}", "next": "Next",
           "finish": "Finish", "done": "You finished"}  # fmt: skip


def _walk(pupil, wire, module, words: dict) -> None:
    """Every step of the module, each answered (feedback shown), to the result page."""
    pupil.get_by_role("button", name=words["start"]).click()
    for number, step in enumerate(module.steps, start=1):
        counter = words["step"].format(number, len(module.steps))
        expect(pupil.locator("#step-count")).to_have_text(counter)
        wire.check(f"step {step.id}")
        if step.type != "explanation":
            form = pupil.locator("#step-panel form")
            fill_form(form, right_answer(step))
            form.locator("button[type=submit]").click()
            expect(pupil.locator("#feedback")).to_be_visible()
            wire.check(f"feedback of {step.id}")
        last = number == len(module.steps)
        pupil.get_by_role("button", name=words["finish" if last else "next"]).click()
    expect(pupil.get_by_role("heading", name=re.compile(words["done"]))).to_be_visible()
    wire.check("the result page")
