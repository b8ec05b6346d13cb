"""A pupil in real Chromium: options in their own order with "Weet ik niet" last, a pre-test item
that only says "Opgeslagen", local help in the lesson, and the pre-test answers on the result page.
axe-core checks each new page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.helpers import LESSONS_DIR, assert_accessible, fill_form, sign_in_as_noor

EXAMPLE = Path(__file__).parents[1] / "http" / "player_lessons" / "keuzes-oefenen"


@pytest.fixture
def lessons(live_app_config, tmp_path):
    root = tmp_path / "lessons"
    shutil.copytree(EXAMPLE, root / EXAMPLE.name)
    shutil.copy(LESSONS_DIR / "local-help.yaml", root / "local-help.yaml")
    live_app_config["LESSONS_DIR"] = str(root)
    return root


def _answer(page, data: dict) -> None:
    form = page.locator("#step-panel form")
    fill_form(form, data)
    form.locator("button[type=submit]").click()
    expect(page.locator("#feedback")).to_be_visible()


def test_pre_test_without_answer_shuffled_options_and_local_help(lessons, live_server, page):
    from leergang.content import load_module

    module = load_module(lessons / EXAMPLE.name)[0]
    noor = next(p for p in live_server.demo.pupils["KTR947"] if p.display_name == "Noor")
    sign_in_as_noor(page, live_server, check_a11y=False)
    page.get_by_role("link", name=module.title).click()
    page.get_by_role("button", name="Beginnen").click()

    # The pre-test item: Noor's own order, "Weet ik niet" last.
    pre = module.step("voortoets-sparen")
    labels = page.locator("#step-panel .option span:first-of-type")
    expect(labels).to_have_text([o.text for o in pre.in_pupil_order(noor.pseudonym)])
    expect(labels.last).to_have_text("Weet ik niet")
    assert_accessible(page)
    _answer(page, {"choice": "geld-kwijt"})
    feedback = page.locator("#feedback")
    expect(feedback).to_contain_text("Opgeslagen.")
    expect(feedback).to_contain_text("Je leert het antwoord in de les.")
    expect(page.locator("#step-panel")).not_to_contain_text("goede antwoord")
    expect(page.locator("#step-panel")).not_to_contain_text("Niet helemaal")
    assert_accessible(page)
    page.get_by_role("button", name="Volgende").click()

    # The explanation names the demo's local help before the national help.
    help_list = page.locator("#step-panel .prompt ul li")
    expect(help_list.first).to_contain_text("Schuldhulp van de gemeente Almelo")
    expect(page.get_by_role("link", name="kindertelefoon.nl")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Volgende").click()

    _answer(page, {"choice": ["fiets", "ijsje"]})
    page.get_by_role("button", name="Volgende").click()
    _answer(page, {"position-sparen": "1", "position-tellen": "2", "position-kopen": "3"})
    page.get_by_role("button", name="Volgende").click()

    # The post-test item gives full feedback.
    _answer(page, {"choice": "bewaren"})
    expect(page.locator("#feedback")).to_contain_text("Goed zo!")
    page.get_by_role("button", name="Afronden").click()

    # The result page shows the pre-test answer next to the right one.
    table = page.locator("table.pre-test")
    expect(page.get_by_role("heading", name="Jouw antwoorden voor de les")).to_be_visible()
    expect(table).to_contain_text("Dan raak je je geld kwijt.")
    expect(table).to_contain_text("Dan kun je later iets duurs kopen.")
    assert_accessible(page)
