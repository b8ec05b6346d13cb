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
