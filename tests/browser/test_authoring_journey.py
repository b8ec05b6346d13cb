"""The whole authoring flow in real Chromium, as real users: the demo author writes a module with
one step of every registered step type (keyboard only) and a small game, previews and play-tests
them and sends both for review; the demo reviewer approves and publishes; a teacher assigns both to
groep 8; Noor completes the module and plays the game to its debrief; the exported zips pass
``lessons check``. axe-core checks every author page on the way."""

from __future__ import annotations

import io
import re
import zipfile

from playwright.sync_api import expect
from sqlmodel import select

from leergang.authoring.models import ContentVersion
from leergang.authoring.stepforms import spec_for
from leergang.content import STEP_TYPES, parse_module_text
from leergang.db import new_session
from tests.helpers import (
    assert_accessible,
    fill_form,
    play_module,
    play_to_debrief,
    right_answer,
    sign_in_as_noor,
    sign_in_teacher,
)

AUTHOR = "auteur@demo.leergang.nl"
REVIEWER = "reviewer@demo.leergang.nl"
MODULE, MODULE_TITLE = "alles-over-sparen", "Alles over sparen"
GAME, GAME_TITLE = "fietsbel", "Sparen voor een fietsbel"


def _sign_in(page, live_server, email: str) -> None:
    sign_in_teacher(page, live_server, email)
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def _press(page, locator) -> None:
    locator.focus()
    page.keyboard.press("Enter")


def _type(page, name: str, text: str) -> None:
    field = page.locator(f'[name="{name}"]')
    field.focus()
    field.press("Control+a")
    page.keyboard.type(text)


def _fill_step(page, prefix: str, specs, entry: int | None = None, choice: str = "") -> None:
    """Fill every required field of a step from its form spec (the same registry the editor
    builds the form from), so a new step type is filled without changes here."""
    for spec in specs:
        name = f"{prefix}.{spec.name}"
        if spec.kind == "fixed" or (spec.name == "id" and entry is None):
            continue  # the type, and the step id the editor already chose
        if spec.kind == "entries":
            for index in range(page.locator(f'[name^="{name}."][name$="._"]').count()):
                _fill_step(page, f"{name}.{index}", spec.fields, index, choice)
        elif spec.kind == "yes_no" and not spec.required:
            if entry == 0:  # the first option is the right one
                page.locator(f'[name="{name}"]').focus()
                page.keyboard.press("Space")
        elif not spec.required and not (entry is not None and spec.name == "feedback"):
            continue  # optional, but every option explains itself (a rule of the check)
        elif spec.kind == "group":
            _fill_step(page, name, spec.fields, entry, choice)
        elif spec.kind in ("choice", "yes_no"):
            select = page.locator(f'[name="{name}"]')
            select.focus()
            if choice and choice in spec.choices:
                select.select_option(choice)
            else:
                select.select_option(index=1 if spec.kind == "choice" and not spec.default else 0)
        elif spec.kind == "choices":
            page.locator(f'[name="{name}"]').first.focus()
            page.keyboard.press("Space")
        else:
            _type(page, name, _sample(spec, entry))


def _sample(spec, entry: int | None) -> str:
    if spec.name == "id":
        return f"e{entry + 1}"
    if spec.name == "category":
        return "e1"  # an item's group: the id of the first category
    return {"amount": "12,50", "number": "1"}.get(spec.kind, f"Tekst voor {spec.name}.")


def _write_module(page, live_server) -> None:
    page.goto(live_server("/author/"))
    expect(page.get_by_role("heading", name="Mijn modules en spellen")).to_be_visible()
    assert_accessible(page)
    _press(page, page.get_by_role("link", name="Nieuwe module"))
    expect(page.get_by_role("heading", name="Nieuwe module")).to_be_visible()
    assert_accessible(page)
    for field, text in (("#new-title", MODULE_TITLE), ("#new-id", MODULE),
                        ("#new-description", "Sparen, stap voor stap.")):  # fmt: skip
        page.locator(field).focus()
        page.keyboard.type(text)
    for box in ("groep 8", "vooruitzien"):
        page.get_by_label(box).focus()
        page.keyboard.press("Space")
    _press(page, page.get_by_role("button", name="Module maken"))
    expect(page.get_by_role("heading", name=MODULE_TITLE)).to_be_visible()

    # One step of every registered type; self-efficacy comes in pairs (pre, and post near the
    # end with the same statements), so the lesson ends with its "post" step.
    steps = [(step_type, "") for step_type in STEP_TYPES]
    if "self_efficacy" in STEP_TYPES:
        steps.append(("self_efficacy", "post"))
    for index, (step_type, choice) in enumerate(steps):
        kind = page.get_by_label("Soort stap")
        kind.focus()
        kind.select_option(step_type)
        _press(page, page.get_by_role("button", name="Stap toevoegen", exact=True).first)
        expect(page.get_by_role("heading", name=re.compile(f"^Stap {index + 1}:"))).to_be_focused()
        _fill_step(page, f"s.{index}", spec_for(STEP_TYPES[step_type]), choice=choice)
    assert_accessible(page)
    _type(page, "m.learning_goals", "Ik kan uitleggen waarom sparen helpt.")
    _press(page, page.get_by_role("button", name="Opslaan", exact=True).first)
    expect(page.locator("#problems-summary")).to_have_text("De controle vindt geen problemen.")
    assert_accessible(page)


def _preview_module(page, live_server, module) -> None:
    page.goto(live_server(f"/author/module/{MODULE}/review"))
    assert_accessible(page)
    _press(page, page.get_by_role("link", name="Bekijk als leerling"))
    for number, step in enumerate(module.steps, start=1):
        expect(page.locator(".chromebook #step-count")).to_have_text(
            f"Stap {number} van {len(module.steps)}"
        )
        assert_accessible(page)
        if step.needs_answer:
            form = page.locator("#step-panel form")
            fill_form(form, right_answer(step))
            form.locator("button[type=submit]").click()
            expect(page.locator("#feedback")).to_be_visible()
        if number < len(module.steps):
            page.get_by_role("link", name="Volgende", exact=True).click()
    expect(page.locator("#preview-end")).to_be_visible()
    assert_accessible(page)


def _send_for_review(page, live_server, kind: str, content_id: str) -> None:
    page.goto(live_server(f"/author/{kind}/{content_id}/review"))
    _press(page, page.get_by_role("button", name="Ter beoordeling sturen"))
    expect(page.locator("#review-status")).to_have_text("ter beoordeling")
    assert_accessible(page)


def _make_game(page, live_server) -> None:
    page.goto(live_server("/author/games/new"))
    expect(page.get_by_role("heading", name="Nieuw budgetspel")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Id").fill(GAME)
    page.get_by_label("Titel").fill(GAME_TITLE)
    page.get_by_label("Niveau").select_option("po-8")
    page.get_by_label("Aantal beurten").fill("3")
    page.get_by_label("Spaardoel (euro)").fill("4")
    page.get_by_role("button", name="Spel maken").click()
    expect(page.get_by_role("heading", name=f"Spel bewerken: {GAME}")).to_be_visible()
    for name, text in (("description", "Drie weken sparen voor een bel."),
                       ("learning_goals", "Ik kan een paar weken sparen."),
                       ("goal.text", "Je hebt je bel!"), ("cards.0.title", "Een ijsje?"),
                       ("cards.0.text", "Je vrienden kopen een ijsje."),
                       ("cards.0.options.0.text", "Ik koop er een"),
                       ("cards.0.options.0.explanation", "Lekker, maar weg geld."),
                       ("cards.0.options.1.text", "Ik spaar"),
                       ("cards.0.options.1.explanation", "Zo kom je bij je doel.")):  # fmt: skip
        page.locator(f'[name="{name}"]').fill(text)
    page.locator('[name="themes"][value="vooruitzien"]').check()
    page.get_by_label("Soort nieuw effect").first.select_option("pay")
    page.get_by_role("button", name="Toevoegen aan effecten").first.click()
    page.locator('[name="cards.0.options.0.effects.0.amount"]').fill("1,50")
    page.locator('[name="cards.0.options.0.effects.0.source"]').fill("voorbeeld")
    page.get_by_role("button", name="Opslaan").first.click()
    expect(page.locator("#problems-title")).to_have_text("Geen problemen")
    assert_accessible(page)

    page.get_by_role("link", name="Testspelen").click()
    expect(page.locator("#turn-label")).to_have_text("Week 1 van 3")
    assert_accessible(page)
    for _ in range(6):
        if page.get_by_role("heading", name="Hoe ging het?").count():
            break
        before = page.url
        page.locator(".game-options button:not([disabled])").first.click()
        expect(page).not_to_have_url(before)
        page.locator(".game-options, h1:has-text('Hoe ging het')").first.wait_for()
    expect(page.get_by_role("heading", name="Hoe ging het?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Balanstabel").click()
    expect(page.get_by_role("table", name=re.compile("Uitkomsten per speler"))).to_be_visible()
    assert_accessible(page)


def _approve_and_publish(page, live_server, kind: str, content_id: str) -> None:
    page.goto(live_server(f"/author/{kind}/{content_id}/review"))
    expect(page.get_by_role("heading", name=re.compile("Beoordeling van"))).to_be_visible()
    assert_accessible(page)
    _press(page, page.get_by_role("button", name="Goedkeuren"))
    expect(page.locator("#review-status")).to_have_text("goedgekeurd")
    _press(page, page.get_by_role("button", name=re.compile("^Publiceer versie")))
    expect(page.locator("tbody tr").first).to_contain_text("gepubliceerd")
    assert_accessible(page)


def _assign(page, kind: str, content_id: str, title: str) -> None:
    """Assign from the class's assignment page (where assigning also lands)."""
    expect(page.get_by_role("heading", name="Iets opgeven")).to_be_visible()
    page.get_by_label("De hele klas").check()
    page.get_by_label("Wat geef je op?").select_option(f"{kind}:{content_id}")
    page.get_by_role("button", name="Opgeven", exact=True).click()
    expect(page.locator("#flashes")).to_contain_text(f"{title} is opgegeven.")
    expect(page.get_by_role("row", name=re.compile(re.escape(title)))).to_be_visible()


def _check_exports(page, live_server, tmp_path) -> None:
    folder = tmp_path / "exported-lessons"
    for kind, content_id in (("module", MODULE), ("game", GAME)):
        response = page.request.get(live_server(f"/author/{kind}/{content_id}/export"))
        assert response.ok, response.status
        with zipfile.ZipFile(io.BytesIO(response.body())) as archive:
            archive.extractall(folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted((MODULE, GAME))
    result = live_server.app.test_cli_runner().invoke(
        args=["lessons", "check", str(folder), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Checked 1 module(s) and 1 game(s): no problems."


def test_author_to_pupil_with_every_step_type_and_a_game(live_server, new_context, tmp_path):
    sanne = new_context().new_page()
    _sign_in(sanne, live_server, AUTHOR)
    _write_module(sanne, live_server)
    with live_server.app.app_context(), new_session() as session:
        row = session.exec(select(ContentVersion).where(ContentVersion.content_id == MODULE)).one()
    module, problems = parse_module_text(row.yaml_text)
    assert problems == []
    assert {step.type for step in module.steps} == set(STEP_TYPES)
    _preview_module(sanne, live_server, module)
    _send_for_review(sanne, live_server, "module", MODULE)
    _make_game(sanne, live_server)
    _send_for_review(sanne, live_server, "game", GAME)

    ruben = new_context().new_page()
    _sign_in(ruben, live_server, REVIEWER)
    _approve_and_publish(ruben, live_server, "module", MODULE)
    _approve_and_publish(ruben, live_server, "game", GAME)

    teacher = new_context().new_page()
    _sign_in(teacher, live_server, "leraar@demo.leergang.nl")
    teacher.goto(live_server("/classes/"))
    teacher.get_by_role("link", name=re.compile("Groep 8 De Regenboog")).first.click()
    teacher.get_by_role("link", name="Opdrachten").click()
    _assign(teacher, "module", MODULE, MODULE_TITLE)
    _assign(teacher, "game", GAME, GAME_TITLE)

    noor = new_context().new_page()
    sign_in_as_noor(noor, live_server, check_a11y=False)
    play_module(noor, module, answers=lambda step: None, check_a11y=False)
    noor.goto(live_server("/pupil"))
    noor.get_by_role("link", name="Mijn spellen").click()
    noor.get_by_role("link", name=GAME_TITLE).click()
    noor.get_by_role("button", name="Start het spel").click()
    expect(noor.locator("#turn-label")).to_have_text("Week 1 van 3")
    play_to_debrief(noor, check_a11y=False, keyboard=False)

    _check_exports(sanne, live_server, tmp_path)
