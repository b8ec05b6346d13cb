"""A pupil plays "Sparen voor …" to the debrief in real Chromium: with htmx (axe-core on every
kind of page) and with JavaScript off, answering every card with the keyboard only."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from leergang.games import services
from tests.helpers import (
    assert_accessible,
    open_game,
    play_to_debrief,
    sign_in_as_noor,
    sign_in_as_noor_without_js,
)


@pytest.fixture(autouse=True)
def fixed_seed(monkeypatch):
    """The served app draws run seeds at random; fixed here, so the outcome is known."""
    monkeypatch.setattr(services, "new_seed", lambda: 20261124)


def test_play_a_game_to_the_debrief_with_htmx(page, live_server):
    sign_in_as_noor(page, live_server, check_a11y=False)
    open_game(page)
    assert_accessible(page)
    page.get_by_role("button", name="Start het spel").click()

    expect(page.locator("#turn-label")).to_have_text("Week 1 van 10")
    expect(page.get_by_role("img", name=re.compile("Je geld"))).to_be_visible()
    expect(page.get_by_role("table", name="Je geld")).to_contain_text("Portemonnee")
    turns = play_to_debrief(page, check_a11y=True, keyboard=False)

    assert turns == 10
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Al je keuzes, met uitleg")).to_be_visible()
    page.get_by_role("button", name="Nog een keer spelen en andere keuzes proberen").click()
    expect(page.locator("#turn-label")).to_have_text("Week 1 van 10")


def test_play_with_javascript_off_and_the_keyboard_only(new_context, live_server):
    page = new_context(java_script_enabled=False).new_page()
    sign_in_as_noor_without_js(page, live_server)
    open_game(page)
    start = page.get_by_role("button", name="Start het spel")
    start.focus()
    page.keyboard.press("Enter")

    expect(page.locator("#turn-label")).to_have_text("Week 1 van 10")
    assert play_to_debrief(page, check_a11y=False, keyboard=True) == 10
    expect(page.get_by_text(re.compile("Je eindigde zonder schulden"))).to_be_visible()


@pytest.mark.parametrize("browser_language", ["nl-NL", "en-GB"])
def test_an_amount_typed_the_dutch_way_is_saved(new_context, live_server, browser_language):
    """'2,50' is how a Dutch pupil writes € 2,50, whatever language the Chromebook is set to (a
    number field set to English dropped the comma and refused '250' in English)."""
    page = new_context(locale=browser_language).new_page()
    sign_in_as_noor(page, live_server, check_a11y=False)
    open_game(page)
    page.get_by_role("button", name="Start het spel").click()
    page.get_by_role("button", name="Een nieuwe voetbal").click()
    # The next card has settled once focus is on the last choice (app.js moves it there after
    # the swap); a field typed into before then would lose the focus mid-word.
    expect(page.locator("#previous")).to_be_focused()
    field = page.get_by_label("Ik kies zelf een bedrag")
    expect(field).to_have_value("0,50")  # the lowest amount, written the Dutch way
    field.fill("")
    field.press_sequentially("2,50")
    expect(field).to_have_value("2,50")
    with page.expect_response(lambda r: r.url.endswith("/choose")) as answer:
        page.get_by_role("button", name="Dit bedrag sparen").click()
    assert answer.value.status == 200, answer.value.text()[:500]  # the next card, not a refusal
    expect(page.locator("#previous")).to_contain_text("Ik kies zelf een bedrag")
    chart = page.get_by_role("table", name="Je geld")
    expect(chart.get_by_role("row", name=re.compile("Spaarpot"))).to_contain_text("€\xa02,50")
